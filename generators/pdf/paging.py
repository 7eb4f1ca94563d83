"""Page numbers that equal the pages: the contents, "see p. 12" and the numbers' references.

The print stylesheet asks WeasyPrint for each number with `target-counter()`. WeasyPrint fills
those in while it lays the book out, and a number that grows a digit can reflow its line and
move a later chapter by a page after the contents were set: the contents then print the old
page. So the book is checked once laid out: every number printed after a link (the link's
`::after` text) against the page its target landed on. When one differs, the numbers are
written into the links (`data-page`, which print.css prints under `html.handbook-paged`) and
the book is laid out again, until they agree (one more layout in practice).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from generators.pdf.tree import add_class

#: The class on `<html>` that makes print.css print `data-page` instead of asking WeasyPrint.
PAGED = "handbook-paged"
#: Layouts at most: the first, and the ones after writing the numbers in.
MAX_LAYOUTS = 3
_NUMBER = re.compile(r"\d+")


def anchor_pages(document: Any) -> dict[str, int]:
    """Each anchor (an element's id) and the page (from 1) it is on, in a laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def printed_numbers(document: Any) -> Iterator[tuple[str, int]]:
    """(target id, number printed) for every link followed by a page number."""
    for page in document.pages:
        for box in _boxes(page._page_box):
            element, text = getattr(box, "element", None), getattr(box, "text", None)
            if not str(getattr(box, "element_tag", "")).endswith("::after"):
                continue  # the number is text of the link's ::after
            if element is None or element.tag != "a" or not isinstance(text, str):
                continue
            href = element.get("href") or ""
            numbers = _NUMBER.findall(text)
            if href.startswith("#") and numbers:
                yield href[1:], int(numbers[-1])


def wrong_numbers(document: Any) -> dict[str, int]:
    """The targets whose printed number is not their page: target → the right page."""
    pages = anchor_pages(document)
    return {
        target: pages[target]
        for target, printed in printed_numbers(document)
        if target in pages and pages[target] != printed
    }


def write_numbers(book: ET.Element, pages: dict[str, int]) -> None:
    """Write each link's page number into it, for print.css to print as written."""
    add_class(book, PAGED)
    for link in book.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] in pages:
            link.set("data-page", str(pages[href[1:]]))


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)
