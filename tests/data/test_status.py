"""Statuses follow from dated facts: on any day, what had happened by then."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build
from extension.conftest import CONF

from generators.coordinator.report import build_report, render_report
from generators.data.load import check_directory
from generators.data.metrics import reporting_dates, snapshots
from generators.data.models import Goal, Incentive, Pairing, TimelineItem
from generators.data.published import publish
from generators.data.status import program_on

D = date.fromisoformat


def item(**fields: Any) -> TimelineItem:
    base = {"id": "offsite", "title": "Off-site", "kind": "milestone", "date": "2024-03-21"}
    return TimelineItem.model_validate({**base, **fields})


def test_a_timeline_entry_is_planned_then_started_at_risk_and_done_on_its_days() -> None:
    entry = item(started_on="2024-02-01", at_risk_on="2024-03-01", done_on="2024-03-21")
    assert [entry.status_on(D(d)) for d in ("2024-01-31", "2024-02-01", "2024-03-20")] == [
        "planned",
        "in-progress",
        "at-risk",
    ]
    assert entry.status_on(D("2024-03-21")) == "done"
    assert entry.status == "done"  # the latest status, as the record stands


def test_the_contracts_written_status_is_read_as_the_fact_it_stands_for() -> None:
    assert item(status="done").done_on == D("2024-03-21")  # done on its date
    assert item(status="done").status_on(D("2024-03-20")) == "planned"
    phase = {"kind": "phase", "date": None, "start": "2024-04-01", "end": "2024-06-30"}
    assert item(**phase, status="in-progress").status_on(D("2024-03-31")) == "planned"
    assert item(**phase, status="in-progress").status_on(D("2024-04-01")) == "in-progress"
    assert item(**phase, status="done").status_on(D("2024-05-01")) == "in-progress"
    assert item(status="missed").status_on(D("2024-03-22")) == "missed"
    # At risk as far back as records go: a written status never says since when.
    assert item(status="at-risk").status_on(D("2000-01-01")) == "at-risk"
    assert item(status="planned").status == "planned"
    assert item().status == "planned"  # no fact yet


def test_an_incentive_is_proposed_until_piloted_adopted_or_retired() -> None:
    fields = {
        "id": "lunch",
        "name": "Lunch",
        "category": "community",
        "audience": "both",
        "summary": "s",
        "description": "d",
        "cost": "low",
    }
    dated = Incentive.model_validate(
        {
            **fields,
            "piloting_on": "2024-04-15",
            "adopted_on": "2024-10-01",
            "retired_on": "2025-07-01",
        }
    )
    assert dated.status_since(D("2024-04-14")) == ("proposed", None)
    assert dated.status_since(D("2024-05-01")) == ("piloting", D("2024-04-15"))
    assert dated.status_since(D("2025-01-01")) == ("adopted", D("2024-10-01"))
    assert (dated.status, dated.since) == ("retired", D("2025-07-01"))
    written = Incentive.model_validate({**fields, "status": "adopted", "since": "2025-01-15"})
    assert written.status_since(D("2024-03-15")) == ("proposed", None)  # not "since 2025"
    assert written.status_since(D("2025-01-15")) == ("adopted", D("2025-01-15"))
    undated = Incentive.model_validate({**fields, "status": "piloting"})
    assert undated.status_since(D("2000-01-01")) == ("piloting", None)  # since unknown
    with pytest.raises(ValueError, match="since needs a status"):
        Incentive.model_validate({**fields, "since": "2025-01-15"})
    with pytest.raises(ValueError, match="status is written beside adopted_on"):
        Incentive.model_validate({**fields, "status": "adopted", "adopted_on": "2025-01-15"})


def test_a_pairing_is_proposed_before_its_start_and_paused_from_its_pause() -> None:
    pairing = Pairing.model_validate(
        {
            "mentor": "a",
            "mentee": "b",
            "start": "2026-09-21",
            "status": "paused",
            "paused_on": "2026-10-19",
        }
    )
    assert [pairing.status_on(D(d)) for d in ("2026-09-20", "2026-10-18", "2026-10-19")] == [
        "proposed",
        "active",
        "paused",
    ]
    assert pairing.meets_on(D("2026-10-18")) and not pairing.meets_on(D("2026-10-19"))
    done = Pairing.model_validate(
        {
            "mentor": "a",
            "mentee": "b",
            "start": "2024-01-01",
            "end": "2024-06-28",
            "status": "completed",
        }
    )
    assert [done.status_on(D(d)) for d in ("2024-06-28", "2024-06-29")] == ["active", "completed"]


def test_the_program_on_a_day_hides_what_had_not_happened(program_dir: Path) -> None:
    info = program_dir / "program.yaml"
    info.write_text(info.read_text() + "    set_on: 2024-03-21\n")  # the one target's agreement
    loaded = check_directory(program_dir, today=D("2024-12-31"))
    assert loaded.program is not None and not loaded.problems
    before = program_on(loaded.program, D("2024-03-20"))
    after = program_on(loaded.program, D("2024-03-21"))
    assert before.info.targets == () and len(after.info.targets) == 1
    offsite = {t.id: t for t in before.timeline}["offsite"]
    assert offsite.status == "planned"
    assert {t.id: t for t in after.timeline}["offsite"].status == "done"


def test_the_figures_on_a_day_are_the_recorded_programs_up_to_it(program_dir: Path) -> None:
    """A target milestone is judged on the recorded program's snapshots (one roster for every
    day), which holds only while they equal those of the program as it stood that day."""
    pairings = program_dir / "pairings.yaml"
    paused = "  start: 2024-05-06\n  status: paused\n"
    pairings.write_text(pairings.read_text().replace(paused, paused + "  paused_on: 2024-06-03\n"))
    loaded = check_directory(program_dir, today=D("2024-12-31"))
    assert loaded.program is not None and not loaded.problems
    program = loaded.program
    facts = {p.start for p in program.pairings} | {p.end for p in program.pairings if p.end}
    facts |= {p.paused_on for p in program.pairings if p.paused_on}
    days = sorted({d + timedelta(days=k) for d in facts for k in (-1, 0, 1)})
    days += reporting_dates(program, D("2024-12-31"))
    assert any(p.paused_on for p in program.pairings) and any(p.end for p in program.pairings)
    for day in days:
        assert snapshots(program_on(program, day), day) == snapshots(program, day), day


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"started_on": "2024-03-01", "done_on": "2024-02-01"}, "done_on", "is before started_on"),
        ({"done_on": "2024-03-01", "missed_on": "2024-03-02"}, "missed_on", "both written"),
        ({"done_on": "2024-03-01", "at_risk_on": "2024-03-05"}, "at_risk_on", "nothing is at risk"),
        ({"status": "done", "done_on": "2024-03-01"}, "status", "written beside done_on"),
    ],
)
def test_contradicting_facts_are_errors_naming_the_field(
    program_dir: Path, fields: dict[str, str], field: str, words: str
) -> None:
    lines = "".join(f"  {key}: {value}\n" for key, value in fields.items())
    timeline = program_dir / "timeline.yaml"
    text = timeline.read_text().replace(
        "- id: offsite\n  title: Approval at the SRE off-site\n  kind: milestone\n"
        "  date: 2024-03-21\n  depends_on: [draft]\n  done_on: 2024-03-21\n",
        "- id: offsite\n  title: Approval at the SRE off-site\n  kind: milestone\n"
        f"  date: 2024-03-21\n  depends_on: [draft]\n{lines}",
    )
    assert text != timeline.read_text()
    timeline.write_text(text)
    problems = check_directory(program_dir, today=D("2024-12-31")).problems
    assert len(problems) == 1, problems
    message = str(problems[0])
    assert message.startswith("timeline.yaml:") or "timeline.yaml:" in message
    assert words in message and field in message, message


def test_a_pause_needs_a_paused_pairing_and_a_day_after_the_start() -> None:
    with pytest.raises(ValueError, match="only for a pairing whose status is paused"):
        Pairing.model_validate(
            {
                "mentor": "a",
                "mentee": "b",
                "start": "2024-01-01",
                "status": "active",
                "paused_on": "2024-02-01",
            }
        )
    with pytest.raises(ValueError, match=r"paused_on \(2023-12-01\) is before start"):
        Pairing.model_validate(
            {
                "mentor": "a",
                "mentee": "b",
                "start": "2024-01-01",
                "status": "paused",
                "paused_on": "2023-12-01",
            }
        )


def test_a_fact_after_today_is_an_error(program_dir: Path) -> None:
    # The small program's latest facts: the pilot started and an incentive adopted 2024-04-01.
    assert check_directory(program_dir, today=D("2024-04-01")).problems == []
    problems = [str(p) for p in check_directory(program_dir, today=D("2024-03-31")).problems]
    assert len(problems) == 2, problems
    found = " ".join(problems)
    assert "timeline[4].started_on: started_on is 2024-04-01, after today (2024-03-31)" in found
    assert "incentives[0].adopted_on: adopted_on is 2024-04-01, after today" in found


# -- goals ---------------------------------------------------------------------------------

#: The small program's first goal (zoe with jose, due 2024-03-01), written as done.
FIRST_GOAL = "      status: done\n      due: 2024-03-01\n"


def _goal_done_on(program_dir: Path, day: str) -> None:
    pairings = program_dir / "pairings.yaml"
    text = pairings.read_text()
    assert text.count(FIRST_GOAL) == 1
    pairings.write_text(text.replace(FIRST_GOAL, f"{FIRST_GOAL}      done_on: {day}\n"))


def test_a_goal_is_in_progress_until_the_day_it_was_done() -> None:
    goal = Goal.model_validate({"title": "t", "status": "done", "due": "2024-03-01"})
    dated = goal.model_copy(update={"done_on": D("2024-03-04")})
    assert [dated.status_on(D(d)) for d in ("2024-03-03", "2024-03-04")] == [
        "in-progress",
        "done",
    ]
    # An older record never said when: done on any day, and dated by its due date.
    assert goal.status_on(D("2000-01-01")) == "done"
    assert (goal.done_day, dated.done_day) == (D("2024-03-01"), D("2024-03-04"))
    with pytest.raises(ValueError, match=r"only for a goal whose status is done \(found planned"):
        Goal.model_validate({"title": "t", "status": "planned", "done_on": "2024-03-04"})


def test_goals_done_on_a_day_on_the_site_and_in_the_report(program_dir: Path) -> None:
    """The goal due 03-01 was reached on 03-12: the site of 03-11 shows zoe and jose at 0 of
    2 goals, the report of 03-11 (period 02-27 to 03-11) lists none, that of 03-25 lists it."""
    _goal_done_on(program_dir, "2024-03-12")
    loaded = check_directory(program_dir, today=D("2024-12-31"))
    assert loaded.program is not None and not loaded.problems

    def goals_of_zoe_and_jose(day: date) -> tuple[int, int]:
        (cohort,) = publish(loaded.program, day).cohorts  # type: ignore[arg-type]
        (pair,) = cohort.named
        assert (pair.mentor, pair.mentee) == ("Zoë Ångström", "José Núñez")
        return pair.goals_done, pair.goals_total

    assert goals_of_zoe_and_jose(D("2024-03-11")) == (0, 2)
    assert goals_of_zoe_and_jose(D("2024-03-12")) == (1, 2)
    assert build_report(loaded.program, D("2024-03-11")).goals_done == ()
    (done,) = build_report(loaded.program, D("2024-03-25")).goals_done
    assert (done.title, done.done_on, done.due) == (
        "Write a Prometheus alerting rule with tests",
        D("2024-03-12"),
        D("2024-03-01"),
    )
    report = render_report(build_report(loaded.program, D("2024-03-25")))
    assert "José Núñez, done 12 Mar 2024, due 1 Mar 2024)" in report


def test_the_built_site_counts_the_goals_done_by_its_day(program_dir: Path, tmp_path: Path) -> None:
    _goal_done_on(program_dir, "2024-03-12")
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF.format(program=str(program_dir), as_of="2024-03-11"))
    (srcdir / "index.md").write_text("# Pairings\n\n```{handbook-pairings}\n```\n")
    result = sphinx_build(srcdir, tmp_path / "html")
    assert result.warnings == ""
    soup = BeautifulSoup((result.outdir / "index.html").read_text(), "html.parser")
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    assert [row[0:2] + row[3:] for row in rows] == [["Zoë Ångström", "José Núñez", "0 of 2"]]


def test_a_goal_done_after_today_is_an_error(program_dir: Path) -> None:
    _goal_done_on(program_dir, "2024-03-12")

    def goal_problems(today: str) -> list[str]:
        problems = check_directory(program_dir, today=D(today)).problems
        return [str(p) for p in problems if "goals" in str(p)]  # the timeline's facts come later

    assert goal_problems("2024-03-12") == []
    (problem,) = goal_problems("2024-03-11")
    assert (
        "pairings[0].goals[0].done_on: done_on is 2024-03-12, after today (2024-03-11)" in problem
    )


# -- capacity, by the days each pairing meets ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "over"),
    [
        # zoe (capacity 2) meets jose from 01-10 and ed to 05-01: fay fits from the day after,
        # not on 05-01; a proposal is not meeting, so it takes no slot in the check.
        (
            "  start: 2024-07-01\n  status: proposed",
            "  start: 2024-05-02\n  status: active",
            None,
        ),
        (
            "  start: 2024-07-01\n  status: proposed",
            "  start: 2024-05-01\n  status: active",
            "the mentor 'zoe' would have 3 pairings at once on 2024-05-01; their capacity is 2",
        ),
        (
            "  start: 2024-07-01\n  status: proposed",
            "  start: 2024-04-01\n  status: proposed",
            None,
        ),
        # bo (capacity 1) meets di 02-01 to 04-30: a pairing paused on its first day never met;
        # paused a day later, it met on 03-04.
        (
            "  start: 2024-05-06\n  status: paused",
            "  start: 2024-03-04\n  status: paused\n  paused_on: 2024-03-04",
            None,
        ),
        (
            "  start: 2024-05-06\n  status: paused",
            "  start: 2024-03-04\n  status: paused\n  paused_on: 2024-03-05",
            "the mentor 'bo' would have 2 pairings at once on 2024-03-04; their capacity is 1",
        ),
        # Ended early in May, but meeting beside di on 04-30: it counts on that day.
        (
            "  start: 2024-05-06\n  status: paused",
            "  start: 2024-04-30\n  end: 2024-05-20\n  status: ended-early",
            "the mentor 'bo' would have 2 pairings at once on 2024-04-30; their capacity is 1",
        ),
    ],
    ids=[
        "active-after-an-end",
        "active-on-the-last-day",
        "proposal",
        "paused-at-once",
        "paused-a-day-later",
        "ended-early-later",
    ],
)
def test_capacity_counts_each_pairing_on_the_days_it_meets(
    program_dir: Path, old: str, new: str, over: str | None
) -> None:
    pairings = program_dir / "pairings.yaml"
    text = pairings.read_text()
    assert text.count(old) == 1
    pairings.write_text(text.replace(old, new))
    problems = [str(p) for p in check_directory(program_dir, today=D("2024-12-31")).problems]
    assert len(problems) == (0 if over is None else 1), problems
    assert over is None or over in problems[0]


# -- the same two people, by the days each pairing meets -----------------------------------

BO_DI = "  end: 2024-04-30\n  status: completed\n"
BO_FAY = "  mentee: fay\n  start: 2024-05-06\n  status: paused\n"


@pytest.mark.parametrize(
    ("bo_di", "again", "overlap"),
    [
        # bo and di met from 02-01 until a pause on 03-01: meeting again from 05-06 is fine.
        ("  status: paused\n  paused_on: 2024-03-01\n", "2024-05-06", False),
        # Paused on 05-07 only, they were still meeting on 05-06.
        ("  status: paused\n  paused_on: 2024-05-07\n", "2024-05-06", True),
        # Paused on its first day, the pairing never met.
        ("  status: paused\n", "2024-03-01", False),
        # Completed on 04-30: meeting again that day overlaps, the day after does not.
        (BO_DI, "2024-04-30", True),
        (BO_DI, "2024-05-01", False),
    ],
    ids=["after-a-pause", "before-a-pause", "never-met", "on-the-last-day", "after-the-end"],
)
def test_the_same_two_people_overlap_only_on_days_both_pairings_meet(
    program_dir: Path, bo_di: str, again: str, overlap: bool
) -> None:
    """bo (capacity raised to 2) and di meet from 02-01 (line 12); a second bo-di pairing
    replaces bo-fay, active from `again`."""
    people = program_dir / "people.yaml"
    bo = "  capacity: 1\n  skills: [Ceph]\n"
    assert people.read_text().count(bo) == 1
    people.write_text(people.read_text().replace(bo, "  capacity: 2\n  skills: [Ceph]\n"))
    pairings = program_dir / "pairings.yaml"
    text = pairings.read_text()
    assert text.count(BO_DI) == 1 and text.count(BO_FAY) == 1
    text = text.replace(BO_DI, bo_di).replace(
        BO_FAY, f"  mentee: di\n  start: {again}\n  status: active\n"
    )
    pairings.write_text(text)
    problems = [str(p) for p in check_directory(program_dir, today=D("2024-12-31")).problems]
    expected = "'bo' and 'di' already have a pairing over this time (from 2024-02-01, line 12)"
    assert [p for p in problems if expected in p] == (problems[:1] if overlap else [])
    assert len(problems) == (1 if overlap else 0), problems


def test_a_written_status_is_not_held_to_today_as_a_written_fact_is(program_dir: Path) -> None:
    """A written status's fact follows the entry's plan; only a written date can lie ahead."""
    timeline = program_dir / "timeline.yaml"
    text = timeline.read_text()
    planned = "  date: 2024-03-21\n  depends_on: [draft]\n  done_on: 2024-03-21\n"
    assert planned in text

    def ahead() -> list[str]:
        problems = check_directory(program_dir, today=D("2024-03-01")).problems
        return [p.field for p in problems if p.field.startswith("timeline[3]")]

    assert ahead() == ["timeline[3].done_on"]
    written = planned.replace("done_on: 2024-03-21", "status: done")
    timeline.write_text(text.replace(planned, written))
    assert ahead() == []
