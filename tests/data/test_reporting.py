"""Reporting dates are the staff meeting's days: each update is dated on the meeting it is for."""

from __future__ import annotations

from datetime import date, timedelta
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
    program = load_program(program_dir, today=date(2024, 12, 31))
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


def test_the_real_programs_updates_fall_on_its_reporting_days() -> None:
    """Whichever way `program/` dates its updates: on its meeting's days, or every
    `cadence_days` from `first`."""
    program = load_program(REPO / "program", today=date.today())
    reporting = program.info.reporting
    meeting = metrics.reporting_meeting(program)
    until = meeting.last_day if meeting else reporting.first + timedelta(days=400)  # type: ignore[operator]
    days = metrics.reporting_dates(program, until)
    assert days
    if meeting is not None:
        assert set(days) <= set(occurrences(meeting))
    else:
        step = timedelta(days=reporting.cadence_days)
        assert days == [reporting.first + step * n for n in range(len(days))]  # type: ignore[operator]


def test_the_series_is_bounded_up_to_the_later_of_today_and_the_as_of_day(
    program_dir: Path,
) -> None:
    from generators.data.reporting import MOST_REPORTING_DATES

    # Every day from 2024-06-01: 229 dates up to 2025-01-15, 731 up to 2026-06-01.
    _reporting(program_dir, "reporting:\n  cadence_days: 1\n  first: 2024-06-01\n")
    today = date(2025, 1, 15)
    assert check_directory(program_dir, base=program_dir, today=today).problems == []
    later = check_directory(program_dir, base=program_dir, today=today, as_of=date(2026, 6, 1))
    assert [str(p) for p in later.problems] == [
        "program.yaml:7:10: reporting.first: 731 reporting dates from 2024-06-01 to "
        f"2026-06-01, each an update page; the most is {MOST_REPORTING_DATES} (hint: start the "
        "series later (first) or report less often (cadence_days))"
    ]
    # A staff meeting every week for eleven years: the problem is at the meeting's name.
    timeline = program_dir / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("end: 2024-03-27", "end: 2035-03-27", 1))
    info = program_dir / "program.yaml"
    info.write_text(
        info.read_text().replace(
            "  cadence_days: 1\n  first: 2024-06-01\n", "  meeting: wg-meeting\n"
        )
    )
    problems = check_directory(program_dir, base=program_dir, today=date(2035, 3, 28)).problems
    assert [(p.line, p.field, p.message.split(" from ")[0]) for p in problems] == [
        (6, "reporting.meeting", "585 reporting dates of the meeting 'wg-meeting'")
    ]
