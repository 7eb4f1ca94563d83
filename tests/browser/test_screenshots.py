"""Full-page screenshots of the pages people look at first, for a person to look at."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from browser.browsing import open_page
from browser.conftest import SCREENSHOTS, Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: The home page, the roster, the timeline, the metrics and the incentive catalog.
PAGES = ("index.html", "roster.html", "roadmap.html", "evaluation.html", "incentives.html")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots(site: Site, width: str, request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        assert name in site.pages, f"{name} is missing from the site"
        open_page(page, site, name)
        path = SCREENSHOTS / f"{name.removesuffix('.html')}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path} is nearly empty"
