"""The program as it stood on one day: every status derived from the facts dated up to it.

Records carry the dates on which things happened (a timeline entry's `done_on`, an
incentive's `adopted_on`, a pairing's `start`, `end` and `paused_on`, a goal's `done_on`, a
target's `set_on`); each model says what its status is on a given day. `program_on` applies
that to the whole program, so every output made for a day (the site, the report, the
calendar, the exports) shows what was true that day: a fact dated later is simply not yet
true.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from generators.data.loaded import Loaded, Origin
from generators.data.metrics import snapshots
from generators.data.models import (
    INCENTIVE_FACTS,
    TIMELINE_FACTS,
    Goal,
    Incentive,
    Pairing,
    Program,
    Record,
    TimelineItem,
)
from generators.data.problems import Problem
from generators.data.targets import milestone_status, target_of, target_title
from generators.data.yamlfile import PathPart


def program_on(program: Program, day: date) -> Program:
    """`program` with each status as it was on `day`, and targets not yet agreed left out.

    A milestone about a target is named after the target and has the target's status that
    day (`generators.data.targets`), judged on the figures as they stood that day.
    """
    info = program.info.model_copy(
        update={"targets": tuple(t for t in program.info.targets if t.is_set_on(day))}
    )
    then = program.model_copy(
        update={
            "info": info,
            "timeline": tuple(timeline_item_on(item, day) for item in program.timeline),
            "incentives": tuple(incentive_on(item, day) for item in program.incentives),
            "pairings": tuple(pairing_on(item, day) for item in program.pairings),
        }
    )
    if not any(item.target is not None for item in program.timeline):
        return then
    return then.model_copy(update={"timeline": target_milestones(program, then.timeline, day)})


def timeline_on(program: Program, day: date) -> tuple[TimelineItem, ...]:
    """The timeline as `program_on` has it on `day`, without copying the rest of the program
    (one status update a reporting date reads it)."""
    timeline = tuple(timeline_item_on(item, day) for item in program.timeline)
    if any(item.target is not None for item in program.timeline):
        return target_milestones(program, timeline, day)
    return timeline


def target_milestones(
    program: Program, timeline: Sequence[TimelineItem], day: date
) -> tuple[TimelineItem, ...]:
    """`timeline` (as on `day`) with each milestone about a target titled and judged from
    that target.

    The figures are the recorded program's snapshots up to `day`, which are the same as those
    of the program as it stood that day (they count only days up to `day`, and a fact dated
    later changes no pair's meetings before it); reading them off `program` keeps the one
    roster `metrics` caches for it, where a copy for each day would build it again."""
    series = snapshots(program, day)
    targets = program.info.targets
    items = []
    for item in timeline:
        target = target_of(item, targets)
        if target is not None:
            status = milestone_status(target, series, day, program.info.incentives_start)
            item = item.model_copy(update={"title": target_title(target), "status": status})
        items.append(item)
    return tuple(items)


def timeline_item_on(item: TimelineItem, day: date) -> TimelineItem:
    return item.model_copy(update={"status": item.status_on(day)})


def incentive_on(incentive: Incentive, day: date) -> Incentive:
    status, since = incentive.status_since(day)
    return incentive.model_copy(update={"status": status, "since": since})


def pairing_on(pairing: Pairing, day: date) -> Pairing:
    """The pairing as recorded on `day`: an end, a pause or a goal reached after it is not
    known yet."""
    update: dict[str, object] = {}
    status = pairing.status_on(day)
    if status != pairing.status:
        # Not paused yet, or not started: the later facts are dropped with the status they set.
        update.update(status=status, paused_on=None)
    goals = tuple(goal_on(goal, day) for goal in pairing.goals)
    if any(then is not now for then, now in zip(goals, pairing.goals, strict=True)):
        update["goals"] = goals
    return pairing.model_copy(update=update) if update else pairing


def goal_on(goal: Goal, day: date) -> Goal:
    """The goal as recorded on `day`: in progress until the day it was reached."""
    status = goal.status_on(day)
    if status == goal.status:
        return goal
    return goal.model_copy(update={"status": status, "done_on": None})


def future_facts(program: Program, loaded: Loaded, today: date) -> list[Problem]:
    """Facts dated after `today`: what has not happened cannot be recorded as done.

    A fact after the as-of day of a build for a past day is fine (it is simply not true yet
    that day); only the real today bounds what can have happened.
    """
    problems: list[Problem] = []
    records: list[tuple[str, Sequence[Record], tuple[str, ...]]] = [
        ("timeline", program.timeline, TIMELINE_FACTS),
        ("incentives", program.incentives, INCENTIVE_FACTS),
        ("pairings", program.pairings, ("paused_on",)),
    ]
    for kind, items, fields in records:
        origins = loaded.origins.get(kind, [])
        for record, origin in zip(items, origins, strict=False):
            # An older file's status is read as a fact dated by the entry's own dates, which
            # could always lie ahead: only the dates written as facts are held to today.
            written = [n for n in fields if n in record.model_fields_set]
            for name in written:
                hint = "record a fact once it has happened; a plan is the entry's date"
                problems += after_today(origin, [name], getattr(record, name), today, hint)
    for origin, path, on in _goals_done(program, loaded):
        hint = "record a goal as done once it has been reached; a plan is its due date"
        problems += after_today(origin, path, on, today, hint)
    for program_origin in loaded.origins.get("program", [])[:1]:
        for index, target in enumerate(program.info.targets):
            path = ["targets", index, "set_on"]
            hint = "write set_on once the target has been agreed"
            problems += after_today(program_origin, path, target.set_on, today, hint)
    return problems


def after_today(
    origin: Origin, path: Sequence[PathPart], on: date | None, today: date, hint: str
) -> list[Problem]:
    """The problem with a fact (the field at `path`) dated `on`, after `today`: none when
    it is not. Every record's facts are held to today in these words."""
    if on is None or on <= today:
        return []
    message = f"{path[-1]} is {on.isoformat()}, after today ({today.isoformat()})"
    return [origin.problem(path, message, hint, "future-fact")]


def _goals_done(program: Program, loaded: Loaded) -> Iterator[tuple[Origin, list[str | int], date]]:
    """Each goal's `done_on`, with the pairing's origin and the path to the field."""
    origins = loaded.origins.get("pairings", [])
    for pairing, origin in zip(program.pairings, origins, strict=False):
        for index, goal in enumerate(pairing.goals):
            if goal.done_on is not None:
                yield origin, ["goals", index, "done_on"], goal.done_on
