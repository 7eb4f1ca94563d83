"""What every page's navigation shows of the other pages, as the theme draws it.

A theme draws a page's navigation by calling the `toctree()` function Sphinx puts in the
page's context, with arguments of its own (furo: the whole tree, page titles only, so a
section's heading shows on its own page alone). The calls are recorded as pages are written
and kept beside the doctrees. When a build reads a page whose headings changed, the tree
those calls draw is made from the tables of contents before the read and after it, and
compared: only when it differs does every page need writing again.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

from generators.data.safefile import write_atomically
from generators.sphinxext.config import cache_dir
from generators.sphinxext.domain import domain

#: Where the calls are kept: one JSON object of arguments a call, or `UNKNOWN`.
CALLS_FILE = "navigation.json"
#: A call whose arguments could not be kept: the navigation is then taken to change always.
UNKNOWN = "?"
#: The environment's tables the tree is drawn from, swapped for their state before the read.
TABLES = ("tocs", "titles", "metadata", "toctree_includes")


def note_calls(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, before the theme's own handler: record each `toctree()` call."""
    draw = context.get("toctree")
    if not callable(draw):
        return
    calls = domain(app.env).navigation_calls

    def recorded(**kwargs: Any) -> Any:
        try:
            calls.add(json.dumps(kwargs, sort_keys=True))
        except (TypeError, ValueError):
            calls.add(UNKNOWN)
        return draw(**kwargs)

    context["toctree"] = recorded


def save_calls(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: keep the calls for the next build (with those of pages not written)."""
    env = app.env
    pages = domain(env)
    if exception is not None or not pages.navigation_calls:
        return
    kept = set() if pages.writing >= env.found_docs else set(_saved(env) or ())
    calls = sorted(kept | pages.navigation_calls)
    if calls != _saved(env):
        path = cache_dir(env) / CALLS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(calls).encode())


def _saved(env: BuildEnvironment) -> list[str] | None:
    try:
        found = json.loads((cache_dir(env) / CALLS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [str(call) for call in found] if isinstance(found, list) else None


def changed(app: Sphinx, before: dict[str, dict[str, Any]]) -> bool:
    """Whether the navigation the recorded calls draw differs from what it was before this
    build read pages (`before`: the tables in `TABLES` as they were). Without recorded calls,
    or when a tree cannot be drawn, it is taken to have changed."""
    env, builder = app.env, app.builder
    calls = _saved(env)
    if not calls or UNKNOWN in calls or any(table not in before for table in TABLES):
        return True
    try:
        with logging.suppress_logging():
            for call in calls:
                now = _tree(env, builder, json.loads(call))
                with _tables(env, before):
                    then = _tree(env, builder, json.loads(call))
                if now != then:
                    return True
    except Exception:  # a tree that cannot be drawn again: write every page, as before
        return True
    return False


def _tree(env: BuildEnvironment, builder: Builder, kwargs: dict[str, Any]) -> str | None:
    """The tree a call draws, every branch open (what any page shows is part of it), as the
    HTML builder's `toctree()` makes it."""
    kwargs.pop("collapse", None)
    kwargs.setdefault("includehidden", False)
    if kwargs.get("maxdepth") == "":
        kwargs.pop("maxdepth")
    if "tags" in _PARAMETERS:
        kwargs["tags"] = builder.tags
    tree = global_toctree_for_doc(env, env.config.root_doc, builder, collapse=False, **kwargs)
    return None if tree is None else tree.pformat()


_PARAMETERS = inspect.signature(global_toctree_for_doc).parameters


@contextmanager
def _tables(env: BuildEnvironment, tables: dict[str, dict[str, Any]]) -> Iterator[None]:
    saved = {name: getattr(env, name) for name in TABLES}
    try:
        for name in TABLES:
            setattr(env, name, tables[name])
        yield
    finally:
        for name, table in saved.items():
            setattr(env, name, table)


def ancestors(env: BuildEnvironment, docnames: set[str]) -> set[str]:
    """The pages whose tables of contents include any of `docnames`, at any depth: their
    own text lists its headings in a `toctree`."""
    found: set[str] = set()
    queue = list(docnames)
    while queue:
        for parent in env.files_to_rebuild.get(queue.pop(), ()):
            if parent not in found:
                found.add(parent)
                queue.append(parent)
    return found
