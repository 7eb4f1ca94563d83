"""`handbook report`: the staff meeting's update, worked out by hand on the small program."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coordinator.support import SMALL, Run, assert_names_none_of
from generators.coordinator.markdown import environment, escape
from generators.coordinator.report import (
    GoalDone,
    build_report,
    render_report,
)
from generators.data import formats, metrics
from generators.data.load import load_program
from generators.data.models import Program
from generators.data.reporting import update_for

# Reporting dates of the small program: 2024-01-01 + k × 14 days. The update for 2024-05-06
# covers the period from 2024-04-23; the next update is on 2024-05-20.
# - bo (unnamed) and di (unnamed) completed on 04-30; zoe and ed ended early on 05-01;
#   bo and fay started on 05-06 (now paused); zoe and fay are proposed from 07-01.
# - eligible on 05-06: everyone but ed (left 05-01) = 8; meeting: zoe with jose only:
#   1 mentor, 1 mentee, 2 participants, 2/8 = 25.0%.
# - on 04-22: 9 eligible; zoe-jose, bo-di, zoe-ed: 2 mentors, 3 mentees, 5/9 = 55.6%.
# - before incentives (2024-04-01): the snapshot of 03-25 had the same figures as 04-22.
# - zoe and jose, active since 01-10, have no check-in: 117 days on 05-06, stalled (28).
# - the target 50% by 2024-12-31, set before records (no set_on), paces from the last figure
#   on or before incentives (03-25): 55.6% is already above 50%, so the pace stays at 50.0%;
#   measured 25.0% on 05-06 is behind pace.
# - took part in the year up to 05-06: zoe, jose, bo and di of the 8 eligible (ed has left;
#   bo and fay, paused on their first day, never met) = 50.0%; up to 04-22 and up to 03-25:
#   zoe, jose, bo, di and ed of 9 = 55.6%, so −5.6 pts since either.
EXPECTED_2024_05_06 = """\
# Test Mentorship Program: status update for 6 May 2024

For the SRE staff meeting. Period 23 Apr 2024 to 6 May 2024; next update 20 May 2024.

## What changed

### Pairings

- Started: 1
  - a mentor with Fay Newcomer (6 May 2024)
- Completed: 1
  - a mentor with a mentee (Pilot cohort, 30 Apr 2024)
- Ended early: 1
  - Zoë Ångström with Ed Leaver (1 May 2024)
- Paused at the moment: 1 pairing

### Goals done

No goal was done in this period.

### Timeline

Nothing was due in this period or is due in the next.

## Participation

| Figure | 6 May 2024 | Since 22 Apr 2024 | Since before incentives (25 Mar 2024) |
|---|--:|--:|--:|
| Eligible people | 8 | −1 | −1 |
| Active mentors | 1 | −1 | −1 |
| Active mentees | 1 | −2 | −2 |
| Active participants | 2 | −3 | −3 |
| Participation | 25.0 % | −30.6 pts | −30.6 pts |
| Took part in the year | 50.0 % | −5.6 pts | −5.6 pts |

## Targets

| Target | By | Measured | Needed by now | Status |
|---|---|--:|--:|---|
| Participation 50.0 % | 31 Dec 2024 | 25.0 % (6 May 2024) | 50.0 % | behind pace |

## Needs a decision

- Target behind pace: participation 50.0 % by 31 Dec 2024, measured 25.0 %
- Proposed pairings awaiting approval: 1
  - Zoë Ångström with Fay Newcomer (1 Jul 2024)
- Mentors over capacity: none.

## Stalled pairings

Active pairings without a check-in for 28 days or more on 6 May 2024:

- Zoë Ångström with José Núñez: no check-in since the start on 10 Jan 2024 (117 days)
"""


# Two days later, 2024-05-08, the update is the one for the next meeting, 2024-05-20, with
# what was known that day: nothing started or ended since 05-06 (bo and fay, paused since
# their start, are still paused); figures are those of the latest reporting date, 05-06, as
# on the site that day; zoe and jose have gone 119 days without a check-in.
EXPECTED_2024_05_08 = """\
# Test Mentorship Program: status update for 20 May 2024

For the SRE staff meeting. Period 7 May 2024 to 20 May 2024; next update 3 Jun 2024.
Prepared on 8 May 2024, ahead of the meeting: statuses and targets as they stood that day,
figures from the latest reporting date.

## What changed

### Pairings

No pairing started or ended in this period.

- Paused at the moment: 1 pairing

### Goals done

No goal was done in this period.

### Timeline

Nothing was due in this period or is due in the next.

## Participation

| Figure | 6 May 2024 | Since 22 Apr 2024 | Since before incentives (25 Mar 2024) |
|---|--:|--:|--:|
| Eligible people | 8 | −1 | −1 |
| Active mentors | 1 | −1 | −1 |
| Active mentees | 1 | −2 | −2 |
| Active participants | 2 | −3 | −3 |
| Participation | 25.0 % | −30.6 pts | −30.6 pts |
| Took part in the year | 50.0 % | −5.6 pts | −5.6 pts |

## Targets

| Target | By | Measured | Needed by now | Status |
|---|---|--:|--:|---|
| Participation 50.0 % | 31 Dec 2024 | 25.0 % (6 May 2024) | 50.0 % | behind pace |

## Needs a decision

- Target behind pace: participation 50.0 % by 31 Dec 2024, measured 25.0 %
- Proposed pairings awaiting approval: 1
  - Zoë Ångström with Fay Newcomer (1 Jul 2024)
- Mentors over capacity: none.

## Stalled pairings

Active pairings without a check-in for 28 days or more on 8 May 2024:

- Zoë Ångström with José Núñez: no check-in since the start on 10 Jan 2024 (119 days)
"""


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2024-05-06", EXPECTED_2024_05_06), ("2024-05-08", EXPECTED_2024_05_08)],
)
def test_the_report_says_what_was_worked_out_by_hand(
    handbook: Callable[..., Run], as_of: str, expected: str
) -> None:
    result = handbook("report", "--program", str(SMALL), "--as-of", as_of)
    assert result.code == 0, result.err
    assert result.out == expected


def test_on_a_reporting_date_the_period_ends_that_day(small: Program) -> None:
    report = build_report(small, date(2024, 5, 6))
    assert (report.period.start, report.period.end) == (date(2024, 4, 23), date(2024, 5, 6))
    assert build_report(small, date(2024, 5, 7)).period.end == date(2024, 5, 20)


def test_the_figures_are_the_data_layers_snapshots(small: Program) -> None:
    report = build_report(small, date(2024, 5, 6))
    now = metrics.snapshot(small, date(2024, 5, 6))
    figures = {f.metric: f for f in report.figures}
    assert figures["participation"].now == now.participation
    assert figures["eligible"].now == now.eligible
    assert figures["participants"].since_previous == -3


def test_goals_done_are_those_due_in_the_period(small: Program) -> None:
    report = build_report(small, date(2024, 3, 11))  # period 02-27 to 03-11
    assert report.goals_done == (
        GoalDone(
            "Write a Prometheus alerting rule with tests",
            date(2024, 3, 1),
            "Zoë Ångström",
            "José Núñez",
        ),
    )
    assert build_report(small, date(2024, 3, 25)).goals_done == ()


def test_timeline_entries_done_due_next_overdue_at_risk_and_missed(small: Program) -> None:
    timeline = {t.id: t for t in small.timeline}
    changed = small.model_copy(
        update={
            "timeline": (
                timeline["research"],
                # due 02-23, started 02-01 and not done
                timeline["draft"].model_copy(
                    update={"done_on": None, "started_on": date(2024, 2, 1)}
                ),
                # due 03-21, at risk from 02-01
                timeline["offsite"].model_copy(
                    update={"done_on": None, "at_risk_on": date(2024, 2, 1)}
                ),
                # ends 06-30, missed that day
                timeline["pilot"].model_copy(update={"missed_on": date(2024, 6, 30)}),
            )
        }
    )
    at_start = build_report(changed, date(2024, 2, 12))  # period 01-30 to 02-12
    assert [t.id for t in at_start.done] == ["research"]  # ended 02-09
    assert [t.id for t in at_start.due_next] == ["draft"]  # next period ends 02-26
    assert [t.id for t in at_start.at_risk] == ["offsite"]
    assert at_start.overdue == () and at_start.missed == ()
    assert "- **Research and analysis** (phase, 9 Feb 2024, Gus Coordinator)" in render_report(
        at_start
    )

    later = build_report(changed, date(2024, 3, 11))
    assert [t.id for t in later.overdue] == ["draft"]
    assert [t.id for t in later.at_risk] == ["offsite"]
    text = render_report(later)
    assert "- Overdue, still in-progress: **Initial draft of the proposal**" in text
    assert "- At risk: **Approval at the SRE off-site** (milestone, 21 Mar 2024)" in text

    missed = build_report(changed, date(2024, 7, 1))  # period 06-18 to 07-01 holds 06-30
    assert [t.id for t in missed.missed] == ["pilot"]
    assert "- Missed: **Pilot cohort** (phase, 30 Jun 2024)" in render_report(missed)


def test_nothing_to_decide_is_said_plainly(small: Program) -> None:
    calm = small.model_copy(
        update={
            "pairings": tuple(p for p in small.pairings if p.status != "proposed"),
            "info": small.info.model_copy(update={"targets": ()}),
        }
    )
    text = render_report(build_report(calm, date(2024, 3, 11)))
    assert "Nothing needs a decision" in text
    assert "No target had been agreed by 11 Mar 2024." in text


def test_before_the_first_reporting_date_the_report_is_the_first_update(
    handbook: Callable[..., Run],
) -> None:
    result = handbook("report", "--program", str(SMALL), "--as-of", "2023-12-31")
    assert result.code == 0, result.err
    assert result.out.startswith("# Test Mentorship Program: status update for 1 Jan 2024\n")
    assert "Prepared on 31 Dec 2023, ahead of the meeting" in result.out
    assert "| Figure | 15 Nov 2023 | Since the previous update |" in result.out  # the baseline


def test_no_report_names_an_unpublished_person(real: Program, unpublished_names: list[str]) -> None:
    """Every update the real program has had: none names or shows the id of the unnamed."""
    dates = metrics.reporting_dates(real, date(2027, 12, 31))
    assert len(dates) >= 2  # the reporting dates are the staff-meeting series
    for day in dates:
        assert_names_none_of(render_report(build_report(real, day)), unpublished_names)


def test_unnamed_people_appear_as_a_mentor_or_a_mentee(small_copy: Path) -> None:
    pairings = small_copy / "pairings.yaml"
    pairings.write_text(  # bo, who is not named, proposed as José's next mentor
        pairings.read_text(encoding="utf-8")
        + "- mentor: bo\n  mentee: jose\n  start: 2024-07-15\n  status: proposed\n",
        encoding="utf-8",
    )
    report = build_report(load_program(small_copy, today=date(2024, 7, 1)), date(2024, 7, 1))
    waiting = {(p.mentor, p.mentee) for p in report.awaiting_approval}
    assert ("a mentor", "José Núñez") in waiting
    assert ("Zoë Ångström", "Fay Newcomer") in waiting  # both named: named
    assert "Bo Hidden" not in render_report(report)


# -- the working group ----------------------------------------------------------------------

# The small program's group (see test_agenda.py): in the period of the 2024-02-12 update
# (01-30 to 02-12) it met on 02-01 (moved from 01-31) and on 02-07, decided the draft's date
# on 02-01, and finished bo's (unnamed) barriers on 01-30 and gus's research plan on 02-08;
# bo's costing has been blocked since 01-25.
GROUP_2024_02_12 = """\
Decided:

- **The initial draft is due on 23 February** (1 Feb 2024, by consensus)

Tasks finished: List the barriers people named (a member, 30 Jan 2024); Draft the research \
plan (Gus Coordinator, 8 Feb 2024).
"""
BLOCKED = (
    "- Blocked, working-group task: **Cost the shared learning budget** (a member): Waiting "
    "for finance to share last year's training spend\n"
)


def _group(text: str) -> str:
    return text.split("### Working group\n\n", 1)[1].split("\n## ", 1)[0]


def test_the_update_says_what_the_group_decided_finished_and_what_is_blocked(
    handbook: Callable[..., Run],
) -> None:
    result = handbook("report", "--program", str(SMALL), "--as-of", "2024-02-12")
    assert result.code == 0, result.err
    assert _group(result.out) == GROUP_2024_02_12
    needs = result.out.split("## Needs a decision\n\n", 1)[1]
    assert needs.startswith(BLOCKED)


def test_an_update_made_ahead_says_only_what_had_happened(handbook: Callable[..., Run]) -> None:
    """On 02-07, ahead of the 02-12 meeting, the research plan (done 02-08) is not done yet."""
    result = handbook("report", "--program", str(SMALL), "--as-of", "2024-02-07")
    assert result.code == 0, result.err
    assert "status update for 12 Feb 2024" in result.out
    group = _group(result.out)
    assert "List the barriers people named" in group
    assert "Draft the research plan" not in group
    # Later, once the costing is done (02-20), nothing is blocked.
    later = handbook("report", "--program", str(SMALL), "--as-of", "2024-02-26")
    assert "Cost the shared learning budget (a member, 20 Feb 2024)" in later.out
    assert "Blocked" not in later.out


def test_after_the_groups_quarter_the_update_leaves_the_group_out(
    handbook: Callable[..., Run],
) -> None:
    result = handbook("report", "--program", str(SMALL), "--as-of", "2024-03-11")
    assert result.code == 0, result.err
    assert "Working group" not in result.out


# -- escaping ------------------------------------------------------------------------------

INJECTIONS = {
    "script": "<script>alert(1)</script>",
    "link": "[x](javascript:alert(1))",
    "code": "Fix `rm -rf /` | then *celebrate* _loudly_",
    "image": "![pixel](https://tracker.example/p.png)",
    "html": "<img src=x onerror=alert(1)>",
    "heading": "Ana\n# Injected heading\n| a | b |",
}


def _injected(small_copy: Path) -> None:
    people = small_copy / "people.yaml"
    text = people.read_text()
    text = text.replace("name: José Núñez", f"name: '{INJECTIONS['script']}'")
    text = text.replace("name: Zoë Ångström", f"name: '{INJECTIONS['link']}'")
    text = text.replace("name: Ed Leaver", f"name: '{INJECTIONS['html']}'")
    people.write_text(text)
    fay = small_copy / "people" / "fay.yaml"
    fay.write_text(
        fay.read_text().replace(
            "name: Fay Newcomer", 'name: "Ana\\n# Injected heading\\n| a | b |"'
        )
    )
    pairings = small_copy / "pairings.yaml"
    pairings.write_text(
        pairings.read_text().replace(
            "title: Write a Prometheus alerting rule with tests", f"title: '{INJECTIONS['code']}'"
        )
    )
    program = small_copy / "program.yaml"
    program.write_text(
        program.read_text().replace(
            "name: Test Mentorship Program", f"name: '{INJECTIONS['image']}'"
        )
    )


@pytest.mark.parametrize("as_of", ["2024-03-11", "2024-05-06"])
def test_values_from_yaml_print_as_text(
    handbook: Callable[..., Run], small_copy: Path, as_of: str
) -> None:
    _injected(small_copy)
    result = handbook("report", "--program", str(small_copy), "--as-of", as_of)
    assert result.code == 0, result.err
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(result.out)
    for bad in ("<script", "<img", 'href="javascript:', "<code>", "<em>", "<h1>Injected"):
        assert bad not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or as_of == "2024-05-06"
    assert "[x](javascript:alert(1))" in html
    assert "![pixel](https://tracker.example/p.png)" in html
    # every table row still has its four or five cells
    for line in result.out.splitlines():
        if line.startswith("|"):
            assert line.count("|") - line.count("\\|") in (5, 6), line


def test_the_goal_title_with_a_backtick_and_a_pipe_prints_as_text(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    _injected(small_copy)
    result = handbook("report", "--program", str(small_copy), "--as-of", "2024-03-11")
    html = MarkdownIt("commonmark").render(result.out)
    assert "Fix `rm -rf /` | then *celebrate* _loudly_" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # José as the goal's mentee


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a`b|c[d]e<f*g_h", "a\\`b\\|c\\[d\\]e\\<f\\*g\\_h"),
        ("back\\slash", "back\\\\slash"),
        ("# not a heading\n- nor a list", "\\# not a heading - nor a list"),
        (
            "{role}`x` $math$ ~~del~~ &amp; !",
            "\\{role\\}\\`x\\` \\$math\\$ \\~\\~del\\~\\~ \\&amp; \\!",
        ),
        (date(2024, 5, 6), "6 May 2024"),
        (None, ""),
    ],
)
def test_escape(value: object, escaped: str) -> None:
    assert escape(value) == escaped


def test_a_value_printed_without_the_filter_is_escaped_all_the_same() -> None:
    template = environment().from_string(
        "{{ v }} | {{ v | md }} | {{ 'x ' ~ v }} | {{ v | md ~ '' }}"
    )
    first, second, joined, rejoined = template.render(v="[x](javascript:alert(1)) <b>").split(" | ")
    plain = "\\[x\\](javascript:alert(1)) \\<b\\>"
    assert first == second == plain
    assert joined == "x " + plain
    # escaped text built into a new string is escaped again: stray backslashes, no live markup
    assert rejoined == "\\\\\\[x\\\\\\](javascript:alert(1)) \\\\\\<b\\\\\\>"


# -- which meeting: the next one on or after the day ------------------------------------------


def test_on_the_eve_of_a_meeting_the_report_is_the_update_for_that_meeting(
    handbook: Callable[..., Run],
) -> None:
    """Whoever prepares the update the day before gets that meeting's, not the previous one."""
    result = handbook("report", "--program", str(SMALL), "--as-of", "2024-05-19")
    assert result.code == 0, result.err
    first, second = result.out.splitlines()[0], result.out.splitlines()[2]
    assert first == "# Test Mentorship Program: status update for 20 May 2024"
    assert "Period 7 May 2024 to 20 May 2024; next update 3 Jun 2024." in second


def test_the_real_programs_report_on_any_day_is_for_the_next_staff_meeting(
    handbook: Callable[..., Run], real: Program
) -> None:
    """On the eve of each of the series' last three meetings and on the day itself (invariants
    of the staff-meeting series, whatever its dates)."""
    meeting = metrics.reporting_meeting(real)
    assert meeting is not None
    days = metrics.reporting_dates(real, meeting.last_day)[-3:]
    assert days, "the staff-meeting series has no date"
    for day in days:
        for as_of in (day - timedelta(days=1), day):
            result = handbook("report", "--as-of", as_of.isoformat())
            assert result.code == 0, result.err
            title = f"# {real.info.name}: status update for {formats.day(day)}\n"
            assert result.out.startswith(title)


def test_after_the_last_meeting_the_report_says_the_series_has_ended(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    info = small_copy / "program.yaml"
    info.write_text(
        info.read_text().replace(
            "reporting:\n  cadence_days: 14\n  first: 2024-01-01\n",
            "reporting:\n  meeting: wg-meeting\n",
        )
    )
    # wg-meeting: weekly from 2024-01-10 to 2024-03-27
    last = handbook("report", "--program", str(small_copy), "--as-of", "2024-03-27")
    assert last.code == 0, last.err
    assert "Period 21 Mar 2024 to 27 Mar 2024; this is the last update" in last.out
    assert "next update" not in last.out
    after = handbook("report", "--program", str(small_copy), "--as-of", "2024-04-10")
    assert after.code == 0, after.err
    assert after.out.startswith("# Test Mentorship Program: status update for 27 Mar 2024\n")
    assert "the meetings ended on 27 Mar 2024" in after.out
    assert "next update" not in after.out


def test_the_update_made_on_28_february_2024_says_what_the_group_decided_in_its_period(
    handbook: Callable[..., Run], real: Program
) -> None:
    """The decisions of the group's meetings after the previous update, up to the day the
    report is made, and no others; each with how it was reached (the period is the one the
    staff-meeting series in program/ calls for, whatever its dates)."""
    as_of = date(2024, 2, 28)
    update = update_for(real, as_of)
    assert update is not None
    result = handbook("report", "--as-of", as_of.isoformat())
    assert result.code == 0, result.err
    start, end = update.previous + timedelta(days=1), update.meeting
    assert f"Period {formats.day(start)} to {formats.day(end)}" in result.out
    group = _group(result.out)
    decided = [
        (meeting.date, d)
        for meeting in real.meetings
        for d in meeting.decisions
        if update.previous < meeting.date <= min(end, as_of)
    ]
    if not decided:
        pytest.skip("the group decided nothing in the period of the update made on 28 Feb 2024")
    for day, decision in decided:
        assert (
            f"- **{escape(decision.title)}** ({formats.day(day)}, by {decision.reached})\n" in group
        )
    assert group.count("\n- **") >= len(decided)
    earlier = [d for m in real.meetings for d in m.decisions if m.date <= update.previous]
    for decision in earlier:
        assert escape(decision.title) not in group
