"""Check-ins and stalled pairings: when a pairing was last heard from, and when it has gone quiet.

One rule, used by the status report, the calendar and the check alike: a pairing active on a
day (by its dated facts, `Pairing.meets_on`, whatever it became later) is stalled on that day
when its latest check-in on or before it (or its start, without one) lies
`reporting.stalled_after_days` days or more behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from generators.data.loaded import Origin
from generators.data.models import Pairing, Program
from generators.data.problems import Problem

if TYPE_CHECKING:
    from generators.data.naming import Naming


@dataclass(frozen=True)
class Quiet:
    """An active pairing and how long it has gone without a check-in."""

    pairing: Pairing
    since: date  # the latest check-in, or the start when there was none
    days: int
    checked_in: bool  # whether any check-in was recorded by then


def is_active(pairing: Pairing, day: date) -> bool:
    """Active on `day` as it stood then: a pairing that completed, ended or paused later was
    still meeting, and one that starts later was not yet."""
    return pairing.meets_on(day)


def last_check_in(pairing: Pairing, day: date) -> date | None:
    """The latest check-in on or before `day`, if any."""
    return max((d for d in pairing.check_ins if d <= day), default=None)


def quiet_since(pairing: Pairing, day: date) -> Quiet:
    """How long `pairing` has gone without a check-in on `day` (counted from its start)."""
    last = last_check_in(pairing, day)
    since = last if last is not None and last >= pairing.start else pairing.start
    return Quiet(pairing, since, (day - since).days, last is not None)


def stalled_after(program: Program) -> int:
    return program.info.reporting.stalled_after_days


def stalled(program: Program, day: date) -> tuple[Quiet, ...]:
    """Active pairings with no check-in for `stalled_after_days` or more on `day`: the quietest
    first."""
    limit = stalled_after(program)
    found = [quiet_since(p, day) for p in program.pairings if is_active(p, day)]
    return tuple(
        sorted(
            (q for q in found if q.days >= limit),
            key=lambda q: (-q.days, q.pairing.start, q.pairing.mentor, q.pairing.mentee),
        )
    )


def next_check_in(program: Program, pairing: Pairing, day: date) -> date | None:
    """When the coordinator should next check in with an active pairing: before it would count
    as stalled, and never before `day` (an overdue one is due on `day` itself)."""
    if not is_active(pairing, day):
        return None
    due = quiet_since(pairing, day).since + timedelta(days=stalled_after(program) - 1)
    return max(due, day)


@dataclass(frozen=True)
class StalledPair:
    """A stalled pairing as it may be published: both people named, as they consented."""

    mentor: str
    mentee: str
    since: date
    days: int
    checked_in: bool


def published_stalled(
    program: Program, day: date, naming: Naming
) -> tuple[tuple[StalledPair, ...], int]:
    """Stalled pairings whose two people may both be named, and how many others there are."""
    named: list[StalledPair] = []
    others = 0
    for quiet in stalled(program, day):
        mentor = naming.name(quiet.pairing.mentor)
        mentee = naming.name(quiet.pairing.mentee)
        if mentor is None or mentee is None:
            others += 1
            continue
        named.append(StalledPair(mentor, mentee, quiet.since, quiet.days, quiet.checked_in))
    return tuple(named), others


def unchecked_warnings(program: Program, origins: Sequence[Origin], day: date) -> list[Problem]:
    """A warning for each active pairing with no check-in at all since it started, once
    `stalled_after_days` have passed: the data is valid, but the pair may have gone quiet."""
    limit = stalled_after(program)
    found = []
    for pairing, origin in zip(program.pairings, origins, strict=False):
        if not is_active(pairing, day) or last_check_in(pairing, day) is not None:
            continue
        days = (day - pairing.start).days
        if days < limit:
            continue
        found.append(
            origin.problem(
                ("start",),
                f"warning: active for {days} days with no check-in recorded "
                f"(reporting.stalled_after_days is {limit}, on {day.isoformat()})",
                hint="check in with the pair and add the day as check_ins: [YYYY-MM-DD]",
                code="stalled",
            )
        )
    return found
