"""The "Updates" section (one page per reporting date), and the files the site offers for
download: the program's calendar and its published data as JSON.

Update pages follow the autosummary pattern: a stub page per reporting date is written into
the source folder (`handbook_updates_dir`, kept out of version control) before Sphinx looks
for pages, and each stub holds one `handbook-status-report` block. Stubs are rewritten only
when their text changes, so incremental builds stay exact.

The section is grouped by year, newest first: a stub page a year (`<year>.md`) lists that
year's updates, and the section's page lists the years. The navigation then shows one entry a
year, and the updates of the year you are in, however many years of updates there are.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils.nodes import Node
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.other import TocTree
from sphinx.util import logging

from generators.data import formats
from generators.data.safefile import write_atomically
from generators.sphinxext import chart_fonts
from generators.sphinxext.blocks import Block, BlockOptionError
from generators.sphinxext.cache import data_files, program, published, sources
from generators.sphinxext.config import as_of, cache_dir, templates_dir
from generators.sphinxext.domain import domain
from generators.sphinxext.render import markdown, template_files
from generators.sphinxext.signature import coordinator_code

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram

logger = logging.getLogger(__name__)

STUB = """\
% Generated from program/ by the handbook's build: edit the data, not this page.

# Update for {title}

The mentorship program's update for {title}: what changed in the period before it,
the participation figures, progress against the targets, and what needs a decision.

```{{handbook-status-report}}
:date: {day:%Y-%m-%d}
```
"""
YEAR_STUB = """\
% Generated from program/ by the handbook's build: edit the data, not this page.

# Updates in {year}

The mentorship program's updates in {year}, newest first.

```{{handbook-updates}}
:year: {year}
```
"""
_STUB_NAME = re.compile(r"^\d{4}(-\d{2}-\d{2})?\.md$")
#: Printed in a block where the site's root folder goes; `<` never comes out of escaped data.
ROOT_TOKEN = "<!--handbook-root-->"
DOWNLOADS = {"calendar": "program.ics", "data": "program.json"}
#: The printed editions the published site carries (`python -m generators.publish` writes
#: them there, built the same day as the pages), by edition: their paths in the site.
PRINTED = {
    "full": "print/handbook.pdf",
    "offsite": "print/offsite-pack.pdf",
    "update": "print/latest-update.pdf",
}
DOWNLOAD_PARTS = ("printed", "calendar", "data")


#: Set by the printable handbook's build (`chart_fonts.for_print`): the book carries the
#: latest update, not every one.
PRINT_VARIABLE = chart_fonts.PRINT_VARIABLE


def leave_out_of_print(app: Sphinx, config: Config) -> None:
    """config-inited: in the printed book, the update pages are not part of the project."""
    if config.handbook_updates_dir and chart_fonts.for_print():
        config.exclude_patterns = [*config.exclude_patterns, f"{config.handbook_updates_dir}/*"]


def write_stubs(app: Sphinx) -> None:
    """builder-inited: one stub page per reporting date up to the as-of date."""
    folder_name = app.config.handbook_updates_dir
    if not folder_name or chart_fonts.for_print():
        return
    env = app.env
    files = data_files(env)
    day = as_of(env)
    folder = Path(app.srcdir) / folder_name
    marker = cache_dir(env) / "updates.signature"
    key = f"{files.signature} {day.isoformat()} {folder}"
    if marker.is_file() and marker.read_text() == key and folder.is_dir():
        return
    from generators.data.metrics import reporting_dates

    dates = reporting_dates(program(env), day)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{d.isoformat()}.md": STUB.format(day=d, title=formats.day(d)) for d in dates}
    wanted |= {f"{year}.md": YEAR_STUB.format(year=year) for year in {d.year for d in dates}}
    for name, text in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text.encode())  # another build may be reading it
    for path in folder.iterdir():
        if _STUB_NAME.match(path.name) and path.name not in wanted:
            path.unlink()  # a reporting date later than the as-of date, or a changed cadence
    marker.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(marker, key.encode())


class StatusReport(Block):
    """The staff-meeting update for one reporting date, the same text `handbook report` prints."""

    template = "blocks/status-report.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "date": directives.unchanged,
        "heading-offset": lambda value: directives.choice(value, ("0", "1", "2")),
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.coordinator.report import (
            TEMPLATE,
            NoReportingDate,
            build_report,
            render_report,
        )

        # The Markdown the update is rendered from, and the code that renders it, beside the
        # block's own template (`Block.run`): editing either reads the page again.
        for path in (*template_files(templates_dir(self.env), TEMPLATE), *coordinator_code()):
            self.env.note_dependency(str(path))
        raw = self.options.get("date")
        try:
            day = date.fromisoformat(raw) if raw else view.as_of
        except ValueError:
            raise BlockOptionError(f"date: expected YYYY-MM-DD; found {raw!r}") from None
        try:
            report = self.derived(build_report, day)
        except NoReportingDate as error:
            raise BlockOptionError(str(error)) from None
        text = render_report(report, templates_dir(self.env))
        body = text.split("\n", 1)[1] if text.startswith("# ") else text  # the page has a title
        html = _nest(str(markdown(body)), int(self.options.get("heading-offset", 0)))
        return {"report": report, "body": Markup(html)}


def _nest(html: str, offset: int) -> str:
    """The report's own HTML: headings moved down `offset` levels, tables that scroll alone,
    each scrolling region named after the heading above it."""
    if offset:
        html = re.sub(r"<(/?)h([1-4])>", lambda m: f"<{m[1]}h{int(m[2]) + offset}>", html)
    parts: list[str] = []
    heading = "Figures"
    for piece in re.split(r"(<h[1-6]>.*?</h[1-6]>|<table>)", html):
        found = re.fullmatch(r"<h[1-6]>(.*?)</h[1-6]>", piece)
        if found:
            heading = found[1]  # already escaped HTML text, safe inside an attribute
        elif piece == "<table>":
            piece = (
                f'<div class="handbook-table-scroll" role="region" aria-label="{heading}" '
                'tabindex="0"><table class="handbook-table docutils">'
            )
        parts.append(piece)
    return "".join(parts).replace("</table>", "</table></div>")


class UpdatesIndex(TocTree):
    """The table of contents of the update pages by year, newest first, or with `:year:` of
    one year's updates (nothing in the printed book)."""

    has_content = False
    option_spec = {**TocTree.option_spec, "year": directives.nonnegative_int}  # noqa: RUF012

    def run(self) -> list[Node]:
        folder = self.config.handbook_updates_dir
        if not folder:
            logger.warning(
                "handbook-updates needs handbook_updates_dir in conf.py",
                location=self.get_location(),
                type="handbook",
                subtype="config",
            )
            return []
        if chart_fonts.for_print():
            return []
        from generators.data.metrics import reporting_dates
        from generators.data.reads import Reads

        reads = Reads(sources(self.env))
        days = reads.derived(reporting_dates, reads.view.as_of)
        domain(self.env).note_reads(self.env.docname, reads.recorded())
        year = self.options.pop("year", None)
        if year is None:  # the section: its years, each with its updates below it
            years = sorted({d.year for d in days}, reverse=True)
            entries = [f"{y} </{folder}/{y}>" for y in years]  # "2026" in the navigation
            self.options.setdefault("maxdepth", 2)
        else:
            # The day alone, under its year in the navigation (the page's title has more).
            entries = [
                f"{formats.day(d)} </{folder}/{d.isoformat()}>"
                for d in reversed(days)
                if d.year == year
            ]
            self.options.setdefault("maxdepth", 1)
        self.content = StringList(entries)
        return super().run()


class Downloads(Block):
    """Links to the calendar and the published data, which the build writes beside the pages,
    and to the printed editions where the site carries them (`handbook_printed`); `:show:`
    picks some of printed, calendar, data."""

    template = "blocks/downloads.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "show": directives.unchanged,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        show = self.choice_list("show", DOWNLOAD_PARTS, DOWNLOAD_PARTS)
        if {"calendar", "data"} & set(show):
            domain(self.env).downloads.add(self.env.docname)
        printed = self.config.handbook_printed and "printed" in show
        return {
            "show": show,
            "calendar": Markup(ROOT_TOKEN) + DOWNLOADS["calendar"],
            "data": Markup(ROOT_TOKEN) + DOWNLOADS["data"],
            "printed": {k: Markup(ROOT_TOKEN) + v for k, v in PRINTED.items()} if printed else {},
        }


def root_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: point download links at the site's root from any page depth."""
    body = context.get("body")
    if isinstance(body, str) and ROOT_TOKEN in body:
        root = context["pathto"]("", 1)
        prefix = "" if root in ("", ".", "#") else root.rstrip("/") + "/"
        context["body"] = body.replace(ROOT_TOKEN, prefix)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the calendar and program.json in the site (only when the data moved)."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    outdir = Path(app.outdir)
    marker = cache_dir(env) / "downloads.signature"
    if not domain(env).downloads:  # no page offers them: a clean build has none to name anyone
        for path in (outdir / DOWNLOADS["calendar"], outdir / DOWNLOADS["data"], marker):
            path.unlink(missing_ok=True)
        return
    files = data_files(env)
    key = f"{files.signature} {as_of(env).isoformat()} {outdir}"
    targets = [outdir / name for name in DOWNLOADS.values()]
    if marker.is_file() and marker.read_text() == key and all(p.is_file() for p in targets):
        return
    view, _ = published(env)
    from generators.coordinator.calendar import calendar_bytes, dtstamp
    from generators.coordinator.export import write_program_json

    write_atomically(outdir / DOWNLOADS["calendar"], calendar_bytes(view, dtstamp(view.as_of)))
    write_program_json(view, outdir / DOWNLOADS["data"])
    write_atomically(marker, key.encode())
