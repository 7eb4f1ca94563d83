"""What a target's status is on a day: one rule, worked out by hand on a small series."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generators.data.formats import as_printed, metric_value, percent, points
from generators.data.metrics import Snapshot
from generators.data.models import Target
from generators.data.targets import target_status

INCENTIVES = date(2024, 3, 1)


def snap(day: str, participants: int, eligible: int = 100, mentors: int = 0) -> Snapshot:
    return Snapshot(date.fromisoformat(day), eligible, mentors, 0, participants, "roster")


#: Participation 20 % on Jan 1, 30 % on Apr 1, 40 % on Jul 1, 47 % on Oct 1 (100 eligible).
SERIES = (
    snap("2024-01-01", 20, mentors=4),
    snap("2024-04-01", 30, mentors=5),
    snap("2024-07-01", 40, mentors=6),
    snap("2024-10-01", 47, mentors=6),
)


def target(
    value: float, by: str, set_on: str | None = None, metric: str = "participation"
) -> Target:
    return Target.model_validate({"metric": metric, "value": value, "by": by, "set_on": set_on})


def test_the_pace_runs_from_the_figure_when_the_target_was_set() -> None:
    # Set on Feb 1: the last figure on or before it is Jan 1 (20 %); 50 % by 2025-01-01
    # (366 days later). On Jul 1 (182 days): 20 + 30 × 182/366 = 34.9 %; 40 % is on track.
    status = target_status(
        target(0.5, "2025-01-01", "2024-02-01"), SERIES, date(2024, 7, 15), INCENTIVES
    )
    assert status.base is not None and status.base.date == date(2024, 1, 1)
    assert (status.state, status.measured_on) == ("on-track", date(2024, 7, 1))
    assert metric_value("participation", status.expected) == "34.9 %"
    # On Oct 1 (274 days): 20 + 30 × 274/366 = 42.5 %; 47 % is on track.
    later = target_status(
        target(0.5, "2025-01-01", "2024-02-01"), SERIES, date(2024, 10, 1), INCENTIVES
    )
    assert (later.state, metric_value("participation", later.expected)) == ("on-track", "42.5 %")


def test_behind_is_judged_as_printed_and_prints_apart() -> None:
    # 49 % by 2024-10-11 set on Jan 1: pace on Oct 1 = 20 + 29 × 274/284 = 47.98 %, "48.0 %";
    # the figure 47 % prints "47.0 %": behind, and the two never print alike.
    status = target_status(
        target(0.49, "2024-10-11", "2024-01-01"), SERIES, date(2024, 10, 2), INCENTIVES
    )
    assert status.state == "behind"
    assert (status.measured_text, status.expected_text) == ("47.0 %", "48.0 %")
    # 47.6 % against 48.4 % differ in print, so neither reads as the other.
    assert percent(0.476) == "47.6 %" and percent(0.484) == "48.4 %"
    assert as_printed("participation", 0.476) < as_printed("participation", 0.484)


def test_met_counts_the_figure_as_printed() -> None:
    # 46.96 % prints "47.0 %" and meets a 47 % target: the status never contradicts the print.
    series = (*SERIES[:3], Snapshot(date(2024, 10, 1), 2500, 0, 0, 1174, "roster"))
    status = target_status(target(0.47, "2024-12-31"), series, date(2024, 10, 1), INCENTIVES)
    assert (status.measured_text, status.state) == ("47.0 %", "met")


def test_a_past_target_is_judged_by_the_last_figure_on_or_before_its_date() -> None:
    # 45 % by Aug 15: the figure on Oct 1 (47 %) comes too late; Jul 1 (40 %) is the one.
    status = target_status(target(0.45, "2024-08-15"), SERIES, date(2024, 12, 1), INCENTIVES)
    assert (status.state, status.measured_on, status.expected) == ("missed", date(2024, 7, 1), None)
    # On its own date it is not missed yet: the day is not over. The pace starts at Jan 1
    # (20 %, the last figure before incentives): on Jul 1, 20 + 25 × 182/227 = 40.04 %,
    # printed "40.0 %" like the figure, so on track.
    on_the_day = target_status(target(0.45, "2024-08-15"), SERIES, date(2024, 8, 15), INCENTIVES)
    assert (on_the_day.state, on_the_day.expected_text) == ("on-track", "40.0 %")


def test_without_set_on_the_pace_starts_at_the_last_figure_before_incentives() -> None:
    # Incentives on Mar 1: the pace starts at Jan 1 (4 mentors); 8 mentors by 2024-12-31
    # (365 days). On Jul 1 (182 days): 4 + 4 × 182/365 = 5.99, a pace printed "6.0"; the
    # figure 6 is on track.
    status = target_status(
        target(8, "2024-12-31", metric="mentors"), SERIES, date(2024, 7, 1), INCENTIVES
    )
    assert status.base is not None and status.base.date == date(2024, 1, 1)
    assert (status.state, status.expected_text, status.measured_text) == ("on-track", "6.0", "6")


def test_no_figure_yet_and_a_start_above_the_target() -> None:
    early = target_status(target(0.5, "2024-12-31"), SERIES, date(2023, 12, 1), INCENTIVES)
    assert (early.state, early.words, early.measured_text) == ("no-data", "no report yet", "—")
    # Already at 20 % when a 10 % target was set: the pace stays at 10 %, never falls.
    above = target_status(
        target(0.1, "2024-12-31", "2024-01-01"), SERIES[:1], date(2024, 2, 1), INCENTIVES
    )
    assert above.state == "met"


@pytest.mark.parametrize(
    ("delta", "text"), [(0.031, "+3.1 pts"), (-0.3056, "−30.6 pts"), (0.0004, "±0.0 pts")]
)
def test_changes_print_in_points_with_one_decimal(delta: float, text: str) -> None:
    assert points(delta) == text


# -- A milestone about a target ----------------------------------------------------------------

TARGET_MILESTONE = """
- id: half-take-part
  kind: milestone
  target: participation
  date: 2024-12-31
  depends_on: [offsite]
"""


def test_a_milestone_about_a_target_is_as_far_along_as_the_target(program_dir: Path) -> None:
    """The small program's target, participation 50 % by 2024-12-31: met on Apr 23 (55.6 % on
    Apr 22), behind on May 8 (25.0 % on May 6 against a pace that stays at 50 %, the program
    having been above it when incentives began). The milestone about it reads the same on the
    roadmap, in the report and in its title, whatever a coordinator would have written."""
    from generators.coordinator.report import build_report
    from generators.data.load import load_program
    from generators.data.published import publish

    with (program_dir / "timeline.yaml").open("a", encoding="utf-8") as file:
        file.write(TARGET_MILESTONE)
    program = load_program(program_dir, today=date(2025, 1, 15))
    for day, state, status in (
        (date(2024, 4, 23), "met", "done"),
        (date(2024, 5, 8), "behind", "at-risk"),
    ):
        view = publish(program, day)
        (milestone,) = [t for t in view.timeline if t.id == "half-take-part"]
        assert [t.state for t in view.targets] == [state]
        assert (milestone.title, milestone.status) == ("Participation reaches 50.0 %", status)
    # The report says the same (the milestone is due beyond its horizon, so it lists none).
    report = build_report(program, date(2024, 5, 8))
    assert [t.state for t in report.targets] == ["behind"]
    assert not [t for t in (*report.done, *report.missed) if t.id == "half-take-part"]
    # Within its horizon, and once missed, the report lists it as the roadmap shows it.
    for day, section in ((date(2024, 12, 16), "at_risk"), (date(2025, 1, 13), "missed")):
        (milestone,) = [t for t in publish(program, day).timeline if t.id == "half-take-part"]
        notes = getattr(build_report(program, day), section)
        found = [(n.title, n.status) for n in notes if n.id == "half-take-part"]
        assert found == [(milestone.title, milestone.status)], day


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        ("  title: Half of us take part\n", "title is written beside target"),
        ("  at_risk_on: 2024-05-01\n", "at_risk_on is written beside target"),
    ],
)
def test_a_milestone_about_a_target_writes_no_title_or_status(
    program_dir: Path, extra: str, found: str
) -> None:
    from generators.data.load import check_directory

    with (program_dir / "timeline.yaml").open("a", encoding="utf-8") as file:
        file.write(TARGET_MILESTONE + extra)
    problems = [str(p) for p in check_directory(program_dir, today=date(2025, 1, 15)).problems]
    assert len(problems) == 1 and found in problems[0], problems


def test_a_milestone_names_a_target_that_exists(program_dir: Path) -> None:
    from generators.data.load import check_directory

    with (program_dir / "timeline.yaml").open("a", encoding="utf-8") as file:
        file.write(TARGET_MILESTONE.replace("2024-12-31", "2024-11-30"))
    problems = [str(p) for p in check_directory(program_dir, today=date(2025, 1, 15)).problems]
    assert len(problems) == 1, problems
    assert "no participation target in program.yaml is due on the milestone's date" in problems[0]
    assert "due 2024-12-31" in problems[0]


# -- The headline ---------------------------------------------------------------------------


def test_the_headline_compares_who_took_part_in_the_year() -> None:
    """Before incentives a dip (a gap between cohorts) on the day; over the year, steady:
    the headline is the year's change, and only a baseline figure makes it the day's."""
    from generators.data.metrics import BeforeAfter

    def snapshot(day: str, participants: int, year: int | None) -> Snapshot:
        return Snapshot(date.fromisoformat(day), 100, 0, 0, participants, "roster", None, year)

    dip = snapshot("2024-04-10", 6, 27)
    latest = snapshot("2026-12-02", 48, 71)
    headline = BeforeAfter(dip, latest, (dip, latest)).headline
    assert headline is not None and headline.year_based
    assert points(headline.delta) == "+44.0 pts"
    baseline = Snapshot(date(2024, 3, 1), 100, 3, 3, 6, "baseline", "staff survey")
    headline = BeforeAfter(baseline, latest, (baseline, latest)).headline
    assert headline is not None and not headline.year_based
    assert points(headline.delta) == "+42.0 pts"
    assert BeforeAfter(None, latest, ()).headline is None
