"""The rules every printed edition keeps, on any day: a module that imports them all
(`from edition_rules import *`) runs them on every edition as of its own `DAY`, through the
`edition_book` fixture, reusing the builds its other tests read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pdfua
import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from pages import pages, stranded
from printed import (
    Printed,
    contents_mismatches,
    pdfium_pages,
    printed,
    small_text,
    stranded_introductions,
)

from generators.data import formats
from generators.data.load import load_program
from generators.data.reporting import update_for
from generators.pdf.editions import EDITIONS

#: The update has margins of its own (print.css: `@page update`).
MARGINS = {"update": (14.0, 14.0)}


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition_book(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Printed:
    """Each edition as of the importing module's `DAY`: the rules below run on them."""
    return printed(tmp_path_factory, request.param, request.module.DAY)


def _compact(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFC", text))


def _soup(book: Printed) -> BeautifulSoup:
    return BeautifulSoup(book.html.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_contents_numbers_and_links_are_the_pages(edition_book: Printed) -> None:
    """Every line of the contents prints the page its title is on, and its link lands there."""
    if EDITIONS[edition_book.edition].report_only:
        pytest.skip("the update has no contents")
    assert contents_mismatches(edition_book) == []


@pytest.mark.slow
def test_no_page_is_stranded(edition_book: Printed) -> None:
    """The rule of `pages`: no page under a fifth full, but a chapter's run-over last page."""
    margins = MARGINS.get(edition_book.edition, (22.0, 22.0))
    found = stranded(pages(edition_book.book.pdf, margins))
    assert [(page.number, page.fill) for page in found] == []


@pytest.mark.slow
def test_the_update_fits_one_page(edition_book: Printed) -> None:
    """The status update is one page, with nothing to note, on every day a module builds."""
    if not EDITIONS[edition_book.edition].report_only:
        pytest.skip("only the update has a page limit")
    pages = len(edition_book.texts)
    assert pages == 1, f"the update for {edition_book.day} runs to {pages} pages"
    assert edition_book.book.notes == ()


@pytest.mark.slow
def test_no_caption_or_lead_in_ends_a_page(edition_book: Printed) -> None:
    """A table's caption, or a line ending in a colon, never ends a page apart from what
    follows it (the book's last page aside: nothing follows there)."""
    found = stranded_introductions(edition_book)
    last = len(edition_book.texts)
    assert [f for f in found if not f.startswith(f"p. {last} ")] == []


@pytest.mark.slow
def test_no_text_prints_under_8_pt(edition_book: Printed) -> None:
    """Captions, notes, tables and the text of charts as printed (footnote numbers aside)."""
    assert small_text(edition_book.book.pdf) == []


@pytest.mark.slow
def test_every_edition_is_a_tagged_pdf(edition_book: Printed) -> None:
    """PDF/UA-1: structure tree, language, title shown, alternative text on every chart."""
    findings = pdfua.check(edition_book.book.pdf)
    assert findings.problems == []
    assert findings.elements > 0 and findings.marked > 0  # the rules had something to check
    catalog = edition_book.reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == "en-US"
    charts = _soup(edition_book).select("img.handbook-chart")
    assert findings.figures >= len(charts)
    assert all(str(chart.get("alt", "")).strip() for chart in charts)
    title = _soup(edition_book).title
    assert title is not None
    assert edition_book.reader.metadata.title == title.get_text()


@pytest.mark.slow
def test_title_cover_and_file_name_say_edition_and_day(edition_book: Printed) -> None:
    """The book's day; a status update's is the staff meeting it is for, by the data's rule."""
    edition = EDITIONS[edition_book.edition]
    day = dt.date.fromisoformat(edition_book.day)
    if edition.report_only:
        update = update_for(load_program(REPO / "program", today=dt.date.today()), day)
        assert update is not None
        day = update.meeting
    title = str(edition_book.reader.metadata.title)
    assert edition.label.lower() in title and formats.day(day) in title
    assert edition.label in edition_book.texts[0] or edition.label.lower() in edition_book.texts[0]
    assert formats.day(day) in edition_book.texts[0]
    name = edition_book.book.pdf.name
    assert day.isoformat() in name and (edition.name in name or edition.name == "full")


_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_LONG_MONTH = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|June|July|August|September|October|November|"
    r"December) \d{4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}"
)


def prose(pdf: Path) -> str:
    """The book's text except code (set in the mono font) and printed addresses."""
    import ctypes

    import pypdfium2.raw as pdfium

    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    lines = []
    with pdfium_pages(pdf) as document:
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            kept = []
            for index in range(min(len(text), textpage.count_chars())):
                pdfium.FPDFText_GetFontInfo(textpage.raw, index, name, 256, ctypes.byref(flags))
                if b"Mono" not in name.value:
                    kept.append(text[index])
            lines.extend("".join(kept).splitlines())
    return "\n".join(line for line in lines if "http" not in line and ".html" not in line)


@pytest.mark.slow
def test_dates_and_percentages_print_in_the_one_format(edition_book: Printed) -> None:
    """Days as "5 Dec 2026" in prose and tables (ISO only in code and addresses), percentages
    as "47.6 %"."""
    text = prose(edition_book.book.pdf)
    assert _ISO.findall(text) == []
    assert _LONG_MONTH.findall(text) == []
    assert re.findall(r"\d%", text) == []


@pytest.mark.slow
def test_page_references_follow_their_phrase(edition_book: Printed) -> None:
    """The books print page references ("see p. 12"), after the phrase a link ends."""
    if EDITIONS[edition_book.edition].report_only:
        pytest.skip("the update links nowhere inside itself")
    text = " ".join(" ".join(page.split()) for page in edition_book.texts)
    assert re.search(r"\(see p\.\s?\d+\)", text)
    assert re.findall(r"\(see p\.\s?\d+\)(?:['’]s| page)", text) == []


@pytest.mark.slow
def test_web_only_words_are_not_printed(edition_book: Printed) -> None:
    text = _compact(" ".join(edition_book.texts))
    for words in ("copy button", "Edit this page", "click"):
        assert _compact(words) not in text, words


@pytest.mark.slow
def test_chart_text_is_text_in_the_books_fonts(edition_book: Printed) -> None:
    """Each chart's words are text in the PDF, set in the bundled fonts (as all text is)."""
    text = _compact(" ".join(edition_book.texts))
    folder = edition_book.html.parent
    for image in _soup(edition_book).select("img.handbook-chart"):
        svg = (folder / str(image["src"])).read_text(encoding="utf-8")
        words = [_compact(w) for w in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
        assert words, f"{image['src']} draws its text as outlines"
        missing = [w for w in words if w and w not in text]
        assert missing == [], image["src"]


#: What `from edition_rules import *` brings: the fixture and every rule (a rule added above is
#: run by every module that imports them, with no list to keep).
__all__ = ["edition_book", *(name for name in list(globals()) if name.startswith("test_"))]
