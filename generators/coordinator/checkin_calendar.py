"""Check-in reminders for the coordinator's own calendar (`handbook calendar --checkins`).

Each active pairing gets one all-day event on its next check-in (`checkins.next_check_in`).
These events are for the coordinator only: the site's calendar never carries them. People
are named only if they agreed; others appear as "a mentor" / "a mentee", with the pairing's
place in its file, given as `handbook check` gives it (file, line, `pairings[N]` counted from
0), so the coordinator can still find it. UIDs are a hash of the pairing,
stable across runs and naming no one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

import icalendar

from generators.coordinator.calendar import all_day, new_event, uid
from generators.data.checkins import is_active, next_check_in, quiet_since
from generators.data.loaded import Origin
from generators.data.models import Pairing, Program
from generators.data.naming import Naming


def add_check_ins(
    calendar: icalendar.Calendar,
    program: Program,
    origins: Sequence[Origin],
    as_of: date,
    stamp: datetime,
    naming: Naming | None = None,
) -> int:
    """Add each active pairing's next check-in to `calendar`; returns how many were added.
    `origins` are the pairings' places in their file, which the events give as the check
    does (`pairings.yaml:37 (pairings[4])`). `naming` decides who is named (by default,
    who consented in `program`)."""
    naming = naming or Naming.of(program)
    added = 0
    for pairing, origin in zip(program.pairings, origins, strict=True):
        due = next_check_in(program, pairing, as_of)
        if due is None or not is_active(pairing, as_of):
            continue
        calendar.add_component(_event(program, naming, pairing, origin.place(), due, as_of, stamp))
        added += 1
    return added


def _event(
    program: Program,
    naming: Naming,
    pairing: Pairing,
    place: str,
    due: date,
    as_of: date,
    stamp: datetime,
) -> icalendar.Event:
    mentor = naming.shown(pairing.mentor, "mentor")
    mentee = naming.shown(pairing.mentee, "mentee")
    quiet = quiet_since(pairing, as_of)
    last = (
        f"Last check-in {quiet.since.isoformat()}."
        if quiet.checked_in
        else f"No check-in since the start on {quiet.since.isoformat()}."
    )
    key = f"{pairing.mentor}\n{pairing.mentee}\n{pairing.start.isoformat()}".encode()
    event = new_event(
        uid(f"check-in-{hashlib.sha256(key).hexdigest()[:16]}", program.info.name),
        stamp,
        f"Check in: {mentor} with {mentee}",
        "check-in",
        f"The pairing at {place}, started {pairing.start.isoformat()}. {last} "
        f"Record the check-in under its check_ins.",
    )
    return all_day(event, due, due)
