"""A phone, 375 × 812: no page scrolls sideways, wide tables scroll in their own box, and the
menu opens by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from browser.browsing import MENU_BUTTON, focus_is_on, open_page, shown, tab
from browser.conftest import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: Boxes that may scroll sideways inside the page: tables, code, maths.
SCROLL_BOXES = ".handbook-table-scroll, .table-wrapper, div.highlight, pre, .math-wrapper"

#: How wide the page is, how wide its layout boxes are, and what sticks out past the screen.
MEASURE = """boxes => {
  const width = window.innerWidth;
  const layout = ["html", "body", ".page", ".main", ".content", "article[role=main]"];
  // A box that lets its content spill (overflow visible) does not scroll; its parent would.
  const wide = layout.flatMap(selector => Array.from(document.querySelectorAll(selector)))
    .filter(el => el === document.scrollingElement || getComputedStyle(el).overflowX !== "visible")
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
  const outside = Array.from(document.querySelectorAll("article[role=main] *"))
    .filter(el => !el.parentElement.closest(boxes))
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => el.getClientRects().length > 0)
    .map(el => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`
      + ` (right edge at ${Math.round(el.getBoundingClientRect().right)})`);
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: width,
    clientWidth: document.documentElement.clientWidth,
    wide,
    outside: outside.slice(0, 5),
  };
}"""


def test_no_page_scrolls_sideways(site: Site, phone: Page) -> None:
    problems = []
    for name in site.checked:
        open_page(phone, site, name)
        m = phone.evaluate(MEASURE, SCROLL_BOXES)
        assert m["innerWidth"] == 375
        if m["scrollWidth"] > m["innerWidth"] or m["wide"]:
            problems.append(
                f"{name}: page {m['scrollWidth']} px wide on a {m['innerWidth']} px screen;"
                f" wider than their box: {m['wide']}; sticking out: {m['outside']}"
            )
    assert not problems, "\n".join(problems)


#: Every generated table box: how wide its table is, whether it can scroll and be focused.
TABLE_BOXES = """() => Array.from(document.querySelectorAll(".handbook-table-scroll")).map(box => ({
  label: box.getAttribute("aria-label"),
  scrolls: box.scrollWidth > box.clientWidth,
  overflow: getComputedStyle(box).overflowX,
  right: box.getBoundingClientRect().right,
  focusable: box.tabIndex >= 0,
  hidden: box.getClientRects().length === 0,
}))"""


def test_wide_tables_scroll_inside_their_own_box(site: Site, phone: Page) -> None:
    seen = 0
    problems = []
    for name in site.checked:
        open_page(phone, site, name)
        for box in phone.evaluate(TABLE_BOXES):
            if box["hidden"]:
                continue  # inside a closed "numbers" toggle, so not laid out
            seen += 1
            where = f"{name}: table box {box['label']!r}"
            if box["overflow"] not in ("auto", "scroll"):
                problems.append(f"{where} does not scroll (overflow-x: {box['overflow']})")
            if box["right"] > 375 + 1:
                problems.append(f"{where} reaches past the screen, to {box['right']} px")
            if box["scrolls"] and not box["focusable"]:
                problems.append(f"{where} scrolls but cannot be reached by keyboard to scroll it")
    assert seen, "no generated table on any page: the roster should have some"
    assert not problems, "\n".join(problems)


DRAWER_OPEN = """() => {
  const drawer = document.querySelector(".sidebar-drawer").getBoundingClientRect();
  return drawer.left >= 0 && drawer.right > 0;
}"""


def test_navigation_drawer_opens_by_keyboard(site: Site, phone: Page) -> None:
    open_page(phone, site, "roster.html")
    assert not phone.evaluate(DRAWER_OPEN), "the navigation drawer is open before anyone asked"
    path = []
    for _ in range(6):
        focused = tab(phone)
        path.append(shown(focused))
        if focus_is_on(phone, MENU_BUTTON):
            break
    else:
        pytest.fail("Tab never reaches the menu button; focus went: " + " → ".join(path))
    assert focused["onScreen"], f"the menu button is focused off screen: {shown(focused)}"
    assert focused["outline"] or focused["shadow"], "the menu button shows no focus"
    assert focused["button"] and focused["expanded"] == "false", (
        f"the menu button does not say it is a button, closed: {focused}"
    )

    phone.keyboard.press("Enter")
    phone.wait_for_function(DRAWER_OPEN, timeout=2000)
    expanded = phone.get_attribute(MENU_BUTTON, "aria-expanded")
    assert expanded == "true", f"the open menu's button says aria-expanded={expanded!r}"
    reached = []
    for _ in range(8):
        focused = tab(phone)
        reached.append(focused)
        if focused and focused["inNavigation"]:
            break
    links = [f for f in reached if f and f["inNavigation"]]
    assert links, "Tab does not reach the navigation links in the open drawer: " + " → ".join(
        map(shown, reached)
    )
    assert links[0]["onScreen"], f"a navigation link is focused off screen: {shown(links[0])}"

    phone.keyboard.press("Escape")
    phone.wait_for_function(f"() => !({DRAWER_OPEN})()", timeout=2000)
    assert focus_is_on(phone, MENU_BUTTON), (
        "Escape closes the drawer but does not give the focus back to the menu button"
    )
    phone.keyboard.press(" ")
    phone.wait_for_function(DRAWER_OPEN, timeout=2000)
    phone.keyboard.press("Escape")
    phone.wait_for_function(f"() => !({DRAWER_OPEN})()", timeout=2000)
    phone.click(MENU_BUTTON)  # and a finger still opens it
    phone.wait_for_function(DRAWER_OPEN, timeout=2000)


def test_closed_drawers_take_no_focus(site: Site, phone: Page) -> None:
    """Tab never lands on a link hidden off screen in a closed drawer."""
    open_page(phone, site, "roster.html")
    offscreen = []
    for _ in range(40):
        focused = tab(phone)
        if focused and not focused["onScreen"]:
            offscreen.append(shown(focused))
    assert not offscreen, "focused while off screen: " + ", ".join(offscreen[:6])
