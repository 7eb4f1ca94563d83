"""`handbook calendar`: an iCalendar file that parses back, recurs right, and never changes
for the same data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from dateutil.rrule import rrulestr

from coordinator.support import SMALL, Run, assert_names_none_of, person, program_of
from generators.coordinator.calendar import (
    MeetingTime,
    build_calendar,
    calendar_bytes,
    dtstamp,
    program_slug,
)
from generators.data.models import Program, TimelineItem
from generators.data.published import occurrences, publish

STAMP = datetime(2024, 5, 8, tzinfo=timezone.utc)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    """Each entry's event, by UID (not the overrides of single meetings of a series)."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}


def _overrides(data: bytes, uid: str) -> dict[date, icalendar.Event]:
    """The single meetings of a series that differ from it, by the series day they stand for."""
    calendar = icalendar.Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        if str(event["UID"]) == uid and "RECURRENCE-ID" in event:
            day = event.decoded("RECURRENCE-ID")
            found[day.date() if isinstance(day, datetime) else day] = event
    return found


def _days(event: icalendar.Event) -> list[date]:
    """Every day the event happens, expanding its RRULE with dateutil."""
    start = event.decoded("DTSTART")
    if "RRULE" not in event:
        return [start if not isinstance(start, datetime) else start.date()]
    rule = event["RRULE"].to_ical().decode()
    if isinstance(start, datetime):
        return [d.date() for d in rrulestr(rule, dtstart=start)]
    first = datetime.combine(start, datetime.min.time())
    return [d.date() for d in rrulestr(rule, dtstart=first)]


def test_the_small_program_gives_one_event_an_entry(handbook: Callable[..., Run]) -> None:
    result = handbook("calendar", "--program", str(SMALL), "--as-of", "2024-05-08")
    assert result.code == 0, result.err
    events = _events(result.out.encode())
    assert sorted(events) == [
        f"{i}@test-mentorship-program"
        for i in ("draft", "offsite", "pilot", "research", "wg-meeting")
    ]
    offsite = events["offsite@test-mentorship-program"]
    assert offsite.decoded("DTSTART") == date(2024, 3, 21)  # all-day
    assert offsite.decoded("DTEND") == date(2024, 3, 22)
    research = events["research@test-mentorship-program"]  # a phase spans its days
    assert (research.decoded("DTSTART"), research.decoded("DTEND")) == (
        date(2024, 1, 8),
        date(2024, 2, 10),
    )
    assert "Owner: Gus Coordinator." in str(research["DESCRIPTION"])
    meeting = events["wg-meeting@test-mentorship-program"]
    assert str(meeting["RRULE"].to_ical().decode()) == "FREQ=WEEKLY;UNTIL=20240327"
    assert _days(meeting) == [date(2024, 1, 10) + timedelta(weeks=n) for n in range(12)]
    assert "Lasts 30 minutes." in str(meeting["DESCRIPTION"])
    assert offsite.decoded("DTSTAMP") == STAMP


def test_each_application_window_is_an_event(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    """The pilot (from 2024-01-01) took applications from 2023-11-20 to 2023-12-15: an
    all-day event over those days, whose UID no timeline entry's id can take."""
    cohorts = small_copy / "cohorts.yaml"
    cohorts.write_text(
        cohorts.read_text(encoding="utf-8")
        + "  applications:\n    opens: 2023-11-20\n    closes: 2023-12-15\n",
        encoding="utf-8",
    )
    result = handbook("calendar", "--program", str(small_copy), "--as-of", "2024-05-08")
    assert result.code == 0, result.err
    events = _events(result.out.encode())
    window = events["pilot.applications@test-mentorship-program"]
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (
        date(2023, 11, 20),
        date(2023, 12, 16),
    )
    assert str(window["SUMMARY"]) == "Applications for Pilot cohort"
    assert [str(c) for c in window["CATEGORIES"].cats] == ["applications"]
    assert str(window["DESCRIPTION"]) == (
        "Applications for Pilot cohort, which starts on 2024-01-01, are taken from 2023-11-20 "
        "to 2023-12-15."
    )
    assert len(events) == 6  # the five timeline entries and the window


def test_the_real_calendar_has_every_application_window(real: Program) -> None:
    events = _events(calendar_bytes(publish(real, date(2026, 11, 27)), STAMP))
    windows = {
        uid.split(".applications@")[0]: (e.decoded("DTSTART"), e.decoded("DTEND"))
        for uid, e in events.items()
        if ".applications@" in uid
    }
    assert windows == {
        c.id: (c.applications.opens, c.applications.closes + timedelta(days=1))
        for c in real.cohorts
        if c.applications is not None
    }
    assert windows


def _meetings_program() -> Program:
    items = [
        {"id": "weekly", "repeat": "weekly", "start": date(2024, 1, 3), "end": date(2024, 2, 28)},
        {
            "id": "fortnightly",
            "repeat": "biweekly",
            "start": date(2024, 1, 17),
            "end": date(2024, 6, 30),
        },
        {
            "id": "month-end",
            "repeat": "monthly",
            "start": date(2024, 1, 31),
            "end": date(2024, 12, 31),
        },
        {
            "id": "on-the-30th",
            "repeat": "monthly",
            "start": date(2023, 11, 30),
            "end": date(2024, 4, 30),
        },
        {
            "id": "mid-month",
            "repeat": "monthly",
            "start": date(2024, 1, 15),
            "end": date(2024, 4, 14),
        },
        {"id": "off-site", "repeat": None, "start": date(2024, 3, 20), "end": date(2024, 3, 21)},
    ]
    timeline = tuple(
        TimelineItem.model_validate(
            {**item, "title": item["id"], "kind": "meeting", "owner": "hidden"}
        )
        for item in items
    )
    return program_of([person("hidden", name="Hidden Owner", publish=False)], timeline=timeline)


def test_recurring_meetings_expand_to_the_handbooks_own_days() -> None:
    """The RRULE, expanded by dateutil, gives exactly `published.occurrences`."""
    program = _meetings_program()
    events = _events(calendar_bytes(publish(program, date(2024, 5, 8)), STAMP))
    for item in program.timeline:
        event = events[f"{item.id}@test-program"]
        if item.repeat:
            assert _days(event) == occurrences(item), item.id
        else:
            assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
                date(2024, 3, 20),
                date(2024, 3, 22),
            )
    month_end = _days(events["month-end@test-program"])
    assert month_end[:4] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert _days(events["fortnightly@test-program"])[:2] == [date(2024, 1, 17), date(2024, 1, 31)]


def test_timed_meetings_keep_their_days_and_duration() -> None:
    program = _meetings_program()
    published = publish(program, date(2024, 5, 8))
    for zone in ("UTC", "America/New_York"):
        data = calendar_bytes(
            published, STAMP, MeetingTime(datetime.min.time().replace(hour=15), zone)
        )
        events = _events(data)
        for item in program.timeline:
            event = events[f"{item.id}@test-program"]
            if not item.repeat:
                continue
            assert event.decoded("DURATION") == timedelta(minutes=60)  # no duration given
            start = event.decoded("DTSTART")
            assert (start.hour, str(start.tzinfo)) == (15, zone)
            assert _days(event) == occurrences(item), (zone, item.id)
        if zone != "UTC":
            assert b"BEGIN:VTIMEZONE" in data and b"TZID:America/New_York" in data


def test_an_unconsented_owner_is_never_named() -> None:
    data = calendar_bytes(publish(_meetings_program(), date(2024, 5, 8)), STAMP)
    assert_names_none_of(data.decode(), ["hidden", "Hidden Owner"])


def test_the_real_calendar_names_no_unpublished_person(
    real: Program, unpublished_names: list[str]
) -> None:
    data = calendar_bytes(publish(real, date(2026, 11, 27)), STAMP)
    assert_names_none_of(data.decode(), unpublished_names)


def test_running_again_gives_the_same_uids_and_bytes(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    outputs = []
    for n in range(2):
        target = tmp_path / f"handbook-{n}.ics"
        args = ["calendar", "--as-of", "2026-11-27", "-o", str(target)]
        assert handbook(*args).code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    uids = list(_events(outputs[0]))
    # One event an entry, and the overrides of single meetings that share their series' UID.
    overrides = outputs[0].count(b"RECURRENCE-ID")
    assert len(uids) == len(set(uids)) == outputs[0].count(b"BEGIN:VEVENT") - overrides
    assert all(uid.endswith("@sre-mentorship-program") for uid in uids)


def test_dtstamp_comes_from_the_data_not_the_clock(
    handbook: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = handbook("calendar", "--program", str(SMALL), "--as-of", "2024-05-08").out
    assert "DTSTAMP:20240508T000000Z" in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")
    assert dtstamp(date(2024, 5, 8)) == datetime(2024, 6, 1, 12, tzinfo=timezone.utc)
    again = handbook("calendar", "--program", str(SMALL), "--as-of", "2024-05-08")
    assert "DTSTAMP:20240601T120000Z" in again.out


def test_the_file_is_valid_icalendar_with_crlf_lines(small: Program) -> None:
    data = calendar_bytes(publish(small, date(2024, 5, 8)), STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    calendar = build_calendar(publish(small, date(2024, 5, 8)), STAMP)
    assert calendar["PRODID"].startswith("-//sre-mentorship-handbook//")
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("SRE Mentorship Program", "sre-mentorship-program"),
        ("Zoë's  Programme!", "zoe-s-programme"),
        ("静", "mentorship-program"),
    ],
)
def test_program_slug(name: str, slug: str) -> None:
    assert program_slug(name) == slug


def test_a_bad_meeting_time_or_zone_is_a_usage_error(handbook: Callable[..., Run]) -> None:
    assert handbook("calendar", "--meeting-time", "9am").code == 2
    result = handbook("calendar", "--meeting-time", "09:00", "--meeting-timezone", "Mars/Base")
    assert result.code == 2
    assert "IANA time zone" in result.err


def test_the_groups_meetings_link_their_agendas_and_a_moved_one_moves(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    """As of 2024-02-06 the rolling agenda shows the meetings of 01-10, 01-17, 02-01 (moved
    from 01-31) and the next, 02-07: each links its agenda; 01-24 (no file) is the series'."""
    info = small_copy / "program.yaml"
    info.write_text(info.read_text() + "site_url: https://handbook.example.org/\n")
    args = ["calendar", "--program", str(small_copy), "--as-of", "2024-02-06"]
    result = handbook(*args)
    assert result.code == 0, result.err
    data = result.out.encode()
    uid = "wg-meeting@test-mentorship-program"
    series = _events(data)[uid]
    assert str(series["URL"]) == "https://handbook.example.org/rolling-agenda.html"
    overrides = _overrides(data, uid)
    assert sorted(overrides) == [date(2024, 1, d) for d in (10, 17, 31)] + [date(2024, 2, 7)]
    assert set(overrides) <= set(_days(series))  # each stands for a day of the series
    moved = overrides[date(2024, 1, 31)]
    assert moved.decoded("DTSTART") == date(2024, 2, 1)
    assert "Moved from 2024-01-31." in str(moved["DESCRIPTION"])
    for day, event in overrides.items():
        anchor = "2024-01-31" if day == date(2024, 1, 31) else day.isoformat()
        assert (
            str(event["URL"])
            == f"https://handbook.example.org/rolling-agenda.html#meeting-{anchor}"
        )
    assert "Purpose: Decide when the initial draft is due." in str(moved["DESCRIPTION"])
    # Timed meetings move at their time of day too.
    timed = handbook(*args, "--meeting-time", "15:00")
    moved_timed = _overrides(timed.out.encode(), uid)[date(2024, 1, 31)]
    assert moved_timed.decoded("DTSTART") == datetime(2024, 2, 1, 15, 0, tzinfo=timezone.utc)


def test_without_a_site_a_moved_meeting_still_moves(handbook: Callable[..., Run]) -> None:
    result = handbook("calendar", "--program", str(SMALL), "--as-of", "2024-01-09")
    overrides = _overrides(result.out.encode(), "wg-meeting@test-mentorship-program")
    assert overrides[date(2024, 1, 31)].decoded("DTSTART") == date(2024, 2, 1)
    assert all("URL" not in event for event in overrides.values())
    assert "URL" not in _events(result.out.encode())["wg-meeting@test-mentorship-program"]
