"""The handbook by keyboard alone: skip link first, focus always visible, navigation in reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from browser.browsing import CONTENTS_BUTTON, DESCRIBE_FOCUS, focus_is_on, open_page, shown, tab
from browser.conftest import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_skip_link_comes_first_and_moves_focus_to_the_content(site: Site, desktop: Page) -> None:
    problems = []
    for name in site.checked:
        open_page(desktop, site, name)
        first = tab(desktop)
        if not (first and "skip-to-content" in first["classes"]):
            problems.append(f"{name}: the first Tab goes to {shown(first)}, not the skip link")
            continue
        if not first["onScreen"]:
            problems.append(f"{name}: the focused skip link is not on screen")
        if not (first["outline"] or first["shadow"]):
            problems.append(f"{name}: the focused skip link shows no focus outline")
        desktop.keyboard.press("Enter")
        if desktop.evaluate("() => location.hash") != "#furo-main-content":
            problems.append(f"{name}: Enter on the skip link does not go to the content")
        after = tab(desktop)
        if not (after and after["pastMain"] and not after["inDrawer"]):
            problems.append(f"{name}: after the skip link, Tab goes to {shown(after)}")
    assert not problems, "\n".join(problems)


def test_tab_reaches_every_navigation_link_with_focus_shown(site: Site, desktop: Page) -> None:
    """Every link the navigation shows; a section's own pages show once it is opened."""
    open_page(desktop, site, "index.html")
    links = desktop.evaluate(
        "() => Array.from(document.querySelectorAll('.sidebar-tree a'))"
        ".filter(a => a.getClientRects().length > 0).map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 5, f"the navigation has only {links}"
    reached, unseen = [], []
    for _ in range(len(links) + 10):
        focused = tab(desktop)
        if focused and focused["inNavigation"]:
            reached.append(focused["href"])
            if not (focused["focusVisible"] and (focused["outline"] or focused["shadow"])):
                unseen.append(shown(focused))
    assert set(links) <= set(reached), f"Tab never reaches {sorted(set(links) - set(reached))}"
    assert not unseen, "navigation links focused without a visible outline: " + ", ".join(unseen)


def test_a_collapsed_section_opens_by_keyboard(site: Site, desktop: Page) -> None:
    """The navigation's expand switch is reached by Tab and toggled by Space."""
    open_page(desktop, site, "index.html")
    for _ in range(60):
        focused = tab(desktop)
        if desktop.evaluate("() => document.activeElement.classList.contains('toctree-checkbox')"):
            break
    else:
        pytest.fail("Tab never reaches the navigation's expand switch")
    assert focused is not None
    # The links one level down in the section whose switch has the focus (a section of
    # sections, such as the updates' years, opens one level at a time).
    children = """() => Array.from(document.activeElement.closest("li")
        .querySelectorAll(":scope > ul > li > a"), a => a.getClientRects().length > 0)"""
    before = desktop.evaluate(children)
    assert before and not any(before), "the section's links show before it is opened"
    outline = desktop.evaluate(
        "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert outline not in ("", "none"), "the focused switch shows no outline"
    desktop.keyboard.press("Space")
    assert all(desktop.evaluate(children)), "Space does not open the section"


def test_links_in_the_content_show_focus(site: Site, desktop: Page) -> None:
    """Every link in a page's text gets a visible focus ring, in both themes' colours."""
    problems = []
    for name in ("index.html", "roster.html", "incentives.html"):
        open_page(desktop, site, name)
        desktop.keyboard.press("Tab")  # the skip link
        desktop.keyboard.press("Enter")
        for _ in range(8):
            focused = tab(desktop)
            if not (focused and focused["inMain"]):
                break
            if not (focused["focusVisible"] and (focused["outline"] or focused["shadow"])):
                problems.append(f"{name}: {shown(focused)}")
    assert not problems, "focused without a visible outline:\n" + "\n".join(problems)


TOC_OPEN = """() => {
  const drawer = document.querySelector(".toc-drawer").getBoundingClientRect();
  return drawer.right <= window.innerWidth + 1 && drawer.left < window.innerWidth;
}"""


def test_page_contents_open_by_keyboard(site: Site, desktop: Page) -> None:
    """At 1280 pixels the theme tucks "On this page" into a drawer; a keyboard opens it too."""
    open_page(desktop, site, "roster.html")
    assert not desktop.evaluate(TOC_OPEN), "the contents drawer is open before anyone asked"
    for _ in range(40):
        focused = tab(desktop)
        if focus_is_on(desktop, CONTENTS_BUTTON):
            break
    else:
        pytest.fail("Tab never reaches the button that opens the page's contents")
    assert focused["onScreen"] and (focused["outline"] or focused["shadow"]), shown(focused)
    desktop.keyboard.press("Enter")
    desktop.wait_for_function(TOC_OPEN, timeout=2000)
    inside = desktop.evaluate(DESCRIBE_FOCUS)
    assert inside and inside["href"] and inside["href"].startswith("#"), (
        f"opening the contents leaves the focus on {shown(inside)}, not on one of its links"
    )
    assert inside["onScreen"], f"the focused contents link is off screen: {shown(inside)}"
    desktop.keyboard.press("Escape")
    desktop.wait_for_function(f"() => !({TOC_OPEN})()", timeout=2000)
    assert focus_is_on(desktop, CONTENTS_BUTTON), "Escape does not give the focus back"
