"""Check-ins: the report's stalled pairings, the check's warning and the coordinator's calendar,
worked out by hand on the small program with check-ins added."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import pytest

from coordinator.support import Run, assert_names_none_of
from generators.coordinator.report import build_report, render_report
from generators.data.load import load_program

STALLED = """\
## Stalled pairings

Active pairings without a check-in for 10 days or more on 20 May 2024:

- Zoë Ångström with José Núñez: last check-in 20 Apr 2024 (30 days)
- 1 more pairing with people not named
"""


@pytest.fixture
def checked(small_copy: Path) -> Path:
    """The small program with a 10-day threshold; zoe and jose (both named, active since
    2024-01-10) checked in on 02-01, 04-20 and, later, 06-01; bo (unnamed) and fay active
    from 05-06 with no check-in. On 2024-05-20: zoe-jose 30 days since 04-20, bo-fay 14 days
    since its start: both stalled, one named. On 2024-04-22: zoe-jose 2 days, bo-fay not
    started, but zoe-ed (ended early on 05-01) and bo-di (completed on 04-30) were still
    meeting, never checked in: 67 and 81 days. On 2024-01-15: zoe-jose 5 days, alone."""
    program = small_copy / "program.yaml"
    program.write_text(
        program.read_text().replace(
            "  cadence_days: 14\n", "  cadence_days: 14\n  stalled_after_days: 10\n"
        )
    )
    pairings = small_copy / "pairings.yaml"
    text = pairings.read_text()
    text = text.replace(
        "  start: 2024-01-10\n  status: active\n",
        "  start: 2024-01-10\n  status: active\n"
        "  check_ins: [2024-02-01, 2024-04-20, 2024-06-01]\n",
    )
    text = text.replace(
        "  start: 2024-05-06\n  status: paused\n", "  start: 2024-05-06\n  status: active\n"
    )
    pairings.write_text(text)
    return small_copy


def test_the_report_lists_stalled_pairings_naming_only_consenting_people(checked: Path) -> None:
    program = load_program(checked, today=date.today())
    text = render_report(build_report(program, date(2024, 5, 20)))
    assert text.endswith(STALLED)
    assert "Bo Hidden" not in text.split("## Stalled pairings")[1]
    then = render_report(build_report(program, date(2024, 4, 22)))
    assert then.endswith(
        "on 22 Apr 2024:\n\n"
        "- Zoë Ångström with Ed Leaver: no check-in since the start on 15 Feb 2024 (67 days)\n"
        "- 1 more pairing with people not named\n"
    )
    quiet = render_report(build_report(program, date(2024, 1, 15)))
    assert quiet.endswith(
        "## Stalled pairings\n\nEvery active pairing had a check-in within the last 10 days.\n"
    )


def test_the_check_warns_about_an_active_pairing_never_checked_in(
    handbook: Callable[..., Run], checked: Path
) -> None:
    """bo-fay, active since 05-06 with no check-in: a warning from 05-16 on, exit 0 always;
    zoe-jose has check-ins and never warns."""
    early = handbook("check", "--program", str(checked), "--as-of", "2024-05-15")
    assert early.code == 0 and "warning" not in early.err
    late = handbook("check", "--program", str(checked), "--as-of", "2024-05-16")
    assert late.code == 0
    (line,) = late.err.splitlines()
    assert line.startswith(f"{checked.name}/pairings.yaml:") or "pairings.yaml:" in line
    assert "warning: active for 10 days with no check-in recorded" in line
    as_json = handbook(
        "check", "--program", str(checked), "--as-of", "2024-05-16", "--format", "json"
    )
    report = json.loads(as_json.out)
    assert report["valid"] is True and [w["code"] for w in report["warnings"]] == ["stalled"]


def test_the_coordinator_s_calendar_carries_each_active_pairing_s_next_check_in(
    handbook: Callable[..., Run], checked: Path, tmp_path: Path
) -> None:
    """On 2024-05-08: zoe-jose last checked in 04-20, next due 04-29 (10 days on): overdue,
    so due today, 05-08; bo-fay started 05-06: due 05-15. Without --checkins, none."""
    out = tmp_path / "private.ics"
    result = handbook(
        "calendar", "--program", str(checked), "--as-of", "2024-05-08", "--checkins", "-o", str(out)
    )
    assert result.code == 0, result.err
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    found = {
        str(e["summary"]): e.decoded("dtstart").isoformat()
        for e in calendar.walk("VEVENT")
        if "check-in" in [str(c) for c in e["categories"].cats]
    }
    assert found == {
        "Check in: Zoë Ångström with José Núñez": "2024-05-08",
        "Check in: a mentor with Fay Newcomer": "2024-05-15",
    }
    assert_names_none_of(out.read_text(encoding="utf-8"), ["Bo Hidden"])
    assert not re.search(r"\bbo\b", out.read_text(encoding="utf-8"))  # nor bo's id
    public = handbook("calendar", "--program", str(checked), "--as-of", "2024-05-08")
    assert "Check in" not in public.out


def test_a_pairing_that_ended_later_counts_as_it_stood_on_the_day(
    handbook: Callable[..., Run], checked: Path, tmp_path: Path
) -> None:
    """zoe-jose completed on 2024-06-15 and bo-fay on 2024-06-30, both written after the day:
    on 2024-05-20 both were active and unchecked for 10 days or more, so the report lists them
    as before, the check warns about bo-fay and the calendar carries both; on 2024-06-20
    zoe-jose is over (not listed) and bo-fay, still meeting, has been quiet for 45 days."""
    pairings = checked / "pairings.yaml"
    text = pairings.read_text()
    text = text.replace(
        "  start: 2024-01-10\n  status: active\n",
        "  start: 2024-01-10\n  end: 2024-06-15\n  status: completed\n",
    )
    text = text.replace(
        "  start: 2024-05-06\n  status: active\n",
        "  start: 2024-05-06\n  end: 2024-06-30\n  status: completed\n",
    )
    pairings.write_text(text)
    program = load_program(checked, today=date.today())
    assert render_report(build_report(program, date(2024, 5, 20))).endswith(STALLED)
    later = render_report(build_report(program, date(2024, 6, 20))).split("## Stalled")[1]
    assert "Zoë Ångström" not in later
    assert "- 1 more pairing with people not named" in later
    result = handbook("check", "--program", str(checked), "--as-of", "2024-05-16")
    assert result.code == 0
    (line,) = result.err.splitlines()
    assert "warning: active for 10 days with no check-in recorded" in line
    # Both overdue on 05-20 (due 04-29 and 05-15): the calendar puts both on that day.
    out = tmp_path / "private.ics"
    handbook(
        "calendar", "--program", str(checked), "--as-of", "2024-05-20", "--checkins", "-o", str(out)
    )
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert sorted(
        (str(e["summary"]), e.decoded("dtstart").isoformat())
        for e in calendar.walk("VEVENT")
        if "check-in" in [str(c) for c in e["categories"].cats]
    ) == [
        ("Check in: Zoë Ångström with José Núñez", "2024-05-20"),
        ("Check in: a mentor with Fay Newcomer", "2024-05-20"),
    ]


def test_the_calendar_and_the_check_point_at_a_pairing_alike(
    handbook: Callable[..., Run], checked: Path, tmp_path: Path
) -> None:
    """On 2024-05-16 the check warns about bo-fay, the fourth pairing; the calendar's event
    for it names it as the check does, `pairings[3]`, at the line where it starts."""
    check = handbook("check", "--program", str(checked), "--as-of", "2024-05-16")
    (warning,) = check.err.splitlines()
    named = re.search(r"pairings\.yaml:\d+:\d+: (pairings\[\d+\])\.start: warning", warning)
    assert named, warning
    out = tmp_path / "private.ics"
    handbook(
        "calendar", "--program", str(checked), "--as-of", "2024-05-16", "--checkins", "-o", str(out)
    )
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if "Fay Newcomer" in str(e["summary"])]
    place = re.search(r"pairings\.yaml:(\d+) \((pairings\[\d+\])\)", str(event["description"]))
    assert place, str(event["description"])
    assert place[2] == named[1] == "pairings[3]"
    lines = (checked / "pairings.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(place[1]) - 1] == "- mentor: bo" and lines[int(place[1])] == "  mentee: fay"
