"""Put the book together: cover, contents and the site's pages, set by WeasyPrint as one PDF."""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generators.paths import TEMPLATES_DIR
from generators.pdf import fonts
from generators.pdf.cover import Cover, as_of_date, source_revision
from generators.pdf.errors import PdfError
from generators.pdf.links import repair_links
from generators.pdf.printable import Entry, prepare
from generators.pdf.singlehtml import build_singlehtml
from generators.pdf.tree import find_first, layout, parse_html, parse_html_string, write_html

#: Paper sizes by the names the command accepts, as CSS `size` values.
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: The cover, contents and print stylesheet; editors change how the book looks here.
PDF_TEMPLATES = TEMPLATES_DIR / "pdf"
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


def make_book(
    srcdir: Path,
    outdir: Path,
    *,
    paper: str = "a4",
    as_of: str | None = None,
    program_dir: Path | None = None,
    strict_fonts: bool = False,
    templates: Path = PDF_TEMPLATES,
    environ: Mapping[str, str] = os.environ,
) -> Book:
    """Build the handbook in `srcdir` as `outdir/<slug>.pdf`."""
    started = time.perf_counter()
    size = paper_size(paper)
    date = as_of_date(as_of, environ)
    weasyprint = _import_weasyprint()
    # The pages are generated for the date on the cover, from the data the cover names.
    overrides = {"handbook_program_dir": str(program_dir.resolve())} if program_dir else {}
    site = build_singlehtml(
        srcdir, outdir / "singlehtml", overrides, {"HANDBOOK_AS_OF": date.isoformat()}
    )
    if site.warnings:
        shown = "\n".join(site.warnings[:20])
        raise PdfError(f"Sphinx reported {len(site.warnings)} warning(s):\n{shown}")

    page = parse_html(site.index)
    body = find_first(page, "div", role="main")
    if body is None:
        raise PdfError(f"{site.index} has no main content (<div role='main'>)")
    body.attrib = {"class": "handbook-content"}
    regions = layout(body, site.root_doc)
    notes = repair_links(regions, site.docnames)
    contents = prepare(body, regions, site.root_doc)

    title = site.program_name or site.project
    organization = site.organization or site.author
    cover = Cover(title, organization, date, source_revision(srcdir))
    static = site.index.parent / "_static"
    static.mkdir(exist_ok=True)
    shutil.copyfile(templates / "print.css", static / "handbook-print.css")
    stylesheets = [*_stylesheets(page), "_static/handbook-print.css"]
    book = _assemble(templates, cover, contents, stylesheets, size, site.language, body)

    notes.extend(_font_notes(book, strict_fonts))
    html_path = site.index.parent / "book.html"
    html_path.write_text(write_html(book), encoding="utf-8")
    pdf = outdir / f"{slug(site.project)}.pdf"
    with _weasyprint_messages() as messages:
        try:
            document = weasyprint.HTML(filename=str(html_path)).render()
            partial = pdf.with_suffix(".pdf.partial")
            document.write_pdf(str(partial))
        except Exception as error:  # WeasyPrint has no error hierarchy of its own
            raise PdfError(f"WeasyPrint failed: {type(error).__name__}: {error}") from None
    partial.replace(pdf)
    notes.extend(messages)
    return Book(pdf, len(document.pages), time.perf_counter() - started, tuple(notes))


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
    cover: Cover,
    contents: list[Entry],
    stylesheets: list[str],
    size: str,
    language: str,
    body: ET.Element,
) -> ET.Element:
    """Render the book's frame from the template, then move the prepared body into it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    try:
        frame = env.get_template("book.html.jinja").render(
            cover=cover,
            contents=contents,
            stylesheets=stylesheets,
            paper=size,
            language=language,
        )
    except jinja2.TemplateError as error:
        raise PdfError(f"{templates / 'book.html.jinja'}: {error}") from None
    book = parse_html_string(frame)
    main = find_first(book, "main")
    if main is None:
        raise PdfError(f"{templates / 'book.html.jinja'} has no <main> for the pages")
    main.append(body)
    return book


def _font_notes(book: ET.Element, strict: bool) -> list[str]:
    coverage = fonts.installed_coverage()
    if coverage is None:
        return ["fontconfig's fc-list is not installed: cannot check that every name prints"]
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
