"""Which pages to read and write again, so that an incremental build writes what a clean one
would, and no more.

Sphinx re-reads a page when its source or a file it noted (a template) changes. The rest is
caught through Sphinx's events:

- the data or the "as of" day moved: each page's blocks noted what they read of the
  published view (`generators.data.reads`); the page is read again exactly when a value it
  read differs in the new view. An edit that changes nothing any page showed reads no page;
- a page a block links to appearing or disappearing re-reads the block's page;
- a label's title or a page's title changing (an incentive or a decision renamed, a section
  retitled), or a label appearing or going, rewrites the pages whose links show it: Sphinx
  itself rewrites a page when it reads it again, not when the text of a link on it changes;
- a page appearing or disappearing, or a page's title or headings changing, rewrites every
  page, since each page's navigation lists them;
- a build that saved its environment but did not finish writing (killed, or failed) leaves
  pages that were read but never written: the next build rewrites every page. It is noticed
  by the saved environment's file differing from the one the last finished build left.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join

from generators.sphinxext import cleanup
from generators.sphinxext.cache import sources, view_key
from generators.sphinxext.config import cache_dir, chart_cache
from generators.sphinxext.domain import domain

#: Cross-references whose text is the target's title: (domain, type) → how the target is kept.
_LABEL_REFS = {("std", "ref"), ("std", "numref"), ("std", "any")}


def note_link(env: BuildEnvironment, docname: str) -> None:
    """Record that the current page links to page `docname` from a generated block."""
    domain(env).note_link(env.docname, docname)


def note_references(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the labels and pages this page's links take their text from."""
    env = app.env
    found = set()
    for node in doctree.findall(addnodes.pending_xref):
        kind = (node.get("refdomain", ""), node.get("reftype", ""))
        target = str(node.get("reftarget", ""))
        if kind in _LABEL_REFS:
            found.add("label:" + target.lower())
        elif kind == ("std", "doc"):
            found.add("doc:" + docname_join(env.docname, target.lstrip("/")))
    domain(env).note_refs(env.docname, found)


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
    """env-get-outdated: pages that read a value the data or the day changed, and pages whose
    block links to a page that came or went."""
    pages = domain(env)
    std = env.domains.standard_domain
    pages.before = {
        "labels": dict(std.labels),
        "anonlabels": dict(std.anonlabels),
        "titles": dict(env.titles),
        "tocs": dict(env.tocs),
    }
    stale: set[str] = set()
    key = view_key(env)
    if pages.view != key:
        if pages.reads:
            found = sources(env)
            stale = {
                doc
                for doc, reads in pages.reads.items()
                if any(found.digest(paths) != digest for paths, digest in reads)
            }
        pages.view = key
    if added or removed:
        pages.pages_came_or_went = True
        # A link to a page that appeared or disappeared changes from text to link or back.
        stale |= pages.pages_linking_to(added | removed)
        cleanup.remove_pages(app, removed)
    return sorted(stale - removed - added - changed)


def rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: pages to write again without reading them again.

    Every page after an unfinished build, when a page came or went, or when a page read again
    has a new title or new headings (every page's navigation shows them); otherwise the pages
    whose links show a label's or a page's title that changed.
    """
    pages = domain(env)
    before = pages.before
    if pages.rewrite_all or pages.pages_came_or_went or _navigation_changed(env, before):
        again = set(env.found_docs)
    else:
        std = env.domains.standard_domain
        moved = {
            "label:" + name
            for table in ("labels", "anonlabels")
            for name in _changed(before.get(table, {}), getattr(std, table))
        }
        moved |= {
            "doc:" + doc
            for doc in pages.reading
            if _text(before.get("titles", {}).get(doc)) != _text(env.titles.get(doc))
        }
        again = pages.pages_referring_to(moved) - pages.reading if moved else set()
    pages.writing = pages.reading | again
    pages.before = {}
    return sorted(again)


def _changed(old: dict[str, object], new: dict[str, object]) -> set[str]:
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def _navigation_changed(env: BuildEnvironment, before: dict[str, dict[str, nodes.Node]]) -> bool:
    """A page read again whose title or table of contents differs from before."""
    titles, tocs = before.get("titles", {}), before.get("tocs", {})
    for doc in domain(env).reading:
        if doc not in titles:
            continue  # a new page: every page is rewritten for it anyway
        if _text(titles[doc]) != _text(env.titles.get(doc)):
            return True
        if _tree(tocs.get(doc)) != _tree(env.tocs.get(doc)):
            return True
    return False


def _text(node: nodes.Node | None) -> str | None:
    return None if node is None else node.astext()


def _tree(node: nodes.Node | None) -> str | None:
    return None if node is None else node.pformat()


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
