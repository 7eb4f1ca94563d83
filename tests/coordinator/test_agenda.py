"""`handbook agenda`: the working group's next agenda, worked out by hand on the small program.

The small program's group meets on Wednesdays from 2024-01-10 to 2024-03-27 (wg-meeting).
Its files: 01-10 and 01-17 (framed, with tasks), 01-31 moved to Thursday 02-01, 02-07 with
one item and no purpose, objective or process yet; 01-24 has no file. Tasks: zoe's survey
summary (due 01-17, done 01-16); bo's (unnamed) barriers (due 01-24, done 01-30); bo's
learning-budget costing (due 02-07, blocked from 01-25, done 02-20); gus's research plan
(due 01-31, done 02-08); zoe's outline (set 02-01, due 02-14, done 02-13).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coordinator.support import SMALL, Run, assert_names_none_of
from generators.data import formats
from generators.data.models import Program
from generators.data.recurrence import occurrences
from generators.data.working_group import series

# On the eve of 02-07: research plan overdue (due 01-31), costing blocked (since 01-25),
# outline open; the meeting has an item but no purpose, objective or process.
EXPECTED_2024_02_06 = """\
# Working group meeting: Wednesday 7 Feb 2024

30 minutes. Please do the pre-reading before the meeting.

- **Purpose:** not written yet
- **Objective:** not written yet
- **Process:** not written yet

## Agenda

1. Outline of the draft (proposed by Zoë Ångström)

## Open tasks carried forward

- **Draft the research plan** (Gus Coordinator), due 31 Jan 2024: overdue
- **Cost the shared learning budget** (a member), due 7 Feb 2024: blocked: Waiting for \
finance to share last year's training spend
- **Outline the initial draft** (Zoë Ångström), due 14 Feb 2024
"""


def test_the_agenda_on_the_eve_is_what_was_worked_out_by_hand(
    handbook: Callable[..., Run],
) -> None:
    result = handbook("agenda", "--program", str(SMALL), "--as-of", "2024-02-06")
    assert result.code == 0, result.err
    assert result.out == EXPECTED_2024_02_06
    assert "the agenda has no purpose, objective or process yet" in result.err


def test_a_framed_agenda_lists_items_with_their_pre_reading(handbook: Callable[..., Run]) -> None:
    result = handbook("agenda", "--program", str(SMALL), "--as-of", "2024-01-09")
    assert result.code == 0 and result.err == ""
    assert "- **Purpose:** Start the working group's quarter.\n" in result.out
    assert "1. How we work together (proposed by Gus Coordinator)\n" in result.out
    assert "   - Pre-reading: The charter (the handbook's charter page)\n" in result.out
    assert "   - Pre-reading: [Survey results](<https://example.org/survey-2023>)\n" in result.out
    assert "None: every task set so far is done." in result.out


def test_a_moved_meeting_is_the_next_one_from_the_day_it_replaces(
    handbook: Callable[..., Run],
) -> None:
    """01-31 was moved to 02-01: on 01-31 the next meeting is Thursday's."""
    result = handbook("agenda", "--program", str(SMALL), "--as-of", "2024-01-31")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "# Working group meeting: Thursday 1 Feb 2024"
    assert lines[2] == "Moved from Wednesday 31 Jan 2024."
    carried = [line for line in lines if line.startswith("- **") and "), due " in line]
    # the blocked costing first; the research plan, due that day, is not overdue yet
    assert [line.split("**")[1] for line in carried] == [
        "Cost the shared learning budget",
        "Draft the research plan",
    ]


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        (
            "2024-01-23",
            "the meeting on 24 Jan 2024 has no agenda yet: add working-group/2024-01-24.yaml",
        ),
        ("2024-03-28", "the working group's meetings ended on 27 Mar 2024"),
    ],
)
def test_no_agenda_yet_exits_1_saying_why(
    handbook: Callable[..., Run], as_of: str, words: str
) -> None:
    result = handbook("agenda", "--program", str(SMALL), "--as-of", as_of)
    assert result.code == 1
    assert result.out == ""
    assert words in result.err


def test_json_for_tools(handbook: Callable[..., Run]) -> None:
    result = handbook(
        "agenda", "--program", str(SMALL), "--as-of", "2024-02-06", "--format", "json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["next"]["day"] == "2024-02-07"
    assert data["missing"] == ["purpose", "objective", "process"]
    assert [i["proposer"] for i in data["next"]["meeting"]["agenda"]] == ["Zoë Ångström"]
    carried = data["next"]["carried"]
    assert [(t["owner"], t["status"], t["overdue"]) for t in carried] == [
        ("Gus Coordinator", "open", True),
        ("a member", "blocked", False),
        ("Zoë Ångström", "open", False),
    ]
    assert "bo" not in {t["owner"] for t in carried}


def test_values_from_yaml_print_as_text(handbook: Callable[..., Run], small_copy: Path) -> None:
    meeting = small_copy / "working-group" / "2024-02-07.yaml"
    meeting.write_text(
        meeting.read_text().replace(
            "  - title: Outline of the draft\n    proposer: zoe\n",
            "  - title: '<script>x</script> [y](javascript:alert(1)) | *z*'\n    proposer: zoe\n"
            "    pre_reading:\n      - title: '](javascript:alert(2)) <b>bold</b> [w'\n"
            "        url: https://example.org/r\n",
        )
        + 'purpose: "# Injected\\n\\n- list"\n'
    )
    result = handbook("agenda", "--program", str(small_copy), "--as-of", "2024-02-06")
    assert result.code == 0, result.err
    html = MarkdownIt("commonmark", {"html": True}).render(result.out)
    for bad in ("<script", 'href="javascript:', "<em>z</em>", "<h1>Injected", "<b>bold"):
        assert bad not in html
    assert "&lt;script&gt;x&lt;/script&gt; [y](javascript:alert(1)) | *z*" in html
    assert '<a href="https://example.org/r">](javascript:alert(2)) &lt;b&gt;bold' in html


def test_every_day_of_the_real_series_gives_the_next_meetings_agenda_or_says_why(
    handbook: Callable[..., Run], real: Program, unpublished_names: list[str]
) -> None:
    """Each day from the group's first meeting's eve to its last: when the next meeting's file
    has an agenda, exit 0 with a heading naming that meeting (a day of the series, or a meeting
    moved from one) and "not written yet" only where its framing is missing; otherwise exit 1
    naming the file to add. Nobody unnamed either way. (Invariants of whatever `program/`
    holds: a coordinator may extend the series before its files are written.)"""
    item = series(real)
    if item is None:
        pytest.skip("program.yaml names no working-group meeting")
    moved = {m.moved_from: m.date for m in real.meetings if m.moved_from}
    meeting_days = sorted(moved.get(d, d) for d in occurrences(item))
    files = {m.date: m for m in real.meetings}
    day = meeting_days[0] - timedelta(days=1)
    while day <= meeting_days[-1]:
        result = handbook("agenda", "--as-of", day.isoformat())
        upcoming = next(d for d in meeting_days if d >= day)
        meeting = files.get(upcoming)
        if meeting is not None and (meeting.agenda or meeting.purpose or meeting.objective):
            assert result.code == 0, (day, result.err)
            heading = f"{upcoming:%A} {formats.day(upcoming)}"
            assert result.out.startswith(f"# {item.title}: {heading}\n"), (day, result.out[:80])
            assert ("not written yet" in result.out) == (not meeting.framed), day
        else:
            assert result.code == 1, (day, result.out[:80])
            assert "has no agenda yet: add working-group/" in result.err, (day, result.err)
        assert_names_none_of(result.out + result.err, unpublished_names)
        day += timedelta(days=1)


def test_the_real_agenda_after_the_quarter_says_the_meetings_ended(
    handbook: Callable[..., Run], real: Program
) -> None:
    item = series(real)
    if item is None:
        pytest.skip("program.yaml names no working-group meeting")
    moved = {m.moved_from: m.date for m in real.meetings if m.moved_from}
    last = max(moved.get(d, d) for d in occurrences(item))
    result = handbook("agenda", "--as-of", (last + timedelta(days=1)).isoformat())
    assert result.code == 1
    assert f"ended on {formats.day(last)}" in result.err
