"""Metric snapshots on a roster small enough to work out by hand.

The roster (seven people, five pairings), reporting every 14 days from 2024-01-01:

    m1 mentor   joined 2020-01-01
    m2 mentor   joined 2020-01-01, left 2024-02-15   (leaves mid-period)
    m3 mentor   joined 2020-01-01
    e1 mentee   joined 2020-01-01
    e2 mentee   joined 2024-01-15                    (joins on a reporting date)
    e3 mentee   joined 2020-01-01
    e4 mentee   joined 2020-01-01                    (only ever proposed)

    P1 m1-e1 active       2024-01-01 ..
    P2 m2-e3 ended-early  2024-01-10 .. 2024-02-12   (ends early, on a reporting date)
    P3 m3-e2 paused       2024-01-15 ..              (paused: not counted)
    P4 m3-e4 proposed     2024-01-20 ..              (proposed: not counted)
    P5 m1-e2 completed    2024-02-20 .. 2024-03-20

Reporting dates up to 2024-03-31 (2024 is a leap year):
    01-01, 01-15, 01-29, 02-12, 02-26, 03-11, 03-25   (01-01 + 6 × 14 days = 03-25; 04-08 is later)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest

from generators.data import metrics
from generators.data.models import BaselineRow, Pairing, Person, Program, ProgramInfo
from generators.data.targets import target_statuses

D = date.fromisoformat


def person(pid: str, joined: str, left: str | None = None) -> Person:
    return Person.model_validate(
        {"id": pid, "name": pid.upper(), "team": "T", "joined": joined, "left": left}
    )


def pairing(mentor: str, mentee: str, status: str, start: str, end: str | None = None) -> Pairing:
    return Pairing.model_validate(
        {"mentor": mentor, "mentee": mentee, "status": status, "start": start, "end": end}
    )


def make_program(**changes: Any) -> Program:
    info = {
        "name": "P",
        "organization": "SRE",
        "incentives_start": "2024-03-01",
        "reporting": {"cadence_days": 14, "first": "2024-01-01"},
        "targets": [
            {"metric": "participation", "value": 0.5, "by": "2024-12-31"},
            {"metric": "mentors", "value": 1, "by": "2024-12-31"},
        ],
    }
    fields: dict[str, Any] = {
        "info": ProgramInfo.model_validate(info),
        "people": (
            person("m1", "2020-01-01"),
            person("m2", "2020-01-01", left="2024-02-15"),
            person("m3", "2020-01-01"),
            person("e1", "2020-01-01"),
            person("e2", "2024-01-15"),
            person("e3", "2020-01-01"),
            person("e4", "2020-01-01"),
        ),
        "pairings": (
            pairing("m1", "e1", "active", "2024-01-01"),
            pairing("m2", "e3", "ended-early", "2024-01-10", "2024-02-12"),
            pairing("m3", "e2", "paused", "2024-01-15"),
            pairing("m3", "e4", "proposed", "2024-01-20"),
            pairing("m1", "e2", "completed", "2024-02-20", "2024-03-20"),
        ),
        "baseline": (
            BaselineRow.model_validate(
                {"date": "2023-11-15", "eligible": 6, "mentors": 1, "mentees": 1, "source": "s"}
            ),
            # After the roster's history begins (2024-01-01): the roster is used instead.
            BaselineRow.model_validate(
                {"date": "2024-01-05", "eligible": 9, "mentors": 9, "mentees": 9, "source": "s"}
            ),
        ),
    }
    fields.update(changes)
    return Program.model_validate(fields)


# -- the contract's definitions, worked literally (the figures are computed otherwise, once
# per roster: `test_the_figures_follow_the_definitions` holds them to these) -------------


def eligible(people: Iterable[Person], day: date) -> int:
    """People with joined ≤ day and (no left or left > day)."""
    return sum(1 for person in people if person.employed_on(day))


def active(pairings: Iterable[Pairing], day: date) -> tuple[set[str], set[str]]:
    """Distinct (mentors, mentees) in a pairing that meets on `day`."""
    mentors: set[str] = set()
    mentees: set[str] = set()
    for pairing in pairings:
        if pairing.meets_on(day):
            mentors.add(pairing.mentor)
            mentees.add(pairing.mentee)
    return mentors, mentees


def took_part(pairings: Iterable[Pairing], first: date, last: date) -> set[str]:
    """Distinct people in a pairing that met on at least one day from `first` to `last`."""
    return {
        person
        for pairing in pairings
        for day in _days(first, last)
        if pairing.meets_on(day)
        for person in (pairing.mentor, pairing.mentee)
    }


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.fixture
def program() -> Program:
    return make_program()


def test_eligible_counts_the_day_someone_joins(program: Program) -> None:
    assert eligible(program.people, D("2024-01-14")) == 6  # e2 not yet
    assert eligible(program.people, D("2024-01-15")) == 7  # e2 counts from this day


def test_eligible_stops_counting_on_the_day_someone_leaves(program: Program) -> None:
    assert eligible(program.people, D("2024-02-14")) == 7  # m2's last day
    assert eligible(program.people, D("2024-02-15")) == 6  # left: not eligible


def test_reporting_dates_are_first_plus_k_cadences(program: Program) -> None:
    assert metrics.reporting_dates(program, D("2024-03-31")) == [
        D("2024-01-01"),
        D("2024-01-15"),
        D("2024-01-29"),
        D("2024-02-12"),
        D("2024-02-26"),
        D("2024-03-11"),
        D("2024-03-25"),
    ]
    # The last date is included when it falls exactly on `until`.
    assert metrics.reporting_dates(program, D("2024-03-25"))[-1] == D("2024-03-25")
    assert metrics.reporting_dates(program, D("2023-12-31")) == []


def test_active_skips_paused_and_proposed_pairings(program: Program) -> None:
    # 2024-01-20: P1 and P2 meet; P3 is paused and P4 proposed though both have started.
    mentors, mentees = active(program.pairings, D("2024-01-20"))
    assert (mentors, mentees) == ({"m1", "m2"}, {"e1", "e3"})


def test_a_pairing_that_ends_early_counts_through_its_end_day(program: Program) -> None:
    mentors, _ = active(program.pairings, D("2024-02-12"))  # P2's end day
    assert "m2" in mentors
    mentors, _ = active(program.pairings, D("2024-02-13"))
    assert "m2" not in mentors


def test_snapshots_worked_by_hand(program: Program) -> None:
    rows = [
        (s.date.isoformat(), s.eligible, s.mentors, s.mentees, s.participants, s.source)
        for s in metrics.snapshots(program, D("2024-03-31"))
    ]
    assert rows == [
        # baseline: participants = min(eligible 6, mentors 1 + mentees 1) = 2
        ("2023-11-15", 6, 1, 1, 2, "baseline"),
        # (2024-01-05's baseline row is dropped: the roster has history from 2024-01-01)
        # P1 only; e2 has not joined: eligible 6
        ("2024-01-01", 6, 1, 1, 2, "roster"),
        # P1 + P2 (P3 paused: e2 and m3 not counted); e2 joined: eligible 7
        ("2024-01-15", 7, 2, 2, 4, "roster"),
        ("2024-01-29", 7, 2, 2, 4, "roster"),
        # P2 ends today and still counts
        ("2024-02-12", 7, 2, 2, 4, "roster"),
        # P1 + P5 (m1 mentors e1 and e2); m2 left on 02-15: eligible 6
        ("2024-02-26", 6, 1, 2, 3, "roster"),
        ("2024-03-11", 6, 1, 2, 3, "roster"),
        # P5 ended 03-20: P1 only
        ("2024-03-25", 6, 1, 1, 2, "roster"),
    ]


def test_participation_is_participants_over_eligible(program: Program) -> None:
    series = {s.date: s for s in metrics.snapshots(program, D("2024-03-31"))}
    assert series[D("2024-01-15")].participation == pytest.approx(4 / 7)  # 4 of 7
    assert series[D("2024-02-26")].participation == pytest.approx(0.5)  # 3 of 6
    assert series[D("2024-03-25")].participation == pytest.approx(1 / 3)  # 2 of 6


def test_participation_with_nobody_eligible_is_none() -> None:
    empty = metrics.Snapshot(D("2024-01-01"), 0, 0, 0, 0, "roster")
    assert empty.participation is None


def test_before_and_after_incentives(program: Program) -> None:
    split = metrics.before_after(program, D("2024-03-31"))
    # incentives_start 2024-03-01: the last snapshot before it is 02-26, the latest 03-25.
    assert split.before is not None and split.before.date == D("2024-02-26")
    assert split.after is not None and split.after.date == D("2024-03-25")
    assert [s.date for s in split.trend] == [D("2024-02-26"), D("2024-03-11"), D("2024-03-25")]
    # participation: 2/6 - 3/6 = -1/6; mentors: 1 - 1 = 0; eligible: 6 - 6 = 0
    assert split.delta("participation") == pytest.approx(float(Fraction(-1, 6)))
    assert split.delta("mentors") == 0
    assert split.delta("eligible") == 0


def test_before_only_from_baseline_when_the_roster_starts_after_incentives() -> None:
    program = make_program(
        pairings=(pairing("m1", "e1", "active", "2024-03-04"),),
    )
    split = metrics.before_after(program, D("2024-03-31"))
    # The roster's history starts 03-04, after incentives (03-01): both baseline rows come
    # before it, and the later one (2024-01-05) is the last figure before incentives.
    assert split.before is not None
    assert (split.before.date, split.before.source) == (D("2024-01-05"), "baseline")
    assert split.after is not None and split.after.date == D("2024-03-25")
    # 2024-03-25: m1 and e1 of 6 eligible (m2 left) = 2/6; baseline 9 of 9 = 1.0
    assert split.delta("participation") == pytest.approx(2 / 6 - 1.0)


def test_no_after_figure_before_incentives_start(program: Program) -> None:
    split = metrics.before_after(program, D("2024-02-20"))
    assert split.after is None
    assert split.trend == ()
    assert split.delta("participation") is None


def test_target_progress(program: Program) -> None:
    series = metrics.snapshots(program, D("2024-03-31"))
    # Targets are listed by date, then metric: mentors before participation.
    mentors, participation = target_statuses(program, series, D("2024-03-31"))
    # latest snapshot 03-25: participation 2/6 ≈ 0.33 < 0.5 (not met); mentors 1 ≥ 1 (met)
    assert participation.on == D("2024-03-25")
    assert participation.measured == pytest.approx(1 / 3)
    assert not participation.met
    assert mentors.measured == 1.0
    assert mentors.met


def test_target_progress_without_any_figure() -> None:
    program = make_program(pairings=(), baseline=())
    day = D("2024-03-31")
    (_, progress) = target_statuses(program, metrics.snapshots(program, day), day)
    assert progress.measured is None
    assert progress.on is None
    assert not progress.met


def test_an_active_pairing_past_its_end_is_counted_alike_everywhere() -> None:
    """P1 still written `active` with its last session on 01-28 (an end planned, then
    reached): the figures, the published list of active pairings and a mentor's slots all
    stop counting it after that day, by the one rule (`Pairing.status_on`)."""
    from generators.coordinator.matching import holds_slot
    from generators.data.published import publish

    ended = pairing("m1", "e1", "active", "2024-01-01", "2024-01-28")
    program = make_program(pairings=(ended,))
    for day, meets in ((D("2024-01-28"), True), (D("2024-01-29"), False)):
        figures = metrics.snapshot(program, day)
        assert (figures.mentors, figures.mentees) == ((1, 1) if meets else (0, 0)), day
        assert publish(program, day).uncohorted_active == int(meets), day
        assert holds_slot(ended, day) is meets, day
        assert ended.meets_on(day) is meets, day
    assert ended.status_on(D("2024-01-29")) == "completed"


def test_the_figures_follow_the_definitions(program: Program) -> None:
    """Every day of the hand roster's first quarter: the snapshot counts what the contract's
    definitions give (eligible, active, took part in the year while still employed)."""
    for day in _days(D("2023-12-30"), D("2024-04-02")):
        figures = metrics.snapshot(program, day)
        mentors, mentees = active(program.pairings, day)
        took = took_part(program.pairings, day - metrics.YEAR + timedelta(days=1), day)
        employed = {p.id for p in program.people if p.employed_on(day)}
        assert (figures.eligible, figures.mentors, figures.mentees) == (
            eligible(program.people, day),
            len(mentors),
            len(mentees),
        ), day
        assert figures.participants == len(mentors | mentees), day
        assert figures.year_participants == len(took & employed), day
