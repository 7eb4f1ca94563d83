"""The handbook built once, served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Playwright is imported inside the fixtures: `nox -s tests` collects this folder without it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import REPO, SITE_AS_OF, Build

from generators.data.load import load_program
from generators.data.models import Program

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Headless, and nothing that reaches past the loopback server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = REPO / "build" / "screenshots"


@dataclass(frozen=True)
class Site:
    """The built handbook and where it is served."""

    root: Path
    url: str
    #: Every HTML page the build wrote, as paths relative to the site ("index.html", ...).
    pages: tuple[str, ...]

    def page_url(self, page: str) -> str:
        return self.url + page


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not news; failures show up as failed assertions."""


def _pages(root: Path) -> tuple[str, ...]:
    """HTML pages of the site; Sphinx's own folders (`_static`, `_sources`, ...) hold none."""
    return tuple(
        sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*.html")
            if not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)
        )
    )


@pytest.fixture(scope="session")
def site(handbook_site: Build) -> Iterator[Site]:
    """The handbook built by `handbook_site`, served by a thread on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(handbook_site.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="handbook-site", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield Site(handbook_site.outdir, f"http://127.0.0.1:{port}/", _pages(handbook_site.outdir))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _chromium() -> str:
    found = os.environ.get("HANDBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        pytest.fail(
            f"Chromium not found at {found}: install it with `apt-get install chromium`"
            " or point HANDBOOK_CHROMIUM at a Chromium binary",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own."""
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser: Browser, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, color_scheme="light", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A fresh tab 1280 pixels wide."""
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh tab the size of a small phone, 375 × 812."""
    yield from _page(browser, PHONE)


@pytest.fixture(scope="session")
def program() -> Program:
    return load_program(REPO / "program", today=date.today())


@pytest.fixture(scope="session")
def as_of() -> date:
    """The day the site under test was built for."""
    return SITE_AS_OF
