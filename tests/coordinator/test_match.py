"""`handbook match`: optimal, explained suggestions that never break capacity or the chain."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinator.support import Run, person, program_of
from generators.coordinator.matching import (
    MatchProblem,
    build_problem,
    greedy,
    management_chain,
    match,
    solve,
    working_overlap,
)
from generators.data.load import load_program
from generators.data.models import Pairing, Program

AS_OF = date(2024, 5, 8)
BERLIN = "Europe/Berlin"


def test_optimal_beats_greedy_on_a_crafted_case() -> None:
    """Greedy gives m1 the first of two equal mentors, the one m2 needed.

    Both mentors and mentees work in Berlin (8 h overlap: the full 24 points) on other teams.
    m1 wants X; m2 wants X and Y; mentor a offers X and Y, mentor b offers X.
    Scores: m1-a 20+24 = 44, m1-b 44, m2-a 40+24 = 64, m2-b 44.
    Greedy: m1 takes a (tie, lower id), m2 gets b: 44 + 44 = 88.
    Optimal: m1-b, m2-a: 44 + 64 = 108.
    """
    people = [
        person("a", roles=("mentor",), skills=("X", "Y"), team="T1", timezone=BERLIN),
        person("b", roles=("mentor",), skills=("x",), team="T2", timezone=BERLIN),
        person("m1", roles=("mentee",), interests=("X",), team="T3", timezone=BERLIN),
        person("m2", roles=("mentee",), interests=("X", "Y"), team="T4", timezone=BERLIN),
    ]
    problem = build_problem(program_of(people), AS_OF)
    greedy_pairs, optimal_pairs = greedy(problem), solve(problem)
    assert problem.score(greedy_pairs) == 88
    assert problem.score(optimal_pairs) == 108
    result = match(program_of(people), AS_OF)
    assert [(p.mentee.id, p.mentor.id, p.score) for p in result.proposals] == [
        ("m1", "b", 44),
        ("m2", "a", 64),
    ]
    assert result.proposals[1].explanation() == "shared: X, Y; 8 h overlap; different teams"


@pytest.mark.parametrize(
    ("zone_a", "zone_b", "hours"),
    [
        (BERLIN, BERLIN, 8),
        (BERLIN, "America/New_York", 2),  # 07-15 UTC and 13-21 UTC in May
        (BERLIN, "Asia/Kolkata", 4.5),  # 07-15 UTC and 03:30-11:30 UTC
        ("Asia/Tokyo", "America/Los_Angeles", 0),  # 00-08 UTC and 16-24 UTC the day before
        ("Australia/Sydney", "America/Los_Angeles", 1),  # 23-07 UTC and 16-24 UTC
    ],
)
def test_working_hours_overlap(zone_a: str, zone_b: str, hours: float) -> None:
    assert working_overlap(zone_a, zone_b, AS_OF) == hours
    assert working_overlap(zone_b, zone_a, AS_OF) == hours


def test_daylight_saving_changes_the_overlap() -> None:
    # In mid-March New York has moved its clocks, Berlin has not: the overlap grows to 3 h.
    assert working_overlap(BERLIN, "America/New_York", date(2024, 3, 20)) == 3


def test_never_the_mentee_or_their_management_chain() -> None:
    """The skip-level manager and the mentee themselves are the best fits, and never chosen."""
    people = [
        person("boss", roles=("manager", "mentor"), skills=("SLOs",), team="Lead", capacity=3),
        person("lead", roles=("mentor",), manager="boss", skills=("SLOs",), team="Obs"),
        person(
            "self",
            roles=("mentor", "mentee"),
            manager="lead",
            skills=("SLOs",),
            interests=("SLOs",),
            team="Obs2",
        ),
        person("other", roles=("mentor",), team="Net"),
    ]
    program = program_of(people)
    assert management_chain(program, program.person["self"]) == ["lead", "boss"]
    result = match(program, AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [("self", "other")]


def test_same_team_is_a_hard_rule_unless_allowed() -> None:
    people = [
        person("mentor", roles=("mentor",), skills=("Go",), team="Edge"),
        person("mentee", roles=("mentee",), interests=("Go",), team="Edge"),
    ]
    program = program_of(people)
    refused = match(program, AS_OF)
    assert refused.proposals == () and [p.id for p in refused.unmatched] == ["mentee"]
    allowed = match(program, AS_OF, allow_same_team=True)
    (proposal,) = allowed.proposals
    assert proposal.explanation() == "shared: Go; overlap unknown (no time zone); same team"
    assert proposal.score == 20 + 12 - 15


def test_open_capacity_counts_active_paused_and_proposed_pairings() -> None:
    people = [
        person("busy", roles=("mentor",), capacity=3),
        person("free", roles=("mentor",), capacity=1, team="Other"),
        *(person(f"m{n}", roles=("mentee",), team=f"T{n}") for n in range(6)),
    ]
    pairings = tuple(
        Pairing(mentor="busy", mentee=f"m{n}", start=date(2024, 1, 1), status=status)
        for n, status in enumerate(("active", "paused", "proposed"))
    )
    result = match(program_of(people, pairings=pairings), AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [("m3", "free")]
    assert [p.id for p in result.unmatched] == ["m4", "m5"]
    assert result.open_slots == 1


def test_a_pairing_holds_its_slot_until_its_end() -> None:
    people = [
        person("mentor", roles=("mentor",), team="A"),
        person("mentee", roles=("mentee",), team="B"),
        person("other", roles=("mentee",), team="C"),
    ]
    finishing = Pairing(
        mentor="mentor",
        mentee="mentee",
        start=date(2024, 1, 1),
        end=date(2024, 6, 1),
        status="completed",
    )
    result = match(program_of(people, pairings=(finishing,)), AS_OF)
    assert result.proposals == () and [p.id for p in result.unmatched] == ["other"]


def test_ended_pairings_free_the_mentee_and_the_slot() -> None:
    people = [
        person("mentor", roles=("mentor",), team="A"),
        person("mentee", roles=("mentee",), team="B"),
    ]
    ended = Pairing(
        mentor="mentor",
        mentee="mentee",
        start=date(2024, 1, 1),
        end=date(2024, 3, 1),
        status="completed",
    )
    result = match(program_of(people, pairings=(ended,)), AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [("mentee", "mentor")]


def test_the_same_data_in_another_order_gives_the_same_suggestions() -> None:
    people = [
        person(f"r{n}", roles=("mentor",), capacity=2, team=f"T{n % 3}", skills=("A",))
        for n in range(4)
    ] + [person(f"e{n}", roles=("mentee",), team=f"T{n % 4}", interests=("a",)) for n in range(7)]
    forward = match(program_of(people), AS_OF)
    backward = match(program_of(reversed(people)), AS_OF)
    assert forward == backward
    assert [p.mentee.id for p in forward.proposals] == sorted(
        p.mentee.id for p in forward.proposals
    )


# -- the command ---------------------------------------------------------------------------

EXTRA_PEOPLE = """
- id: hal
  name: Hal Unnamed
  team: Databases
  joined: 2019-01-01
  roles: [mentor]
  capacity: 1
  skills: [Kubernetes, Prometheus]
  timezone: Europe/Berlin
- id: ivy
  name: Ivy Named
  team: Networking
  joined: 2023-01-01
  roles: [mentee]
  manager: dana
  interests: [kubernetes]
  timezone: Europe/Madrid
  publish: true
- id: kim
  name: Kim Unnamed
  team: Observability
  joined: 2023-01-01
  roles: [mentee]
  interests: [Prometheus]
"""


@pytest.fixture
def waiting(small_copy: Path) -> Path:
    """The small program plus one unnamed mentor (hal) and two more mentees.

    On 2024-05-08 zoe (2 slots: jose active, fay proposed) and bo (fay paused) are full;
    waiting are di (no interests, no time zone), ivy and kim. Hal's one slot scores:
    ivy 20 (kubernetes) + 24 (Madrid and Berlin share 8 h) = 44; kim 20 + 12 (no zone) = 32;
    di 0 + 12 = 12. So hal mentors ivy; di and kim wait.
    """
    people = small_copy / "people.yaml"
    people.write_text(people.read_text() + EXTRA_PEOPLE)
    return small_copy


def test_the_table_names_only_consenting_people(
    handbook: Callable[..., Run], waiting: Path
) -> None:
    result = handbook("match", "--program", str(waiting), "--as-of", "2024-05-08")
    assert result.code == 0, result.err
    assert result.out == (
        "Suggested pairings as of 2024-05-08 (first session from 2024-05-08):\n"
        "\n"
        "#  Mentee     Mentor    Why\n"
        "1  Ivy Named  a mentor  shared: kubernetes; 8 h overlap; different teams\n"
        "\n"
        "No allowed mentor with an open slot for 2 mentee(s): 2 more not named\n"
        "1 suggestion(s), 1 open mentor slot(s), total score 44.\n"
    )
    for hidden in ("hal", "kim", "di", "Hal Unnamed", "Kim Unnamed", "Di Private"):
        assert not re.search(rf"\b{hidden}\b", result.out, re.IGNORECASE)


def test_the_yaml_pastes_into_pairings_and_the_program_stays_valid(
    handbook: Callable[..., Run], waiting: Path
) -> None:
    result = handbook(
        "match",
        "--program",
        str(waiting),
        "--as-of",
        "2024-05-08",
        "--format",
        "yaml",
        "--cohort",
        "pilot",
    )
    assert result.code == 0, result.err
    assert yaml.safe_load(result.out) == [
        {
            "mentor": "hal",
            "mentee": "ivy",
            "cohort": "pilot",
            "start": date(2024, 5, 8),
            "status": "proposed",
        }
    ]
    assert "# 1. shared: kubernetes; 8 h overlap; different teams" in result.out
    assert "# No allowed mentor with an open slot for: di, kim" in result.out
    pairings = waiting / "pairings.yaml"
    pairings.write_text(pairings.read_text() + result.out)
    assert len(load_program(waiting).pairings) == 6
    again = handbook("match", "--program", str(waiting), "--as-of", "2024-05-08")
    assert "0 suggestion(s), 0 open mentor slot(s)" in again.out  # hal's slot is now held


def test_a_cohort_sets_the_start_and_an_unknown_one_is_a_usage_error(
    handbook: Callable[..., Run], waiting: Path
) -> None:
    early = handbook(
        "match",
        "--program",
        str(waiting),
        "--as-of",
        "2023-12-01",
        "--cohort",
        "pilot",
        "--format",
        "yaml",
    )
    assert "start: 2024-01-01" in early.out  # the cohort's start, after the as-of date
    unknown = handbook("match", "--program", str(waiting), "--cohort", "cohort-9")
    assert unknown.code == 2
    assert "unknown cohort 'cohort-9' (known: pilot)" in unknown.err
    over = handbook(
        "match", "--program", str(waiting), "--cohort", "pilot", "--as-of", "2025-01-01"
    )
    assert over.code == 2 and "cohort 'pilot' ended on 2024-06-30" in over.err


def test_nobody_waiting_is_said_plainly(handbook: Callable[..., Run], small_copy: Path) -> None:
    result = handbook("match", "--program", str(small_copy), "--as-of", "2024-03-01")
    assert result.code == 0
    assert "No mentee is waiting for a mentor." in result.out  # jose, di, ed, fay all paired


# -- properties on generated programs --------------------------------------------------------

TOPICS = ("Go", "go", "SLOs", "Kubernetes", "Ceph")
ZONES = (None, BERLIN, "America/New_York", "Asia/Tokyo")
ROLES = ((), ("mentor",), ("mentor",), ("mentee",), ("mentee",), ("mentee", "mentor"))


@st.composite
def programs(draw: st.DrawFn) -> Program:
    count = draw(st.integers(2, 9))
    people = []
    for n in range(count):
        manager = draw(st.none() | st.integers(0, n - 1)) if n else None
        people.append(
            person(
                f"p{n}",
                team=draw(st.sampled_from("ABCD")),
                manager=None if manager is None else f"p{manager}",
                roles=draw(st.sampled_from(ROLES)),
                capacity=draw(st.sampled_from((0, 1, 1, 2))),
                skills=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))),
                interests=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))),
                timezone=draw(st.sampled_from(ZONES)),
                left=draw(st.sampled_from((None, None, None, date(2024, 1, 1)))),
            )
        )
    pairings = []
    for _ in range(draw(st.integers(0, 4))):
        mentor, mentee = draw(
            st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True)
        )
        status = draw(st.sampled_from(("active", "paused", "proposed", "completed", "ended-early")))
        ends = (date(2024, 2, 1), date(2024, 6, 1))  # before and after the as-of date
        end = draw(st.sampled_from(ends if status in ("completed", "ended-early") else (None,)))
        pairings.append(
            Pairing(
                mentor=f"p{mentor}",
                mentee=f"p{mentee}",
                start=date(2023, 6, 1),
                end=end,
                status=status,
            )
        )
    return program_of(people, pairings=tuple(pairings))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(), allow_same_team=st.booleans())
def test_suggestions_never_break_a_rule(program: Program, allow_same_team: bool) -> None:
    result = match(program, AS_OF, allow_same_team=allow_same_team)
    # a pairing holds its slot until its end; without an end while active, paused or proposed
    holding = [
        p
        for p in program.pairings
        if (p.end >= AS_OF if p.end else p.status in ("active", "paused", "proposed"))
    ]
    taken = {p.mentee for p in holding}
    mentees = [p.mentee.id for p in result.proposals]
    assert len(mentees) == len(set(mentees))
    for proposal in result.proposals:
        mentor, mentee = proposal.mentor, proposal.mentee
        assert mentor.id != mentee.id
        assert mentor.id not in management_chain(program, mentee)
        assert "mentor" in mentor.roles and "mentee" in mentee.roles
        assert mentor.employed_on(AS_OF) and mentee.employed_on(AS_OF)
        assert mentee.id not in taken
        assert allow_same_team or mentor.team != mentee.team
    for mentor in program.people:
        load = sum(1 for p in holding if p.mentor == mentor.id)
        proposed = sum(1 for p in result.proposals if p.mentor.id == mentor.id)
        assert proposed <= max(0, mentor.capacity - load)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(), allow_same_team=st.booleans())
def test_suggestions_are_optimal(program: Program, allow_same_team: bool) -> None:
    """No assignment matches more mentees, or as many with a higher score (brute force)."""
    problem = build_problem(program, AS_OF, allow_same_team=allow_same_team)
    if problem.cost.shape[1] > 8:
        return  # brute force over every subset of slots: kept small
    pairs = solve(problem)
    assert (len(pairs), problem.score(pairs)) == _best(problem)
    greedy_pairs = greedy(problem)
    assert (len(greedy_pairs), problem.score(greedy_pairs)) <= (len(pairs), problem.score(pairs))


def _best(problem: MatchProblem) -> tuple[int, int]:
    rows, columns = problem.cost.shape if problem.cost.ndim == 2 else (0, 0)

    @cache
    def best(row: int, used: int) -> tuple[int, int]:
        if row == rows:
            return (0, 0)
        options = [best(row + 1, used)]
        for column in range(columns):
            if not used & (1 << column) and problem.allowed(row, column):
                count, score = best(row + 1, used | (1 << column))
                options.append((count + 1, score + problem.score([(row, column)])))
        return max(options)

    return best(0, 0)
