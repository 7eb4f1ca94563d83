"""What the built handbook offers beyond its pages: sitemap, social cards, robots.txt, 404
page, and the sign-up forms linked by their own addresses. Computed from program/ and conf.py."""

from __future__ import annotations

import runpy
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from conftest import REPO, Build

from generators.coordinator.intake import FORM_FILES, FORM_TITLES
from generators.data.site import published_site

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _source_pages(site: Build) -> list[str]:
    """Every page written from a source document, as a path in the site ("updates/2026.html")."""
    doctrees = site.outdir / ".doctrees"
    return sorted(
        tree.relative_to(doctrees).with_suffix(".html").as_posix()
        for tree in doctrees.rglob("*.doctree")
    )


def _soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / page).read_text(encoding="utf-8"), "html.parser")


def test_the_sitemap_lists_every_page_at_the_sites_address(handbook_site: Build) -> None:
    site = published_site(REPO / "program")
    sitemap = handbook_site.outdir / "sitemap.xml"
    robots = (handbook_site.outdir / "robots.txt").read_text(encoding="utf-8")
    if site.private or not site.url:  # valid data may leave the address out, or keep it private
        assert not sitemap.exists()
        return
    listed = [loc.text for loc in ET.parse(sitemap).getroot().iter(f"{SITEMAP}loc")]
    assert listed == [site.url + page for page in _source_pages(handbook_site)]
    assert f"Sitemap: {site.url}sitemap.xml" in robots.splitlines()


def test_every_page_has_its_own_social_card(handbook_site: Build) -> None:
    """og:title is the page's title; og:description its own opening words, on every page."""
    descriptions: dict[str, str] = {}
    problems = []
    for page in _source_pages(handbook_site):
        soup = _soup(handbook_site, page)
        title = soup.find("meta", property="og:title")
        description = soup.find("meta", property="og:description")
        heading = soup.select_one("article h1")
        if heading is not None:
            for permalink in heading.select("a.headerlink"):
                permalink.decompose()
        if title is None or heading is None or title["content"] != heading.get_text().strip():
            problems.append(f"{page}: og:title {title and title['content']!r}")
        if description is None or len(str(description["content"])) < 40:
            problems.append(f"{page}: og:description {description and description['content']!r}")
        else:
            descriptions[page] = str(description["content"])
    assert not problems, "\n".join(problems)
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"


def test_the_404_page_links_from_the_sites_root_and_is_not_indexed(handbook_site: Build) -> None:
    site = published_site(REPO / "program")
    root = urlsplit(site.url).path if site.url and not site.private else "/"
    soup = _soup(handbook_site, "404.html")
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex, nofollow"})
    assets = [str(tag["href"]) for tag in soup.select("link[rel=stylesheet]")]
    assets += [str(tag["src"]) for tag in soup.select("script[src]")]
    assert assets and all(url.startswith(root + "_static/") for url in assets), assets


def test_each_sign_up_form_is_linked_by_its_own_address(handbook_site: Build) -> None:
    """Wherever a page names a form it links it: the repository from conf.py, the form's file."""
    repository = runpy.run_path(str(REPO / "docs" / "conf.py"))["handbook_repository"]
    linked: dict[str, set[str]] = {}
    unlinked = []
    for page in _source_pages(handbook_site):
        article = _soup(handbook_site, page).select_one("article")
        assert article is not None
        for link in article.select("a.handbook-form"):
            linked.setdefault(str(link["href"]), set()).add(page)
        for title in FORM_TITLES.values():
            for mention in article.find_all(string=lambda text, t=title: bool(text) and t in text):
                if mention.find_parent("a") is None:
                    unlinked.append(f"{page}: {mention.strip()[:60]!r}")
    assert not unlinked, "a form named without its link:\n" + "\n".join(unlinked)
    expected = {
        f"{repository}/issues/new?template={name}": form for form, name in FORM_FILES.items()
    }
    assert set(linked) == set(expected)
    for url in linked:
        template = parse_qs(urlsplit(url).query)["template"][0]
        assert (REPO / ".github" / "ISSUE_TEMPLATE" / template).is_file(), url
    assert "joining.html" in linked[next(iter(linked))], "the sign-up page links the forms"
    after = _soup(handbook_site, "joining.html").select_one("#joining-after")
    assert after is not None, "the sign-up page says what happens after you submit a form"


def test_the_forms_titles_are_the_forms_own(repo_root: Path) -> None:
    import yaml

    for form, name in FORM_FILES.items():
        document = yaml.safe_load((repo_root / ".github" / "ISSUE_TEMPLATE" / name).read_text())
        assert document["name"] == FORM_TITLES[form]
