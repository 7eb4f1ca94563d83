"""WeasyPrint loads only the build's own files: no request leaves, no outside file is read."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generators.pdf.fetch import FetchRefused, build_fetcher, check_url

weasyprint = pytest.importorskip("weasyprint")

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine that records every request made to it."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_only_files_inside_the_build_are_allowed(tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "_images").mkdir(parents=True)
    inside = build / "_images" / "chart.png"
    inside.write_bytes(PNG)
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    (build / "_images" / "escape.png").symlink_to(outside)

    check_url(inside.as_uri(), build)
    check_url("data:image/png;base64,AAAA", build)
    for url in (
        outside.as_uri(),
        (build / "_images" / "escape.png").as_uri(),  # a link out of the build
        (build / "_images" / ".." / ".." / "secret.png").as_uri(),
        "http://127.0.0.1/chart.png",
        "https://example.org/pixel.gif",
        "ftp://example.org/x",
        "file://otherhost/etc/hostname",
    ):
        with pytest.raises(FetchRefused):
            check_url(url, build)


def test_weasyprint_requests_nothing_outside_the_build(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, requests = server
    build = tmp_path / "build"
    build.mkdir()
    (build / "own.png").write_bytes(PNG)
    outside = tmp_path / "private.png"
    outside.write_bytes(PNG)
    page = build / "book.html"
    page.write_text(
        f'<p><img src="own.png"><img src="{base}/pixel.png"><img src="{outside.as_uri()}"></p>',
        encoding="utf-8",
    )

    fetched = weasyprint.HTML(filename=str(page), url_fetcher=build_fetcher(build)).render()
    images = [
        box
        for box in _boxes(fetched.pages[0]._page_box)
        if type(box).__name__ == "InlineReplacedBox"
    ]
    assert requests == []
    assert len(images) == 1  # the build's own image; the other two were left out

    # The same page with WeasyPrint's own fetcher does reach the server: the test can fail.
    weasyprint.HTML(filename=str(page)).render()
    assert requests == ["/pixel.png"]


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)
