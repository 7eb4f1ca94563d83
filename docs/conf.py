"""Sphinx configuration of the SRE mentorship handbook."""

from __future__ import annotations

from generators.asof import resolve_as_of, unset_empty_epoch
from generators.data import formats

# -- The repository: the one place its address is written -------------------------------
#: "Edit this page" links and the contributing guide point here.
handbook_repository = "https://github.com/sre-mentorship/handbook"
handbook_branch = "main"

project = "SRE Mentorship Handbook"
author = "SRE Mentorship Working Group"
# One "as of" for everything dated (`handbook_as_of`, else HANDBOOK_AS_OF, else
# SOURCE_DATE_EPOCH, else today): the copyright year and the theme's "last updated" are set
# from it when the configuration is read (`_date_from_as_of`), so two builds of one commit for
# the same day are identical whatever day they run on. An empty SOURCE_DATE_EPOCH means unset.
unset_empty_epoch()
copyright = author

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    # What a published site has: a sitemap, social cards and a 404 page that works at any
    # depth. Their address comes from program.yaml's `site_url`, and `private: true` there
    # turns the sitemap off and asks search engines not to index the site (generators.sphinxext).
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "generators.sphinxext",
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

# -- Generated content (generators.sphinxext) --------------------------------------------------
#: The program's data and the generated blocks' templates, relative to this file.
handbook_program_dir = "../program"
handbook_templates_dir = "../_templates"
# One page a reporting date is generated into docs/updates/ (not kept in version control).
handbook_updates_dir = "updates"
# US English: the site says so to browsers and screen readers, the printed book hyphenates so.
language = "en_US"
today_fmt = "%Y-%m-%d"

# -- HTML ---------------------------------------------------------------------------------
# html_baseurl, the site's address (canonical links, the sitemap, social cards, the 404
# page's links), is program.yaml's `site_url`, filled in by generators.sphinxext.
html_theme = "furo"
html_title = project
html_static_path = ["_static"]
html_css_files = ["handbook.css"]
#: Keyboard access to the theme's menu and contents drawers.
html_js_files = ["handbook.js"]
#: Replaced by the as-of day itself (a format without % directives prints as written).
html_last_updated_fmt = "%Y-%m-%d"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "source_repository": handbook_repository,
    "source_branch": handbook_branch,
    "source_directory": "docs/",
    "source_edit_link": f"{handbook_repository}/edit/{handbook_branch}/docs/{{filename}}",
    "source_view_link": f"{handbook_repository}/blob/{handbook_branch}/docs/{{filename}}",
    "navigation_with_keys": True,
}

# -- The published site -------------------------------------------------------------------
#: Page addresses as the site serves them (not under a language or version folder).
sitemap_url_scheme = "{link}"
#: Pages that are no reader's destination.
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
#: Social cards: the page's title and its own first sentences; no drawn preview image (one a
#: page would double the build's time).
ogp_site_name = project
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}

# -- Link checking (`nox -s linkcheck`) ------------------------------------------------------
linkcheck_timeout = 15
linkcheck_retries = 2

#: Pages whose text is included from a file outside `docs/`: "Edit this page" opens that file.
handbook_edit_sources = {"contributing": "CONTRIBUTING.md"}


def _edit_included_source(app, pagename, templatename, context, doctree):
    """Point the edit and view buttons at the file that holds the page's text, not its include."""
    source = handbook_edit_sources.get(pagename)
    if source is not None:
        context["theme_source_edit_link"] = f"{handbook_repository}/edit/{handbook_branch}/{source}"
        context["theme_source_view_link"] = f"{handbook_repository}/blob/{handbook_branch}/{source}"


def _date_from_as_of(app, config):
    """The copyright year and "last updated" of the as-of day, never of the day of the build."""
    day = resolve_as_of(config.handbook_as_of or None)
    config.copyright = f"{day.year}, {author}"
    config.html_last_updated_fmt = formats.day(day)


def setup(app):
    app.connect("config-inited", _date_from_as_of)
    app.connect("html-page-context", _edit_included_source)
