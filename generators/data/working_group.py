"""The working group's week as data: which day each meeting falls on, which one is next, and
what each task's status is on a day.

The group meets on the days of one recurring meeting in `timeline.yaml`
(`working_group.meeting` in `program.yaml`). A file in `working-group/` holds one meeting: on
a day of that series, or on another day with `moved_from` naming the series day it replaces.
A series day without a file is a meeting whose agenda is not written yet.

Tasks are set at the meeting whose file holds them and carried forward, meeting after
meeting, until they are done; like every status in the data, a task's is derived from its
dated facts, so a day in the past shows what was open then.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from generators.data import formats
from generators.data.loaded import Loaded, Origin
from generators.data.models import FRAMING, Meeting, Program, Task, TimelineItem
from generators.data.named_meeting import not_a_meeting
from generators.data.problems import Problem
from generators.data.recurrence import occurrences
from generators.data.status import after_today

#: The agenda is posted at least this long before the meeting (the charter's "one day").
POSTED_AHEAD = timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    """One meeting of the group: the day it takes place, the series day it stands for, and its
    file (None while nobody has written its agenda)."""

    day: date
    series_day: date | None
    meeting: Meeting | None

    @property
    def moved(self) -> bool:
        return self.series_day is not None and self.series_day != self.day


@dataclass(frozen=True)
class SetTask:
    """A task with the meeting that set it."""

    task: Task
    meeting: Meeting
    #: Its place in the meeting's tasks.
    index: int

    @property
    def set_on(self) -> date:
        return self.meeting.date

    def status_on(self, day: date) -> str:
        return self.task.status_on(day)

    def overdue_on(self, day: date) -> bool:
        """Not done by `day`, and due before it."""
        return self.task.status_on(day) != "done" and self.task.due < day


def series(program: Program) -> TimelineItem | None:
    """The group's recurring meeting (`working_group.meeting`), if it names one."""
    group = program.info.working_group
    if group is None:
        return None
    return next(
        (t for t in program.timeline if t.id == group.meeting and t.kind == "meeting"), None
    )


def schedule(program: Program) -> list[Slot]:
    """Every meeting of the group in order: the series' days, each moved meeting on its new
    day, and any other meeting file on its own day."""
    item = series(program)
    days = set(occurrences(item)) if item is not None else set()
    moved = {m.moved_from for m in program.meetings if m.moved_from is not None}
    files: dict[date, Meeting] = {}
    slots: list[Slot] = []
    for meeting in program.meetings:
        if meeting.moved_from is not None:
            slots.append(Slot(meeting.date, meeting.moved_from, meeting))
        elif meeting.date in days:
            files.setdefault(meeting.date, meeting)
        else:
            slots.append(Slot(meeting.date, None, meeting))
    slots.extend(Slot(day, day, files.get(day)) for day in days if day not in moved)
    return sorted(slots, key=lambda s: (s.day, s.meeting.id if s.meeting else ""))


def next_meeting(program: Program, day: date) -> Slot | None:
    """The group's first meeting on or after `day` (None once its meetings have ended)."""
    return next((slot for slot in schedule(program) if slot.day >= day), None)


def tasks_set(program: Program, day: date) -> list[SetTask]:
    """Every task set at a meeting on or before `day`, in the order the meetings were held."""
    held = sorted((m for m in program.meetings if m.date <= day), key=lambda m: (m.date, m.id))
    return [SetTask(task, meeting, i) for meeting in held for i, task in enumerate(meeting.tasks)]


def open_tasks(program: Program, day: date) -> list[SetTask]:
    """Tasks not done on `day`: overdue or blocked first, then by due date."""
    waiting = [t for t in tasks_set(program, day) if t.status_on(day) != "done"]
    return sorted(waiting, key=lambda t: urgency(t, day))


def urgency(task: SetTask, day: date) -> tuple[int, date, str]:
    """Overdue first, then blocked, then the rest; each by due date."""
    if task.overdue_on(day):
        rank = 0
    elif task.status_on(day) == "blocked":
        rank = 1
    else:
        rank = 2
    return rank, task.task.due, task.task.title


# -- the check ------------------------------------------------------------------------------


def check_working_group(program: Program, loaded: Loaded, today: date) -> list[Problem]:
    """Meetings on the group's series (or moved), tasks due after they were set, decision ids
    unique, and nothing recorded as happened after `today`."""
    origins = loaded.origins.get("meetings", [])
    problems = list(_series_setting(program, loaded))
    item = series(program)
    days = set(occurrences(item)) if item is not None else None
    taken: dict[date, Origin] = {}
    decisions: dict[str, Origin] = {}
    for meeting, origin in zip(program.meetings, origins, strict=False):
        if days is not None:
            problems.extend(_on_the_series(meeting, origin, item, days, taken))
        problems.extend(_task_dates(meeting, origin, today))
        for d, decision in enumerate(meeting.decisions):
            first = decisions.setdefault(decision.id, origin)
            if first is not origin:
                problems.append(
                    origin.problem(
                        ["decisions", d, "id"],
                        f"duplicate decision id '{decision.id}': also in {first.source.shown}",
                        "decision ids are unique across meetings: they are the decisions' anchors",
                        "duplicate-id",
                    )
                )
        if meeting.date > today and (meeting.decisions or meeting.tasks):
            what = "decisions" if meeting.decisions else "tasks"
            problems.append(
                origin.problem(
                    [what],
                    f"{what} of a meeting on {meeting.date.isoformat()}, after today "
                    f"({today.isoformat()})",
                    "record what a meeting decided and assigned once it has taken place",
                    "future-fact",
                )
            )
    for entry, origin in zip(program.feedback, loaded.origins.get("feedback", []), strict=False):
        for name in ("date", "decided_on"):
            hint = "record feedback once it has been given, and its disposition once decided"
            problems += after_today(origin, [name], getattr(entry, name), today, hint)
    return problems


def _series_setting(program: Program, loaded: Loaded) -> Iterator[Problem]:
    group = program.info.working_group
    info = loaded.origins.get("program")
    meetings = loaded.origins.get("meetings", [])
    if group is None:
        if meetings:
            yield meetings[0].problem(
                [],
                "the working group's meetings need working_group.meeting in program.yaml",
                "add working_group: {meeting: <the id of the group's weekly meeting in "
                "timeline.yaml>} to program.yaml",
                "working-group",
            )
        return
    if info is not None:
        path = ("working_group", "meeting")
        yield from not_a_meeting(program, loaded, info[0], path, group.meeting)


def _on_the_series(
    meeting: Meeting,
    origin: Origin,
    item: TimelineItem | None,
    days: set[date],
    taken: dict[date, Origin],
) -> Iterator[Problem]:
    assert item is not None
    name = f"'{item.id}'"
    if meeting.moved_from is None and meeting.date not in days:
        yield origin.problem(
            ["date"],
            f"{meeting.date.isoformat()} is not a day of the group's meeting {name} "
            f"({_series_words(item)})",
            f"the nearest is {_nearest(days, meeting.date)}; if the meeting was moved, write "
            "moved_from: the series day it replaces",
            "meeting-date",
        )
        return
    if meeting.moved_from is not None and meeting.moved_from not in days:
        yield origin.problem(
            ["moved_from"],
            f"{meeting.moved_from.isoformat()} is not a day of the group's meeting {name} "
            f"({_series_words(item)})",
            f"the nearest is {_nearest(days, meeting.moved_from)}",
            "meeting-date",
        )
        return
    series_day = meeting.moved_from or meeting.date
    first = taken.setdefault(series_day, origin)
    if first is not origin:
        yield origin.problem(
            ["moved_from" if meeting.moved_from else "date"],
            f"a second meeting for the series day {series_day.isoformat()} (the first is "
            f"{first.source.shown})",
            "one file a meeting: merge the two, or move one with moved_from",
            "meeting-date",
        )


def _series_words(item: TimelineItem) -> str:
    how = formats.CADENCE.get(item.repeat or "", "once")
    return f"{how} from {item.first_day.isoformat()} to {item.last_day.isoformat()}"


def _nearest(days: set[date], day: date) -> str:
    if not days:
        return "none: the series has no days"
    return min(days, key=lambda d: (abs((d - day).days), d)).isoformat()


def _task_dates(meeting: Meeting, origin: Origin, today: date) -> Iterator[Problem]:
    for t, task in enumerate(meeting.tasks):
        for name in ("due", "done_on", "blocked_on"):
            on = getattr(task, name)
            if on is not None and on < meeting.date:
                yield origin.problem(
                    ["tasks", t, name],
                    f"{name} ({on.isoformat()}) is before the meeting that set the task "
                    f"({meeting.date.isoformat()})",
                    "a task is set at its meeting: date it on or after that day",
                    "date-order",
                )
        for name in ("done_on", "blocked_on"):
            hint = "record a task as done or blocked once it is"
            yield from after_today(origin, ["tasks", t, name], getattr(task, name), today, hint)


# -- warnings -------------------------------------------------------------------------------


def working_group_warnings(program: Program, loaded: Loaded, as_of: date) -> list[Problem]:
    """Warnings (the data stays valid): the next meeting a day away or less without purpose,
    objective or process, and every task overdue or blocked on `as_of`."""
    found: list[Problem] = []
    slot = next_meeting(program, as_of)
    if slot is not None and slot.day - as_of <= POSTED_AHEAD:
        found.extend(_unframed(program, loaded, slot, as_of))
    origins = {
        id(m): o for m, o in zip(program.meetings, loaded.origins.get("meetings", []), strict=False)
    }
    for task in open_tasks(program, as_of):
        origin = origins.get(id(task.meeting))
        if origin is None:
            continue
        index = task.index
        if task.overdue_on(as_of):
            state = "blocked" if task.status_on(as_of) == "blocked" else "open"
            found.append(
                origin.problem(
                    ["tasks", index, "due"],
                    f"warning: task '{task.task.title}' was due on {task.task.due.isoformat()} "
                    f"and is still {state} on {as_of.isoformat()}",
                    "mark it done with done_on, or agree a new due date at the next meeting",
                    "task-overdue",
                )
            )
        elif task.status_on(as_of) == "blocked":
            found.append(
                origin.problem(
                    ["tasks", index, "status"],
                    f"warning: task '{task.task.title}' is blocked: {task.task.blocker}",
                    "raise the blocker with the working-group lead",
                    "task-blocked",
                )
            )
    return found


def _unframed(program: Program, loaded: Loaded, slot: Slot, as_of: date) -> Iterator[Problem]:
    meeting = slot.meeting
    if meeting is not None and meeting.framed:
        return
    when = "today" if slot.day == as_of else "tomorrow"
    if meeting is None:
        item = series(program)
        index = next((i for i, t in enumerate(program.timeline) if t is item), None)
        origins = loaded.origins.get("timeline", [])
        if index is None or index >= len(origins):
            return
        yield origins[index].problem(
            ["id"],
            f"warning: the working group meets {when} ({slot.day.isoformat()}) and its agenda "
            f"is not written: no {listed_or(list(FRAMING))}",
            f"add working-group/{slot.day.isoformat()}.yaml with purpose, objective, process "
            "and agenda, and post it",
            "agenda-missing",
        )
        return
    origin = next(
        (
            o
            for m, o in zip(program.meetings, loaded.origins.get("meetings", []), strict=False)
            if m is meeting
        ),
        None,
    )
    if origin is None:
        return
    missing = meeting.missing
    yield origin.problem(
        [],
        f"warning: the working group meets {when} ({slot.day.isoformat()}) and its agenda has "
        f"no {listed_or(missing)}",
        f"write {listed_and(missing)}, and post the agenda a day ahead",
        "agenda-unframed",
    )


def listed_or(words: list[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def listed_and(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
