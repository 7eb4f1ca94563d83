"""The printed handbook's editions, built once per test process, and the rules every edition
keeps on every day: read back from the PDF (pypdf, PDFium) and the book's own HTML.

Each PDF build is the slowest thing the tests do, so an edition for a day is built once per
process (`printed`) and every test of that edition and day reads the same file.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from generators.pdf.book import Book, make_book

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Printed:
    """A built PDF, read back."""

    book: Book
    reader: PdfReader
    texts: list[str]
    day: str = ""
    edition: str = ""

    def page_of(self, needle: str) -> int:
        """The index of the first body page (after cover and contents) that holds `needle`."""
        return next(i for i, text in enumerate(self.texts) if needle in text and i >= 2)

    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, page index) of every bookmark, in order."""
        found: list[tuple[int, str, int]] = []

        def walk(items: list[Any], depth: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    found.append((depth, item.title, self.reader.get_destination_page_number(item)))

        walk(self.reader.outline, 1)
        return found

    @property
    def html(self) -> Path:
        """The book's HTML as WeasyPrint set it (beside the PDF: the tests build into folders)."""
        return next(self.book.pdf.parent.glob("singlehtml*/book.html"))


def read(book: Book, day: str = "", edition: str = "") -> Printed:
    reader = PdfReader(book.pdf)
    texts = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    return Printed(book, reader, texts, day, edition)


@contextmanager
def pdfium_pages(pdf: Path) -> Iterator[PdfDocument]:
    """`pdf` opened with PDFium, which reads each letter's font, size and box: its pages, by
    index or in a loop, and the file closed after (PDFium loaded then, not at collection)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        yield document
    finally:
        document.close()


_BUILT: dict[tuple[str, str], Printed] = {}


def printed(factory: pytest.TempPathFactory, edition: str, day: str) -> Printed:
    """The real handbook's `edition` as of `day`, from the real program, built once."""
    key = (edition, day)
    if key not in _BUILT:
        out = factory.mktemp(f"handbook-{edition}-{day}")
        book = make_book(
            REPO / "docs",
            out,
            program_dir=REPO / "program",
            environ={"HANDBOOK_AS_OF": day},
            edition=edition,
        )
        _BUILT[key] = read(book, day, edition)
    return _BUILT[key]


# -- Links and the contents -----------------------------------------------------------------


def link_annotations(reader: PdfReader) -> list[tuple[int, DictionaryObject]]:
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                found.append((index, annotation))
    return found


def destination_page(reader: PdfReader, annotation: DictionaryObject) -> int | None:
    """The page index an internal link goes to, or None when it goes nowhere."""
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if destination is None and action is not None and action.get("/S") == "/GoTo":
        destination = action.get("/D")
    if destination is None:
        return None
    if isinstance(destination, str):
        named = reader.named_destinations.get(str(destination))
        return None if named is None else reader.get_destination_page_number(named)
    array = destination.get_object()
    pages = [page.indirect_reference for page in reader.pages]
    target = array[0]
    return pages.index(target) if isinstance(target, IndirectObject) and target in pages else None


_CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def contents_mismatches(book: Printed) -> list[str]:
    """Each line of the contents whose printed number is not the page its title is on (the
    page its bookmark opens), or whose link lands elsewhere."""
    outline = {title: page for _, title, page in book.outline()}
    contents = [i for i, text in enumerate(book.texts[:6]) if "....." in text]
    annotations = link_annotations(book.reader)
    found = []
    with pdfium_pages(book.book.pdf) as pages:
        for index in contents:
            for line in book.texts[index].splitlines():
                match = _CONTENTS_LINE.match(line.strip())
                if match is None or match["title"] not in outline:
                    continue
                printed_page, on = int(match["page"]), outline[match["title"]] + 1
                if printed_page != on:
                    found.append(f"{match['title']}: printed {printed_page}, on {on}")
            page = pages[index]
            textpage = page.get_textpage()
            for _, annotation in (a for a in annotations if a[0] == index):
                target = destination_page(book.reader, annotation)
                _, bottom, _, top = (float(v) for v in annotation["/Rect"])
                covered = textpage.get_text_bounded(0, bottom + 1, page.get_width(), top - 1)
                match = _CONTENTS_LINE.match(" ".join(covered.split()))
                if match and target is not None and target + 1 != int(match["page"]):
                    lands = target + 1
                    found.append(
                        f"{match['title']}: link lands on {lands}, printed {match['page']}"
                    )
    return found


# -- Type sizes -----------------------------------------------------------------------------


def small_text(pdf: Path, points: float = 8.0) -> list[str]:
    """Letters printed under `points` (as set: font size times the page's and the chart's
    scale), with their page and the text around them; digits alone are footnote numbers."""
    import pypdfium2.raw as pdfium

    found = []
    matrix = pdfium.FS_MATRIX()
    with pdfium_pages(pdf) as pages:
        for number, page in enumerate(pages):
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            for index in range(textpage.count_chars()):
                if not text[index].isalpha():
                    continue
                size = pdfium.FPDFText_GetFontSize(textpage.raw, index)
                pdfium.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                if size * scale < points - 0.05:
                    context = " ".join(text[max(0, index - 20) : index + 20].split())
                    found.append(f"p. {number + 1}: {size * scale:.1f} pt in {context!r}")
                    break  # one a page is enough to say where
    return found


# -- What a page ends with ------------------------------------------------------------------


def last_lines(pdf: Path, margin_mm: float = 22.0) -> list[str]:
    """Each page's last line of body text (the lowest line above the foot margin)."""
    margin = margin_mm * 72 / 25.4
    found = []
    with pdfium_pages(pdf) as pages:
        for page in pages:
            textpage = page.get_textpage()
            lines: dict[int, list[tuple[float, str]]] = {}
            text = textpage.get_text_range()
            for index in range(textpage.count_chars()):
                left, bottom, _, top = textpage.get_charbox(index, loose=True)
                if bottom < margin or top > page.get_height() - margin or not text[index].strip():
                    continue
                lines.setdefault(round(bottom / 3), []).append((left, text[index]))
            if not lines:
                found.append("")
                continue
            lowest = sorted(lines[min(lines)])
            found.append("".join(char for _, char in lowest))
    return found


def _compact(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFC", text))


def stranded_introductions(book: Printed) -> list[str]:
    """Pages that end with a lead-in (a line ending in a colon) or a table's caption, cut off
    from the list or table they introduce."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(book.html.read_text(encoding="utf-8"), "html.parser")
    captions = [_compact(c.get_text(" ")) for c in soup.find_all("caption")]
    found = []
    for number, line in enumerate(last_lines(book.book.pdf), start=1):
        bare = _compact(line)
        if not bare:
            continue
        if bare.endswith(":") or any(c.startswith(bare) for c in captions if len(bare) > 8):
            found.append(f"p. {number} ends with {line!r}")
    return found


# -- Text outside the charts ----------------------------------------------------------------


def figure_boxes(reader: PdfReader) -> dict[int, list[tuple[float, float, float, float]]]:
    """Each page's charts, from the tagged PDF's /Figure elements: (left, bottom, right, top)
    in points (WeasyPrint writes a figure's box in CSS pixels from the page's top)."""
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    found: dict[int, list[tuple[float, float, float, float]]] = {}
    stack = [root.get_object()] if root is not None else []
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if not isinstance(kid, IndirectObject):
                continue
            child = kid.get_object()
            if not isinstance(child, DictionaryObject) or child.get("/Type") == "/OBJR":
                continue
            if child.get("/S") == "/Figure" and "/A" in child:
                index = pages[child.raw_get("/Pg").idnum]
                height = float(reader.pages[index].mediabox.height)
                x1, y1, x2, y2 = (float(v) * 0.75 for v in child["/A"]["/BBox"])
                found.setdefault(index, []).append((x1, height - y2, x2, height - y1))
            stack.append(child)
    return found


def body_texts(book: Printed) -> list[str]:
    """Each page's text, line by line, without the text of its charts (a chart's axis prints
    "Jan" above "2024" by design: that is not a date broken over two lines)."""
    boxes = figure_boxes(book.reader)
    texts = []
    with pdfium_pages(book.book.pdf) as pages:
        for number, page in enumerate(pages):
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            lines: dict[int, list[tuple[float, str]]] = {}
            for index in range(min(len(text), textpage.count_chars())):
                left, bottom, right, top = textpage.get_charbox(index, loose=True)
                x, y = (left + right) / 2, (bottom + top) / 2
                if any(a <= x <= c and b <= y <= d for a, b, c, d in boxes.get(number, ())):
                    continue
                if text[index] in "\r\n":
                    continue
                lines.setdefault(round(bottom / 3), []).append((left, text[index]))
            texts.append(
                "\n".join(
                    "".join(char for _, char in sorted(lines[key]))
                    for key in sorted(lines, reverse=True)
                )
            )
    return texts
