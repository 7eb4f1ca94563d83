"""Put the book together: cover, contents and the site's pages, set by WeasyPrint as one PDF."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from generators.data import formats
from generators.data.approval import Approval, approval
from generators.data.safefile import write_atomically
from generators.paths import TEMPLATES, find_handbook, handbook_folder
from generators.pdf import arrange, bundled_fonts, editions, fonts, paging
from generators.pdf.cover import Cover, as_of_date, make_cover, source_revision
from generators.pdf.errors import PdfError
from generators.pdf.fetch import build_fetcher
from generators.pdf.links import repair_links
from generators.pdf.printable import Entry, prepare
from generators.pdf.singlehtml import SiteBuild, build_singlehtml, published_view
from generators.pdf.tagging import finish_tags
from generators.pdf.tree import (
    HEADINGS,
    add_class,
    classes,
    find_first,
    layout,
    parse_html,
    parse_html_string,
    write_html,
)
from generators.sphinxext.charts import print_sizes_css
from generators.sphinxext.render import typeset_value

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram

#: Paper sizes by the names the command accepts, as CSS `size` values.
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: The cover, contents, print stylesheet and fonts, under the handbook's templates; editors
#: change how the book looks there.
PDF_TEMPLATES = "pdf"
#: Every edition is a tagged PDF for assistive technology (ISO 14289-1): a structure tree in
#: reading order, the language, the title shown by viewers, alternative text for each chart.
PDF_VARIANT = "pdf/ua-1"
#: WeasyPrint messages worth passing on: resources that could not be loaded.
_RESOURCE_PROBLEM = re.compile(r"fail|error|unable|cannot", re.IGNORECASE)


@dataclass(frozen=True)
class Book:
    """The written PDF, and what the person building should know about it."""

    pdf: Path
    pages: int
    seconds: float
    notes: tuple[str, ...]


def slug(text: str) -> str:
    """`SRE Mentorship Handbook` → `sre-mentorship-handbook`: the PDF's file name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "handbook"


def paper_size(name: str) -> str:
    """The CSS page size for a paper name, or a usage error naming the choices."""
    size = PAPER_SIZES.get(name.strip().lower())
    if size is None:
        choices = " or ".join(PAPER_SIZES)
        raise PdfError(f"unknown paper size {name!r}: use {choices}", 2)
    return size


#: Width of the text on a page, portrait and landscape, in mm (print.css: 20 mm margins).
MEASURES: dict[str, tuple[float, float]] = {"A4": (170.0, 257.0), "letter": (175.9, 239.4)}


def output_path(output: Path, default_name: str) -> Path:
    """`--output` names the PDF; a folder (one that exists, or a name without `.pdf`) gets
    the edition's default file name inside it."""
    if output.is_dir() or output.suffix.lower() != ".pdf":
        return output / default_name
    return output


def make_book(
    srcdir: Path,
    output: Path,
    *,
    paper: str = "a4",
    as_of: str | None = None,
    program_dir: Path | None = None,
    strict_fonts: bool = False,
    edition: str = "full",
    templates: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Book:
    """Build the handbook in `srcdir` as the PDF `output` names (a file, or a folder for it)."""
    started = time.perf_counter()
    size = paper_size(paper)
    chosen = editions.edition(edition)
    date = as_of_date(as_of, environ)
    weasyprint = _import_weasyprint()
    fonts.require_system_fonts()
    # The pages are generated for the date on the cover, from the data the cover names.
    overrides = {"handbook_program_dir": str(program_dir.resolve())} if program_dir else {}
    with _work_folder(output) as work:
        # One folder an edition, so that editions can be built side by side.
        folder = "singlehtml" if chosen.name == "full" else f"singlehtml-{chosen.name}"
        site = build_singlehtml(
            srcdir, work / folder, overrides, {"HANDBOOK_AS_OF": date.isoformat()}
        )
        if site.warnings:
            shown = "\n".join(site.warnings[:20])
            raise PdfError(f"Sphinx reported {len(site.warnings)} warning(s):\n{shown}")
        view = published_view(site)
        # A status update is named for the staff meeting it is for, not the day it was made.
        meeting = view.update.meeting if chosen.report_only and view and view.update else None
        day = meeting or date
        pdf = output_path(output, chosen.file_name(slug(site.project), day.isoformat()))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        templates = templates or _print_templates(site, srcdir)
        book, notes = _compose(
            site, chosen, size, date, srcdir, templates, strict_fonts, view, meeting
        )
        html_path = site.index.parent / "book.html"
        steps = FIT_STEPS if chosen.report_only else ("",)
        with _weasyprint_messages() as messages:
            for step in steps:
                if step:
                    add_class(book, step)
                html_path.write_text(write_html(book), encoding="utf-8")
                document = _render(weasyprint, html_path, work)
                if len(document.pages) == 1:
                    break
            if chosen.report_only and len(document.pages) > 1:
                notes.append(f"the update runs to {len(document.pages)} pages even in 8 pt type")
            for _ in range(paging.MAX_LAYOUTS - 1):
                wrong = paging.wrong_numbers(document)
                if not wrong:
                    break
                paging.write_numbers(book, paging.anchor_pages(document))
                html_path.write_text(write_html(book), encoding="utf-8")
                document = _render(weasyprint, html_path, work)
            else:
                if paging.wrong_numbers(document):
                    notes.append("some page numbers in the contents or references are wrong")
            try:
                data = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tags)
            except Exception as error:  # WeasyPrint has no error hierarchy of its own
                raise PdfError(f"WeasyPrint failed: {type(error).__name__}: {error}") from None
        write_atomically(pdf, data)
    notes.extend(messages)
    return Book(pdf, len(document.pages), time.perf_counter() - started, tuple(notes))


def _render(weasyprint: Any, html_path: Path, work: Path) -> Any:
    """The laid-out document, for a tagged PDF."""
    try:
        html = weasyprint.HTML(filename=str(html_path), url_fetcher=build_fetcher(work))
        return html.render(pdf_variant=PDF_VARIANT)
    except Exception as error:  # WeasyPrint has no error hierarchy of its own
        raise PdfError(f"WeasyPrint failed: {type(error).__name__}: {error}") from None


def _print_templates(site: SiteBuild, srcdir: Path) -> Path:
    """The book's templates: under the templates `conf.py` names, else under `_templates/` of
    the handbook holding the sources (or, failing that, the current folder)."""
    if site.templates:
        return Path(site.templates) / PDF_TEMPLATES
    root = find_handbook(srcdir) or handbook_folder()
    return root / TEMPLATES / PDF_TEMPLATES


@contextmanager
def _work_folder(output: Path) -> Iterator[Path]:
    """Where Sphinx writes the single page: beside the PDF when `output` is a folder (to look
    at after a build), a temporary folder when it names a file."""
    if output.is_dir() or output.suffix.lower() != ".pdf":
        output.mkdir(parents=True, exist_ok=True)
        yield output
        return
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as folder:
        yield Path(folder)


def _compose(
    site: SiteBuild,
    chosen: editions.Edition,
    size: str,
    date: dt.date,
    srcdir: Path,
    templates: Path,
    strict_fonts: bool,
    view: PublishedProgram | None,
    meeting: dt.date | None,
) -> tuple[ET.Element, list[str]]:
    """The book as one HTML tree for the edition, and the notes on it."""
    page = parse_html(site.index)
    body = find_first(page, "div", role="main")
    if body is None:
        raise PdfError(f"{site.index} has no main content (<div role='main'>)")
    body.attrib = {"class": "handbook-content"}
    regions = layout(body, site.root_doc)
    docnames = site.docnames
    notes: list[str] = []
    # Where each id was before the edition left pages out: a link to one of them leads there.
    pages_of_ids = {
        str(element.get("id")): docname
        for element, docname in reversed(regions.elements)
        if element.get("id")
    }
    if chosen.report_only:
        body = _report_only(body, site.index)
        regions = layout(body, site.root_doc)
    elif chosen.chapters is not None:
        left_out = arrange.leave_out_pages(regions, set(chosen.chapters))
        docnames = docnames - left_out
        regions = layout(body, site.root_doc)
    arrange.leave_out_blocks(body, chosen.blocks_left_out)
    sections = chosen.sections_left_out + arrange.sections_not_kept(regions, chosen.sections_kept)
    sections_out = arrange.leave_out_sections(regions, sections)
    for name in sorted(set(sections) - sections_out):
        notes.append(f"the {chosen.name} edition leaves out {name!r}, which is not in the book")
    if sections_out or chosen.blocks_left_out:
        regions = layout(body, site.root_doc)
    unlinked = frozenset(site.docnames - docnames) | sections_out
    notes.extend(repair_links(regions, docnames, unlinked, site.site_url, pages_of_ids))
    contents, table_notes = prepare(body, regions, site.root_doc, MEASURES[size])
    notes.extend(table_notes)
    if chosen.numbers_in_appendix:
        appendix = arrange.numbers_to_appendix(body, tables_that_repeat=chosen.page_references)
        if appendix is not None:
            contents.append(appendix)
    if chosen.page_references:
        arrange.mark_page_references(body)
    arrange.cards_as_contents(body, {entry.target for entry in contents if entry.level == 1})
    arrange.anchor_titles(body)

    title = site.program_name or site.project
    organization = site.organization or site.author
    pack = approval(view) if chosen.approval and view is not None else None
    revision = source_revision(srcdir)
    cover = make_cover(title, organization, date, revision, chosen, pack, meeting)
    static = site.index.parent / "_static"
    static.mkdir(exist_ok=True)
    css = (templates / "print.css").read_text(encoding="utf-8") + print_sizes_css()
    (static / "handbook-print.css").write_text(css, encoding="utf-8")
    shutil.copytree(templates / bundled_fonts.FONTS, static / "handbook-fonts", dirs_exist_ok=True)
    stylesheets = [*_stylesheets(page), "_static/handbook-print.css"]
    frame = "update.html.jinja" if chosen.report_only else "book.html.jinja"
    language = site.language.replace("_", "-")  # en_US, as Sphinx spells it: en-US in HTML
    book = _assemble(
        templates, frame, cover, contents, stylesheets, size, language, body, chosen.name, pack
    )
    notes.extend(_font_notes(book, strict_fonts, templates / bundled_fonts.FONTS))
    return book, notes


def _report_only(body: ET.Element, index: Path) -> ET.Element:
    """The status report block alone, in a body of its own, its headings from `<h2>` down
    (the page may have set them deeper), so that each subheading is smaller than its parent."""
    report = next((el for el in body.iter("div") if "handbook-report" in classes(el)), None)
    if report is None:
        raise PdfError(f"{index} has no status report (the handbook-status-report block)")
    alone = ET.Element("div", {"class": "handbook-content"})
    report.tail = None
    alone.append(report)
    levels = [int(el.tag[1]) for el in report.iter() if el.tag in HEADINGS]
    shift = min(levels, default=2) - 2
    for element in report.iter():
        if element.tag in HEADINGS and shift:
            element.tag = f"h{min(6, int(element.tag[1]) - shift)}"
    return alone


#: The update fits one page: set first as the print stylesheet has it, then tighter, step by
#: step (print.css: `handbook-fit-N`), until it does; the last step still prints 8 pt type.
FIT_STEPS = ("", "handbook-fit-1", "handbook-fit-2", "handbook-fit-3")


def _import_weasyprint() -> Any:
    """WeasyPrint, or a message on what to install: it needs Pango from the system."""
    try:
        import weasyprint
    except ImportError:
        raise PdfError("WeasyPrint is not installed: pip install -e '.[pdf]'") from None
    except OSError as error:
        raise PdfError(
            f"WeasyPrint cannot load a system library ({error}): "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    return weasyprint


def _stylesheets(page: ET.Element) -> list[str]:
    """The page's own stylesheets (theme basics, sphinx-design, Pygments, the project's)."""
    head = page.find("head")
    links = head.iter("link") if head is not None else iter(())
    return [
        link.get("href", "").split("?", 1)[0]
        for link in links
        if "stylesheet" in (link.get("rel") or "").split() and link.get("href")
    ]


def _assemble(
    templates: Path,
    frame_name: str,
    cover: Cover,
    contents: list[Entry],
    stylesheets: list[str],
    size: str,
    language: str,
    body: ET.Element,
    edition: str,
    pack: Approval | None = None,
) -> ET.Element:
    """Render the book's frame from the template, then move the prepared body into it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=typeset_value,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        # A day machines read (the PDF's metadata): ISO, as written, never typeset.
        iso=lambda day: Markup(day.isoformat()),
        day=formats.day,
        status_label=formats.status_label,
        status_words=formats.status_words,
    )
    try:
        frame = env.get_template(frame_name).render(
            edition=edition,
            cover=cover,
            contents=contents,
            stylesheets=stylesheets,
            paper=size,
            language=language,
            approval=pack,
        )
    except jinja2.TemplateError as error:
        raise PdfError(f"{templates / frame_name}: {error}") from None
    book = parse_html_string(frame)
    main = find_first(book, "main")
    if main is None:
        raise PdfError(f"{templates / frame_name} has no <main> for the pages")
    main.append(body)
    return book


def _font_notes(book: ET.Element, strict: bool, bundled: Path | None = None) -> list[str]:
    """Characters neither the bundled fonts (in `bundled`, by default the handbook's found
    from the current folder) nor the machine's have: a warning, or an error."""
    bundled = bundled or handbook_folder() / TEMPLATES / PDF_TEMPLATES / bundled_fonts.FONTS
    coverage = bundled_fonts.coverage(bundled) | (fonts.installed_coverage() or frozenset())
    problems = [gap.message() for gap in fonts.missing_glyphs(book.itertext(), coverage)]
    if problems and strict:
        raise PdfError("; ".join(problems))
    return problems


@contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's log: resources it could not load become notes, the rest (CSS it
    ignores from the screen stylesheets) is dropped."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage()
            if record.levelno >= logging.ERROR or _RESOURCE_PROBLEM.search(text):
                messages.append(f"WeasyPrint: {text}")

    logger = logging.getLogger("weasyprint")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
