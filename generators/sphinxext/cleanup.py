"""Removing what a build made stale: files of pages that are gone, charts no page shows,
search terms no page holds, and charts the shared cache kept too long.

Sphinx never deletes output: a page that is gone stays in the output folder, and every chart
ever drawn stays in `_images` (named by its data's hash, so an old chart may show figures the
current data suppresses). Its search index keeps every word it ever saw, with an empty list
of pages once no page holds it (a name that is no longer published, say), and loses the
index entries of the pages it did not write. A clean build has none of these; the functions
here make an incremental one match it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.index_entries import split_index_msg

from generators.sphinxext.domain import domain

#: Charts not used for this long leave the shared cache...
CHART_CACHE_MAX_AGE = 30 * 24 * 3600
#: ... and the least recently used leave it while it holds more than this.
CHART_CACHE_MAX_BYTES = 64 * 1024 * 1024


def remove_pages(app: Sphinx, docnames: Iterable[str]) -> None:
    """The output file, copied source and doctree of each page no longer in the project."""
    outfilename = getattr(app.builder, "get_outfilename", None)
    sources = Path(app.outdir) / "_sources"
    link_suffix = app.config.html_sourcelink_suffix
    # The copied source is named as Sphinx names it: not by a pattern, which would match a
    # page `foo.bar`'s source when page `foo` goes.
    copies = {s if s == link_suffix else s + link_suffix for s in app.config.source_suffix}
    for docname in docnames:
        paths = [Path(app.doctreedir) / f"{docname}.doctree"]
        if outfilename is not None:
            paths.append(Path(outfilename(docname)))
        paths += [sources / f"{docname}{suffix}" for suffix in sorted(copies)]
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


def tidy_search_index(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """html-collect-pages: the search index as a clean build would write it.

    Two things Sphinx's `IndexBuilder` leaves behind when it updates the index of the last
    build: words no page holds any longer (it empties their set of pages when it prunes, and
    never drops them), and the index entries (a glossary's terms, `index` directives) of every
    page it did not write this time: it reloads words and titles from the last
    `searchindex.js`, but not the entries, which it only collects from pages as it feeds
    them (every page it writes, but for those `search_index` finds unchanged). Those come back
    here from the index domain, which keeps each page's entries from when it was read.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]
    written = domain(app.env).search_fed
    kept: dict[str, list[tuple[str, str, str]]] = indexer._index_entries
    recorded = app.env.domains.index_domain.entries
    entries = {
        doc: kept.get(doc, []) if doc in written else _index_entries(recorded.get(doc, ()))
        for doc in sorted(indexer._titles)
    }
    kept.clear()
    kept.update(entries)  # in page order, as a clean build writes them
    return []  # no pages of its own


def _index_entries(
    entries: Iterable[tuple[str, str, str, str, str | None]],
) -> list[tuple[str, str, str]]:
    """A page's index entries as `IndexBuilder.feed` collects them from its index nodes."""
    found: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main, _category_key in entries:
        try:
            result = split_index_msg(entry_type, value)
        except ValueError:
            continue
        target_id = target_id or ""
        if entry_type in {"see", "seealso"}:
            found.add((result[0], target_id, main))
        found |= {(part, target_id, main) for part in result}
    return sorted(found)


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
