"""The search index fed again only with pages whose searchable text changed.

Sphinx's HTML builder drops every page it writes from the last build's `searchindex.js` and
feeds it again: words, stems, titles. A page written only because the navigation it shows
changed (a page retitled or added, the "as of" day moved to a new update) has the same
text as before, so feeding it again, most of the cost of writing it, yields what the index
already holds. Here each page written is fed only when its input to the indexer (its title,
its file name and its doctree as the builder hands it over) differs from the one the index
was last fed; the digests are kept beside the doctrees with the signature of the
`searchindex.js` they describe, and nothing is skipped when that file is not the one they
describe or the search settings changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx.application import Sphinx

from generators.data.safefile import write_atomically
from generators.sphinxext.config import cache_dir
from generators.sphinxext.domain import domain
from generators.sphinxext.filesystem import file_stamp

#: Where the digests are kept.
DIGESTS_FILE = "search.json"


def prepare(app: Sphinx) -> None:
    """builder-inited: feed the HTML builder's indexer through `_feed`."""
    builder = app.builder
    load, index = getattr(builder, "load_indexer", None), getattr(builder, "index_page", None)
    if load is None or index is None:
        return
    pages = domain(app.env)

    def load_indexer(docnames: set[str]) -> None:
        pages.search_known = known = _known(app)
        # Pages read again changed as a rule: they are dropped and fed, as Sphinx does.
        pages.search_unchanged = {
            doc: digest for doc, digest in known.items() if doc in docnames - pages.reading
        }
        load(set(docnames) - pages.search_unchanged.keys())

    def index_page(pagename: str, doctree: nodes.document, title: str) -> None:
        indexer = getattr(builder, "indexer", None)
        if indexer is None:
            index(pagename, doctree, title)
            return
        digest = _digest(app, pagename, doctree, title)
        pages.search_digests[pagename] = digest
        was = pages.search_unchanged.pop(pagename, None)
        if was is not None:
            if was == digest and (not title or pagename in indexer._titles):
                return  # the index holds what feeding it would give
            indexer.prune(set(indexer._titles) - {pagename})  # then fed afresh
        pages.search_fed.add(pagename)
        index(pagename, doctree, title)

    # On this builder alone: the class and any other build are left as they are.
    setattr(builder, "load_indexer", load_indexer)  # noqa: B010
    setattr(builder, "index_page", index_page)  # noqa: B010


def save(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the digests of the pages in the index just written."""
    pages = domain(app.env)
    known = pages.search_known
    index = _index_file(app)
    if exception is not None or known is None or index is None:
        return  # no index written: the one on disk is still the one the digests describe
    digests = {
        doc: pages.search_digests.get(doc) or known[doc]
        for doc in sorted(app.env.found_docs)
        if doc in pages.search_digests or doc in known
    }
    path = cache_dir(app.env) / DIGESTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"settings": _settings(app), "index": file_stamp(index), "pages": digests}
    write_atomically(path, json.dumps(record, sort_keys=True).encode())


def _known(app: Sphinx) -> dict[str, str]:
    """The digests of the pages the current `searchindex.js` was fed, if they describe it."""
    index = _index_file(app)
    try:
        record = json.loads((cache_dir(app.env) / DIGESTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        index is None
        or not isinstance(record, dict)
        or record.get("settings") != _settings(app)
        or record.get("index") != file_stamp(index)
        or not isinstance(record.get("pages"), dict)
    ):
        return {}
    return {str(doc): str(digest) for doc, digest in record["pages"].items()}


def _index_file(app: Sphinx) -> Path | None:
    name = getattr(app.builder, "searchindex_filename", None)
    return Path(app.outdir) / name if name else None


def _settings(app: Sphinx) -> str:
    """What the index is made with besides the pages: Sphinx, its language and options."""
    config = app.config
    indexer = getattr(app.builder, "indexer", None)
    lang = getattr(getattr(indexer, "lang", None), "lang", None)
    return json.dumps(
        [
            sphinx.__version__,
            config.language,
            config.html_search_language,
            config.html_search_options,
            config.html_search_scorer,
            lang,
        ],
        default=repr,
        sort_keys=True,
    )


def _digest(app: Sphinx, pagename: str, doctree: nodes.document, title: str) -> str:
    """The page's whole input to the indexer (`StandaloneHTMLBuilder.index_page`)."""
    metadata: dict[str, Any] = app.env.metadata.get(pagename, {})
    found = hashlib.sha256()
    for part in (
        title,
        str(app.env.doc2path(pagename, base=False)),
        repr(sorted(key for key in ("no-search", "nosearch") if key in metadata)),
        doctree.pformat(),
    ):
        found.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return found.hexdigest()
