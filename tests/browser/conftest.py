"""The handbook built once, served on 127.0.0.1, and Debian's Chromium driven by Playwright.

The site is the real handbook with 200 updates (`browser/handbook_site.py`), served under the
path of its address, as GitHub Pages serves a project's site, with its 404 page for any missing
file.
`nox -s browser` builds it once for every worker (`HANDBOOK_BROWSER_SITE`).

Playwright is imported inside the fixtures: `nox -s tests` collects this folder without it.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import REPO

from browser import handbook_site as browser_site
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


#: An update page, by its file name (the year pages, "updates/2026.html", are not).
UPDATE_PAGE = re.compile(r"^updates/\d{4}-\d{2}-\d{2}\.html$")


@dataclass(frozen=True)
class Site:
    """The built handbook and where it is served."""

    root: Path
    url: str
    #: Every HTML page the build wrote, as paths relative to the site ("index.html", ...).
    pages: tuple[str, ...]

    def page_url(self, page: str) -> str:
        return self.url + page

    @property
    def updates(self) -> tuple[str, ...]:
        """The update pages, oldest first."""
        return tuple(page for page in self.pages if UPDATE_PAGE.match(page))

    @property
    def checked(self) -> tuple[str, ...]:
        """The pages a check of every page looks at: every page but the updates, and of those
        the oldest, the newest and the largest.

        The update pages are one stub and one template filled with another day's figures, so
        one page shows what all of them do; the largest holds the most rows and headings, the
        oldest and newest the ends of the data. Checking all 200 would take most of CI's time
        for nothing the sample does not find (axe took four minutes over 75 of them).
        """
        updates = self.updates
        largest = max(updates, key=lambda page: (self.root / page).stat().st_size)
        sample = {updates[0], updates[-1], largest}
        return tuple(page for page in self.pages if page in sample or page not in updates)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site under its path; anything missing gets the site's 404 page, with
    status 404, as GitHub Pages answers."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "missing-outside-the-site")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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
def built(tmp_path_factory: pytest.TempPathFactory) -> browser_site.BrowserSite:
    """The site `nox -s browser` built (`HANDBOOK_BROWSER_SITE`), else one built here."""
    given = os.environ.get("HANDBOOK_BROWSER_SITE")
    if given:
        return browser_site.read(Path(given))
    return browser_site.build(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def site(built: browser_site.BrowserSite) -> Iterator[Site]:
    """The built handbook, served by a thread on a free loopback port, under its path."""
    handler = type("Handler", (_Handler,), {"prefix": built.prefix})
    serve = functools.partial(handler, directory=str(built.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), serve)
    thread = threading.Thread(target=server.serve_forever, name="handbook-site", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        url = f"http://127.0.0.1:{port}{built.prefix}"
        yield Site(built.html, url, _pages(built.html))
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
def program(built: browser_site.BrowserSite) -> Program:
    """The data the site was built from (the handbook's, with its updates running on)."""
    return load_program(built.program, today=date.today())


@pytest.fixture(scope="session")
def as_of(built: browser_site.BrowserSite) -> date:
    """The day the site under test was built for."""
    return built.as_of
