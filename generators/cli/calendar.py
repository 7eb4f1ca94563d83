"""`handbook calendar`: the program's dates as an iCalendar file to subscribe to."""

from __future__ import annotations

import argparse
import re
import zoneinfo
from datetime import time
from typing import Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    as_of_or_report,
    loaded_or_report,
)
from generators.cli.output import add_output_option, emit
from generators.coordinator.calendar import MeetingTime, build_calendar, dtstamp
from generators.data.published import publish


def _clock(text: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a time as HH:MM (24-hour); found {text!r}")
    return time(int(match[1]), int(match[2]))


def _zone(text: str) -> str:
    if text not in zoneinfo.available_timezones():
        raise argparse.ArgumentTypeError(
            f"expected an IANA time zone name such as Europe/Berlin; found {text!r}"
        )
    return text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "calendar",
        help="write the program's dates as an iCalendar (.ics) file",
        description="Write timeline.yaml as an iCalendar file: milestones and deliverables "
        "as all-day events, phases as all-day events spanning their days, meetings repeating "
        "weekly, every two weeks or monthly until their end; each cohort's application window "
        "(cohorts.yaml's applications) is an all-day event from the day it opens to the day "
        "it closes. Each event's UID is "
        "<id>@<program>, so a subscribed calendar updates instead of duplicating; DTSTAMP is "
        "SOURCE_DATE_EPOCH or the as-of date, so the same data gives the same file. Owners "
        "are named only if they agreed (publish: true). The working group's meetings link "
        "their agendas on the rolling agenda page (given site_url in program.yaml), and a "
        "meeting moved off its day is moved in the calendar too.",
        epilog="The data gives meetings a length but no time of day: without --meeting-time "
        "they are all-day events whose description gives their length.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    add_output_option(parser, "the calendar")
    parser.add_argument(
        "--meeting-time",
        type=_clock,
        metavar="HH:MM",
        help="make meetings timed events starting at this time, lasting duration_minutes",
    )
    parser.add_argument(
        "--meeting-timezone",
        type=_zone,
        default="UTC",
        metavar="ZONE",
        help="the time zone of --meeting-time (default: %(default)s)",
    )
    parser.add_argument(
        "--checkins",
        action="store_true",
        help="add each active pairing's next check-in, for the coordinator's own calendar "
        "(never published on the site); each event says where the pairing is written as "
        "handbook check does: file:line (pairings[N], counted from 0)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The calendar; with --checkins, each active pairing's next check-in too, which says where
    the pairing is written as the check says it (so the program is loaded with where each
    record is)."""
    as_of = as_of_or_report(args)
    if as_of is None:
        return 2
    loaded = loaded_or_report(args.program)
    if loaded is None or loaded.program is None:
        return 1
    program, stamp = loaded.program, dtstamp(as_of)
    calendar = build_calendar(publish(program, as_of), stamp, _meeting_time(args))
    if args.checkins:
        from generators.coordinator.checkin_calendar import add_check_ins

        add_check_ins(calendar, program, loaded.origins["pairings"], as_of, stamp)
    return emit(args, bytes(calendar.to_ical()))


def _meeting_time(args: argparse.Namespace) -> MeetingTime | None:
    return MeetingTime(args.meeting_time, args.meeting_timezone) if args.meeting_time else None
