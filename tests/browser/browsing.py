"""Small moves shared by the browser tests: open a page, pick a theme, press Tab, look at focus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from browser.conftest import Site

#: The theme's buttons for its menu drawer (phones) and contents drawer (narrow screens).
MENU_BUTTON = ".nav-overlay-icon"
CONTENTS_BUTTON = ".toc-overlay-icon"

#: The focused element, described well enough to find it in a failure message.
DESCRIBE_FOCUS = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A skip link slides in when focused: measure where it ends up, not where it starts.
  await Promise.all(el.getAnimations().map(a => a.finished.catch(() => null)));
  // The theme scrolls smoothly to a focused element: wait until the page stands still.
  for (let i = 0, last = NaN; i < 90 && window.scrollY !== last; i++) {
    last = window.scrollY;
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    classes: el.className && typeof el.className === "string" ? el.className : "",
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 60),
    href: el.getAttribute("href"),
    inMain: !!el.closest("#furo-main-content"),
    // Past the start of the content: in it, or after it when it has nothing to focus.
    pastMain: (() => {
      const main = document.getElementById("furo-main-content");
      return !!main && (main.compareDocumentPosition(el)
        & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)) !== 0;
    })(),
    inNavigation: !!el.closest(".sidebar-tree"),
    inDrawer: !!el.closest(".sidebar-drawer"),
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    focusVisible: el.matches(":focus-visible"),
    button: el.tagName === "BUTTON" || el.getAttribute("role") === "button",
    expanded: el.getAttribute("aria-expanded"),
  };
}"""


def open_page(page: Page, site: Site, name: str, theme: str | None = None) -> None:
    """Load `name` from the served site and wait until its scripts have run."""
    page.goto(site.page_url(name), wait_until="load")
    if theme is not None:
        set_theme(page, theme)


def set_theme(page: Page, theme: str) -> None:
    """Furo's own switch: the body's data-theme, as its toggle button sets it, kept for reloads."""
    page.emulate_media(color_scheme=theme)
    page.evaluate(
        """theme => {
          localStorage.setItem("theme", theme);
          document.body.dataset.theme = theme;
        }""",
        theme,
    )


def tab(page: Page, shift: bool = False) -> dict[str, Any] | None:
    """Press Tab (or Shift+Tab) and describe where the focus went."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    focused: dict[str, Any] | None = page.evaluate(DESCRIBE_FOCUS)
    return focused


def focus_is_on(page: Page, selector: str) -> bool:
    """Whether the focused element matches `selector`."""
    return bool(page.evaluate("s => !!document.activeElement?.matches(s)", selector))


def shown(focused: dict[str, Any] | None) -> str:
    """A focused element as a reader would name it."""
    if focused is None:
        return "nothing (the page itself)"
    label = f"<{focused['tag']}"
    if focused["id"]:
        label += f" id={focused['id']!r}"
    if focused["classes"]:
        label += f" class={focused['classes']!r}"
    if focused["href"]:
        label += f" href={focused['href']!r}"
    return label + f"> {focused['text']!r}"
