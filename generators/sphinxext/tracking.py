"""Which pages use which data, so that incremental builds re-read exactly those pages.

Sphinx re-reads a page when a file it noted as a dependency changes. Two changes are not
files: a new or removed file in `program/people/` or `program/surveys/`, and a new "as of"
date. Both are caught here through `env-get-outdated`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from generators.sphinxext import state

AS_OF = "as-of"


def _uses(env: BuildEnvironment) -> dict[str, set[str]]:
    uses: dict[str, set[str]] | None = getattr(env, "handbook_uses", None)
    if uses is None:
        uses = env.handbook_uses = {}  # type: ignore[attr-defined]
    return uses


def note_use(
    env: BuildEnvironment,
    kinds: Iterable[str],
    files: state.DataFiles,
    *,
    templates: Iterable[Path] = (),
    as_of: bool = False,
) -> None:
    """Record that the current page shows data of `kinds` (and the date, and templates)."""
    kinds = tuple(kinds)
    for path in files.of(kinds):
        env.note_dependency(path)
    for template in templates:
        env.note_dependency(template)
    used = _uses(env).setdefault(env.docname, set())
    used.update(kinds)
    if as_of:
        used.add(AS_OF)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _uses(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = _uses(env)
    for docname, kinds in _uses(other).items():
        if docname in docnames:
            mine[docname] = set(kinds)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages to re-read because the date moved or data files appeared or disappeared."""
    files = state.scan(state.program_dir(env))
    listing = {kind: tuple(str(p) for p in paths) for kind, paths in files.files.items()}
    day = state.as_of(env).isoformat()
    stale: set[str] = set()
    previous_listing = getattr(env, "handbook_listing", None)
    if previous_listing is not None:
        moved = {k for k in listing if listing[k] != previous_listing.get(k)}
        stale |= {d for d, kinds in _uses(env).items() if kinds & moved}
    if getattr(env, "handbook_as_of", day) != day:
        stale |= {d for d, kinds in _uses(env).items() if AS_OF in kinds}
    env.handbook_listing = listing  # type: ignore[attr-defined]
    env.handbook_as_of = day  # type: ignore[attr-defined]
    return sorted(stale - removed - added - changed)
