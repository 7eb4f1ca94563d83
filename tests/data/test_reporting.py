"""Reporting dates are the staff meeting's days: each update is dated on the meeting it is for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generators.coordinator.report import build_report
from generators.data import metrics
from generators.data.load import check_directory, load_program
from generators.data.recurrence import occurrences

REPO = Path(__file__).resolve().parent.parent.parent


def _reporting(program_dir: Path, lines: str) -> None:
    info = program_dir / "program.yaml"
    text = info.read_text().replace("reporting:\n  cadence_days: 14\n  first: 2024-01-01\n", lines)
    assert text != info.read_text()
    info.write_text(text)


def test_the_updates_fall_on_the_named_meetings_days(program_dir: Path) -> None:
    # wg-meeting: weekly from 2024-01-10 to 2024-03-27.
    _reporting(program_dir, "reporting:\n  meeting: wg-meeting\n")
    program = load_program(program_dir)
    assert metrics.reporting_dates(program, date(2024, 1, 31)) == [
        date(2024, 1, 10),
        date(2024, 1, 17),
        date(2024, 1, 24),
        date(2024, 1, 31),
    ]
    period = build_report(program, date(2024, 1, 31)).period
    assert (period.previous, period.end, period.next) == (
        date(2024, 1, 24),
        date(2024, 1, 31),
        date(2024, 2, 7),
    )
    # On any later day until the next meeting, the update is the next meeting's.
    assert build_report(program, date(2024, 2, 2)).period.end == date(2024, 2, 7)


def test_a_first_date_off_the_meeting_is_an_error_with_the_fix(program_dir: Path) -> None:
    _reporting(
        program_dir, "reporting:\n  meeting: wg-meeting\n  first: 2024-01-03\n  cadence_days: 14\n"
    )
    problems = [str(p) for p in check_directory(program_dir).problems]
    assert len(problems) == 2, problems
    assert "program.yaml:" in problems[0] and "reporting.first" in problems[0]
    assert "not a day of the meeting 'wg-meeting'" in problems[0]
    assert "remove first" in problems[0]
    assert "reporting.cadence_days: 14 days differs" in problems[1]


def test_a_meeting_that_is_not_one_is_an_error(program_dir: Path) -> None:
    _reporting(program_dir, "reporting:\n  meeting: offsite\n")
    (problem,) = check_directory(program_dir).problems
    assert "expected the id of a meeting in timeline.yaml; found a milestone 'offsite'" in str(
        problem
    )
    assert "meetings: wg-meeting" in str(problem)


def test_the_real_programs_updates_are_dated_on_its_reporting_meeting() -> None:
    program = load_program(REPO / "program")
    meeting = metrics.reporting_meeting(program)
    if meeting is None:  # a program may still date its updates by first + cadence
        return
    days = metrics.reporting_dates(program, meeting.last_day)
    assert days and set(days) <= set(occurrences(meeting))
