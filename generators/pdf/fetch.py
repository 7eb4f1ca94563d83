"""What WeasyPrint may load while it typesets the book: the build's own files, nothing else.

WeasyPrint fetches every image and stylesheet a page names, from any host or any path on the
machine. The book is made from files Sphinx wrote into the build folder, so anything else
(a tracking pixel named in the data, an absolute path to a private file) is refused: the
resource is left out and WeasyPrint says so, and no request leaves the machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: Schemes that carry their content in the URL itself: nothing is fetched.
_INLINE_SCHEMES = frozenset({"data"})


class FetchRefused(ValueError):
    """A URL outside the build: WeasyPrint leaves the resource out and warns."""


def allowed_path(url: str, root: Path) -> Path | None:
    """The file `url` names if it is a regular file inside `root`, else None."""
    from urllib.request import url2pathname  # with http and ssl: only when printing

    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


def check_url(url: str, root: Path) -> None:
    """Raise `FetchRefused` unless `url` is the build's own file or inline data."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in _INLINE_SCHEMES:
        return
    if allowed_path(url, root) is None:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise FetchRefused(f"not a file of this build, so not loaded: {shown}")


def build_fetcher(root: Path) -> Any:
    """A WeasyPrint URL fetcher that serves only files under `root` (and inline data)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later: a fetcher is an object

        class BuildFetcher(urls.URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> Any:
                check_url(url, root)
                return super().fetch(url, headers)

        return BuildFetcher(allow_redirects=False)

    def fetch(url: str) -> Any:  # pragma: no cover - older WeasyPrint: a fetcher is a function
        check_url(url, root)
        return urls.default_url_fetcher(url)

    return fetch
