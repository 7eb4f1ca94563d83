"""Markdown from Jinja templates, with every value escaped on its one way into the text.

Jinja's own escaping knows only HTML. Here `finalize` escapes every value a template prints
for Markdown instead, unless it is already `Markdown` (what the `md` filter and the formatting
filters return) or a macro's output (made of values escaped the same way). Autoescape is on
only so that Jinja marks macro output as finished text; `finalize` hands Jinja every value as
such, so Jinja's HTML escaping never changes a character. A name like `<script>` or
`[x](javascript:...)` therefore prints as text even where a template forgets the filter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from generators.paths import TEMPLATES_DIR

#: Characters that start Markdown (or MyST) syntax anywhere in a line: code, emphasis, links,
#: raw HTML and autolinks, table cells, headings, images, strikethrough, entities, roles, math.
SPECIAL = frozenset("\\`*_[]<>|#!~&{}$")
_SPACE = re.compile(r"\s+")


class Markdown(str):
    """Text that is already safe to place in Markdown: it is never escaped again."""

    __slots__ = ()


def escape(value: object) -> Markdown:
    """`value` as literal text in Markdown: special characters escaped, on one line."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    text = value.isoformat() if isinstance(value, date) else str(value)
    text = _SPACE.sub(" ", text).strip()  # a newline could start a heading or a list
    return Markdown("".join("\\" + char if char in SPECIAL else char for char in text))


def percent(value: float | None, digits: int = 1) -> Markdown:
    """0.4123 as `41.2%`; None (nothing to divide by) as an em dash."""
    return Markdown("—" if value is None else f"{value * 100:.{digits}f}%")


def signed(value: float | None, unit: str = "", digits: int = 0) -> Markdown:
    """A change with its sign (`+3`, `−1`, `±0`), None as an em dash."""
    if value is None:
        return Markdown("—")
    shown = f"{abs(value):.{digits}f}"
    if float(shown) == 0:
        return Markdown(f"±{shown}{unit}")
    return Markdown(f"{'+' if value > 0 else '−'}{shown}{unit}")


def points(value: float | None) -> Markdown:
    """A change of a fraction in percentage points: 0.031 as `+3.1 pp`."""
    return signed(None if value is None else value * 100, " pp", 1)


def count(number: int, singular: str, plural: str | None = None) -> Markdown:
    """`1 pairing`, `3 pairings`."""
    word = singular if number == 1 else (plural or singular + "s")
    return Markdown(f"{number} {escape(word)}")


def _finalize(value: Any) -> Markup:
    """Every printed value, escaped for Markdown and marked finished for Jinja."""
    if isinstance(value, Markup):  # a macro's output: its values were escaped inside it
        return value
    return Markup(escape(value))  # escaped for Markdown on this very line


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment for Markdown output (templates in `_templates/`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # only marks macro output as finished; `finalize` does the escaping
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Markdown]] = {
        "md": escape,
        "percent": percent,
        "signed": signed,
        "points": points,
        "count": count,
    }
    env.filters.update(filters)
    return env


def render(template: str, **context: Any) -> str:
    """Render `template` (a path under `_templates/`) to Markdown."""
    return environment().get_template(template).render(**context)
