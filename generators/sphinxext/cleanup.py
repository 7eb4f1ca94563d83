"""Removing what a build made stale: files of pages that are gone, charts no page shows,
search terms no page holds, and charts the shared cache kept too long.

Sphinx never deletes output: a page that is gone stays in the output folder, and every chart
ever drawn stays in `_images` (named by its data's hash, so an old chart may show figures the
current data suppresses). Its search index keeps every word it ever saw, with an empty list
of pages once no page holds it (a name that is no longer published, say). A clean build has
none of these; the functions here make an incremental one match it.
"""

from __future__ import annotations

import contextlib
import glob
import time
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx

from generators.sphinxext.domain import domain

#: Charts not used for this long leave the shared cache...
CHART_CACHE_MAX_AGE = 30 * 24 * 3600
#: ... and the least recently used leave it while it holds more than this.
CHART_CACHE_MAX_BYTES = 64 * 1024 * 1024


def remove_pages(app: Sphinx, docnames: Iterable[str]) -> None:
    """The output file, copied source and doctree of each page no longer in the project."""
    outfilename = getattr(app.builder, "get_outfilename", None)
    sources = Path(app.outdir) / "_sources"
    for docname in docnames:
        paths = [Path(app.doctreedir) / f"{docname}.doctree"]
        if outfilename is not None:
            paths.append(Path(outfilename(docname)))
        name = Path(docname).name
        paths += (sources / docname).parent.glob(f"{glob.escape(name)}.*")  # the page's source
        for path in paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def remove_unused_images(app: Sphinx) -> None:
    """Files in the HTML output's `_images` folder that no page of the project shows."""
    imagedir = getattr(app.builder, "imagedir", None)
    if app.builder.format != "html" or not imagedir:
        return
    folder = Path(app.outdir) / imagedir
    if not folder.is_dir():
        return
    used = {name for _docs, name in app.env.images.values()}
    for path in folder.iterdir():
        if path.is_file() and path.name not in used:
            path.unlink()


def drop_unused_search_terms(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """html-collect-pages: words of the search index that no page holds any longer."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and domain(app.env).writing:
        # Sphinx's IndexBuilder empties a word's set of pages when it prunes; it never drops it.
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []  # no pages of its own


def bound_chart_cache(
    folder: Path,
    in_use: Iterable[str],
    *,
    max_age: float = CHART_CACHE_MAX_AGE,
    max_bytes: int = CHART_CACHE_MAX_BYTES,
) -> None:
    """Drop charts unused for `max_age` seconds, then the oldest while above `max_bytes`.

    A chart's time is refreshed when a page uses it (see `charts.chart_file`); the charts
    named in `in_use` (file names: this build's pages show them) are always kept.
    """
    if not folder.is_dir():
        return
    keep = set(in_use)
    now = time.time()
    charts = []
    for path in folder.iterdir():
        if not path.is_file() or path.name in keep:
            continue
        stat = path.stat()
        if now - stat.st_mtime > max_age:
            _unlink(path)
        else:
            charts.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _mtime, size, _path in charts)
    for _mtime, size, path in sorted(charts):
        if total <= max_bytes:
            break
        _unlink(path)
        total -= size


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):  # another build sharing the cache was first
        path.unlink()
