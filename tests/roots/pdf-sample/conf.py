"""A small project holding every element the printable handbook must handle."""

project = "Sample Mentorship Handbook"
author = "Sample Working Group"
extensions = ["myst_parser", "sphinx_design"]
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block", "attrs_inline"]
myst_heading_anchors = 3
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["site.css"]
language = "en"
nitpicky = True
