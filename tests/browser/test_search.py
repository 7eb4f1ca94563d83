"""The site's own search page: people who agreed to be named are found, nobody else is."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from browser.conftest import Site
from generators.data.models import Program

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: Sphinx writes one of these when a search has finished.
FINISHED = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary && !/Preparing search|Searching/.test(summary.textContent)
    && summary.textContent.trim().length > 0;
}"""


def search(page: Page, site: Site, query: str) -> tuple[list[str], str]:
    """The pages (file names) the search page lists for `query`, and its result text."""
    page.goto(site.page_url(f"search.html?q={quote(query)}"), wait_until="load")
    page.wait_for_function(FINISHED, timeout=10_000)
    hrefs: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll("#search-results ul.search li a"),
                            a => a.getAttribute("href").split(/[?#]/)[0])"""
    )
    text: str = page.inner_text("#search-results")
    return hrefs, text


def test_a_published_mentor_is_found_on_the_roster(
    site: Site, desktop: Page, program: Program, as_of: date
) -> None:
    mentors = [
        p for p in program.people if p.publish and "mentor" in p.roles and p.employed_on(as_of)
    ]
    assert mentors, "the data has no published mentor"
    missing = []
    for mentor in mentors:
        pages, _ = search(desktop, site, mentor.name)
        if "roster.html" not in pages:
            missing.append(f"{mentor.name!r} finds {pages}")
    assert not missing, "a published mentor's name does not find the roster:\n" + "\n".join(missing)


def test_an_unpublished_person_is_not_found(site: Site, desktop: Page, program: Program) -> None:
    hidden = [p for p in program.people if not p.publish]
    assert hidden, "the data has people who have not asked to be named"
    found = []
    for person in hidden:
        for query in (person.name, person.id):
            pages, text = search(desktop, site, query)
            if pages or "did not match" not in text:
                found.append(f"{query!r} finds {pages}")
    assert not found, "a person who has not consented is found:\n" + "\n".join(found)


def test_an_incentive_finds_the_catalog(site: Site, desktop: Page, program: Program) -> None:
    assert program.incentives, "the data has no incentive"
    missing = []
    for incentive in program.incentives:
        pages, _ = search(desktop, site, incentive.name)
        if "incentives.html" not in pages:
            missing.append(f"{incentive.name!r} finds {pages}")
    assert not missing, "an incentive's name does not find the catalog:\n" + "\n".join(missing)
