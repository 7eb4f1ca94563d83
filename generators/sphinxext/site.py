"""What a published site has beyond its pages: its address for canonical links, the sitemap
(sphinx-sitemap), social cards (sphinxext-opengraph) and the 404 page (sphinx-notfound-page),
and `robots.txt`; or, for a handbook kept private, a request to search engines not to index
it and no sitemap.

The address and `private` come from program.yaml (`generators.data.site`), so a coordinator
changes one file. On Read the Docs the address of the build at hand (a pull request's preview
has its own) comes from `READTHEDOCS_CANONICAL_URL`.
"""

from __future__ import annotations

import fnmatch
import os
import queue
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from generators.data.safefile import write_atomically
from generators.data.site import published_site

#: Set by Read the Docs to where the build at hand is served.
RTD_URL = "READTHEDOCS_CANONICAL_URL"
ROBOTS = "robots.txt"
NOINDEX = '<meta name="robots" content="noindex, nofollow">\n'


def add_config_values(app: Sphinx) -> None:
    # Filled in from program.yaml at config-inited; a change rewrites every page.
    app.add_config_value("handbook_private", False, "html", types=frozenset({bool}))


def configure(app: Sphinx, config: Config) -> None:
    """config-inited (after the paths are resolved): the address, the 404 page's prefix."""
    site = published_site(config.handbook_program_dir)
    config.handbook_private = site.private
    url = os.environ.get(RTD_URL) or site.url
    if url and not url.endswith("/"):
        url += "/"
    if site.private:
        url = ""  # no address to list: sphinx-sitemap then writes nothing
    if not config.html_baseurl:
        config.html_baseurl = url
    if "ogp_site_url" in config and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if "notfound_urls_prefix" in config:
        # The 404 page is served at any depth, so its links start at the site's root.
        config.notfound_urls_prefix = urlsplit(config.html_baseurl).path or "/"
    if not config.html_baseurl and "sitemap_filename" in config:
        # Without an address there is no sitemap; sphinx-sitemap would warn about that.
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]


def noindex(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: a private site's pages, and every site's 404 page, ask search
    engines not to index them."""
    notfound = getattr(app.config, "notfound_pagename", None)
    if app.config.handbook_private or pagename == notfound:
        context["metatags"] = context.get("metatags", "") + NOINDEX


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, before sphinx-sitemap writes: every page in the sitemap, in one order.

    sphinx-sitemap lists the pages written by this build (jdillard/sphinx-sitemap#13), so an
    incremental build would publish a sitemap of the pages it rewrote, in the order it wrote
    them. Its queue is refilled with every page of the project, sorted: the sitemap a clean
    build writes.
    """
    links = getattr(app, "sitemap_links", None)  # set by sphinx-sitemap for each build
    if exception is not None or links is None or app.builder.format != "html":
        return
    found: set[tuple[str, str | None]] = set()
    while True:
        try:
            found.add(links.get_nowait())
        except queue.Empty:
            break
    excluded = app.config.sitemap_excludes
    written = {link for link, _ in found}
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if link not in written and not any(fnmatch.fnmatch(link, p) for p in excluded):
            found.add((link, None))
    for entry in sorted(found, key=lambda entry: entry[0]):
        links.put(entry)


def robots_txt(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: `robots.txt` beside the pages; a private site drops any old sitemap."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if app.config.handbook_private:
        text = "User-agent: *\nDisallow: /\n"
        sitemap = getattr(app.config, "sitemap_filename", None)
        if sitemap:
            (outdir / sitemap).unlink(missing_ok=True)  # left by a build before it was private
    else:
        text = "User-agent: *\nAllow: /\n"
        sitemap = getattr(app.config, "sitemap_filename", None)
        if app.config.html_baseurl and sitemap and (outdir / sitemap).is_file():
            text += f"\nSitemap: {app.config.html_baseurl.rstrip('/')}/{sitemap}\n"
    target = outdir / ROBOTS
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomically(target, text.encode("utf-8"))
