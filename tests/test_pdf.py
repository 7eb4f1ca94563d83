"""The printable handbook: one PDF with cover, contents, bookmarks and live links, from the
same sources as the site. Each PDF is built once per session and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build
from edition_rules import *  # noqa: F403 (the rules every edition keeps, run here as of DAY)
from printed import (
    Printed,
    body_texts,
    destination_page,
    link_annotations,
    printed,
    read,
)
from pypdf import PdfReader

from generators.cli import main
from generators.data import formats
from generators.data.load import load_program
from generators.data.reporting import update_for
from generators.pdf import bundled_fonts, fonts
from generators.pdf.book import _font_notes, make_book, slug
from generators.pdf.cover import as_of_date
from generators.pdf.errors import PdfError
from generators.pdf.links import repair_links
from generators.pdf.tree import layout, parse_html_string

SAMPLE = Path(__file__).parent / "roots" / "pdf-sample"
#: The day the real handbook's editions are built for here (other days: test_pdf_eve.py,
#: test_print_charts.py).
DAY = "2025-03-31"
AS_OF = {"HANDBOOK_AS_OF": DAY}


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The small project with every element, copied out of git (so: "unversioned")."""
    work = tmp_path_factory.mktemp("pdf-sample")
    shutil.copytree(SAMPLE, work / "src")
    return read(make_book(work / "src", work / "out", environ=AS_OF))


@pytest.fixture(scope="session")
def handbook_pdf(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The real handbook, with the real program data."""
    return printed(tmp_path_factory, "full", DAY)


@pytest.fixture(scope="session")
def offsite_pdf(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return printed(tmp_path_factory, "offsite", DAY)


@pytest.fixture(scope="session")
def update_pdf(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return printed(tmp_path_factory, "update", DAY)


def _compact(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so that hyphenation does not matter."""
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFC", text))


def _images(resources: Any) -> Iterator[str]:
    """Subtypes of every XObject a page draws, looking inside form XObjects."""
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for xobject in xobjects.get_object().values():
        xobject = xobject.get_object()
        yield str(xobject.get("/Subtype"))
        if xobject.get("/Subtype") == "/Form":
            yield from _images(xobject.get("/Resources"))


def _text_positions(reader: PdfReader, index: int) -> dict[str, tuple[float, float]]:
    """Where each piece of text on a page starts (x, y in points)."""
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            positions.setdefault(unicodedata.normalize("NFC", text.strip()), (x, y))

    reader.pages[index].extract_text(visitor_text=visit)
    return positions


# -- The small project ------------------------------------------------------------------------


def test_sample_builds_without_notes_and_names_the_file_by_project(sample_pdf: Printed) -> None:
    assert sample_pdf.book.notes == ()
    assert sample_pdf.book.pdf.name == "sample-mentorship-handbook-2025-03-31.pdf"
    assert 8 <= len(sample_pdf.reader.pages) <= 16


def test_cover_names_program_organization_date_and_revision(sample_pdf: Printed) -> None:
    cover = sample_pdf.texts[0]
    assert "Sample Mentorship" in cover and "Handbook" in cover
    assert "SAMPLE WORKING GROUP" in cover.upper()
    assert "31 Mar 2025" in cover
    assert "unversioned" in cover
    assert not re.search(r"\d+ / \d+", cover)


def test_bookmarks_hold_every_chapter_and_section(sample_pdf: Printed) -> None:
    outline = sample_pdf.outline()
    chapters = [title for depth, title, _ in outline if depth == 1]
    assert chapters == [
        "Contents",
        "Sample Mentorship Handbook",
        "People and roles",
        "Session catalog",
        "Charts",
        "Glossary",
    ]
    sections = {title for depth, title, _ in outline if depth == 2}
    assert {"Who leads", "How to join", "All sessions", "A chart as a raw fragment"} <= sections


def test_each_chapter_starts_on_a_page_of_its_own(sample_pdf: Printed) -> None:
    pages = [page for depth, _, page in sample_pdf.outline() if depth == 1]
    assert pages == sorted(set(pages))


def test_contents_page_numbers_match_where_chapters_start(sample_pdf: Printed) -> None:
    contents = sample_pdf.texts[1]
    for depth, title, page in sample_pdf.outline():
        if depth == 1 and title != "Contents":
            assert re.search(rf"{re.escape(title)}\s*\.+\s*{page + 1}\b", contents), title


def test_body_pages_carry_page_numbers_and_running_chapter_titles(sample_pdf: Printed) -> None:
    total = len(sample_pdf.texts)
    for index, text in enumerate(sample_pdf.texts[2:], start=2):
        assert f"{index + 1} / {total}" in text
        assert "Sample Mentorship Handbook" in text
    catalog_rows = sample_pdf.page_of("Follow-up on item 60")
    assert "Session catalog" in sample_pdf.texts[catalog_rows]


def test_non_ascii_and_cjk_names_print_as_text(sample_pdf: Printed) -> None:
    people = sample_pdf.texts[sample_pdf.page_of("Who leads")]
    assert "Zoë Ångström" in people
    assert "李小龍" in people
    assert "Ramón Núñez" in people


def test_every_tab_panel_prints_under_its_label(sample_pdf: Printed) -> None:
    page = sample_pdf.texts[sample_pdf.page_of("How to join")]
    for label, panel in [
        ("Mentors", "Mentor panel"),
        ("Mentees", "Mentee panel"),
        ("Managers", "Manager panel"),
    ]:
        assert label in page and panel in page
        assert page.index(label) < page.index(panel)


def test_cards_of_a_grid_stand_side_by_side(sample_pdf: Printed) -> None:
    positions = _text_positions(sample_pdf.reader, sample_pdf.page_of("Who leads"))
    (x1, y1), (x2, y2) = positions["Zoë Ångström"], positions["李小龍"]
    assert abs(y1 - y2) < 2
    assert x2 - x1 > 150


def test_dropdowns_print_open_and_footnotes_print(sample_pdf: Printed) -> None:
    text = "\n".join(sample_pdf.texts)
    assert "What if a pairing does not work?" in text
    assert "Dropdown text: either person may ask" in text
    assert "Footnote text: the chapters on on-call" in text


def test_badges_and_admonitions_print(sample_pdf: Printed) -> None:
    page = sample_pdf.texts[sample_pdf.page_of("Who leads")]
    assert "wg-lead" in page and "coordinator" in page
    assert "NOTE" in page and "Admonition text" in page
    assert "WARNING" in page and "Warning text" in page


def test_every_internal_link_lands_on_a_page_of_the_book(sample_pdf: Printed) -> None:
    internal = [
        (index, destination_page(sample_pdf.reader, annotation))
        for index, annotation in link_annotations(sample_pdf.reader)
        if "/URI" not in (annotation.get("/A") or {})
    ]
    assert len(internal) > 10
    assert all(target is not None for _, target in internal), internal


def test_cross_references_land_where_their_target_is(sample_pdf: Printed) -> None:
    """`charts.md#notes` goes to the charts page's "Notes", not to the people page's one."""
    reader = sample_pdf.reader
    catalog = sample_pdf.page_of("See the chart notes")
    chart_notes = sample_pdf.page_of("Chart notes text")
    people_notes = sample_pdf.page_of("People notes text")
    assert chart_notes != people_notes
    targets = {destination_page(reader, a) for i, a in link_annotations(reader) if i == catalog}
    assert chart_notes in targets
    generated = sample_pdf.page_of("Generated link to who leads")
    targets = {destination_page(reader, a) for i, a in link_annotations(reader) if i == generated}
    assert sample_pdf.page_of("Who leads") in targets


def test_external_links_are_uri_annotations_with_the_address_printed(sample_pdf: Printed) -> None:
    url = "https://sre.google/sre-book/table-of-contents/"
    uris = [
        annotation["/A"]["/URI"]
        for _, annotation in link_annotations(sample_pdf.reader)
        if "/URI" in (annotation.get("/A") or {})
    ]
    assert url in uris
    assert "https://sre.google/workbook/table-of-contents/" in uris, "a card's external link"
    page = _compact("\n".join(sample_pdf.texts[sample_pdf.page_of("Google SRE book") :]))
    assert page.count(_compact(url)) == 1, "printed once, as a footnote"


def test_wide_tables_go_landscape_and_repeat_their_header(sample_pdf: Printed) -> None:
    pages = [i for i, text in enumerate(sample_pdf.texts) if "Follow-up on item" in text]
    assert len(pages) >= 2
    for index in pages:
        box = sample_pdf.reader.pages[index].mediabox
        assert box.width > box.height
        assert "Minutes" in sample_pdf.texts[index] and "Mentee" in sample_pdf.texts[index]
    assert "Follow-up on item 60 " in " ".join(sample_pdf.texts[i] for i in pages) + " "
    generated = sample_pdf.page_of("Storage")
    box = sample_pdf.reader.pages[generated].mediabox
    assert box.width > box.height
    narrow = sample_pdf.page_of("Hours a month")
    box = sample_pdf.reader.pages[narrow].mediabox
    assert box.width < box.height


def test_charts_stay_vector(sample_pdf: Printed) -> None:
    index = sample_pdf.page_of("Participation share")
    assert "share of eligible staff" in sample_pdf.texts[index]
    assert "Raw fragment chart" in sample_pdf.texts[index]
    assert "/Image" not in set(_images(sample_pdf.reader.pages[index].get("/Resources")))


def test_no_screen_chrome_in_print(sample_pdf: Printed) -> None:
    text = "\n".join(sample_pdf.texts)
    for chrome in (
        "¶",
        "Edit this page",
        "Search",
        "Table of Contents",
        "documentation »",
        "Toggle",
    ):
        assert chrome not in text


def test_pages_render_as_pictures_with_ink(sample_pdf: Printed) -> None:
    """Pages drawn by PDFium (a pip package, no system tools) carry ink, and not too much."""
    import pypdfium2

    pages = {
        "cover": 0,
        "contents": 1,
        "cards": sample_pdf.page_of("Who leads"),
        "table": sample_pdf.page_of("Follow-up on item 1 "),
        "chart": sample_pdf.page_of("Participation share"),
    }
    document = pypdfium2.PdfDocument(sample_pdf.book.pdf)
    try:
        for name, index in pages.items():
            picture = document[index].render(scale=30 / 72).to_pil()
            histogram = picture.convert("L").histogram()
            ink = sum(histogram[:200]) / sum(histogram)
            assert 0.005 < ink < 0.6, (name, ink)
    finally:
        document.close()


# -- The real handbook ------------------------------------------------------------------------


def _chapters(repo: Path) -> list[str]:
    """The pages docs/index.md lists, in order."""
    index = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    block = index.split("```{toctree}", 1)[1].split("```", 1)[0]
    return [
        line.strip() for line in block.splitlines() if line.strip() and not line.startswith(":")
    ]


@pytest.mark.slow
def test_handbook_pdf_has_every_chapter_with_its_text(
    handbook_pdf: Printed, handbook_site: Build
) -> None:
    assert handbook_pdf.book.notes == ()
    outline = [title for depth, title, _ in handbook_pdf.outline() if depth == 1]
    # The page references the book adds ("see p. 12") are not the page's text.
    book = _compact(re.sub(r"\(see p\.\s?\d+\)", "", "\n".join(handbook_pdf.texts)))
    for name in _chapters(REPO):
        html = (handbook_site.outdir / f"{name}.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").find(attrs={"role": "main"})
        assert article is not None
        title = article.find("h1").get_text(" ", strip=True).rstrip("#¶ ").strip()
        assert title in outline
        for screen_only in article.select(".handbook-screen-only"):
            screen_only.decompose()  # said on the site only ("the copy button ...")
        first = article.find("p")
        if first is not None:
            assert _compact(first.get_text(" ", strip=True))[:60] in book, name


@pytest.mark.slow
def test_handbook_pdf_pages_are_numbered_and_links_land(handbook_pdf: Printed) -> None:
    total = len(handbook_pdf.texts)
    assert total >= len(_chapters(REPO)) + 2
    # The cover, then the contents (as many pages as it needs: its lines have dot leaders).
    body = next(i for i, text in enumerate(handbook_pdf.texts[1:], start=1) if "....." not in text)
    assert body >= 2
    for index, text in enumerate(handbook_pdf.texts[body:], start=body):
        assert f"{index + 1} / {total}" in text
    for _, annotation in link_annotations(handbook_pdf.reader):
        if "/URI" not in (annotation.get("/A") or {}):
            assert destination_page(handbook_pdf.reader, annotation) is not None


_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
#: Dates as the handbook writes them: 2025-03-31, 31 Mar 2025, 31 March 2025, March 2025.
_DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}} (?:{_MONTHS})[a-z]* \d{{4}}\b"
    rf"|\b(?:{_MONTHS})[a-z]* \d{{4}}\b"
)


def split_dates(text: str) -> list[str]:
    """Dates broken over two lines: a date found only when a line break is joined up."""
    found: list[str] = []
    for match in re.finditer(r"-?\n", text):
        left, right = text[max(0, match.start() - 16) : match.start()], text[match.end() :][:16]
        for joint in ("", " ", "-"):
            for date in _DATE.finditer(left + joint + right):
                if date.start() < len(left) < date.end():
                    found.append(f"{left}⏎{right}".replace("\n", " "))
    return found


def test_split_dates_are_found() -> None:
    assert split_dates("from 20 Nov 202\n3 to") and split_dates("on 2023-11-2\n0.")
    assert split_dates("until 20 Nov\n2023") and split_dates("since 2023-\n11-20")
    assert not split_dates("2023-11-20\n2024-01-05 and 20 Nov 2023\n12 people")


def _roster_tokens() -> set[str]:
    """What the roster prints of each named mentor (name, team, time zone) and mentee names."""
    from generators.data.load import load_program
    from generators.data.published import publish

    view = publish(load_program(REPO / "program", today=dt.date.today()), dt.date(2025, 3, 31))
    mentors = [mentor.person for mentor in view.mentors]
    tokens = (
        {p.name for p in mentors} | {p.team for p in mentors} | {p.timezone or "" for p in mentors}
    )
    return {token for token in tokens | {p.name for p in view.mentees_named} if token}


def _lines_joined(texts: list[str]) -> str:
    """The book's text with each line break read as a space (and a hyphen before it kept)."""
    return unicodedata.normalize("NFC", " ".join(" ".join(t.split()) for t in texts))


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["full", "offsite", "update"])
def test_no_date_or_name_breaks_inside(edition: str, request: pytest.FixtureRequest) -> None:
    fixture = "handbook_pdf" if edition == "full" else f"{edition}_pdf"
    printed: Printed = request.getfixturevalue(fixture)
    broken = [piece for text in body_texts(printed) for piece in split_dates(text)]
    assert broken == [], broken
    if edition == "full":
        joined = _lines_joined(printed.texts)
        tokens = _roster_tokens()
        assert tokens
        missing = sorted(token for token in tokens if " ".join(token.split()) not in joined)
        assert missing == [], f"broken or missing: {missing}"


@pytest.mark.slow
def test_offsite_edition_is_the_leadership_part_with_page_references(
    offsite_pdf: Printed, handbook_pdf: Printed
) -> None:
    chapters = [title for depth, title, _ in offsite_pdf.outline() if depth == 1]
    assert "Contributing" not in " ".join(chapters) and "data" not in " ".join(chapters).lower()
    assert {"Charter", "Roles", "Roadmap", "Evaluation"} <= set(chapters)
    assert chapters[-1] == "The numbers behind the charts"
    assert len(offsite_pdf.texts) < 0.6 * len(handbook_pdf.texts), "well under three quarters"
    body = "\n".join(offsite_pdf.texts)
    # What the edition leaves out is in the book it was taken from, and gone from the edition.
    assert not [note for note in offsite_pdf.book.notes if "leaves out" in note]
    full, short = _compact("\n".join(handbook_pdf.texts)), _compact(body)
    for text in ("Re-matching", "Why we think it works:", "Own the agenda:"):
        assert _compact(text) in full and _compact(text) not in short, text
    assert re.search(r"\(see p\.\s?\d+\)", body)
    assert offsite_pdf.book.pdf.name == "sre-mentorship-handbook-offsite-2025-03-31.pdf"
    # Each chart once: the Gantt chart's table is in the appendix, not beside the chart.
    start = next(page for depth, title, page in offsite_pdf.outline() if title == "Roadmap")
    end = next(page for depth, title, page in offsite_pdf.outline() if title == "Evaluation")
    roadmap = "\n".join(offsite_pdf.texts[start:end])
    assert "Timeline and status" in roadmap and "The numbers behind this chart" in roadmap
    assert "Depends on" not in roadmap, "the status table went to the appendix"
    # The Gantt chart fills landscape pages, in as many parts as it needs.
    gantt = [n for n in range(start, end) if "Bars are phases" in offsite_pdf.texts[n]]
    assert gantt
    for n in gantt:
        box = offsite_pdf.reader.pages[n].mediabox
        assert box.width > box.height, f"page {n + 1} carries the Gantt chart upright"


@pytest.mark.slow
def test_update_edition_is_the_status_report_on_one_page(update_pdf: Printed) -> None:
    assert len(update_pdf.texts) == 1
    assert "31 Mar 2025" in update_pdf.texts[0]
    # The update for the next staff meeting on or after the day, as `handbook report` says,
    # and named for that meeting.
    dates = update_for(load_program(REPO / "program", today=dt.date.today()), dt.date(2025, 3, 31))
    assert dates is not None
    meeting = dates.meeting.isoformat()
    assert update_pdf.book.pdf.name == f"sre-mentorship-handbook-update-{meeting}.pdf"
    start = formats.day(dates.previous + dt.timedelta(days=1))
    period = f"Period {start} to {formats.day(dates.meeting)}"
    assert _compact(period) in _compact(update_pdf.texts[0])


@pytest.mark.slow
def test_home_page_cards_print_as_contents_with_page_numbers(handbook_pdf: Printed) -> None:
    home = handbook_pdf.page_of("In this handbook")
    listing = handbook_pdf.texts[home] + handbook_pdf.texts[home + 1]
    for depth, title, page in handbook_pdf.outline():
        if depth == 1 and title in ("Charter", "Roles", "Glossary"):
            assert re.search(rf"{title}\s*\.+\s*{page + 1}\b", listing), title


def _fonts_of_characters(pdf: Path) -> dict[str, set[str]]:
    """The font each character of the PDF is drawn in (by PDFium), without subset prefixes."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    fonts_used: dict[str, set[str]] = {}
    document = pypdfium2.PdfDocument(pdf)
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for page in document:
            text = page.get_textpage()
            for index in range(text.count_chars()):
                pdfium_c.FPDFText_GetFontInfo(text.raw, index, name, 256, ctypes.byref(flags))
                char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
                font = name.value.decode("latin-1").split("+")[-1]
                if char.strip():
                    fonts_used.setdefault(font, set()).add(char)
    finally:
        document.close()
    return fonts_used


@pytest.mark.slow
def test_every_character_is_set_in_the_books_own_fonts(handbook_pdf: Printed) -> None:
    """Whatever fonts the machine has, the text is drawn in the bundled ones."""
    fonts_used = _fonts_of_characters(handbook_pdf.book.pdf)
    foreign = {font: "".join(sorted(chars)) for font, chars in fonts_used.items()}
    foreign = {font: chars for font, chars in foreign.items() if not font.startswith("Handbook")}
    assert foreign == {}
    assert _cjk_in(fonts_used) <= _cjk_in(fonts_used, "Handbook-CJK")


def test_a_cjk_name_is_set_in_the_cjk_font(sample_pdf: Printed) -> None:
    """The sample's 李小龍 (the real roster may hold no such name on a given day)."""
    fonts_used = _fonts_of_characters(sample_pdf.book.pdf)
    assert set("李小龍") <= _cjk_in(fonts_used, "Handbook-CJK")
    assert _cjk_in(fonts_used) == _cjk_in(fonts_used, "Handbook-CJK")


def _cjk_in(fonts_used: dict[str, set[str]], font_prefix: str = "") -> set[str]:
    """The CJK ideographs drawn in the fonts whose names start with `font_prefix`."""
    drawn = set().union(*(c for f, c in fonts_used.items() if f.startswith(font_prefix)))
    return {char for char in drawn if "\u4e00" <= char <= "\u9fff"}


@pytest.mark.slow
def test_letter_paper_by_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Paper size and edition from the command line (the short edition, to stay quick)."""
    options = ["--paper", "letter", "--edition", "update", "--as-of", "2025-03-31"]
    code = main(["pdf", *options, "--output", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    (pdf,) = tmp_path.glob(f"{slug('SRE Mentorship Handbook')}-update-*.pdf")
    for page in PdfReader(pdf).pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (612, 792)
    assert "wrote" in capsys.readouterr().out


def test_output_names_the_file_and_a_folder_gets_the_default_name(tmp_path: Path) -> None:
    """`--output X.pdf` writes that file (not a folder X.pdf/); a folder gets the default name."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "Tiny Book"\n')
    (src / "index.rst").write_text("Tiny\n====\n\nOne page.\n")
    named = make_book(src, tmp_path / "out" / "X.pdf", environ=AS_OF)
    assert named.pdf == tmp_path / "out" / "X.pdf" and named.pdf.is_file()
    folder = tmp_path / "folder"
    folder.mkdir()
    default = make_book(src, folder, environ=AS_OF)
    assert default.pdf == folder / "tiny-book-2025-03-31.pdf" and default.pdf.is_file()


# -- Errors -----------------------------------------------------------------------------------


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    return err


def test_unknown_paper_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pdf", "--paper", "a5"]) == 2
    err = _one_line_error(capsys)
    assert err == "handbook pdf: unknown paper size 'a5': use a4 or letter"


def test_unknown_edition_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pdf", "--edition", "poster"]) == 2
    err = _one_line_error(capsys)
    assert err == "handbook pdf: unknown edition 'poster': use full, offsite, update"


def test_bad_as_of_date_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HANDBOOK_AS_OF", "31.03.2025")
    assert main(["pdf"]) == 2
    assert "a date like 2025-03-31" in _one_line_error(capsys)


def test_source_without_conf_py_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pdf", "--source", str(tmp_path), "--output", str(tmp_path / "out")]) == 2
    assert "no conf.py" in _one_line_error(capsys)


def test_sphinx_warnings_fail_the_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf.py").write_text('project = "Broken"\nextensions = ["myst_parser"]\n')
    (tmp_path / "index.md").write_text("# Broken\n\nSee {ref}`nowhere`.\n")
    assert main(["pdf", "--source", str(tmp_path), "--output", str(tmp_path / "out")]) == 1
    err = _one_line_error(capsys)
    assert err.startswith("handbook pdf: Sphinx reported 1 warning(s):")
    assert "nowhere" in err
    assert not (tmp_path / "out" / "broken.pdf").exists()


def test_missing_weasyprint_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert main(["pdf", "--as-of", "2025-03-31"]) == 1
    assert "WeasyPrint is not installed" in _one_line_error(capsys)


def test_no_font_at_all_is_a_clear_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pango crashes the process when fontconfig has no font: the build stops before that."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{empty}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert main(["pdf", "--as-of", "2025-03-31", "--output", str(tmp_path / "out")]) == 1
    err = _one_line_error(capsys)
    assert "fontconfig finds no font at all" in err and "fonts-dejavu-core" in err


# -- Units: dates, links, fonts ----------------------------------------------------------------


def test_as_of_date_comes_from_option_variable_or_source_date_epoch() -> None:
    assert str(as_of_date("2025-01-02", {"HANDBOOK_AS_OF": "2024-12-31"})) == "2025-01-02"
    assert str(as_of_date(None, {"HANDBOOK_AS_OF": "2024-12-31"})) == "2024-12-31"
    assert str(as_of_date(None, {"SOURCE_DATE_EPOCH": "1735689600"})) == "2025-01-01"
    with pytest.raises(PdfError):
        as_of_date(None, {"SOURCE_DATE_EPOCH": "yesterday"})


def test_links_are_repaired_to_ids_that_exist_once() -> None:
    page = parse_html_string(
        '<div role="main"><section id="home"><h1>Home</h1>'
        '<a id="l1" href="#document-b#notes">b notes</a>'
        '<a id="l2" href="b.html#notes">b notes raw</a>'
        '<a id="l3" href="#document-a">a</a>'
        '<a id="l4" href="_downloads/x.pdf">file</a>'
        '<span id="document-a"></span><section id="a"><h2>A</h2>'
        '<section id="notes"><h3>Notes</h3><a id="l5" href="#notes">self</a></section></section>'
        '<span id="document-b"></span><section id="b"><h2>B</h2>'
        '<section id="notes"><h3>Notes</h3><a id="l6" href="#notes">self</a>'
        '<a id="l7" href="../b.html#missing">dead</a></section></section>'
        "</section></div>"
    )
    body = page.find(".//div[@role='main']")
    assert body is not None
    regions = layout(body, "index")
    notes = repair_links(regions, frozenset({"index", "a", "b"}))
    ids = [element.get("id") for element in body.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    links = {a.get("id"): a.get("href") for a in body.iter("a")}
    assert links["l1"] == links["l2"] == links["l6"] == "#b--notes"
    assert links["l3"] == "#a" and links["l5"] == "#notes"
    assert "l4" not in links and "l7" not in links
    assert notes == ["link to '../b.html#missing' in 'b' has no target in the book"]


def test_site_files_lead_to_the_site_when_its_address_is_known() -> None:
    html = (
        '<div role="main"><section id="home"><h1>Home</h1>'
        '<a id="ics" href="program.ics">calendar</a><a id="json" href="program.json">data</a>'
        '<a id="sub" href="webcal://example.org/h/program.ics">subscribe</a>'
        '<a id="mail" href="mailto:team@example.org">write</a>'
        '<a id="img" href="_images/chart.svg">chart</a></section></div>'
    )
    for site_url, expected in (
        ("https://example.org/h/", "https://example.org/h/program.ics"),
        (None, None),
    ):
        page = parse_html_string(html)
        body = page.find(".//div[@role='main']")
        assert body is not None
        notes = repair_links(layout(body, "index"), frozenset({"index"}), site_url=site_url)
        links = {a.get("id"): a.get("href") for a in body.iter("a")}
        assert notes == []
        assert links.get("ics") == expected
        assert links.get("json") == (expected and expected.replace(".ics", ".json"))
        assert links["sub"] == "webcal://example.org/h/program.ics"
        assert links["mail"] == "mailto:team@example.org"
        assert "img" not in links


def test_bundled_fonts_are_stored_to_decode_quickly() -> None:
    """WeasyPrint decodes every bundled font on every build; a transformed `glyf` table is
    rebuilt in pure Python, seconds a font."""
    from fontTools.ttLib.woff2 import WOFF2Reader

    files = sorted((REPO / "_templates" / "pdf" / bundled_fonts.FONTS).glob("*.woff2"))
    assert {face.file for face in bundled_fonts.FACES} == {path.name for path in files}
    for path in files:
        with path.open("rb") as file:
            assert not WOFF2Reader(file).flavorData.transformedTables, path.name


def test_font_coverage_is_read_from_fc_list_ranges() -> None:
    assert fonts.parse_charsets("20-22 41\n4e00-4e01\n") == frozenset(
        {0x20, 0x21, 0x22, 0x41, 0x4E00, 0x4E01}
    )


def test_missing_scripts_name_the_debian_package() -> None:
    latin = fonts.parse_charsets("20-7e a0-17f")
    gaps = fonts.missing_glyphs(["Zoë Ångström", "李小龍", "عمر", "सीता", "🙂"], latin)
    by_package = {gap.package: gap for gap in gaps}
    assert set(by_package) == {"fonts-noto-cjk", "fonts-noto-core", "fonts-noto-color-emoji"}
    assert by_package["fonts-noto-cjk"].characters == "小李龍"
    message = by_package["fonts-noto-core"].message()
    assert "install the Debian package fonts-noto-core" in message
    assert "Arabic" in message and "Devanagari" in message


def test_missing_fonts_warn_or_fail_when_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a character that neither the bundled fonts nor the machine's have is reported."""
    monkeypatch.setattr(fonts, "installed_coverage", lambda: None)
    book = parse_html_string("<p>李小龍 and Zoë, Ольга, عمر, सीता; 🙂 สมชาย</p>")
    notes = _font_notes(book, strict=False)
    assert len(notes) == 2, notes
    assert any("fonts-noto-color-emoji" in note and "🙂" in note for note in notes)
    assert any("fonts-noto-core" in note and "Thai" in note for note in notes)
    assert not any(char in " ".join(notes) for char in "李Zëعस")
    monkeypatch.setattr(fonts, "installed_coverage", lambda: fonts.parse_charsets("e00-e7f"))
    assert len(_font_notes(book, strict=False)) == 1, "the machine's Thai font counts too"
    with pytest.raises(PdfError, match="fonts-noto-color-emoji"):
        _font_notes(book, strict=True)


def test_tokens_are_wrapped_whole_and_short_cells_kept_on_one_line() -> None:
    from generators.pdf.tokens import keep_tokens_whole

    page = parse_html_string(
        "<div><p>From 20 Nov 2023 to 2024-03-05 in America/New_York, 1,234 people; "
        "cohort 2025-Q2 at 14:30.</p><pre>2024-03-05</pre>"
        "<table><tr><td>Ingrid Halvorsen</td><td>" + "a long note " * 5 + "</td></tr></table></div>"
    )
    keep_tokens_whole(page)
    tokens = [s.text for s in page.iter("span") if s.get("class") == "handbook-token"]
    assert tokens == [
        "20 Nov 2023",
        "2024-03-05",
        "America/New_York",
        "1,234",
        "2025-Q2",
        "14:30",
    ]
    assert "".join(page.find(".//p").itertext()).startswith("From 20 Nov 2023 to 2024-03-05 in")
    cells = [td.get("class") for td in page.iter("td")]
    assert cells == ["handbook-nowrap", None]


def test_tables_go_portrait_then_landscape_then_small_then_warn() -> None:
    from generators.pdf.printable import fit_tables
    from generators.pdf.tokens import keep_tokens_whole

    def table(caption: str, cells: int, text: str) -> str:
        row = "".join(f"<td>{text}</td>" for _ in range(cells))
        table = f"<table><caption>{caption}</caption><tr>{row}</tr></table>"
        return f"<section><h2>{caption}</h2>{table}</section>"

    page = parse_html_string(
        "<div>"
        + table("Narrow", 3, "Ingrid Halvorsen")
        + table("Landscape", 6, "Platform Reliability")
        + table("Small", 6, "Site Reliability Engine")
        + table("Too wide", 6, "x" * 70)
        + "</div>"
    )
    keep_tokens_whole(page)  # as `prepare` does first: short cells are one unbreakable piece
    notes = fit_tables(page, (170.0, 257.0))
    classes = {t.find("caption").text: t.get("class") or "" for t in page.iter("table")}
    assert "handbook-wide" not in classes["Narrow"]
    assert "handbook-wide" in classes["Landscape"] and "dense" not in classes["Landscape"]
    assert "handbook-wide" in classes["Small"] and "handbook-dense" in classes["Small"]
    assert notes == [
        "table 'Too wide' is too wide for a landscape page even in small type: "
        "some cells will run into the margin"
    ]
