"""axe-core on every page of the built handbook, at desktop and phone width, in both themes."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import pytest

from browser.axe import BLOCKING, Violation, report, run_axe
from browser.browsing import open_page
from browser.conftest import Site
from browser.handbook_site import UPDATES

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: The phone run leaves contrast out: colours do not change with the width.
WITHOUT_CONTRAST = {"rules": {"color-contrast": {"enabled": False}}}
ONLY_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}


def _check_every_page(
    page: Page, site: Site, options: dict[str, object], theme: str | None = None
) -> None:
    found: list[Violation] = []
    for name in site.checked:
        open_page(page, site, name, theme=theme)
        if theme is not None:
            assert page.evaluate("() => document.body.dataset.theme") == theme
        found += run_axe(page, name, options)
    blocking = [v for v in found if v.impact in BLOCKING]
    in_theme = f" in the {theme} theme" if theme else ""
    assert not blocking, f"axe: serious or critical violations{in_theme}\n" + report(blocking)
    if found:
        # Moderate and minor findings do not fail the run; they are listed for whoever looks.
        warnings.warn("axe (moderate or minor):\n" + report(found), stacklevel=2)


def test_the_site_has_its_pages(site: Site) -> None:
    """The pages are discovered from the build; the ones every handbook has must be there,
    with an update page for every one of the reporting dates the site was built with."""
    assert {"index.html", "roster.html", "roles.html", "incentives.html", "search.html"} <= set(
        site.pages
    )
    assert len(site.updates) == UPDATES
    assert len(site.checked) < len(site.pages) - UPDATES + 5


def test_every_page_passes_axe_on_a_desktop_in_the_light_theme(site: Site, desktop: Page) -> None:
    """Every rule, contrast included, in the light theme."""
    _check_every_page(desktop, site, {}, theme="light")


def test_every_page_has_enough_contrast_in_the_dark_theme(site: Site, desktop: Page) -> None:
    _check_every_page(desktop, site, ONLY_CONTRAST, theme="dark")


def test_every_page_passes_axe_on_a_phone(site: Site, phone: Page) -> None:
    _check_every_page(phone, site, WITHOUT_CONTRAST)
