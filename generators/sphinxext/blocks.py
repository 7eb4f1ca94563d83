"""The base of every generated block: a directive that says where, a template that says how.

A block names its template and makes the template's context from the published view; the
base class hands it the view through an accessor that notes what it reads (see
`generators.data.reads`: what a page depends on is recorded, never declared), draws charts
and renders the template into nodes.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from generators.sphinxext import chart_fonts, tracking
from generators.sphinxext.cache import sources
from generators.sphinxext.charts import Chart, Drawer, chart_file, relative_uri, table_rows
from generators.sphinxext.config import chart_cache, templates_dir
from generators.sphinxext.domain import domain
from generators.sphinxext.render import node_slot, render, template_files

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram
    from generators.data.reads import Reads

logger = logging.getLogger(__name__)
T = TypeVar("T")


class BlockOptionError(ValueError):
    """A directive option a reader mistyped; reported as a warning at the directive."""


class Block(SphinxDirective):
    """Subclasses set `template` and implement `context`.

    `context` gets the published view as an accessor that notes every read, and makes the
    template's variables from it; the template reads through the same accessor (`view`, and
    `as_of`, read only if the template uses it). A figure the view does not hold comes from
    `derived`. The page is read again exactly when something read this way changes.
    """

    template: ClassVar[str]
    has_content = False
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        from generators.data.reads import Lazy, Reads

        templates = templates_dir(self.env)
        for template in template_files(templates, self.template):
            self.env.note_dependency(template)
        self._inserts: list[nodes.Node] = []
        self._reads = reads = Reads(sources(self.env))
        view = reads.view
        try:
            context = self.context(view)
            context.setdefault("view", view)
            context.setdefault("as_of", Lazy(lambda: view.as_of))
            block_class = " ".join(
                ["handbook-" + self.name.removeprefix("handbook-"), *self.options.get("class", [])]
            )
            return render(templates, self.template, context, self._inserts, block_class=block_class)
        except BlockOptionError as error:
            logger.warning(
                f"{self.name}: {error}",
                location=self.get_location(),
                type="handbook",
                subtype="option",
            )
            return []
        finally:
            domain(self.env).note_reads(self.env.docname, reads.recorded())

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------------------------

    @property
    def reads(self) -> Reads:
        """What this block has read so far (set while the block runs)."""
        return self._reads

    def derived(self, function: Callable[..., T], *args: Hashable) -> T:
        """`function(program, *args)`: a figure the published view does not hold, noted by
        name, arguments and result (see `Reads.derived`)."""
        return self._reads.derived(function, *args)

    def chart(
        self,
        kind: str,
        data: Any,
        draw: Drawer,
        *,
        alt: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        size: tuple[float, float] = (7.0, 3.0),
    ) -> Chart:
        """Draw (or reuse) a chart and return it for the template's `chart.slot`."""
        directory = chart_cache(self.env)
        if chart_fonts.for_print():  # the book's fonts, from the templates conf.py names
            chart_fonts.register_print_fonts(templates_dir(self.env) / "pdf" / "fonts")
        path = chart_file(directory, kind, data, draw, size=size)
        chart = Chart(
            index=len(self._inserts),
            path=path,
            uri=relative_uri(path, Path(self.env.srcdir), self.env.docname),
            alt=alt,
            headers=tuple(headers),
            rows=table_rows(rows),
        )
        self._inserts.append(
            nodes.image(
                uri=chart.uri, alt=alt, candidates={"*": chart.uri}, classes=["handbook-chart"]
            )
        )
        return chart

    def link(
        self,
        target: str,
        text: str,
        *,
        kind: str = "ref",
        about: str | None = None,
        optional: bool = False,
    ) -> Markup:
        """A cross-reference Sphinx resolves per builder: `kind` "ref" (a label) or "doc".

        Unknown targets warn like any broken reference in a page; with `about` (what the link
        belongs to, such as a timeline item), the warning names it and the text stays unlinked.
        An `optional` link to a target the handbook does not hold is the text alone, silently.
        """
        reftarget = "/" + target.lstrip("/") if kind == "doc" else target
        if kind == "doc":
            tracking.note_link(self.env, reftarget.lstrip("/"))
        reference = addnodes.pending_xref(
            "",
            nodes.inline("", text),
            refdomain="std",
            reftype=kind,
            reftarget=reftarget,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(reference)
        if about is not None:
            reference["handbook_about"] = about
        if optional:
            reference["handbook_optional"] = True
        self._inserts.append(nodes.inline("", "", reference, classes=["handbook-link"]))
        return node_slot(len(self._inserts) - 1)

    def register_anchor(self, name: str, title: str) -> None:
        """`name` as a label of this page that any page can link to, unless another page
        already holds it (then the block asks for `:no-anchors:` on its copy)."""
        std = self.env.domains.standard_domain
        if name in std.labels and std.labels[name][0] != self.env.docname:
            raise BlockOptionError(
                f"'{name}' is already an anchor on page '{std.labels[name][0]}'; add "
                ":no-anchors: to this copy"
            )
        std.note_hyperlink_target(name, self.env.docname, name, title)

    def choice_list(self, option: str, allowed: Sequence[str], default: Sequence[str]) -> list[str]:
        """A comma-separated option whose every item must be one of `allowed`."""
        raw = self.options.get(option)
        if raw is None:
            return list(default)
        chosen = [item.strip() for item in str(raw).split(",") if item.strip()]
        for item in chosen:
            if item not in allowed:
                close = difflib.get_close_matches(item, allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise BlockOptionError(
                    f"unknown {option} '{item}' (expected some of: {', '.join(allowed)}){hint}"
                )
        return chosen


def unresolved_link(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """missing-reference: a block's link to a missing page warns naming what it belongs to;
    an optional link is its text alone."""
    if node.get("handbook_optional"):
        return contnode
    about = node.get("handbook_about")
    if about is None:
        return None
    target = str(node["reftarget"]).lstrip("/")
    what = "page" if node["reftype"] == "doc" else "target"
    hint = " (name the page without '.md')" if target.endswith(".md") else ""
    logger.warning(
        f"{about}: {what} '{target}' is not in the handbook{hint}",
        location=node,
        type="handbook",
        subtype="link",
    )
    return contnode
