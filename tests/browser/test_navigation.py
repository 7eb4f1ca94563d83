"""Navigation that scales: 200 updates grouped by year, newest first, collapsed unless you are
in them; the rest of the handbook above them; the sidebar showing the page you are on; and
the 404 page, whose styles and scripts load at any depth."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from browser.browsing import MENU_BUTTON, open_page
from browser.conftest import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: The navigation as shown: each entry's link, depth, whether it shows, where it is, and
#: whether it is the page's own; and the scrolling box's visible part.
NAVIGATION = """() => {
  const scroller = document.querySelector(".sidebar-scroll");
  const box = scroller.getBoundingClientRect();
  const entries = Array.from(document.querySelectorAll(".sidebar-tree a.reference"), a => {
    const r = a.getBoundingClientRect();
    return {
      href: a.getAttribute("href"),
      text: a.textContent.trim(),
      depth: a.closest("li").className.match(/toctree-l(\\d)/)?.[1] | 0,
      shown: a.getClientRects().length > 0,
      top: r.top, bottom: r.bottom,
      current: !!a.closest("li.current-page") && a.parentElement.classList.contains("current-page"),
    };
  });
  return {top: Math.max(box.top, 0), bottom: Math.min(box.bottom, innerHeight), entries};
}"""


def _navigation(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(NAVIGATION)
    return found


def _in_view(nav: dict[str, Any], entry: dict[str, Any]) -> bool:
    return bool(
        entry["shown"] and entry["top"] >= nav["top"] - 1 and entry["bottom"] <= nav["bottom"] + 1
    )


def _top_level(nav: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in nav["entries"] if e["depth"] == 1]


def _years(nav: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in nav["entries"] if re.search(r"(^|/)\d{4}\.html$", e["href"] or "")]


def _dates(nav: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of update pages (an update's own page links itself as "#")."""
    date = re.compile(r"(\d{4}-\d{2}-\d{2}\.html|^#)$")
    return [e for e in nav["entries"] if e["depth"] == 3 and date.search(e["href"] or "")]


def test_updates_are_grouped_by_year_newest_first_and_collapsed_elsewhere(
    site: Site, desktop: Page
) -> None:
    open_page(desktop, site, "index.html")
    nav = _navigation(desktop)
    years = [e["text"] for e in _years(nav)]
    expected = sorted({page.split("/")[1][:4] for page in site.updates}, reverse=True)
    assert years == expected, "the navigation's years are not the updates' years, newest first"
    shown = [e["href"] for e in nav["entries"] if e["shown"]]
    assert not any(re.search(r"updates/", href) for href in shown), (
        f"outside the Updates section, the navigation shows {shown}"
    )
    assert len(shown) == len(_top_level(nav)) < 20


def test_the_rest_of_the_handbook_stays_above_the_updates_and_the_fold(
    site: Site, desktop: Page, phone: Page
) -> None:
    """Every section shows before the updates, and on the home page and the Updates page
    without scrolling, on a desktop and in the phone's menu."""
    problems = []
    for page, width in ((desktop, "desktop"), (phone, "phone")):
        for name in ("index.html", "updates.html", site.updates[0], site.updates[-1]):
            open_page(page, site, name)
            if width == "phone":
                page.click(MENU_BUTTON)
                page.wait_for_timeout(400)  # the drawer slides in
            nav = _navigation(page)
            sections = _top_level(nav)
            if sections[-1]["text"] != "Updates":
                problems.append(f"{width} {name}: Updates is not the last section")
            if name in ("index.html", "updates.html"):
                hidden = [e["text"] for e in sections if not _in_view(nav, e)]
                if hidden:
                    problems.append(f"{width} {name}: below the fold: {hidden}")
    assert not problems, "\n".join(problems)


def test_the_navigation_shows_the_page_you_are_on(site: Site, desktop: Page, phone: Page) -> None:
    """On an old update, its year opens (no other), and its link is scrolled into view."""
    middle = site.updates[len(site.updates) // 2]
    problems = []
    for page, width in ((desktop, "desktop"), (phone, "phone")):
        for name in (site.updates[0], middle, site.updates[-1]):
            open_page(page, site, name)
            if width == "phone":
                page.click(MENU_BUTTON)
                page.wait_for_timeout(400)
            nav = _navigation(page)
            current = [e for e in nav["entries"] if e["current"]]
            if len(current) != 1 or not _in_view(nav, current[0]):
                problems.append(f"{width} {name}: the page's own link is not in view: {current}")
            year = name.split("/")[1][:4]
            open_dates = {
                (page.url if e["href"] == "#" else e["href"]).rsplit("/", 1)[-1][:4]
                for e in _dates(nav)
                if e["shown"]
            }
            if open_dates != {year}:
                problems.append(f"{width} {name}: the updates of {sorted(open_dates)} show")
    assert not problems, "\n".join(problems)


def test_the_404_page_loads_its_styles_and_scripts_at_any_depth(site: Site, desktop: Page) -> None:
    failed: list[str] = []
    desktop.on("requestfailed", lambda request: failed.append(request.url))
    desktop.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    root = urlsplit(site.url).path
    for path in ("missing.html", "no/such/deep/page.html", "updates/2099/no/such/page/"):
        response = desktop.goto(site.page_url(path), wait_until="load")
        assert response is not None and response.status == 404, path
        styled = desktop.evaluate(
            """() => ({
              sheets: document.styleSheets.length,
              theme: getComputedStyle(document.body).getPropertyValue("--color-brand-primary"),
              sidebar: getComputedStyle(document.querySelector(".sidebar-drawer")).display,
            })"""
        )
        assert styled["sheets"] >= 2 and styled["theme"].strip(), f"{path}: unstyled {styled}"
        home = desktop.evaluate(
            "() => new URL(document.querySelector('.sidebar-brand').href).pathname"
        )
        assert home == root + "index.html", f"{path}: the home link goes to {home}"
    assert not failed, "the 404 page's files did not load:\n" + "\n".join(failed)
