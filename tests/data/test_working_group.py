"""The working group's week as data, on the small program (see tests/coordinator/test_agenda.py
for its meetings and tasks): which meeting is next, what is open, overdue or blocked on a day,
what a past day shows, and who is named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generators.cli import main
from generators.data.load import load_program
from generators.data.models import Program, Task
from generators.data.published_group import UNNAMED_MEMBER, LinkSet, publish_working_group
from generators.data.working_group import next_meeting, schedule

SMALL = Path(__file__).resolve().parent.parent / "fixtures" / "program-small"


@pytest.fixture(scope="module")
def small() -> Program:
    return load_program(SMALL, today=date.today())


def test_the_schedule_is_the_series_with_moved_meetings_on_their_new_day(small: Program) -> None:
    slots = schedule(small)
    days = [s.day for s in slots]
    assert date(2024, 1, 31) not in days and date(2024, 2, 1) in days
    assert len(slots) == 12  # the series' twelve Wednesdays, one of them moved
    moved = next(s for s in slots if s.moved)
    assert (moved.series_day, moved.day) == (date(2024, 1, 31), date(2024, 2, 1))
    assert [s.day for s in slots if s.meeting is not None] == [
        date(2024, 1, 10),
        date(2024, 1, 17),
        date(2024, 2, 1),
        date(2024, 2, 7),
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 9), date(2024, 1, 10)),
        (date(2024, 1, 10), date(2024, 1, 10)),  # on the day, the meeting of the day
        (date(2024, 1, 11), date(2024, 1, 17)),
        (date(2024, 1, 31), date(2024, 2, 1)),  # the series day is moved: the moved meeting
        (date(2024, 3, 27), date(2024, 3, 27)),
        (date(2024, 3, 28), None),
    ],
)
def test_the_next_meeting_is_the_first_on_or_after_the_day(
    small: Program, day: date, expected: date | None
) -> None:
    slot = next_meeting(small, day)
    assert (slot.day if slot else None) == expected


def test_a_task_is_open_then_blocked_then_done_as_its_dates_say() -> None:
    task = Task.model_validate(
        {
            "title": "t",
            "owner": "x",
            "due": "2024-02-07",
            "status": "done",
            "blocker": "b",
            "blocked_on": "2024-01-25",
            "done_on": "2024-02-20",
        }
    )
    assert [task.status_on(date(2024, 1, d)) for d in (24, 25)] == ["open", "blocked"]
    assert [task.status_on(date(2024, 2, d)) for d in (19, 20)] == ["blocked", "done"]


def test_a_past_day_shows_what_was_known_then(small: Program) -> None:
    """On 01-16 the 01-17 meeting is next: its agenda shows, not its decisions or tasks; the
    costing (set 01-17) is unknown; feedback given later is not there yet."""
    view = publish_working_group(small, date(2024, 1, 16))
    assert [m.id for m in view.meetings] == ["2024-01-17", "2024-01-10"]
    upcoming = view.meetings[0]
    assert not upcoming.held and upcoming.agenda and not upcoming.decisions
    assert view.next is not None and view.next.meeting == upcoming
    assert [d.id for d in view.decisions] == ["meet-on-wednesdays"]
    assert [(t.title, t.status) for t in view.open_tasks] == [
        ("List the barriers people named", "open")
    ]
    assert view.feedback == ()
    later = publish_working_group(small, date(2024, 1, 25))
    assert [f.id for f in later.feedback] == ["pay-per-mentee", "managers-on-call"]
    declined = later.feedback[0]
    assert declined.disposition == "declined" and declined.reason
    adopted_later = later.feedback[1]  # adopted on 02-01: still open on 01-25
    assert (adopted_later.disposition, adopted_later.incorporated) == ("open", LinkSet())


def test_open_tasks_come_overdue_first_then_blocked(small: Program) -> None:
    view = publish_working_group(small, date(2024, 2, 6))
    assert [(t.title, t.owner, t.status, t.overdue) for t in view.open_tasks] == [
        ("Draft the research plan", "Gus Coordinator", "open", True),
        ("Cost the shared learning budget", UNNAMED_MEMBER, "blocked", False),
        ("Outline the initial draft", "Zoë Ångström", "open", False),
    ]


def test_nobody_unnamed_and_no_id_is_in_the_view(small: Program) -> None:
    view = publish_working_group(small, date(2024, 3, 27))
    text = repr(view)
    for hidden in small.people:
        if not hidden.publish:
            assert hidden.name not in text
            assert f"'{hidden.id}'" not in text
    owners = {t.owner for t in view.tasks}
    assert UNNAMED_MEMBER in owners  # bo's tasks
    proposers = {i.proposer for m in view.meetings for i in m.agenda}
    assert UNNAMED_MEMBER in proposers


def test_the_check_warns_about_an_unframed_agenda_and_each_overdue_or_blocked_task(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On 02-06 the 02-07 meeting (tomorrow) has no purpose, objective or process; the research
    plan is overdue; the costing is blocked. Warnings only: exit 0."""
    args = ["check", "--program", str(SMALL), "--as-of", "2024-02-06", "--no-cache"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "working-group/2024-02-07.yaml:2:1: warning: the working group meets tomorrow " in err
    assert "agenda has no purpose, objective or process" in err
    assert (
        "working-group/2024-01-17.yaml:25:10: tasks[1].due: warning: task 'Draft the research "
        "plan' was due on 2024-01-31 and is still open on 2024-02-06" in err
    )
    assert (
        "working-group/2024-01-17.yaml:19:13: tasks[0].status: warning: task 'Cost the shared "
        "learning budget' is blocked: Waiting for finance" in err
    )
    assert err.count("warning: the working group") == 1 and err.count("warning: task") == 2
    # Two days ahead, the agenda need not be framed yet; after the meeting, no such warning.
    for day in ("2024-02-05", "2024-02-08"):
        assert main([*args[:-2], day, "--no-cache"]) == 0
        assert "warning: the working group" not in capsys.readouterr().err


def test_a_series_day_without_a_file_warns_on_its_eve(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "--program", str(SMALL), "--as-of", "2024-01-23", "--no-cache"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "timeline.yaml:1:7: timeline[0].id: warning: the working group meets tomorrow" in err
    assert "add working-group/2024-01-24.yaml" in err
