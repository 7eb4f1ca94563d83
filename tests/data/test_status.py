"""Statuses follow from dated facts: on any day, what had happened by then."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generators.data.load import check_directory
from generators.data.models import Incentive, Pairing, TimelineItem
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


def test_an_older_files_status_is_read_as_the_fact_it_stands_for() -> None:
    assert item(status="done").done_on == D("2024-03-21")  # done on its date
    assert item(status="done").status_on(D("2024-03-20")) == "planned"
    phase = {"kind": "phase", "date": None, "start": "2024-04-01", "end": "2024-06-30"}
    assert item(**phase, status="in-progress").status_on(D("2024-03-31")) == "planned"
    assert item(**phase, status="in-progress").status_on(D("2024-04-01")) == "in-progress"
    assert item(status="missed").status_on(D("2024-03-22")) == "missed"
    # At risk as far back as records go: an older file never said since when.
    assert item(status="at-risk").status_on(D("2000-01-01")) == "at-risk"
    assert item(status="planned").status == "planned"


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
    older = Incentive.model_validate({**fields, "status": "adopted", "since": "2025-01-15"})
    assert older.status_since(D("2024-03-15")) == ("proposed", None)  # not "since 2025"
    assert older.status_since(D("2025-01-15")) == ("adopted", D("2025-01-15"))


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
    loaded = check_directory(program_dir)
    assert loaded.program is not None and not loaded.problems
    before = program_on(loaded.program, D("2024-03-20"))
    after = program_on(loaded.program, D("2024-03-21"))
    assert before.info.targets == () and len(after.info.targets) == 1
    offsite = {t.id: t for t in before.timeline}["offsite"]
    assert offsite.status == "planned"
    assert {t.id: t for t in after.timeline}["offsite"].status == "done"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"started_on": "2024-03-01", "done_on": "2024-02-01"}, "done_on", "is before started_on"),
        ({"done_on": "2024-03-01", "missed_on": "2024-03-02"}, "missed_on", "both written"),
        ({"done_on": "2024-03-01", "at_risk_on": "2024-03-05"}, "at_risk_on", "nothing is at risk"),
        ({"status": "done", "done_on": "2024-03-01"}, "status", "remove status"),
    ],
)
def test_contradicting_facts_are_errors_naming_the_field(
    program_dir: Path, fields: dict[str, str], field: str, words: str
) -> None:
    lines = "".join(f"  {key}: {value}\n" for key, value in fields.items())
    timeline = program_dir / "timeline.yaml"
    text = timeline.read_text().replace(
        "- id: offsite\n  title: Approval at the SRE off-site\n  kind: milestone\n"
        "  date: 2024-03-21\n  depends_on: [draft]\n  status: done\n",
        "- id: offsite\n  title: Approval at the SRE off-site\n  kind: milestone\n"
        f"  date: 2024-03-21\n  depends_on: [draft]\n{lines}",
    )
    assert text != timeline.read_text()
    timeline.write_text(text)
    problems = check_directory(program_dir).problems
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


def test_a_fact_after_today_is_an_error_and_an_older_status_is_not(program_dir: Path) -> None:
    timeline = program_dir / "timeline.yaml"
    legacy = timeline.read_text()
    # The older file says the off-site (2024-03-21) is done: read as done on its date, valid
    # on any day, as it always was.
    assert check_directory(program_dir, today=D("2024-03-20")).problems == []
    timeline.write_text(
        legacy.replace(
            "  depends_on: [draft]\n  status: done\n",
            "  depends_on: [draft]\n  done_on: 2024-03-21\n",
        )
    )
    assert check_directory(program_dir, today=D("2024-03-21")).problems == []
    (problem,) = check_directory(program_dir, today=D("2024-03-20")).problems
    assert "timeline[3].done_on: done_on is 2024-03-21, after today (2024-03-20)" in str(problem)
