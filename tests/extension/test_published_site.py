"""A site's address and `private` from program.yaml: sitemap, robots.txt, canonical links and
the 404 page's links, in clean and incremental builds alike."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from extension.conftest import MakeProject, build, html_text

URL = "https://handbook.example.org/sre/handbook/"
EXTENSIONS = """
extensions = ["myst_parser", "sphinx_sitemap", "sphinxext.opengraph", "notfound.extension",
              "generators.sphinxext"]
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_social_cards = {"enable": False}
"""
PAGES = {
    "index": "# Home\n\nThe handbook of a small program, for the tests of its published site.\n",
    "guide": "# Guide\n\nHow the small program runs, in a few words that describe this page.\n",
    "deep/page": "# Deep\n\nA page one folder down, whose links start one level up.\n",
}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def _project(make_project: MakeProject, program: Path, private: bool = False) -> Path:
    info = program / "program.yaml"
    info.write_text(info.read_text() + f"site_url: {URL}\n" + ("private: true\n" * private))
    srcdir = make_project(PAGES, program=program)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + EXTENSIONS)
    return srcdir


def _sitemap(outdir: Path) -> list[str | None]:
    return [loc.text for loc in ET.parse(outdir / "sitemap.xml").getroot().iter(SITEMAP)]


def _noindex(html: str) -> bool:
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("meta", attrs={"name": "robots", "content": "noindex, nofollow"}) is not None


def test_a_public_site_lists_its_pages_and_links_its_404_page_from_its_root(
    make_project: MakeProject, program_copy: Path
) -> None:
    result = build(_project(make_project, program_copy))
    assert result.warnings == ""
    pages = ("deep/page.html", "guide.html", "index.html")
    assert _sitemap(result.outdir) == [URL + page for page in pages]
    robots = (result.outdir / "robots.txt").read_text()
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {URL}sitemap.xml\n"
    page = BeautifulSoup(html_text(result, "deep/page"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == URL + "deep/page.html"
    assert page.find("meta", property="og:url")["content"] == URL + "deep/page.html"
    assert not _noindex(str(page))
    notfound = BeautifulSoup(html_text(result, "404"), "html.parser")
    stylesheets = [str(link["href"]) for link in notfound.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith("/sre/handbook/_static/") for href in stylesheets)


def test_a_private_site_asks_not_to_be_indexed_and_has_no_sitemap(
    make_project: MakeProject, program_copy: Path
) -> None:
    result = build(_project(make_project, program_copy, private=True))
    assert result.warnings == ""
    assert not (result.outdir / "sitemap.xml").exists()
    assert (result.outdir / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for page in ("index", "guide", "deep/page", "search", "genindex", "404"):
        assert _noindex(html_text(result, page)), page


def test_turning_private_on_in_an_incremental_build_reaches_every_page(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = _project(make_project, program_copy)
    first = build(srcdir)
    assert (first.outdir / "sitemap.xml").is_file()
    info = program_copy / "program.yaml"
    info.write_text(info.read_text() + "private: true\n")
    again = build(srcdir, fresh=False)
    assert again.warnings == ""
    assert not (again.outdir / "sitemap.xml").exists(), "the public build's sitemap is left"
    for page in ("index", "guide", "deep/page"):
        assert _noindex(html_text(again, page)), page


def test_an_incremental_build_writes_the_sitemap_a_clean_build_writes(
    make_project: MakeProject, program_copy: Path
) -> None:
    """sphinx-sitemap alone would list only the pages an incremental build rewrote."""
    srcdir = _project(make_project, program_copy)
    clean = build(srcdir)
    expected = (clean.outdir / "sitemap.xml").read_bytes()
    time.sleep(0.01)
    guide = srcdir / "guide.md"
    guide.write_text(guide.read_text() + "\nOne more sentence.\n")
    again = build(srcdir, fresh=False)
    assert "guide" in again.status
    assert (again.outdir / "sitemap.xml").read_bytes() == expected
