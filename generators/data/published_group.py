"""The working group's meetings, decisions, tasks and feedback as they may be published.

Part of the published view (`published.publish` puts it in `PublishedProgram.working_group`):
people are names of those who consented, "a member" otherwise (as the view's `Naming` says),
never ids, and mentions in the records' texts are rendered the same way. As of a day,
meetings held by then show everything; the next meeting shows its agenda only (what it
decides and assigns is not known yet); tasks, decisions and feedback dated later are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generators.data.joining import site_address
from generators.data.models import Feedback, Links, Meeting, Program
from generators.data.naming import MEMBER, Naming, unnamed
from generators.data.working_group import (
    SetTask,
    Slot,
    next_meeting,
    open_tasks,
    schedule,
    series,
    tasks_set,
)

#: How someone who has not consented to be named appears.
UNNAMED_MEMBER = unnamed(MEMBER)
#: The handbook page that holds the rolling agenda (docs/rolling-agenda.md).
AGENDA_PAGE = "rolling-agenda"


def meeting_anchor(meeting_id: str) -> str:
    """A meeting's anchor on the rolling agenda page."""
    return f"meeting-{meeting_id}"


def decision_anchor(decision_id: str) -> str:
    """A decision's anchor in the decision log, which any page can link to."""
    return f"decision-{decision_id}"


def agenda_address(site_url: str | None, meeting_id: str | None = None) -> str | None:
    """The rolling agenda on the published site (at the meeting, given one); None without
    `site_url`."""
    anchor = f"#{meeting_anchor(meeting_id)}" if meeting_id else ""
    return site_address(site_url, f"{AGENDA_PAGE}.html{anchor}")


@dataclass(frozen=True)
class Linked:
    """Something a decision or a piece of feedback points at: its id and its name."""

    id: str
    title: str


@dataclass(frozen=True)
class LinkSet:
    incentives: tuple[Linked, ...] = ()
    timeline: tuple[Linked, ...] = ()
    decisions: tuple[Linked, ...] = ()


@dataclass(frozen=True)
class ReadingEntry:
    title: str
    url: str | None
    page: str | None


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    proposer: str
    pre_reading: tuple[ReadingEntry, ...]


@dataclass(frozen=True)
class DecisionEntry:
    id: str
    title: str
    reached: str
    changes: str
    day: date
    meeting: str
    concerns: LinkSet


@dataclass(frozen=True)
class TaskEntry:
    """A task as it stood on the view's day."""

    title: str
    owner: str
    set_on: date
    due: date
    status: str
    #: What blocks it, while it is blocked.
    blocker: str | None
    done_on: date | None
    overdue: bool
    meeting: str


@dataclass(frozen=True)
class MeetingEntry:
    id: str
    day: date
    #: The series day it replaces, when it was moved.
    moved_from: date | None
    purpose: str | None
    objective: str | None
    process: str | None
    agenda: tuple[AgendaEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    tasks: tuple[TaskEntry, ...]
    #: Held on or before the view's day (else it is the next meeting).
    held: bool


@dataclass(frozen=True)
class NextMeeting:
    """The group's next meeting on or after the view's day, with the open tasks it carries."""

    day: date
    moved_from: date | None
    #: Its file; None while nobody has written its agenda.
    meeting: MeetingEntry | None
    #: Tasks set earlier and not done on the view's day: overdue and blocked first.
    carried: tuple[TaskEntry, ...]
    duration_minutes: int | None


@dataclass(frozen=True)
class FeedbackEntry:
    id: str
    day: date
    source: str
    channel: str
    said: str
    disposition: str
    reason: str | None
    decided_on: date | None
    incorporated: LinkSet


@dataclass(frozen=True)
class WorkingGroupView:
    """Everything the site, the agenda, the calendar and the report show of the group."""

    series: str | None
    series_title: str | None
    #: Newest first: every meeting held by the view's day, and the next one.
    meetings: tuple[MeetingEntry, ...]
    next: NextMeeting | None
    #: The last meeting's day, once the series has ended before the view's day.
    ended_on: date | None
    #: Not done on the view's day: overdue and blocked first, then by due date.
    open_tasks: tuple[TaskEntry, ...]
    #: Every task set by the view's day, in the order they were set.
    tasks: tuple[TaskEntry, ...]
    #: Newest first.
    decisions: tuple[DecisionEntry, ...]
    #: Newest first.
    feedback: tuple[FeedbackEntry, ...]
    #: Every meeting moved off its series day, as (the series day, the day it takes place).
    moved: tuple[tuple[date, date], ...] = ()


def member(naming: Naming, person_id: str) -> str:
    """A person's name if they may be named, else "a member"."""
    return naming.shown(person_id, MEMBER)


def publish_working_group(
    program: Program, as_of: date, naming: Naming | None = None
) -> WorkingGroupView:
    """The group's records as they may be published, as they stood on `as_of`.

    `naming` decides who is named (by default, who consented in `program`)."""
    names = _Names(program, naming or Naming.of(program))
    slots = schedule(program)
    upcoming = next_meeting(program, as_of)
    held = [s for s in slots if s.day <= as_of and s.meeting is not None]
    shown = [*held, *([upcoming] if upcoming and upcoming.day > as_of and upcoming.meeting else [])]
    meetings = tuple(
        _meeting(s.meeting, s, names, as_of) for s in reversed(shown) if s.meeting is not None
    )
    every_task = tasks_set(program, as_of)
    waiting = open_tasks(program, as_of)
    item = series(program)
    return WorkingGroupView(
        series=item.id if item else None,
        series_title=item.title if item else None,
        meetings=meetings,
        next=_next(upcoming, names, as_of, waiting, item.duration_minutes if item else None),
        ended_on=slots[-1].day if slots and upcoming is None else None,
        open_tasks=tuple(_task(t, names, as_of) for t in waiting),
        tasks=tuple(_task(t, names, as_of) for t in every_task),
        decisions=tuple(d for m in meetings for d in m.decisions),
        feedback=tuple(
            _feedback(entry, names, as_of)
            for entry in sorted(program.feedback, key=lambda f: (f.date, f.id), reverse=True)
            if entry.date <= as_of
        ),
        moved=tuple((s.series_day, s.day) for s in slots if s.moved and s.series_day),
    )


class _Names:
    """Names of people, incentives, timeline entries and decisions, looked up once."""

    def __init__(self, program: Program, naming: Naming) -> None:
        self.naming = naming
        self.incentives = {i.id: i.name for i in program.incentives}
        # As the timeline publishes its titles (mentions rendered), never as written.
        self.timeline = {t.id: naming.text(t.title) for t in program.timeline}
        self.decisions = {
            d.id: naming.text(d.title, everyone=MEMBER)
            for m in program.meetings
            for d in m.decisions
        }

    def text(self, value: str | None) -> str | None:
        """`value` with its mentions rendered (the unnamed as "a member")."""
        return None if value is None else self.naming.text(value, everyone=MEMBER)

    def links(self, links: Links) -> LinkSet:
        return LinkSet(
            incentives=tuple(Linked(i, self.incentives.get(i, i)) for i in links.incentives),
            timeline=tuple(Linked(t, self.timeline.get(t, t)) for t in links.timeline),
            decisions=tuple(Linked(d, self.decisions.get(d, d)) for d in links.decisions),
        )


def _meeting(meeting: Meeting, slot: Slot, names: _Names, as_of: date) -> MeetingEntry:
    held = meeting.date <= as_of
    return MeetingEntry(
        id=meeting.id,
        day=meeting.date,
        moved_from=meeting.moved_from if slot.moved else None,
        purpose=names.text(meeting.purpose),
        objective=names.text(meeting.objective),
        process=names.text(meeting.process),
        agenda=tuple(
            AgendaEntry(
                names.text(item.title) or "",
                member(names.naming, item.proposer),
                tuple(
                    ReadingEntry(names.text(r.title) or "", r.url, r.page) for r in item.pre_reading
                ),
            )
            for item in meeting.agenda
        ),
        decisions=tuple(
            DecisionEntry(
                d.id,
                names.decisions.get(d.id, d.title),
                d.reached,
                names.text(d.changes) or "",
                meeting.date,
                meeting.id,
                names.links(d.concerns),
            )
            for d in meeting.decisions
        )
        if held
        else (),
        tasks=tuple(
            _task(SetTask(task, meeting, i), names, as_of) for i, task in enumerate(meeting.tasks)
        )
        if held
        else (),
        held=held,
    )


def _next(
    slot: Slot | None,
    names: _Names,
    as_of: date,
    waiting: list[SetTask],
    duration: int | None,
) -> NextMeeting | None:
    if slot is None:
        return None
    return NextMeeting(
        day=slot.day,
        moved_from=slot.series_day if slot.moved else None,
        meeting=_meeting(slot.meeting, slot, names, as_of) if slot.meeting else None,
        carried=tuple(
            _task(t, names, as_of)
            for t in waiting
            if slot.meeting is None or t.meeting is not slot.meeting
        ),
        duration_minutes=duration,
    )


def _task(task: SetTask, names: _Names, as_of: date) -> TaskEntry:
    status = task.status_on(as_of)
    return TaskEntry(
        title=names.text(task.task.title) or "",
        owner=member(names.naming, task.task.owner),
        set_on=task.set_on,
        due=task.task.due,
        status=status,
        blocker=names.text(task.task.blocker) if status == "blocked" else None,
        done_on=task.task.done_on if status == "done" else None,
        overdue=task.overdue_on(as_of),
        meeting=task.meeting.id,
    )


def _feedback(entry: Feedback, names: _Names, as_of: date) -> FeedbackEntry:
    disposition = entry.disposition_on(as_of)
    decided = disposition != "open"
    return FeedbackEntry(
        id=entry.id,
        day=entry.date,
        source=entry.source,
        channel=entry.channel,
        said=names.text(entry.said) or "",
        disposition=disposition,
        reason=names.text(entry.reason) if decided else None,
        decided_on=(entry.decided_on or entry.date) if decided else None,
        incorporated=names.links(entry.incorporated) if decided else LinkSet(),
    )


@dataclass(frozen=True)
class GroupNews:
    """What the staff-meeting update says of the group: decided and finished in the period,
    and what is blocked on the day."""

    decided: tuple[DecisionEntry, ...]
    finished: tuple[TaskEntry, ...]
    blocked: tuple[TaskEntry, ...]
    #: Meetings of the group held in the period (those with a file).
    met: int = 0


def news(view: WorkingGroupView, after: date, until: date) -> GroupNews:
    """Decisions of meetings and tasks finished after `after` up to `until`, oldest first, and
    every task blocked on the view's day."""
    return GroupNews(
        decided=tuple(
            sorted((d for d in view.decisions if after < d.day <= until), key=lambda d: d.day)
        ),
        finished=tuple(
            sorted(
                (t for t in view.tasks if t.done_on is not None and after < t.done_on <= until),
                key=lambda t: (t.done_on or t.due, t.title),
            )
        ),
        blocked=tuple(t for t in view.open_tasks if t.status == "blocked"),
        met=sum(1 for m in view.meetings if m.held and after < m.day <= until),
    )
