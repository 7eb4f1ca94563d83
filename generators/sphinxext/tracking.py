"""Which pages use which data, so that incremental builds re-read exactly those pages.

Sphinx re-reads a page when a file it noted as a dependency changes: pages depend on one
stamp file a kind of data (see `state.stamp`) and on their templates. Two changes are not
files: a new "as of" date, and a page a block links to appearing or disappearing; both are
caught here through `env-get-outdated`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from generators.sphinxext import state

AS_OF = "as-of"
#: A page that links to an incentive's anchor shows the incentive's name as the link text.
INCENTIVE_REFS = "incentive-refs"
#: Prefix of a page a block links to: the block's page is re-read when that page comes or goes.
PAGE = "page:"


def uses(env: BuildEnvironment) -> dict[str, set[str]]:
    """Page → what it shows (data kinds, the date, ...), kept with the build environment."""
    found: dict[str, set[str]] | None = getattr(env, "handbook_uses", None)
    if found is None:
        found = env.handbook_uses = {}  # type: ignore[attr-defined]
    return found


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
        env.note_dependency(state.stamp(env, kind))
    for template in templates:
        env.note_dependency(template)
    used = uses(env).setdefault(env.docname, set())
    used.update(kinds)
    if as_of:
        used.add(AS_OF)


def note_references(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: remember pages that link to incentives (their link text is its name)."""
    env = app.env
    for node in doctree.findall(addnodes.pending_xref):
        if str(node.get("reftarget", "")).startswith("incentive-"):
            uses(env).setdefault(env.docname, set()).add(INCENTIVE_REFS)
            return


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: note which pages this build re-reads."""
    env.handbook_reading = set(docnames)  # type: ignore[attr-defined]


def rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: pages whose link text changed because an incentive was renamed.

    Sphinx rewrites a page when the page is re-read, not when a label it links to changes;
    the catalog's pages being re-read means incentives may have changed names.
    """
    reread: set[str] = getattr(env, "handbook_reading", set())
    pages = uses(env)
    if not any("incentives" in pages.get(doc, ()) for doc in reread):
        return []
    return sorted(d for d, kinds in pages.items() if INCENTIVE_REFS in kinds and d not in reread)


def note_page(env: BuildEnvironment, docname: str) -> None:
    """Record that the current page links to page `docname` from a generated block."""
    uses(env).setdefault(env.docname, set()).add(PAGE + docname)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    uses(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = uses(env)
    for docname, kinds in uses(other).items():
        if docname in docnames:
            mine[docname] = set(kinds)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages to re-read: the "as of" date moved, or a page they link to came or went."""
    day = state.as_of(env).isoformat()
    stale: set[str] = set()
    if getattr(env, "handbook_as_of", day) != day:
        stale = {d for d, kinds in uses(env).items() if AS_OF in kinds}
    # A link to a page that appeared or disappeared changes from text to link or back.
    pages = {PAGE + name for name in added | removed}
    if pages:
        stale |= {d for d, used in uses(env).items() if used & pages}
    env.handbook_as_of = day  # type: ignore[attr-defined]
    return sorted(stale - removed - added - changed)
