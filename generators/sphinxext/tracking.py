"""Which pages to read and write again, so that an incremental build writes what a clean one
would.

Sphinx re-reads a page when a file it noted as a dependency changes: pages depend on one
stamp file a kind of data (see `signature.stamp`) and on their templates. The rest is caught
through Sphinx's events:

- a new "as of" date re-reads the pages that show it;
- a page a block links to appearing or disappearing re-reads the block's page;
- a renamed incentive or decision rewrites the pages whose links show its name;
- a page appearing or disappearing (an update page, when the "as of" date moves) rewrites
  every page, since each page's navigation lists it;
- a build that saved its environment but did not finish writing (killed, or failed) leaves
  pages that were read but never written: the next build rewrites every page. It is noticed
  by the saved environment's file differing from the one the last finished build left.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment

from generators.sphinxext import cleanup
from generators.sphinxext.config import as_of, cache_dir, chart_cache
from generators.sphinxext.domain import AS_OF, LABEL_KINDS, PAGE, domain, label_refs
from generators.sphinxext.signature import stamp


def note_use(
    env: BuildEnvironment,
    kinds: Iterable[str],
    *,
    templates: Iterable[Path] = (),
    as_of: bool = False,
) -> None:
    """Record that the current page shows data of `kinds` (and the date, and templates)."""
    kinds = tuple(kinds)
    for kind in kinds:
        env.note_dependency(stamp(env, kind))
    for template in templates:
        env.note_dependency(template)
    domain(env).note(env.docname, (*kinds, AS_OF) if as_of else kinds)


def note_page(env: BuildEnvironment, docname: str) -> None:
    """Record that the current page links to page `docname` from a generated block."""
    domain(env).note(env.docname, (PAGE + docname,))


def note_references(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: remember pages that link to anchors the blocks register (an incentive, a
    decision): a link without text of its own shows the anchor's title, from the data."""
    env = app.env
    found: set[str] = set()
    for node in doctree.findall(addnodes.pending_xref):
        target = str(node.get("reftarget", ""))
        found.update(
            label_refs(kind) for prefix, kind in LABEL_KINDS.items() if target.startswith(prefix)
        )
    if found:
        domain(env).note(env.docname, found)


def _finished_stamp(env: BuildEnvironment) -> tuple[Path, Path]:
    return Path(env.doctreedir) / ENV_PICKLE_FILENAME, cache_dir(env) / "finished.stamp"


def _signature(path: Path) -> str:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ""
    return f"{stat.st_size} {stat.st_mtime_ns}"


def notice_unfinished_build(app: Sphinx) -> None:
    """builder-inited: the saved environment is not the one the last finished build left."""
    saved, finished = _finished_stamp(app.env)
    current = _signature(saved)
    if current and (not finished.is_file() or finished.read_text() != current):
        domain(app.env).rewrite_all = True


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: note which pages this build re-reads."""
    domain(env).reading = set(docnames)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: the "as of" date moved, or a page a block links to came or went."""
    pages = domain(env)
    day = as_of(env).isoformat()
    stale: set[str] = set()
    if pages.as_of and pages.as_of != day:
        stale = pages.pages_using(AS_OF)
    pages.as_of = day
    if added or removed:
        pages.pages_came_or_went = True
        # A link to a page that appeared or disappeared changes from text to link or back.
        stale |= pages.pages_using({PAGE + name for name in added | removed})
        cleanup.remove_pages(app, removed)
    return sorted(stale - removed - added - changed)


def rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: pages to write again without reading them again.

    Every page after an unfinished build, or when a page came or went; otherwise the pages
    whose link text changed because an incentive was renamed (Sphinx rewrites a page when the
    page is re-read, not when a label it links to changes).
    """
    pages = domain(env)
    if pages.rewrite_all or pages.pages_came_or_went:
        again = set(env.found_docs)
    else:
        read = {kind for doc in pages.reading for kind in pages.uses.get(doc, ())}
        refs = {label_refs(kind) for kind in set(LABEL_KINDS.values()) & read}
        again = pages.pages_using(refs) - pages.reading if refs else set()
    pages.writing = pages.reading | again
    return sorted(again)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: tidy what this build made stale; then record that it finished."""
    if exception is not None:
        return
    env = app.env
    pages = domain(env)
    if pages.writing:
        cleanup.remove_unused_images(app)
        cleanup.bound_chart_cache(chart_cache(env), (Path(src).name for src in env.images))
    saved, finished = _finished_stamp(env)
    current = _signature(saved)
    if current and (not finished.is_file() or finished.read_text() != current):
        finished.parent.mkdir(parents=True, exist_ok=True)
        finished.write_text(current)
    pages.rewrite_all = pages.pages_came_or_went = False
