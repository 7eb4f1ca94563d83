"""The working group's pages of the real handbook (built as of `SITE_AS_OF`), against rules
computed from program/: every meeting on the rolling agenda, every decision in the log and
linked to what it concerns, the incentives and roadmap pages linking their decisions."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SITE_AS_OF, Build

from generators.data import formats
from generators.data.load import load_program
from generators.data.models import Decision, Program
from generators.data.working_group import open_tasks, schedule

#: Timeline kinds the roadmap's table shows, and so anchors.
ROADMAP_KINDS = ("phase", "milestone", "deliverable")


@functools.cache
def _program() -> Program:
    return load_program(REPO / "program", today=date.today())


def _page(site: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def _decisions(program: Program) -> list[tuple[str, Decision]]:
    """(meeting day, decision) of every meeting held by the site's day, newest meeting first."""
    held = sorted(
        (m for m in program.meetings if m.date <= SITE_AS_OF),
        key=lambda m: (m.date, m.id),
        reverse=True,
    )
    return [(m.date.isoformat(), d) for m in held for d in m.decisions]


def test_the_real_program_holds_the_groups_quarter() -> None:
    program = _program()
    assert program.info.working_group is not None
    assert program.meetings and program.feedback
    assert any(m.decisions for m in program.meetings) and any(m.tasks for m in program.meetings)


def test_the_rolling_agenda_shows_every_meeting_newest_first(handbook_site: Build) -> None:
    program = _program()
    shown = [s for s in schedule(program) if s.meeting is not None and s.day <= SITE_AS_OF]
    sections = _page(handbook_site, "rolling-agenda").select("section.handbook-wg-meeting")
    assert [s["id"] for s in sections] == [
        f"meeting-{slot.meeting.id}" for slot in reversed(shown) if slot.meeting
    ]
    unnamed = {p.id for p in program.people if not p.publish}
    people = {t.owner for m in program.meetings for t in m.tasks}
    people |= {i.proposer for m in program.meetings for i in m.agenda}
    if people & unnamed:
        assert "a member" in _page(handbook_site, "rolling-agenda").get_text()


def test_the_open_tasks_are_those_not_done_on_the_day(handbook_site: Build) -> None:
    waiting = open_tasks(_program(), SITE_AS_OF)
    rows = _page(handbook_site, "rolling-agenda").select(".handbook-open-tasks tbody tr")
    assert [r.select_one("th").get_text() for r in rows] == [t.task.title for t in waiting]


def test_every_decision_is_in_the_log_linked_to_what_it_concerns(handbook_site: Build) -> None:
    program = _program()
    kinds = {t.id: t.kind for t in program.timeline}
    articles = {
        a["id"]: a for a in _page(handbook_site, "decisions").select("article.handbook-decision")
    }
    decided = _decisions(program)
    assert list(articles) == [f"decision-{d.id}" for _, d in decided]
    for _, decision in decided:
        links = {
            a["href"]
            for a in articles[f"decision-{decision.id}"].select(".handbook-decision-concerns a")
        }
        expected = {f"incentives.html#incentive-{i}" for i in decision.concerns.incentives}
        expected |= {
            f"roadmap.html#timeline-{t}"
            for t in decision.concerns.timeline
            if kinds[t] in ROADMAP_KINDS
        }
        expected |= {f"#decision-{d}" for d in decision.concerns.decisions}
        assert links == expected, decision.id


@pytest.mark.parametrize(
    ("page", "concerns"), [("incentives", "incentives"), ("roadmap", "timeline")]
)
def test_the_incentives_and_roadmap_pages_link_their_decisions(
    handbook_site: Build, page: str, concerns: str
) -> None:
    wanted = [d for _, d in _decisions(_program()) if getattr(d.concerns, concerns)]
    assert wanted, f"the group decided something about {concerns}"
    articles = _page(handbook_site, page).select(".handbook-decisions article")
    assert [a.select_one("a")["href"] for a in articles] == [
        f"decisions.html#decision-{d.id}" for d in wanted
    ]


def test_the_working_group_page_says_the_meetings_ended(handbook_site: Build) -> None:
    slots = schedule(_program())
    block = _page(handbook_site, "working-group").select_one(".handbook-wg-agenda")
    assert block is not None
    if slots[-1].day < SITE_AS_OF:
        assert f"meetings ended on {formats.day(slots[-1].day)}" in block.get_text()


def test_the_feedback_log_has_every_entry(handbook_site: Build) -> None:
    given = [f for f in _program().feedback if f.date <= SITE_AS_OF]
    block = _page(handbook_site, "decisions").select_one(".handbook-feedback")
    assert block is not None
    assert len(block.select("li")) == len(given)


def test_the_calendar_links_the_page_that_holds_the_rolling_agenda(handbook_site: Build) -> None:
    """The agenda links the calendar and `handbook agenda` give lead to a page of the site."""
    from generators.data.published_group import AGENDA_PAGE, agenda_address

    address = agenda_address("https://example.org/", "x")
    assert address == f"https://example.org/{AGENDA_PAGE}.html#meeting-x"
    assert (handbook_site.outdir / f"{AGENDA_PAGE}.html").is_file()
