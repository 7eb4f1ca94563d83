"""Metric snapshots derived from people and pairings, exactly as the data contract defines them.

Nothing here is typed by hand: every figure is computed from the roster on a reporting date,
except where baseline rows stand in for the time before the roster had any history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from generators.data.models import Program, TimelineItem
from generators.data.recurrence import occurrences


@dataclass(frozen=True)
class Snapshot:
    """The program's participation on one date."""

    date: date
    eligible: int
    mentors: int
    mentees: int
    participants: int
    source: Literal["roster", "baseline"]
    #: Where a baseline figure comes from (the baseline row's `source`); None for the roster.
    source_note: str | None = None
    #: Eligible people on `date` who were in a pairing that met on any day of the year up to
    #: it (the roster only): unlike `participants`, it does not drop between two cohorts.
    year_participants: int | None = None

    @property
    def participation(self) -> float | None:
        """Distinct active participants over eligible people (None when nobody is eligible)."""
        return self.participants / self.eligible if self.eligible else None

    @property
    def participation_year(self) -> float | None:
        """Of the people eligible on the date, the share who took part in the year up to it."""
        if self.year_participants is None or not self.eligible:
            return None
        return self.year_participants / self.eligible

    def value(self, metric: str) -> float | None:
        """A target's metric read off this snapshot."""
        if metric == "participation":
            return self.participation
        if metric == "participation_year":
            return self.participation_year
        if metric in ("mentors", "mentees", "eligible", "participants"):
            return float(getattr(self, metric))
        return None


@dataclass(frozen=True)
class BeforeAfter:
    """The last snapshot before incentives took effect against the latest, and the trend."""

    before: Snapshot | None
    after: Snapshot | None
    trend: tuple[Snapshot, ...]

    def delta(self, metric: str) -> float | None:
        if self.before is None or self.after is None:
            return None
        old, new = self.before.value(metric), self.after.value(metric)
        return None if old is None or new is None else new - old

    @property
    def headline(self) -> Headline | None:
        """The headline change (see `Headline`); None until there is a report on each side."""
        return headline(self)


@dataclass(frozen=True)
class Headline:
    """How far participation moved since incentives began, by the rule the Evaluation chapter
    states: the share of eligible people who took part in the year up to the last report
    before incentives and up to the latest report, so that neither end is a dip between two
    cohorts; where the earlier report is a baseline figure (no year of records behind it),
    participation on the two days, and the headline says so."""

    metric: Literal["participation_year", "participation"]
    before: Snapshot
    after: Snapshot

    @property
    def old(self) -> float | None:
        return self.before.value(self.metric)

    @property
    def new(self) -> float | None:
        return self.after.value(self.metric)

    @property
    def delta(self) -> float | None:
        old, new = self.old, self.new
        return None if old is None or new is None else new - old

    @property
    def year_based(self) -> bool:
        return self.metric == "participation_year"


def headline(split: BeforeAfter) -> Headline | None:
    """The headline change of `split` (None before there is a report on each side)."""
    if split.before is None or split.after is None:
        return None
    year = split.before.participation_year is not None
    year = year and split.after.participation_year is not None
    metric: Literal["participation_year", "participation"] = (
        "participation_year" if year else "participation"
    )
    return Headline(metric, split.before, split.after)


#: The window of the rolling figure: a year, so that the break between two cohorts is inside it.
YEAR = timedelta(days=365)


def snapshot(program: Program, day: date) -> Snapshot:
    """The roster's figures on `day`."""
    return _roster(program).snapshot(day)


#: The last program's roster: every status update of a build reads the same program, and
#: each needs the snapshots of every reporting date before it.
_last: list[tuple[Program, _Roster]] = []


def _roster(program: Program) -> _Roster:
    if not (_last and _last[0][0] is program):
        _last[:] = [(program, _Roster(program))]
    return _last[0][1]


class _Roster:
    """The roster reduced to the dates the figures need, read once for every reporting date:
    each pairing's meeting span (the days `Pairing.meets_on` is true) and each person's
    employment (`Person.employed_on`). Snapshots are kept by day."""

    def __init__(self, program: Program) -> None:
        self.taken: dict[date, Snapshot] = {}
        self.pairs = [
            (span[0], span[1], p.mentor, p.mentee)
            for p in program.pairings
            if (span := p.meeting_span()) is not None
        ]
        self.employment = {p.id: (p.joined, p.left or date.max) for p in program.people}

    def _employed(self, person_id: str, day: date) -> bool:
        joined, left = self.employment.get(person_id, (date.max, date.min))
        return joined <= day < left

    def snapshot(self, day: date) -> Snapshot:
        found = self.taken.get(day)
        if found is None:
            found = self.taken[day] = self._take(day)
        return found

    def _take(self, day: date) -> Snapshot:
        mentors = {mentor for first, last, mentor, _ in self.pairs if first <= day <= last}
        mentees = {mentee for first, last, _, mentee in self.pairs if first <= day <= last}
        year_start = day - YEAR + timedelta(days=1)
        took: set[str] = set()
        for first, last, mentor, mentee in self.pairs:
            if first <= day and last >= year_start:
                took.update((mentor, mentee))
        return Snapshot(
            date=day,
            eligible=sum(1 for joined, left in self.employment.values() if joined <= day < left),
            mentors=len(mentors),
            mentees=len(mentees),
            participants=len(mentors | mentees),
            source="roster",
            year_participants=sum(1 for person_id in took if self._employed(person_id, day)),
        )


def reporting_meeting(program: Program) -> TimelineItem | None:
    """The timeline meeting the updates are for (`reporting.meeting`), if it names one."""
    wanted = program.info.reporting.meeting
    if wanted is None:
        return None
    return next((t for t in program.timeline if t.id == wanted and t.kind == "meeting"), None)


def _schedule(program: Program, until: date) -> list[date]:
    """Every reporting date up to `until`, and the one after it (when there is one)."""
    meeting = reporting_meeting(program)
    if meeting is not None:
        days = occurrences(meeting)
        later = [d for d in days if d > until]
        return [d for d in days if d <= until] + later[:1]
    first = program.info.reporting.first
    if first is None:  # the model requires `first` when no meeting is named
        return []
    step = timedelta(days=program.info.reporting.cadence_days)
    dates: list[date] = []
    day = first
    while day <= until:
        dates.append(day)
        day += step
    return [*dates, day]


def reporting_dates(program: Program, until: date) -> list[date]:
    """Every reporting date on or before `until`: the occurrences of the meeting named in
    `reporting.meeting`, or else `first` + k × `cadence_days`."""
    return [d for d in _schedule(program, until) if d <= until]


def next_reporting_date(program: Program, after: date) -> date | None:
    """The first reporting date after `after` (None once the meeting series has ended)."""
    later = [d for d in _schedule(program, after) if d > after]
    return later[0] if later else None


def reporting_step(program: Program) -> timedelta:
    """The usual days between two updates: the meeting's interval, or `cadence_days`."""
    meeting = reporting_meeting(program)
    if meeting is not None:
        days = occurrences(meeting)[:2]
        if len(days) == 2:
            return days[1] - days[0]
    return timedelta(days=program.info.reporting.cadence_days)


def history_start(program: Program) -> date | None:
    """The first day the roster knows of any pair meeting."""
    starts = [p.start for p in program.pairings if p.meets_on(p.start)]
    return min(starts) if starts else None


def snapshots(program: Program, as_of: date) -> list[Snapshot]:
    """Baseline rows before the roster's history, then the roster on each reporting date."""
    begin = history_start(program)
    rows = [
        Snapshot(
            row.date,
            row.eligible,
            row.mentors,
            row.mentees,
            min(row.eligible, row.mentors + row.mentees),
            "baseline",
            row.source,
        )
        for row in program.baseline
        if row.date <= as_of and (begin is None or row.date < begin)
    ]
    days = [d for d in reporting_dates(program, as_of) if begin is not None and d >= begin]
    roster = [_roster(program).snapshot(day) for day in days] if days else []
    return sorted(rows, key=lambda s: s.date) + roster


def before_after(
    program: Program, as_of: date, series: Sequence[Snapshot] | None = None
) -> BeforeAfter:
    """The contract's before/after split around `incentives_start` (`series`: the snapshots
    as of `as_of`, when the caller has them already)."""
    series = snapshots(program, as_of) if series is None else series
    start = program.info.incentives_start
    before = [s for s in series if s.date < start]
    first_before = before[-1] if before else None
    latest = series[-1] if series and series[-1].date >= start else None
    trend = tuple(s for s in series if first_before is None or s.date >= first_before.date)
    return BeforeAfter(before=first_before, after=latest, trend=trend if latest else ())
