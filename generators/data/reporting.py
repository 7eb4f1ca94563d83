"""Reporting dates against the meeting they are for: each update is dated on a staff meeting,
and the update a day calls for is the one for the next meeting on or after it.

`reporting.meeting` names the timeline meeting the updates go to; the reporting dates are its
occurrences. A `first` or `cadence_days` written beside it must agree with the meeting, so an
update can never fall on a day the meeting does not take place. Either way, the series is
bounded: each date is a page of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from generators.data import metrics
from generators.data.loaded import Loaded, Origin
from generators.data.metrics import reporting_dates, reporting_step
from generators.data.models import Program, TimelineItem
from generators.data.named_meeting import not_a_meeting
from generators.data.problems import Problem
from generators.data.recurrence import occurrences

#: The most reporting dates a program may have up to the day it is checked for: each is a page
#: of the site with a report computed from every date before it, so the build's time grows
#: with the square of their number. 500 is 19 years of updates every two weeks.
MOST_REPORTING_DATES = 500


def check_reporting(program: Program, loaded: Loaded, until: date) -> list[Problem]:
    """Problems with `reporting.meeting` and the `first`/`cadence_days` written beside it, and
    a series with more than `MOST_REPORTING_DATES` dates up to `until`."""
    reporting = program.info.reporting
    origins = loaded.origins.get("program")
    if not origins:
        return []
    if reporting.meeting is not None:
        path = ("reporting", "meeting")
        problems = not_a_meeting(program, loaded, origins[0], path, reporting.meeting)
        meeting = metrics.reporting_meeting(program)
        if problems or meeting is None:
            return problems  # none when the timeline's own problems come first
        problems = _meeting_problems(program, origins[0], meeting)
        if problems:
            return problems
    return _series_length(program, origins[0], until)


def _series_length(program: Program, origin: Origin, until: date) -> list[Problem]:
    dates = reporting_dates(program, until)
    if len(dates) <= MOST_REPORTING_DATES:
        return []
    meeting = program.info.reporting.meeting
    field = "first" if meeting is None else "meeting"
    source = "" if meeting is None else f" of the meeting '{meeting}'"
    hint = (
        "start the series later (first) or report less often (cadence_days)"
        if meeting is None
        else "name a meeting that starts later or meets less often"
    )
    return [
        origin.problem(
            ["reporting", field],
            f"{len(dates):,} reporting dates{source} from {dates[0].isoformat()} to "
            f"{until.isoformat()}, each an update page; the most is {MOST_REPORTING_DATES}",
            hint,
            "reporting-dates",
        )
    ]


def _meeting_problems(program: Program, origin: Origin, meeting: TimelineItem) -> list[Problem]:
    reporting = program.info.reporting
    problems = []
    days = occurrences(meeting)
    if reporting.first is not None and reporting.first not in days:
        problems.append(
            origin.problem(
                ["reporting", "first"],
                f"{reporting.first.isoformat()} is not a day of the meeting "
                f"'{meeting.id}', which starts on {meeting.first_day.isoformat()}",
                "remove first: the reporting dates follow the meeting",
                "reporting-date",
            )
        )
    step = reporting_step(program).days
    written = "cadence_days" in reporting.model_fields_set
    if written and meeting.repeat != "monthly" and reporting.cadence_days != step:
        problems.append(
            origin.problem(
                ["reporting", "cadence_days"],
                f"{reporting.cadence_days} days differs from the meeting "
                f"'{meeting.id}', held every {step} days",
                "remove cadence_days: the reporting dates follow the meeting",
                "reporting-date",
            )
        )
    return problems


@dataclass(frozen=True)
class UpdateDates:
    """Which staff meeting the update made on a day is for, and its neighbours in the series.

    One rule for the report, the update edition and the site: the update a day calls for is
    the one for the next reporting date on or after it, so whoever prepares it the day before
    gets that meeting's; after the series' last meeting, it is the last one's (`ended`).
    """

    meeting: date
    previous: date
    #: The reporting date after `meeting`; None when the series ends with it.
    next: date | None
    #: The day is after the series' last meeting.
    ended: bool


def update_for(program: Program, day: date) -> UpdateDates | None:
    """The update `day` calls for (None only for a series without a single date)."""
    upcoming = metrics.next_reporting_date(program, day - timedelta(days=1))
    ended = upcoming is None
    if upcoming is None:
        past = metrics.reporting_dates(program, day)
        if not past:
            return None
        upcoming = past[-1]
    earlier = metrics.reporting_dates(program, upcoming - timedelta(days=1))
    previous = earlier[-1] if earlier else upcoming - reporting_step(program)
    following = metrics.next_reporting_date(program, upcoming)
    return UpdateDates(upcoming, previous, following, ended)
