"""The program's dates as an iCalendar file people subscribe to.

Milestones and deliverables are all-day events, phases all-day events spanning their days,
meetings recur with an RRULE until their end, and each cohort's application window is an
all-day event from the day it opens to the day it closes. Each event's UID is derived from
the timeline entry's (or cohort's) id and the program, so a subscribed calendar updates an
event instead of adding a second copy; DTSTAMP comes from the data's date, so the same data
gives the same bytes. Events are made from the published view: an owner is named only if they
agreed.

The data gives meetings a length but no time of day, and RFC 5545 allows only whole days on
an all-day event, so by default a meeting is an all-day event whose description says how long
it lasts; given a `MeetingTime`, meetings become timed events with that duration.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import icalendar

from generators import __version__
from generators.asof import source_date_epoch
from generators.data import formats
from generators.data.joining import Intake
from generators.data.published import PublishedProgram, TimelineEntry
from generators.data.published_group import WorkingGroupView, agenda_address

_FREQUENCY: dict[str, dict[str, object]] = {
    "weekly": {"freq": "weekly"},
    "biweekly": {"freq": "weekly", "interval": 2},
    "monthly": {"freq": "monthly"},
}
#: The statuses an event's summary flags, in the roadmap's words ("Pilot (at risk)").
_FLAGGED = ("at-risk", "missed")


@dataclass(frozen=True)
class MeetingTime:
    """When meetings start, in which time zone: turns all-day meetings into timed ones."""

    start: time
    zone: str = "UTC"

    def on(self, day: date) -> datetime:
        return datetime.combine(day, self.start, tzinfo=zoneinfo.ZoneInfo(self.zone))


def program_slug(name: str) -> str:
    """The program's name as the domain part of UIDs: `SRE Mentorship Program` → `sre-...`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "mentorship-program"


def uid(entry_id: str, program_name: str) -> str:
    """The stable UID of a timeline entry's event."""
    return f"{entry_id}@{program_slug(program_name)}"


def new_event(
    event_uid: str, stamp: datetime, summary: str, category: str, description: str
) -> icalendar.Event:
    """An event's first properties, in the order every event of the calendar writes them."""
    event = icalendar.Event()
    event.add("uid", event_uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("categories", [category])
    event.add("description", description)
    return event


def all_day(event: icalendar.Event, first: date, last: date) -> icalendar.Event:
    """`event` all day from `first` to `last`, both included: DTEND is the day after `last`
    (RFC 5545's end of an all-day event is exclusive)."""
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    return event


def dtstamp(as_of: date, environ: Mapping[str, str] | None = None) -> datetime:
    """DTSTAMP from the data, never the clock: SOURCE_DATE_EPOCH, else the as-of day at 00:00Z."""
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return epoch
    return datetime.combine(as_of, time(0, 0), tzinfo=timezone.utc)


def build_calendar(
    published: PublishedProgram,
    stamp: datetime,
    meeting_time: MeetingTime | None = None,
) -> icalendar.Calendar:
    """One VEVENT per timeline entry, in the published timeline's order."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//sre-mentorship-handbook//handbook {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", published.name)
    calendar.add("name", published.name)
    group = published.working_group
    site_url = published.joining.site_url if published.joining else None
    for entry in published.timeline:
        event = _event(entry, published.name, stamp, meeting_time)
        calendar.add_component(event)
        if group is not None and entry.id == group.series:
            for meeting in _group_meetings(event, entry, group, site_url, meeting_time):
                calendar.add_component(meeting)
    for intake in published.joining.intakes if published.joining else ():
        calendar.add_component(_applications(intake, published.name, stamp))
    if meeting_time is not None and meeting_time.zone != "UTC":
        calendar.add_missing_timezones()
    return calendar


def calendar_bytes(
    published: PublishedProgram,
    stamp: datetime,
    meeting_time: MeetingTime | None = None,
) -> bytes:
    """The calendar file's content (CRLF line ends, as RFC 5545 asks)."""
    return bytes(build_calendar(published, stamp, meeting_time).to_ical())


def _event(
    entry: TimelineEntry, program_name: str, stamp: datetime, meeting_time: MeetingTime | None
) -> icalendar.Event:
    flagged = entry.status in _FLAGGED
    note = f" ({formats.status_words(entry.status)})" if flagged else ""
    summary = entry.title + note
    event = new_event(uid(entry.id, program_name), stamp, summary, entry.kind, _description(entry))
    timed = (
        meeting_time is not None
        and entry.kind == "meeting"
        and (entry.repeat is not None or entry.first_day == entry.last_day)
    )
    if timed and meeting_time is not None:
        event.add("dtstart", meeting_time.on(entry.first_day))
        event.add("duration", timedelta(minutes=entry.duration_minutes or 60))
    else:
        all_day(event, entry.first_day, entry.first_day if entry.repeat else entry.last_day)
    if entry.kind == "meeting" and entry.repeat is not None:
        event.add("rrule", _rule(entry, meeting_time if timed else None))
    return event


def _group_meetings(
    series: icalendar.Event,
    entry: TimelineEntry,
    group: WorkingGroupView,
    site_url: str | None,
    meeting_time: MeetingTime | None,
) -> list[icalendar.Event]:
    """The working group's series links the rolling agenda; each meeting with an agenda on the
    site links its own, and a moved meeting moves (RFC 5545 overrides: the series' UID and
    the series day as RECURRENCE-ID)."""
    page = agenda_address(site_url)
    if page is not None:
        series.add("url", page)
        described = str(series.pop("description"))
        series.add("description", f"{described}\nAgendas: {page}")
    timed = isinstance(series.decoded("dtstart"), datetime)
    moved = dict(group.moved)
    overrides: dict[date, tuple[date, str | None, str | None]] = {
        series_day: (day, None, None) for series_day, day in moved.items()
    }
    for meeting in group.meetings:
        series_day = meeting.moved_from or meeting.day
        overrides[series_day] = (meeting.day, meeting.id, meeting.purpose)
    events = []
    for series_day, (day, meeting_id, purpose) in sorted(overrides.items()):
        event = icalendar.Event()
        for name in ("uid", "dtstamp", "summary", "categories"):
            event[name] = series[name]
        if timed and meeting_time is not None:
            event.add("recurrence-id", meeting_time.on(series_day))
            event.add("dtstart", meeting_time.on(day))
            event.add("duration", timedelta(minutes=entry.duration_minutes or 60))
        else:
            event.add("recurrence-id", series_day)
            all_day(event, day, day)
        lines = [f"Moved from {series_day.isoformat()}."] if day != series_day else []
        if purpose:
            lines.append(f"Purpose: {purpose}")
        address = agenda_address(site_url, meeting_id) if meeting_id else None
        if address is not None:
            event.add("url", address)
            lines.append(f"Agenda: {address}")
        event.add("description", "\n".join(lines) or str(series["description"]))
        events.append(event)
    return events


def _applications(intake: Intake, program_name: str, stamp: datetime) -> icalendar.Event:
    """A cohort's application window, all day from the day it opens to the day it closes.
    Its UID holds a dot, which no timeline entry's id can: the two never collide."""
    event = new_event(
        uid(f"{intake.cohort_id}.applications", program_name),
        stamp,
        f"Applications for {intake.cohort}",
        "applications",
        f"Applications for {intake.cohort}, which starts on {intake.cohort_start.isoformat()}, "
        f"are taken from {intake.opens.isoformat()} to {intake.closes.isoformat()}.",
    )
    return all_day(event, intake.opens, intake.closes)


def _rule(entry: TimelineEntry, meeting_time: MeetingTime | None) -> dict[str, object]:
    """RRULE parts that give exactly the days `published.occurrences` gives."""
    assert entry.repeat is not None
    rule: dict[str, object] = dict(_FREQUENCY[entry.repeat])
    if entry.repeat == "monthly" and entry.first_day.day > 28:
        # A meeting on the 31st falls on the last day of shorter months, as in the handbook.
        rule["bymonthday"] = list(range(28, entry.first_day.day + 1))
        rule["bysetpos"] = -1
    if meeting_time is None:
        rule["until"] = entry.last_day
    else:  # with a time zone, RFC 5545 wants UNTIL in UTC
        rule["until"] = meeting_time.on(entry.last_day).astimezone(timezone.utc)
    return rule


def _description(entry: TimelineEntry) -> str:
    lines = [f"{entry.kind.capitalize()}, status: {entry.status}."]
    if entry.kind == "meeting":
        if entry.repeat:
            lines.append(f"Repeats {entry.repeat} until {entry.last_day.isoformat()}.")
        if entry.duration_minutes:
            lines.append(f"Lasts {entry.duration_minutes} minutes.")
    elif entry.first_day != entry.last_day:
        lines.append(f"From {entry.first_day.isoformat()} to {entry.last_day.isoformat()}.")
    if entry.owner:
        lines.append(f"Owner: {entry.owner}.")
    if entry.page:
        lines.append(f"In the handbook: {entry.page}.")
    return "\n".join(lines)
