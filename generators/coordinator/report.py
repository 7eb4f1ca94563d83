"""The status update for the staff meeting, one per reporting date.

`build_report` gathers what a report says as plain data, so the command prints it as Markdown
and the site can render one "Updates" page per reporting date from the same records. People
appear here only as the published view's `Naming` gives them: names of those who consented,
otherwise "a mentor" / "a mentee"; records never carry a person's id, and free text (goals,
titles) is published with its mentions rendered.

Statuses of timeline entries, pairings and targets are those of the as-of day, derived from
the facts dated up to it (`generators.data.status`) by the same rules as the site's: a report
for an earlier day shows what was done and what was still coming then. "Needs a decision"
looks one quarter ahead (`DECISION_HORIZON`): at-risk entries and proposed pairings due later
wait for a later report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from generators.coordinator.markdown import Markdown, escape, render
from generators.data import formats, metrics
from generators.data.checkins import StalledPair, published_stalled
from generators.data.formats import METRIC_LABELS, is_fraction
from generators.data.models import Pairing, Program, TimelineItem
from generators.data.naming import Naming
from generators.data.published import pair_parts, timeline_entry
from generators.data.published_group import (
    DecisionEntry,
    GroupNews,
    TaskEntry,
    news,
    publish_working_group,
)
from generators.data.reporting import update_for
from generators.data.status import timeline_on
from generators.data.targets import TargetStatus, target_statuses

TEMPLATE = "report/status.md.j2"
#: Timeline kinds that have a due date worth reporting (meetings only recur).
DATED_KINDS = frozenset({"milestone", "deliverable", "phase"})
#: The figures a report lists, in order.
#: Participation comes with who took part in the year, the figure the headline compares by
#: (`metrics.Headline`): a change on the day alone may start from a dip between two cohorts.
FIGURES = (
    "eligible",
    "mentors",
    "mentees",
    "participants",
    "participation",
    "participation_year",
)
#: How far ahead "needs a decision" looks: at-risk entries and proposals due within a quarter.
DECISION_HORIZON = timedelta(weeks=13)


class NoReportingDate(ValueError):
    """The program has no reporting date at all."""


@dataclass(frozen=True)
class Period:
    """The days a report covers: after the previous reporting date, up to and including `end`,
    the meeting the update is for. Facts count only up to `known`, the day it was made."""

    previous: date
    end: date
    #: The reporting date after `end`; None when the series ends with this update.
    next: date | None
    #: The day the report was made, when before `end` (on the eve of the meeting, say).
    known: date
    #: The series' last meeting was before the day the report was made.
    ended: bool = False

    @property
    def start(self) -> date:
        return self.previous + timedelta(days=1)

    @property
    def last(self) -> date:
        """The period's last day whose facts are known: `end`, or the day the report was made."""
        return min(self.end, self.known)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.previous < day <= self.last


@dataclass(frozen=True)
class PairChange:
    """A pairing that started, ended or awaits approval, with its people as they may be shown."""

    mentor: str
    mentee: str
    cohort: str | None
    day: date


@dataclass(frozen=True)
class GoalDone:
    title: str
    due: date | None
    mentor: str
    mentee: str
    done_on: date | None = None


@dataclass(frozen=True)
class TimelineNote:
    id: str
    title: str
    kind: str
    day: date
    status: str
    owner: str | None


@dataclass(frozen=True)
class Figure:
    """One metric now, on the previous reporting date, and before incentives."""

    metric: str
    now: float | None
    previous: float | None
    before: float | None

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.metric]

    @property
    def is_fraction(self) -> bool:
        return is_fraction(self.metric)

    @property
    def since_previous(self) -> float | None:
        return _difference(self.now, self.previous)

    @property
    def since_before(self) -> float | None:
        return _difference(self.now, self.before)


@dataclass(frozen=True)
class Report:
    """Everything one status update says."""

    program: str
    organization: str
    as_of: date
    period: Period
    started: tuple[PairChange, ...]
    ended: tuple[PairChange, ...]
    ended_early: tuple[PairChange, ...]
    paused: int
    goals_done: tuple[GoalDone, ...]
    done: tuple[TimelineNote, ...]
    due_next: tuple[TimelineNote, ...]
    overdue: tuple[TimelineNote, ...]
    at_risk: tuple[TimelineNote, ...]
    missed: tuple[TimelineNote, ...]
    now_on: date | None
    previous_on: date | None
    before_on: date | None
    figures: tuple[Figure, ...]
    targets: tuple[TargetStatus, ...]
    over_capacity: tuple[str, ...]
    awaiting_approval: tuple[PairChange, ...]
    #: Active pairings without a check-in for `stalled_after_days`: named ones, then a count.
    stalled: tuple[StalledPair, ...] = ()
    stalled_unnamed: int = 0
    stalled_after_days: int = 28
    #: What the working group decided and finished in the period, and what is blocked.
    working_group: GroupNews = field(default_factory=lambda: GroupNews((), (), ()))

    @property
    def targets_behind(self) -> tuple[TargetStatus, ...]:
        """Behind pace, or missed on a date in the period (older misses stay in the table)."""
        return tuple(
            t
            for t in self.targets
            if t.state == "behind" or (t.state == "missed" and self.period.holds(t.target.by))
        )

    @property
    def needs_decision(self) -> bool:
        return bool(
            self.at_risk
            or self.missed
            or self.overdue
            or self.over_capacity
            or self.awaiting_approval
            or self.targets_behind
            or self.working_group.blocked
        )


def reporting_period(program: Program, as_of: date) -> Period:
    """The period of the update `as_of` calls for: the next meeting on or after it (see
    `generators.data.reporting.update_for`)."""
    dates = update_for(program, as_of)
    if dates is None:
        raise NoReportingDate("the program has no reporting date")
    return Period(
        previous=dates.previous,
        end=dates.meeting,
        next=dates.next,
        known=as_of,
        ended=dates.ended,
    )


def build_report(program: Program, as_of: date, naming: Naming | None = None) -> Report:
    """The update `as_of` calls for: the next meeting's on or after it, or the last one's.

    `naming` decides who is named (by default, who consented in `program`)."""
    naming = naming or Naming.of(program)
    period = reporting_period(program, as_of)
    # As things stood on the meeting's day, or on the day the report was made when that comes
    # first (the eve of the meeting): nothing later is known yet. Figures are the snapshots of
    # reporting dates, so an update made ahead of its meeting shows the latest ones, as the
    # site does that day.
    end = period.last
    series = metrics.snapshots(program, end)
    now = series[-1] if series else None
    previous = series[-2] if len(series) >= 2 else None
    before = (
        metrics.before_after(program, end, series).before if end >= _incentives(program) else None
    )
    cohorts = {c.id: c.name for c in program.cohorts}

    def change(pairing: Pairing, day: date) -> PairChange:
        return PairChange(
            mentor=naming.shown(pairing.mentor, "mentor"),
            mentee=naming.shown(pairing.mentee, "mentee"),
            cohort=cohorts.get(pairing.cohort) if pairing.cohort else None,
            day=day,
        )

    def changes(pairs: list[tuple[Pairing, date]]) -> tuple[PairChange, ...]:
        found = [change(pairing, day) for pairing, day in pairs]
        return tuple(sorted(found, key=lambda c: (c.day, c.mentor, c.mentee)))

    pairings = program.pairings
    # Statuses as they were on the day it describes (`status.program_on`'s rules): the
    # timeline as of the day, and each pairing's and goal's status by its record's own rule,
    # since there is one report a reporting date and the pairings are not copied for each.
    timeline = [t for t in timeline_on(program, as_of) if t.kind in DATED_KINDS]

    def notes(keep: list[TimelineItem]) -> tuple[TimelineNote, ...]:
        ordered = sorted(keep, key=lambda t: (t.last_day, t.id))
        return tuple(_note(item, naming) for item in ordered)

    stalled, stalled_unnamed = published_stalled(program, end, naming)
    group = news(publish_working_group(program, as_of, naming), period.previous, end)
    return Report(
        working_group=group,
        stalled=stalled,
        stalled_unnamed=stalled_unnamed,
        stalled_after_days=program.info.reporting.stalled_after_days,
        program=program.info.name,
        organization=program.info.organization,
        as_of=as_of,
        period=period,
        started=changes(
            [(p, p.start) for p in pairings if p.status != "proposed" and period.holds(p.start)]
        ),
        ended=changes(
            [
                (p, p.end)
                for p in pairings
                if p.status == "completed" and p.end and period.holds(p.end)
            ]
        ),
        ended_early=changes(
            [
                (p, p.end)
                for p in pairings
                if p.status == "ended-early" and p.end and period.holds(p.end)
            ]
        ),
        paused=sum(1 for p in pairings if p.status_on(as_of) == "paused"),
        goals_done=tuple(
            sorted(
                (
                    GoalDone(
                        title=naming.text(goal.title, parts=pair_parts(p)),
                        due=goal.due,
                        mentor=naming.shown(p.mentor, "mentor"),
                        mentee=naming.shown(p.mentee, "mentee"),
                        done_on=goal.done_on,
                    )
                    for p in pairings
                    for goal in p.goals
                    if goal.status_on(as_of) == "done" and period.holds(goal.done_day)
                ),
                key=lambda g: (g.done_on or g.due, g.title),
            )
        ),
        done=notes([t for t in timeline if t.status == "done" and period.holds(t.last_day)]),
        due_next=notes(
            [
                t
                for t in timeline
                if t.status not in ("done", "missed")
                and end < t.last_day <= (period.next or period.end)
            ]
        ),
        overdue=notes(
            [t for t in timeline if t.status not in ("done", "missed") and t.last_day <= end]
        ),
        at_risk=notes(
            [
                t
                for t in timeline
                if t.status == "at-risk" and end < t.last_day <= end + DECISION_HORIZON
            ]
        ),
        missed=notes([t for t in timeline if t.status == "missed" and period.holds(t.last_day)]),
        now_on=now.date if now else None,
        previous_on=previous.date if previous else None,
        before_on=before.date if before else None,
        figures=tuple(
            Figure(
                metric,
                _value(now, metric),
                _value(previous, metric),
                _value(before, metric),
            )
            for metric in FIGURES
        ),
        targets=tuple(target_statuses(program, series, as_of)),
        over_capacity=_over_capacity(program, end, naming),
        awaiting_approval=changes(
            [
                (p, p.start)
                for p in pairings
                if p.status == "proposed" and p.start <= end + DECISION_HORIZON
            ]
        ),
    )


def pair_text(change: PairChange) -> Markdown:
    """'Zoë Ångström with a mentee (Cohort 4, 16 Nov 2026)'."""
    cohort = f"{escape(change.cohort)}, " if change.cohort else ""
    return Markdown(
        f"{escape(change.mentor)} with {escape(change.mentee)} ({cohort}{formats.day(change.day)})"
    )


def entry_text(note: TimelineNote) -> Markdown:
    """'**Final approval** (milestone, 21 Mar 2024, Ingrid Halvorsen)'."""
    owner = f", {escape(note.owner)}" if note.owner else ""
    return Markdown(
        f"**{escape(note.title)}** ({escape(note.kind)}, {formats.day(note.day)}{owner})"
    )


def decision_text(decision: DecisionEntry) -> Markdown:
    """'**Title** (2024-02-01, by consensus)': the update stays short; the decision log on the
    site says what each decision changes."""
    return Markdown(
        f"**{escape(decision.title)}** ({formats.day(decision.day)}, by {escape(decision.reached)})"
    )


def task_text(task: TaskEntry) -> Markdown:
    """'**Title** (owner): what blocks it'."""
    return Markdown(f"**{escape(task.title)}** ({escape(task.owner)}): {escape(task.blocker)}")


def finished_text(tasks: tuple[TaskEntry, ...]) -> Markdown:
    """'Title (owner, 2024-01-30); Title (owner, 2024-02-08).': one paragraph, to stay short."""
    done = [f"{escape(t.title)} ({escape(t.owner)}, {formats.day(t.done_on)})" for t in tasks]
    return Markdown("; ".join(done) + ".")


def render_report(report: Report, templates: Path | None = None) -> str:
    """The report as Markdown for the staff meeting, from `templates` (a handbook's
    `_templates/`; by default the one found from the current folder)."""
    return render(
        TEMPLATE,
        templates,
        report=report,
        pair=pair_text,
        entry=entry_text,
        decision=decision_text,
        task=task_text,
        finished=finished_text,
    )


def _incentives(program: Program) -> date:
    return program.info.incentives_start


def _note(item: TimelineItem, naming: Naming) -> TimelineNote:
    entry = timeline_entry(item, naming)
    return TimelineNote(
        id=entry.id,
        title=entry.title,
        kind=entry.kind,
        day=entry.last_day,
        status=entry.status,
        owner=entry.owner,
    )


def _value(snapshot: metrics.Snapshot | None, metric: str) -> float | None:
    if snapshot is None:
        return None
    if metric == "participants":
        return float(snapshot.participants)
    return snapshot.value(metric)


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def _over_capacity(program: Program, day: date, naming: Naming) -> tuple[str, ...]:
    """Mentors meeting more mentees on `day` than their capacity (the check forbids it)."""
    load: dict[str, int] = {}
    for pairing in program.pairings:
        if pairing.meets_on(day):
            load[pairing.mentor] = load.get(pairing.mentor, 0) + 1
    over = [
        naming.shown(mentor_id, "mentor")
        for mentor_id, count in sorted(load.items())
        if mentor_id in program.person and count > program.person[mentor_id].capacity
    ]
    return tuple(sorted(over))
