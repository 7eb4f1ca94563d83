"""The program as it stood on one day: every status derived from the facts dated up to it.

Records carry the dates on which things happened (a timeline entry's `done_on`, an
incentive's `adopted_on`, a pairing's `start`, `end` and `paused_on`, a target's `set_on`);
each model says what its status is on a given day. `program_on` applies that to the whole
program, so every output made for a day (the site, the report, the calendar, the exports)
shows what was true that day: a fact dated later is simply not yet true.
"""

from __future__ import annotations

from datetime import date

from generators.data.models import Incentive, Pairing, Program, TimelineItem


def program_on(program: Program, day: date) -> Program:
    """`program` with each status as it was on `day`, and targets not yet agreed left out."""
    info = program.info.model_copy(
        update={"targets": tuple(t for t in program.info.targets if t.is_set_on(day))}
    )
    return program.model_copy(
        update={
            "info": info,
            "timeline": tuple(timeline_item_on(item, day) for item in program.timeline),
            "incentives": tuple(incentive_on(item, day) for item in program.incentives),
            "pairings": tuple(pairing_on(item, day) for item in program.pairings),
        }
    )


def timeline_item_on(item: TimelineItem, day: date) -> TimelineItem:
    return item.model_copy(update={"status": item.status_on(day)})


def incentive_on(incentive: Incentive, day: date) -> Incentive:
    status, since = incentive.status_since(day)
    return incentive.model_copy(update={"status": status, "since": since})


def pairing_on(pairing: Pairing, day: date) -> Pairing:
    """The pairing as recorded on `day`: an end or a pause after it is not known yet."""
    status = pairing.status_on(day)
    if status == pairing.status:
        return pairing
    # Not paused yet, or not started: the later facts are dropped with the status they set.
    return pairing.model_copy(update={"status": status, "paused_on": None})
