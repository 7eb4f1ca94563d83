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
- a glossary term appearing, going or moving rewrites the pages whose `{term}` links point
  to it (a link to a term no glossary has is plain text, and a warning);
- a page appearing or disappearing, a page's title changing, or the pages a table of
  contents lists, rewrites every page, since each page's navigation lists them;
- a page's headings changing rewrites the pages whose text lists them (a `toctree` that
  includes the page, at any depth; a Markdown link to the page, whose text may be a heading),
  and every page only when the navigation the theme draws shows them (`navigation`);
- a build that saved its environment but did not finish writing (killed, or failed) leaves
  pages that were read but never written: the next build rewrites every page. So does a
  build after another builder's sharing the doctree folder (`sphinx-build -M html` then
  `-M latexpdf`), whose pages read for new data this builder never wrote. Both are noticed by
  the saved environment's file differing from the one this builder's last finished build
  left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment

from generators.sphinxext import cleanup, navigation
from generators.sphinxext.cache import rescan, sources, view_key
from generators.sphinxext.config import cache_dir, chart_cache
from generators.sphinxext.domain import domain
from generators.sphinxext.filesystem import file_stamp

#: Cross-references whose text is the target's title.
_LABEL_REFS = {("std", "ref"), ("std", "numref"), ("std", "any")}
#: Cross-references to a glossary term: a link while the term is in a glossary, text once not.
_TERM_REFS = {("std", "term"), ("std", "any")}
#: A page whose links may show any label's title or any page's headings (a Markdown link
#: MyST resolves by searching for its target).
_ANY = "any:"


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
        if kind in _TERM_REFS:  # Sphinx finds a term whatever its case
            found.add("term:" + target.lower())
        # A `{doc}` link's text is the page's title: a page retitled, come or gone rewrites
        # every page, so it is not noted.
        if kind == ("doc", "myst"):  # a Markdown link to a page: its title, or a heading
            found.add("toc:" + target)
        elif kind[1] == "myst":
            found.add(_ANY)
    domain(env).note_refs(env.docname, found)


def _finished_stamp(app: Sphinx) -> tuple[Path, Path]:
    """The saved environment, and the stamp of it the last finished build of this builder left.

    One stamp a builder: builders sharing a doctree folder (`sphinx-build -M`) share the
    environment, so pages another builder read were never written by this one."""
    env = app.env
    stamp = cache_dir(env) / f"finished-{app.builder.name}.stamp"
    return Path(env.doctreedir) / ENV_PICKLE_FILENAME, stamp


def notice_unfinished_build(app: Sphinx) -> None:
    """builder-inited: the saved environment is not the one the last finished build of this
    builder left (the build was cut short, or another builder read pages since)."""
    saved, finished = _finished_stamp(app)
    current = file_stamp(saved)
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
        "terms": _terms(std.objects),
        **{table: dict(getattr(env, table)) for table in navigation.TABLES},
    }
    stale: set[str] = set()
    rescan(env)
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

    Every page after an unfinished build, when a page came or went, when a page read again
    has a new title or lists other pages in its table of contents (every page's navigation
    shows them), or has new headings that the navigation shows. Otherwise the pages whose
    links show a label's title that changed or a heading of a page read again, or point to a
    glossary term that came, went or moved, and the pages whose own table of contents lists
    a page with new headings.
    """
    pages = domain(env)
    before = pages.before
    titles, tocs = before.get("titles", {}), before.get("tocs", {})
    # Pages read again that were there before (a new page rewrites every page anyway).
    known = {doc for doc in pages.reading if doc in titles}
    retitled = {doc for doc in known if _text(titles[doc]) != _text(env.titles.get(doc))}
    headed = {doc for doc in known if _tree(tocs.get(doc)) != _tree(env.tocs.get(doc))}
    if (
        pages.rewrite_all
        or pages.pages_came_or_went
        or retitled
        or _contents_changed(env, before, known)
        or (headed and navigation.changed(app, before))
    ):
        again = set(env.found_docs)
    else:
        std = env.domains.standard_domain
        moved = {
            "label:" + name
            for table in ("labels", "anonlabels")
            for name in _changed(before.get(table, {}), getattr(std, table))
        }
        moved |= {
            "term:" + name.lower()
            for name in _changed(before.get("terms", {}), _terms(std.objects))
        }
        moved |= {"toc:" + doc for doc in headed}
        again = pages.pages_referring_to(moved | {_ANY}) if moved else set()
        again |= navigation.ancestors(env, headed)
        again -= pages.reading
    pages.writing = pages.reading | again
    pages.before = {}
    return sorted(again)


def _terms(objects: dict[tuple[str, str], tuple[str, str]]) -> dict[str, object]:
    """The glossary terms: term → (page, anchor)."""
    return {name: place for (kind, name), place in objects.items() if kind == "term"}


def _changed(old: dict[str, object], new: dict[str, object]) -> set[str]:
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def _contents_changed(env: BuildEnvironment, before: dict[str, Any], docs: set[str]) -> bool:
    """A page read again whose `toctree` lists other pages than before: the navigation's
    order and nesting, and each page's previous and next, change."""
    includes = before.get("toctree_includes", {})
    return any(includes.get(doc) != env.toctree_includes.get(doc) for doc in docs)


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
    saved, finished = _finished_stamp(app)
    current = file_stamp(saved)
    if current and (not finished.is_file() or finished.read_text() != current):
        finished.parent.mkdir(parents=True, exist_ok=True)
        finished.write_text(current)
    pages.rewrite_all = pages.pages_came_or_went = False
