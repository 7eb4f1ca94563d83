"""The printed handbook on the eve of the 2024 off-site: the off-site edition as the approval
pack it was made for, the rules every edition keeps on that day, and the one-page update on
days across the whole program."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from conftest import REPO
from edition_rules import *  # noqa: F403 (the rules every edition keeps, run here as of DAY)
from printed import Printed, link_annotations, printed

from generators.data import formats
from generators.data.approval import approval
from generators.data.load import load_program
from generators.data.published import publish
from generators.data.site import published_site

#: The eve of the off-site that approved the program (timeline.yaml: final-approval).
DAY = "2024-03-14"
#: Days across the program, the longest updates among them (a cohort's end, with every
#: pairing it completed listed): the update is one page on each. The PDF modules' own days
#: (this one's, test_pdf.py's, test_print_charts.py's) are checked by the edition rules.
UPDATE_DAYS = ("2024-01-17", "2025-07-02", "2026-07-01")


@pytest.fixture(scope="module")
def offsite(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return printed(tmp_path_factory, "offsite", DAY)


def _compact(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFC", text))


@pytest.mark.slow
def test_the_offsite_edition_opens_with_what_is_asked_for_approval(offsite: Printed) -> None:
    """One page after the cover, from the data: the meeting, who decides, each incentive
    proposed with its owner and cost, the roadmap's stages, the open decisions."""
    real = load_program(REPO / "program", today=dt.date.today())
    pack = approval(publish(real, dt.date.fromisoformat(DAY)))
    assert pack.meeting is not None, "a meeting where leadership decides follows DAY"
    page = offsite.texts[1]
    assert page.startswith("For decision")
    assert offsite.texts[2].startswith("Contents"), "the decisions fit one page"
    compact = _compact(page)
    for text in (pack.meeting.title, formats.day(pack.meeting.first_day), pack.decided_by or ""):
        assert _compact(text) in compact, text
    assert pack.incentives
    for incentive in pack.incentives:
        row = _compact(f"{incentive.name}")
        assert row in compact, incentive.name
        assert _compact(f"{incentive.owner or '—'}{incentive.cost}") in compact, incentive.name
    assert pack.stages
    for stage in pack.stages:
        assert _compact(stage.title) in compact
    assert "Open decisions" in page
    outline = [title for depth, title, _ in offsite.outline() if depth == 1]
    assert outline[:2] == ["For decision", "Contents"]


@pytest.mark.slow
def test_the_offsite_cover_names_edition_meeting_and_day(offsite: Printed) -> None:
    real = load_program(REPO / "program", today=dt.date.today())
    pack = approval(publish(real, dt.date.fromisoformat(DAY)))
    meeting = pack.meeting
    assert meeting is not None
    on, as_of = formats.day(meeting.first_day), formats.day(dt.date.fromisoformat(DAY))
    cover = offsite.texts[0]
    for text in ("Off-site edition, for approval", meeting.title, on, pack.decided_by or "", as_of):
        assert text in cover, text
    title = str(offsite.reader.metadata.title)
    assert f"off-site edition for {meeting.title}, {on}" in title
    assert offsite.book.pdf.name.endswith(f"-offsite-{DAY}.pdf")


@pytest.mark.slow
def test_the_offsite_edition_keeps_the_working_groups_quarter(offsite: Printed) -> None:
    outline = offsite.outline()
    chapters = [title for depth, title, _ in outline if depth == 1]
    assert "Working group" in chapters
    start = chapters.index("Working group")
    sections = []
    for depth, title, _ in outline:
        if depth == 1:
            start -= 1
        elif depth == 2 and start == -1:
            sections.append(title)
    assert sections == ["The quarter’s plan"]


@pytest.mark.slow
def test_references_to_left_out_chapters_print_as_the_sites_address(offsite: Printed) -> None:
    """A link into a chapter the edition leaves out leads to that page on the site, whose
    address prints as a footnote; none prints as dead text."""
    site = published_site(REPO / "program").url
    assert site, "program.yaml gives the site's address"
    uris = [
        str(a["/A"]["/URI"])
        for _, a in link_annotations(offsite.reader)
        if "/URI" in (a.get("/A") or {})
    ]
    assert f"{site}templates.html#template-check-in" in uris
    assert f"{site}contributing.html" in uris
    assert _compact(f"{site}templates.html") in _compact(" ".join(offsite.texts))
    assert not [note for note in offsite.book.notes if "no target" in note]


@pytest.mark.slow
@pytest.mark.parametrize("day", UPDATE_DAYS)
def test_the_update_fits_one_page_on_any_day(
    day: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    update = printed(tmp_path_factory, "update", day)
    assert len(update.texts) == 1, f"the update for {day} runs to {len(update.texts)} pages"
    assert update.book.notes == ()
