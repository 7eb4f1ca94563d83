"""The built handbook site: a clean build, navigation, links, the charter, and link checking."""

from __future__ import annotations

import functools
import json
import re
import runpy
import threading
import unicodedata
from collections import deque
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SITE_AS_OF, Build, build_handbook, sphinx_build
from routine_edits import copy_program, make_routine_edits
from site_checks import check_site, soup, text_of

from generators.data import formats
from generators.data.load import load_program

#: Elements and the attribute through which each points at another file or anchor.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "use": "href"}


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    soup = _soup(path)
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    ids |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _normalized(text: str) -> str:
    """Text as a reader sees it: typographic quotes, dashes and spacing folded, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201c\u201d\"']", "", text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _internal_target(
    page: Path, url: str, root: Path | None = None, prefix: str = "/"
) -> tuple[Path, str] | None:
    """The file and fragment a link on `page` points at, or None when it leaves the site.

    A path from the server's root (the 404 page's, which is served at any depth) starts with
    `prefix`, the path of the site's address."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/") and root is not None:
        inside = path.startswith(prefix)
        target = root / path.removeprefix(prefix) if inside else Path("/nonexistent") / path
        return target.resolve(), unquote(parts.fragment)
    target = (page.parent / path).resolve() if path else page.resolve()
    return target, unquote(parts.fragment)


def _site_prefix() -> str:
    """The path of the handbook's address (program.yaml's `site_url`), "/" without one."""
    from generators.data.site import published_site

    return urlsplit(published_site(REPO / "program").url).path or "/"


def _page_html(site: Build) -> set[Path]:
    """The HTML file of every source page (Sphinx writes one doctree for each)."""
    doctrees = site.outdir / ".doctrees"
    return {
        (site.outdir / tree.relative_to(doctrees)).with_suffix(".html").resolve()
        for tree in doctrees.rglob("*.doctree")
    }


def _broken_links(root: Path, prefix: str = "/") -> Iterator[str]:
    """Every internal link under `root` whose file or `#fragment` does not exist."""
    for page in sorted(root.rglob("*.html")):
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in _soup(page).find_all(tag_name, attrs={attribute: True}):
                url = str(tag[attribute])
                target = _internal_target(page, url, root, prefix)
                if target is None:
                    continue
                path, fragment = target
                where = f"{page.relative_to(root)}: <{tag_name} {attribute}={url!r}>"
                if not path.is_file():
                    yield f"{where}: no such file"
                elif fragment and path.suffix == ".html" and fragment not in _ids(path):
                    yield f"{where}: no element with id {fragment!r}"


def _count_internal_links(root: Path) -> tuple[int, int]:
    links = fragments = 0
    for page in root.rglob("*.html"):
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in _soup(page).find_all(tag_name, attrs={attribute: True}):
                target = _internal_target(page, str(tag[attribute]), root, "/")
                if target is not None:
                    links += 1
                    fragments += bool(target[1])
    return links, fragments


# -- The build ---------------------------------------------------------------------------------


def test_handbook_builds_without_warnings(handbook_site: Build) -> None:
    assert handbook_site.warnings == ""
    assert (handbook_site.outdir / "index.html").is_file()


def test_the_site_shows_the_program_as_published_on_its_day(handbook_site: Build) -> None:
    check_site(handbook_site, load_program(REPO / "program", today=date.today()), SITE_AS_OF)


@pytest.mark.slow
def test_a_coordinators_routine_edits_build_clean_two_years_on(tmp_path: Path) -> None:
    """A person, a milestone, a story and a survey added, a pairing closed and a consent
    withdrawn: the checks of the real site hold for the result, on a day two years ahead."""
    edits = make_routine_edits(copy_program(REPO / "program", tmp_path / "program"))
    program = load_program(edits.program, today=date.today())
    day = SITE_AS_OF.replace(year=SITE_AS_OF.year + 2)
    site = build_handbook(tmp_path / "site", edits.program, day)
    check_site(site, program, day)
    roadmap = [text_of(row) for row in soup(site, "roadmap").select(".handbook-timeline tr")]
    assert [row for row in roadmap if edits.milestone in row]
    stories = text_of(soup(site, "evaluation").select_one(".handbook-recognition"))
    assert edits.story in stories and edits.person in stories
    assert edits.withdrawn not in text_of(soup(site, "roster").select_one("article"))


def test_every_page_is_reachable_from_the_navigation(handbook_site: Build) -> None:
    """Following only the sidebar's links from the home page, breadth first, finds every page."""
    pages = _page_html(handbook_site)
    assert len(pages) >= 11, "expected the home page and at least ten sections"
    start = (handbook_site.outdir / "index.html").resolve()
    seen, queue = {start}, deque([start])
    while queue:
        page = queue.popleft()
        sidebar = _soup(page).select_one(".sidebar-drawer")
        assert sidebar is not None, f"{page.name} has no navigation sidebar"
        for link in sidebar.select("a[href]"):
            target = _internal_target(page, str(link["href"]))
            if target is None or target[0].suffix != ".html" or target[0] in seen:
                continue
            assert target[0].is_file(), f"{page.name} links to missing {link['href']}"
            seen.add(target[0])
            queue.append(target[0])
    unreachable = sorted(str(p.relative_to(handbook_site.outdir.resolve())) for p in pages - seen)
    assert unreachable == []


def test_home_page_has_a_card_for_every_section(handbook_site: Build) -> None:
    outdir = handbook_site.outdir.resolve()
    index = outdir / "index.html"
    cards = {
        target[0]
        for card in _soup(index).select(".sd-card a.sd-stretched-link[href]")
        if (target := _internal_target(index, str(card["href"]))) is not None
    }
    # Sections are the top-level pages; generated pages within a section (updates/…) are not.
    sections = {p for p in _page_html(handbook_site) - {index} if p.parent == outdir}
    assert sorted(p.name for p in sections - cards) == []


# -- The charter ---------------------------------------------------------------------------------

CHARTER_COMMITMENTS = [
    "approximately 3 hours per week",
    "this includes a 30-minute weekly meeting",
    "the team will meet once a week",
    "each meeting will last for 30 minutes",
    "the agenda for each meeting will be posted at least one day in advance",
    "regular updates: will happen every two weeks as part of the sre staff meeting",
    "presented to the sre team during the sre off-site in march 2024",
    "the working group will operate for a quarter (q3 fy2023/2024)",
]


@pytest.mark.parametrize("commitment", CHARTER_COMMITMENTS)
def test_charter_page_carries_the_charters_commitments(
    handbook_site: Build, commitment: str
) -> None:
    article = _soup(handbook_site.outdir / "charter.html").select_one("article")
    assert article is not None
    assert commitment in _normalized(article.get_text(" "))


# -- Links, anchors and the theme ---------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(handbook_site: Build) -> None:
    outdir = handbook_site.outdir.resolve()
    links, fragments = _count_internal_links(outdir)
    assert links > 500 and fragments > 50, "too few links checked to mean anything"
    assert list(_broken_links(outdir, _site_prefix())) == []


def test_link_check_finds_a_missing_file_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="b.html#there">ok</a>'
        ' <a href="b.html#nowhere">bad anchor</a> <a href="c.html">bad file</a>'
        ' <a href="https://example.org/x.html">external</a></p>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h1 id="there">B</h1>', encoding="utf-8")
    assert list(_broken_links(tmp_path)) == [
        "a.html: <a href='b.html#nowhere'>: no element with id 'nowhere'",
        "a.html: <a href='c.html'>: no such file",
    ]


def test_edit_links_open_the_page_source_in_the_repository(handbook_site: Build) -> None:
    conf = runpy.run_path(str(REPO / "docs" / "conf.py"))
    prefix = f"{conf['handbook_repository']}/edit/{conf['handbook_branch']}/"
    for page in sorted(_page_html(handbook_site)):
        link = _soup(page).select_one(".edit-this-page a[href]")
        assert link is not None, f"{page.name} has no edit link"
        href = str(link["href"])
        assert href.startswith(prefix), href
        assert (handbook_site.root or REPO).joinpath(href.removeprefix(prefix)).is_file(), href


def test_contributing_page_is_the_contributing_file(handbook_site: Build) -> None:
    """One source: the page shows every section of CONTRIBUTING.md and holds no text of its own."""
    source = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", source, flags=re.MULTILINE)
    assert len(sections) >= 4
    page = _soup(handbook_site.outdir / "contributing.html")
    headings = {_normalized(h.get_text(" ").replace("¶", "")) for h in page.select("h2")}
    assert {_normalized(s) for s in sections} <= headings
    page_source = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert "{include} ../CONTRIBUTING.md" in page_source
    assert not re.search(r"^#", page_source, flags=re.MULTILINE)


def test_pages_show_their_last_updated_date(handbook_site: Build) -> None:
    for page in sorted(_page_html(handbook_site)):
        stamp = _soup(page).select_one(".last-updated")
        assert stamp is not None, f"{page.name} shows no last-updated date"
        # The day as every page prints one ("25 Nov 2026"), not in ISO.
        assert formats.day(SITE_AS_OF) in stamp.get_text(), stamp.get_text()


def test_templates_are_copyable_code_blocks(handbook_site: Build) -> None:
    page = handbook_site.outdir / "templates.html"
    soup = _soup(page)
    assert len(soup.select("article div.highlight pre")) >= 6
    scripts = [str(s["src"]) for s in soup.find_all("script", src=True)]
    copybutton = [s for s in scripts if "copybutton" in s]
    assert copybutton, "sphinx-copybutton's script is not loaded"
    assert (page.parent / urlsplit(copybutton[0]).path).is_file()


# -- External link checking -----------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A web server on 127.0.0.1 serving one page, `good.html`; its base URL."""
    for scheme in ("http", "https", "all"):
        for name in (f"{scheme}_proxy", f"{scheme.upper()}_PROXY"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    root = tmp_path / "web"
    root.mkdir()
    (root / "good.html").write_text("<title>good</title><p>Here.</p>", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_linkcheck_reports_broken_and_working_links(tmp_path: Path, local_web: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "links"\n', encoding="utf-8")
    good, broken = f"{local_web}/good.html", f"{local_web}/missing.html"
    (src / "index.rst").write_text(
        f"Links\n=====\n\nA `good link <{good}>`_ and a `broken link <{broken}>`_.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = sphinx_build(src, out, "linkcheck", linkcheck_timeout=5, linkcheck_retries=1)
    lines = (build.outdir / "output.json").read_text(encoding="utf-8").splitlines()
    status = {entry["uri"]: entry["status"] for entry in map(json.loads, lines)}
    assert status == {good: "working", broken: "broken"}
