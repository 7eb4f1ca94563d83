"""Sphinx configuration of the SRE mentorship handbook."""

from __future__ import annotations

import os
import time

# -- The repository: the one place its address is written -------------------------------
#: "Edit this page" links and the contributing guide point here.
handbook_repository = "https://github.com/sre-mentorship/handbook"
handbook_branch = "main"

project = "SRE Mentorship Handbook"
author = "SRE Mentorship Working Group"
copyright = f"{time.gmtime(int(os.environ.get('SOURCE_DATE_EPOCH', time.time()))).tm_year}, {author}"  # noqa: A001

extensions = [
    "myst_parser",
    "sphinx_design",
]

myst_enable_extensions = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "tasklist",
]
myst_heading_anchors = 3

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
nitpicky = True
language = "en"
today_fmt = "%Y-%m-%d"

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["handbook.css"]
html_last_updated_fmt = "%Y-%m-%d"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "source_repository": handbook_repository,
    "source_branch": handbook_branch,
    "source_directory": "docs/",
    "navigation_with_keys": True,
}

# -- Link checking (`nox -s linkcheck`) ------------------------------------------------------
linkcheck_timeout = 15
linkcheck_retries = 2
