"""Markdown from Jinja templates, with every value escaped on its one way into the text.

Jinja's autoescape knows only HTML, so it is off. Instead `finalize` escapes every value a
template prints, unless it is already `Markdown` (what the `md` filter and the formatting
helpers return). A name like `<script>` or `[x](javascript:...)` therefore prints as text
even where a template forgets the filter. Anything a template builds from pieces (`~`, a
macro's output) is plain text again and is escaped once more: a mistake shows as a stray
backslash, never as live markup. So templates print values, and Python helpers returning
`Markdown` build the fragments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generators.data import formats
from generators.paths import templates_dir

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
    text = formats.day(value) if isinstance(value, date) else formats.in_format(str(value))
    text = _SPACE.sub(" ", text).strip()  # a newline could start a heading or a list
    return Markdown("".join("\\" + char if char in SPECIAL else char for char in text))


def percent(value: float | None) -> Markdown:
    """0.4123 as `41.2 %` (the data layer's one format); None as an em dash."""
    return Markdown(formats.percent(value))


def signed(value: float | None) -> Markdown:
    """A change with its sign (`+3`, `−1`, `±0`), None as an em dash."""
    return Markdown(formats.signed(value))


def points(value: float | None) -> Markdown:
    """A change of a fraction in percentage points: 0.031 as `+3.1 pts`."""
    return Markdown(formats.points(value))


def weekday(value: date) -> Markdown:
    """A day's weekday name, English whatever the machine's locale: `Wednesday`."""
    return Markdown(formats.weekday(value))


def number(value: float | None, fraction: bool = False) -> Markdown:
    """A figure: a fraction as a percentage, a count as a whole number (a pace: one decimal)."""
    return Markdown(formats.percent(value) if fraction else formats.count(value))


def change(value: float | None, fraction: bool = False) -> Markdown:
    """A figure's change: percentage points for a fraction, a signed whole number otherwise."""
    return points(value) if fraction else signed(value)


def count(number: int, singular: str, plural: str | None = None) -> Markdown:
    """`1 pairing`, `3 pairings`."""
    word = singular if number == 1 else (plural or singular + "s")
    return Markdown(f"{number} {escape(word)}")


def _finalize(value: Any) -> str:
    """Every printed value, escaped for Markdown unless it already is Markdown."""
    return escape(value)


def environment(templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for Markdown output from `templates` (a handbook's `_templates/`;
    by default the one found from the current folder, as the commands find `program/`)."""
    return _environment((templates or templates_dir()).resolve())


@cache
def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=False,  # HTML escaping would be wrong here; `finalize` escapes Markdown
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
        "number": number,
        "change": change,
        "weekday": weekday,
    }
    env.filters.update(filters)
    return env


#: Three or more line ends: blank lines a section left empty leaves behind.
_BLANK_LINES = re.compile(r"\n{3,}")


def render(template: str, templates_from: Path | None = None, **context: Any) -> str:
    """Render `template` (a path under `_templates/`; see `environment`) to Markdown, with the
    blank lines that sections left empty leave behind collapsed into one."""
    text = environment(templates_from).get_template(template).render(**context)
    return _BLANK_LINES.sub("\n\n", text)
