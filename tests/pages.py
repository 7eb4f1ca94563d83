"""How full each page of a printed book is, read from the PDF with PDFium, and the rule a
page's fill must keep.

A page's fill is how far down its text area the lowest thing on it (text, rule, table border,
chart) reaches, as a share of the text area's height; what the page margins carry (the running
head, the page number: artifacts in the tagged PDF) is not counted.

The rule: **no page is less than a fifth full, except a chapter's last page when the chapter
ran over onto it**: the page before is at least 70 % full and turned the same way, and the
last page still holds a few lines (three lines of body text, 5 % of the text area). A
one-sentence page after a page that ended early, or after a landscape chart, is a stranded
tail, whether or not the chapter ends there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from printed import pdfium_pages
from pypdf import PdfReader

MM = 72 / 25.4


#: The rule's numbers (see the module's docstring).
MIN_FILL = 0.2
FULL = 0.7
FEW_LINES = 0.05


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    fill: float
    ends_chapter: bool
    landscape: bool = False


def stranded(book: list[Page]) -> list[Page]:
    """The pages that break the rule."""
    found = []
    for before, page in zip([None, *book], book, strict=False):
        if page.fill >= MIN_FILL:
            continue
        ran_over = (
            page.ends_chapter
            and before is not None
            and before.fill >= FULL
            and before.landscape == page.landscape
            and page.fill >= FEW_LINES
        )
        if not ran_over:
            found.append(page)
    return found


def pages(pdf: Path, margins_mm: tuple[float, float] = (22.0, 22.0)) -> list[Page]:
    """Every page's fill, and whether it is the last page of a chapter (the next page is
    where a first-level bookmark leads, or there is none)."""
    reader = PdfReader(pdf)
    starts = {
        reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    top_margin, bottom_margin = (m * MM for m in margins_mm)
    found = []
    with pdfium_pages(pdf) as document:
        for index, page in enumerate(document):
            height = page.get_height()
            area_top, area_bottom = height - top_margin, bottom_margin
            lowest = area_top
            for item in page.get_objects(max_depth=1):
                _, bottom, _, top = item.get_bounds()
                if top <= area_bottom + 0.5 or bottom >= area_top - 0.5:
                    continue  # in a margin: the running head or the page number
                lowest = min(lowest, max(bottom, area_bottom))
            fill = (area_top - lowest) / (area_top - area_bottom)
            ends = index + 1 >= len(document) or index + 1 in starts
            landscape = page.get_width() > height
            found.append(Page(index + 1, round(fill, 3), ends, landscape))
    return found
