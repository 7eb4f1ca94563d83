"""Jinja templates in `_templates/blocks/` → HTML fragments → docutils nodes.

Autoescaping is on for every template, so a value from YAML reaches the page only as text:
`<script>`, `{eval-rst}`, a pipe, a backtick, `{{ 7*7 }}` all print as themselves. Markdown
fields go through markdown-it with raw HTML disabled and unsafe link schemes refused.
The fragments become raw HTML nodes, which nothing parses again; charts become image nodes,
so Sphinx copies them for every HTML builder and the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from docutils import nodes
from markupsafe import Markup

from generators.data import formats
from generators.data.readable import markdown_parser
from generators.data.reads import Lazy

_NODE_MARK = re.compile(r"<!--handbook-node:(\d+)-->")


class _Context(jinja2.runtime.Context):
    """A template's variables; a `Lazy` one is computed when the template first uses it."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        return value.compute() if isinstance(value, Lazy) else value


@lru_cache(maxsize=4)
def environment(templates: Path) -> jinja2.Environment:
    """One Jinja environment a templates folder, shared by every block."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        finalize=typeset_value,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.context_class = _Context
    env.filters.update(
        markdown=markdown,
        day=format_day,
        weekday=formats.weekday,
        percent=format_percent,
        signed=format_signed,
        plural=plural,
    )
    return env


def typeset_value(value: Any) -> Any:
    """Every text a template prints, its figures in the one format (`formats.in_format`);
    markup already made (a chart, rendered Markdown) and addresses are left as they are."""
    if isinstance(value, str) and not isinstance(value, Markup) and not _address(value):
        return formats.in_format(value)
    return value


def _address(value: str) -> bool:
    """A link's target (a URL, a path, an anchor): machines read it, as written."""
    return (
        "://" in value
        or value.startswith(("/", "#", ".", "mailto:", "webcal:"))
        or ("/" in value and " " not in value)
    )


def template_files(templates: Path, name: str) -> list[Path]:
    """The template and the macros it imports: the files a page depends on."""
    env = environment(templates)
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    found = [Path(filename)] if filename else []
    for other in re.findall(
        r"""{%-?\s*(?:import|from|include|extends)\s+["']([^"']+)["']""", source
    ):
        found.extend(template_files(templates, other))
    return found


def render(
    templates: Path,
    name: str,
    context: Mapping[str, Any],
    inserts: Sequence[nodes.Node] = (),
    *,
    block_class: str = "",
) -> list[nodes.Node]:
    """Render template `name` into nodes; each `node_slot(i)` becomes `inserts[i]`.

    Inserts are real nodes (chart images, cross-references) that Sphinx resolves for each
    builder; everything else is the template's escaped HTML.
    """
    html = environment(templates).get_template(name).render(**context)
    container = nodes.container(classes=["handbook-block", *filter(None, [block_class])])
    position = 0
    for match in _NODE_MARK.finditer(html):
        _raw(container, html[position : match.start()])
        container += inserts[int(match.group(1))].deepcopy()
        position = match.end()
    _raw(container, html[position:])
    return [container]


def _raw(container: nodes.Element, html: str) -> None:
    if html.strip():
        container += nodes.raw("", html, format="html")


def node_slot(index: int) -> Markup:
    """The marker a template prints where insert number `index` goes."""
    return Markup(f"<!--handbook-node:{int(index)}-->")


def markdown(text: str | None) -> Markup:
    """Markdown as safe HTML (tables included): raw HTML is escaped, javascript: links refused.

    Used for Markdown fields from YAML and for the status report's own Markdown alike.
    """
    if not text:
        return Markup("")
    return Markup(display_parser().render(text))


@lru_cache(maxsize=1)
def display_parser() -> Any:
    """The handbook's Markdown parser, with the prose it shows typeset (`formats.typeset`):
    code is left as written."""
    parser = markdown_parser()

    def typeset_text(state: Any) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "text":
                    child.content = formats.typeset(child.content)

    parser.core.ruler.push("handbook_typeset", typeset_text)
    return parser


def format_day(value: date | None) -> str:
    """A day as every output prints it (the data layer's one format, "27 Nov 2026")."""
    return formats.day(value)


def format_percent(value: float | None) -> str:
    """A fraction as a percentage, in the data layer's one format ("47.6 %")."""
    return formats.percent(value)


def format_signed(value: float | None, *, percent: bool = False) -> str:
    """+3, −2, ±0; with `percent`, percentage points in the data layer's format: +12.3 pts."""
    return formats.points(value) if percent else formats.signed(value)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`3 mentees`, `1 mentee`."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
