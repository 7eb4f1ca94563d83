"""`handbook match`: optimal, explained suggestions that never break capacity or the chain."""

from __future__ import annotations

import json
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
    MENTORING,
    NO_SLOT,
    PAIRED,
    WAITING,
    MatchProblem,
    Proposal,
    build_problem,
    holds_slot,
    management_chain,
    match,
    shared_half_hours,
    solve,
    topic,
)
from generators.data.load import load_program
from generators.data.models import MatchingRules, Pairing, Person, Program

AS_OF = date(2024, 5, 8)


def greedy(problem: MatchProblem) -> list[tuple[int, int]]:
    """Each mentee in id order takes the best slot still free: the baseline `solve` beats."""
    free = set(range(problem.shape[1]))
    pairs = []
    for row in range(len(problem.mentees)):
        options = [(-problem.score([(row, c)]), c) for c in sorted(free) if problem.allowed(row, c)]
        if options:
            _, column = min(options)
            free.remove(column)
            pairs.append((row, column))
    return pairs


def same_reporting_line(program: Program, a: Person, b: Person) -> bool:
    """One is the other, or above the other in the management chain."""
    return (
        a.id == b.id or a.id in management_chain(program, b) or b.id in management_chain(program, a)
    )


def working_overlap(zone_a: str, zone_b: str, day: date) -> float:
    """Hours the 09:00–17:00 windows of two zones share on `day` (a day apart counts too)."""
    return shared_half_hours(zone_a, zone_b, day) / 2


BERLIN = "Europe/Berlin"


def test_optimal_beats_greedy_on_a_crafted_case() -> None:
    """Greedy gives m1 the first of two equal mentors, the one m2 needed.

    Everyone works in Berlin (8 h overlap: the full 24 points), on four teams with no
    manager above them (a distant team: 10 points). m1 wants X; m2 wants X and Y; mentor a
    offers X and Y, mentor b offers X. Scores: m1-a 20+24+10 = 54, m1-b 54, m2-a 40+24+10 =
    74, m2-b 54. Greedy: m1 takes a (tie, lower id), m2 gets b: 108. Optimal: m1-b, m2-a: 128.
    """
    people = [
        person("a", roles=("mentor",), skills=("X", "Y"), team="T1", timezone=BERLIN),
        person("b", roles=("mentor",), skills=("x",), team="T2", timezone=BERLIN),
        person("m1", roles=("mentee",), interests=("X",), team="T3", timezone=BERLIN),
        person("m2", roles=("mentee",), interests=("X", "Y"), team="T4", timezone=BERLIN),
    ]
    problem = build_problem(program_of(people), AS_OF)
    greedy_pairs, optimal_pairs = greedy(problem), solve(problem)
    assert problem.score(greedy_pairs) == 108
    assert problem.score(optimal_pairs) == 128
    result = match(program_of(people), AS_OF)
    assert [(p.mentee.id, p.mentor.id, p.score) for p in result.proposals] == [
        ("m1", "b", 54),
        ("m2", "a", 74),
    ]
    assert result.proposals[1].reasons == (
        "shared topics: X, Y",
        "8 h of shared working hours",
        "different part of the organization",
        "outside the mentee's reporting line",
    )
    assert result.stable and result.exhaustive


def test_a_mentor_s_preference_and_team_distance_count() -> None:
    """Two mentors equal on topics and hours: the one who prefers the topic, and the one on
    a team further away, score higher (10 and 5 points)."""
    people = [
        person("top", roles=("manager",), team="Lead"),
        person("left", roles=("manager",), team="Lead", manager="top"),
        person("right", roles=("manager",), team="Lead", manager="top"),
        person("near", roles=("mentor",), skills=("Go",), team="A2", manager="left"),
        person("keen", roles=("mentor",), skills=("Go",), prefers=("go",), team="A3"),
        person("kid", roles=("mentee",), interests=("Go",), team="A1", manager="left"),
    ]
    people = [p.model_copy(update={"timezone": BERLIN}) for p in people]
    problem = build_problem(program_of(people), AS_OF)
    by_mentor = {
        problem.mentors[int(m)].id: int(s)
        for m, s in zip(problem.edge_mentor, problem.edge_score, strict=True)
    }
    # near: same manager above (top) as kid: a neighbouring team, 5 points; keen: 10 + 10.
    assert by_mentor == {"near": 20 + 24 + 5, "keen": 20 + 24 + 10 + 10}
    (proposal,) = match(program_of(people), AS_OF).proposals
    assert proposal.mentor.id == "keen" and "a topic the mentor prefers" in proposal.reasons


def test_cardinality_first_can_leave_a_blocking_pair_and_says_so() -> None:
    """x can only have a; y could have a or b and both y and a would rather be together.

    Matching both mentees gives x-a and y-b; y (74 with a against 54 with b) and a (64 for y
    against 44 for x) would both rather be together: one blocking pair, not stable."""
    people = [
        person("a", roles=("mentor",), skills=("K", "L", "M"), team="T1", timezone=BERLIN),
        person("b", roles=("mentor",), skills=("L",), team="T2", timezone=BERLIN),
        person("x", roles=("mentee",), interests=("K",), team="T3", timezone=BERLIN),
        person("y", roles=("mentee",), interests=("L", "M"), team="T4", timezone=BERLIN),
    ]
    result = match(program_of(people), AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [("x", "a"), ("y", "b")]
    assert result.blocking_pairs == 1 and not result.stable


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


def test_never_in_the_same_reporting_line() -> None:
    """The skip-level manager, the mentee themselves and someone who reports to the mentee
    are the best fits, and never chosen."""
    people = [
        person("boss", roles=("manager", "mentor"), skills=("SLOs",), team="Lead", capacity=3),
        person(
            "lead",
            roles=("mentor", "mentee"),
            mentee_while_mentoring=True,
            manager="boss",
            skills=("SLOs",),
            team="Obs",
            interests=("SLOs",),
        ),
        person(
            "self",
            roles=("mentor", "mentee"),
            manager="lead",
            skills=("SLOs",),
            interests=("SLOs",),
            team="Obs2",
        ),
        person("report", roles=("mentor",), manager="self", skills=("SLOs",), team="Obs3"),
        person("other", roles=("mentor",), skills=("slos",), team="Net"),
    ]
    people = [p.model_copy(update={"timezone": BERLIN}) for p in people]
    program = program_of(people)
    assert management_chain(program, program.person["self"]) == ["lead", "boss"]
    result = match(program, AS_OF)
    pairs = {(p.mentee.id, p.mentor.id) for p in result.proposals}
    for mentee, mentor in pairs:
        assert not same_reporting_line(program, program.person[mentee], program.person[mentor])
    assert ("self", "report") not in pairs and ("self", "lead") not in pairs


def test_no_shared_topic_or_too_few_shared_hours_is_never_suggested() -> None:
    """Tokyo and Los Angeles share no hours, Berlin and New York two (enough), Berlin and
    Sydney none; a mentee with no interests has no shared topic."""
    people = [
        person("tokyo", roles=("mentor",), skills=("Go",), team="A", timezone="Asia/Tokyo"),
        person("ny", roles=("mentor",), skills=("Ceph",), team="B", timezone="America/New_York"),
        person(
            "la", roles=("mentee",), interests=("Go",), team="C", timezone="America/Los_Angeles"
        ),
        person("berlin", roles=("mentee",), interests=("Ceph",), team="D", timezone=BERLIN),
        person("blank", roles=("mentee",), team="E", timezone=BERLIN),
        person("lost", roles=("mentee",), interests=("Go",), team="F"),
        person("wide", roles=("mentee",), interests=("eBPF",), team="G", timezone=BERLIN),
    ]
    result = match(program_of(people), AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [("berlin", "ny")]
    assert {u.mentee.id: u.reason for u in result.unmatched} == {
        "blank": "no interests recorded, so no mentor can share a topic",
        "la": "no mentor with a shared topic and open capacity shares 2 working hours with "
        "the mentee",
        "lost": "no time zone recorded, so shared working hours cannot be known",
        "wide": "no mentor with open capacity offers a topic the mentee wants to learn",
    }


def test_the_program_s_rules_replace_the_framework_defaults() -> None:
    """With min_overlap_hours 0 and min_shared_topics 0 any pair outside the team may be
    made; with min_overlap_hours 3 New York and Berlin (2 h) may not."""
    people = [
        person("ny", roles=("mentor",), skills=("Ceph",), team="B", timezone="America/New_York"),
        person("berlin", roles=("mentee",), interests=("Go",), team="D", timezone=BERLIN),
    ]
    loose = program_of(people).model_copy(deep=True)
    info = loose.info.model_copy(
        update={"matching": MatchingRules(min_overlap_hours=0, min_shared_topics=0)}
    )
    assert len(match(loose.model_copy(update={"info": info}), AS_OF).proposals) == 1
    strict = program_of(people)
    assert match(strict, AS_OF).proposals == ()


def test_same_team_is_a_hard_rule_unless_allowed() -> None:
    people = [
        person("mentor", roles=("mentor",), skills=("Go",), team="Edge", timezone=BERLIN),
        person("mentee", roles=("mentee",), interests=("Go",), team="Edge", timezone=BERLIN),
    ]
    program = program_of(people)
    refused = match(program, AS_OF)
    assert refused.proposals == () and [u.mentee.id for u in refused.unmatched] == ["mentee"]
    assert "team or reporting line" in refused.unmatched[0].reason
    allowed = match(program, AS_OF, allow_same_team=True)
    (proposal,) = allowed.proposals
    assert proposal.reasons[:3] == ("shared topics: Go", "8 h of shared working hours", "same team")
    assert proposal.score == 20 + 24 + 0


def _ready(**fields: object) -> dict[str, object]:
    """What every person in the capacity tests shares: a topic and Berlin's hours."""
    return {"timezone": BERLIN, **fields}


def test_open_capacity_counts_active_paused_and_proposed_pairings() -> None:
    people = [
        person("busy", roles=("mentor",), capacity=3, skills=("Go",), **_ready()),
        person("free", roles=("mentor",), capacity=1, team="Other", skills=("Go",), **_ready()),
        *(
            person(f"m{n}", roles=("mentee",), team=f"T{n}", interests=("Go",), **_ready())
            for n in range(6)
        ),
    ]
    pairings = tuple(
        Pairing(mentor="busy", mentee=f"m{n}", start=date(2024, 1, 1), status=status)
        for n, status in enumerate(("active", "paused", "proposed"))
    )
    result = match(program_of(people, pairings=pairings), AS_OF)
    (proposal,) = result.proposals  # three equal mentees, one slot: any of them
    assert proposal.mentor.id == "free" and proposal.mentee.id in {"m3", "m4", "m5"}
    assert sorted(u.mentee.id for u in result.unmatched) == sorted(
        {"m3", "m4", "m5"} - {proposal.mentee.id}
    )
    assert {u.reason for u in result.unmatched} == {
        "the 1 mentor(s) who keep every rule with this mentee gave their open slots to other "
        "mentees"
    }
    assert result.open_slots == 1


def test_a_pairing_holds_its_slot_until_its_end() -> None:
    people = [
        person("mentor", roles=("mentor",), team="A", skills=("Go",), **_ready()),
        person("mentee", roles=("mentee",), team="B", interests=("Go",), **_ready()),
        person("other", roles=("mentee",), team="C", interests=("Go",), **_ready()),
    ]
    finishing = Pairing(
        mentor="mentor",
        mentee="mentee",
        start=date(2024, 1, 1),
        end=date(2024, 6, 1),
        status="completed",
    )
    result = match(program_of(people, pairings=(finishing,)), AS_OF)
    assert result.proposals == () and [u.mentee.id for u in result.unmatched] == ["other"]
    assert result.unmatched[0].reason == "no mentor has open capacity"


def test_ended_pairings_free_the_mentee_and_the_slot() -> None:
    people = [
        person("mentor", roles=("mentor",), team="A", skills=("Go",), **_ready()),
        person("mentee", roles=("mentee",), team="B", interests=("Go",), **_ready()),
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


def _waiting_and_free(
    pairings: tuple[Pairing, ...], day: date, start: date | None = None
) -> tuple[list[str], list[str]]:
    """Mentees waiting and mentors with an open slot on `day` (for a first session on `start`):
    ana and ben (capacity 1 each) and cy, dee and eve, all on teams of their own, all for Go."""
    people = [
        person("ana", roles=("mentor",), team="A", skills=("Go",), **_ready()),
        person("ben", roles=("mentor",), team="B", skills=("Go",), **_ready()),
        *(
            person(name, roles=("mentee",), team=name.upper(), interests=("Go",), **_ready())
            for name in ("cy", "dee", "eve")
        ),
    ]
    problem = build_problem(program_of(people, pairings=pairings), day, start=start)
    return [m.id for m in problem.mentees], [m.id for m in problem.mentors]


def test_a_later_cohort_s_slots_are_judged_on_its_start() -> None:
    """ana meets cy until 05-31; ben meets dee from 05-20. On 05-08 ana is full and ben free
    (dee waits, not started); for a first session on 06-03 ana is free again, cy waits, ben is
    full; for one on 05-31, ana's last session, ana is still full."""
    pairings = (
        Pairing(
            mentor="ana",
            mentee="cy",
            start=date(2024, 1, 1),
            end=date(2024, 5, 31),
            status="completed",
        ),
        Pairing(mentor="ben", mentee="dee", start=date(2024, 5, 20), status="active"),
    )
    assert _waiting_and_free(pairings, AS_OF) == (["dee", "eve"], ["ben"])
    assert _waiting_and_free(pairings, AS_OF, date(2024, 6, 3)) == (["cy", "eve"], ["ana"])
    assert _waiting_and_free(pairings, AS_OF, date(2024, 5, 31)) == (["eve"], [])


def test_a_past_day_holds_the_pairings_of_that_day() -> None:
    """ana met cy from 01-01 to 03-01; ben meets dee from 04-01. On 02-01 ana is full and dee
    waits; on 05-08 ana is free again, cy waits, and ben is full."""
    pairings = (
        Pairing(
            mentor="ana",
            mentee="cy",
            start=date(2024, 1, 1),
            end=date(2024, 3, 1),
            status="completed",
        ),
        Pairing(mentor="ben", mentee="dee", start=date(2024, 4, 1), status="active"),
    )
    assert _waiting_and_free(pairings, date(2024, 2, 1)) == (["dee", "eve"], ["ben"])
    assert _waiting_and_free(pairings, date(2024, 3, 1)) == (["dee", "eve"], ["ben"])
    assert _waiting_and_free(pairings, date(2024, 3, 2)) == (["cy", "dee", "eve"], ["ana", "ben"])
    assert _waiting_and_free(pairings, AS_OF) == (["cy", "eve"], ["ana"])


def test_a_pause_keeps_the_slot_from_the_start_and_a_proposal_whatever_its_start() -> None:
    """ana and cy meet from 03-01 and paused on 04-01 (they resume); ben and dee are proposed
    from 09-01, so matching again after adding a proposal never gives its slot away."""
    pairings = (
        Pairing(
            mentor="ana",
            mentee="cy",
            start=date(2024, 3, 1),
            status="paused",
            paused_on=date(2024, 4, 1),
        ),
        Pairing(mentor="ben", mentee="dee", start=date(2024, 9, 1), status="proposed"),
    )
    assert _waiting_and_free(pairings, date(2024, 2, 29)) == (["cy", "eve"], ["ana"])
    assert _waiting_and_free(pairings, date(2024, 3, 15)) == (["eve"], [])
    assert _waiting_and_free(pairings, AS_OF) == (["eve"], [])


def test_only_people_waiting_on_the_day_are_candidate_mentees() -> None:
    """grad, once a mentee, now mentors kid; idle has both roles and mentors nobody; done
    finished a pairing; paired is in one. ana (three slots, one held by paired) is the only
    other mentor. grad is mentoring, so not a candidate mentee; idle is waiting, so a candidate
    mentee and not offered as a mentor; done waits again. ana takes idle and done."""
    people = [
        person("ana", roles=("mentor",), capacity=3, team="A", skills=("Go",), **_ready()),
        person(
            "grad",
            roles=("mentee", "mentor"),
            team="G",
            skills=("Go",),
            interests=("Go",),
            **_ready(),
        ),
        person(
            "idle",
            roles=("mentor", "mentee"),
            team="I",
            skills=("Go",),
            interests=("Go",),
            **_ready(),
        ),
        *(
            person(name, roles=("mentee",), team=name.upper(), interests=("Go",), **_ready())
            for name in ("kid", "paired", "done")
        ),
    ]
    pairings = (
        Pairing(mentor="grad", mentee="kid", start=date(2024, 1, 1), status="active"),
        Pairing(mentor="ana", mentee="paired", start=date(2024, 1, 1), status="active"),
        Pairing(
            mentor="ana",
            mentee="done",
            start=date(2023, 1, 1),
            end=date(2023, 12, 1),
            status="completed",
        ),
    )
    result = match(program_of(people, pairings=pairings), AS_OF)
    assert [(p.mentee.id, p.mentor.id) for p in result.proposals] == [
        ("done", "ana"),
        ("idle", "ana"),
    ]
    assert result.unmatched == ()
    assert [(o.person.id, o.role, o.reason) for o in result.left_out] == [
        ("grad", "mentee", MENTORING),
        ("kid", "mentee", PAIRED),
        ("paired", "mentee", PAIRED),
        ("grad", "mentor", NO_SLOT),
        ("idle", "mentor", WAITING),
    ]
    assert result.open_slots == 2


def test_who_asks_for_both_is_mentor_and_mentee_at_once() -> None:
    """The same people as above, with grad and idle asking for both: grad, mentoring kid,
    waits for a mentor; idle is a candidate mentee and is offered as a mentor too. ana has two
    open slots, idle one: of the three pairs for grad and done (idle cannot mentor themselves),
    grad-idle, done-ana and idle-ana, all score alike (Go, 8 h, distant teams)."""
    people = [
        person("ana", roles=("mentor",), capacity=3, team="A", skills=("Go",), **_ready()),
        *(
            person(
                name,
                roles=("mentee", "mentor"),
                mentee_while_mentoring=True,
                team=name.upper(),
                skills=("Go",),
                interests=("Go",),
                **_ready(),
            )
            for name in ("grad", "idle")
        ),
        *(
            person(name, roles=("mentee",), team=name.upper(), interests=("Go",), **_ready())
            for name in ("kid", "paired", "done")
        ),
    ]
    pairings = (
        Pairing(mentor="grad", mentee="kid", start=date(2024, 1, 1), status="active"),
        Pairing(mentor="ana", mentee="paired", start=date(2024, 1, 1), status="active"),
    )
    result = match(program_of(people, pairings=pairings), AS_OF)
    assert {p.mentee.id for p in result.proposals} == {"done", "grad", "idle"}
    assert ("idle", "idle") not in {(p.mentee.id, p.mentor.id) for p in result.proposals}
    assert [(o.person.id, o.role, o.reason) for o in result.left_out] == [
        ("kid", "mentee", PAIRED),
        ("paired", "mentee", PAIRED),
        ("grad", "mentor", NO_SLOT),
    ]
    assert result.open_slots == 3


def test_asking_for_both_needs_both_roles(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mentee_while_mentoring is for someone with both"):
        person("solo", roles=("mentor",), mentee_while_mentoring=True)


def test_the_same_data_in_another_order_gives_the_same_suggestions() -> None:
    people = [
        person(f"r{n}", roles=("mentor",), capacity=2, team=f"T{n % 3}", skills=("A",), **_ready())
        for n in range(4)
    ] + [
        person(f"e{n}", roles=("mentee",), team=f"T{n % 4}", interests=("a",), **_ready())
        for n in range(7)
    ]
    forward = match(program_of(people), AS_OF)
    backward = match(program_of(reversed(people)), AS_OF)
    assert forward == backward
    assert [p.mentee.id for p in forward.proposals] == sorted(
        p.mentee.id for p in forward.proposals
    )


def test_few_candidates_a_mentee_still_gets_the_best_ones() -> None:
    """With room for one candidate each, every mentee keeps their best mentor: the result is
    no longer called exhaustive, and still keeps every rule."""
    people = [
        person("best", roles=("mentor",), skills=("Go", "Ceph"), team="A", **_ready()),
        person("good", roles=("mentor",), skills=("Go",), team="B", **_ready()),
        person("kid", roles=("mentee",), interests=("Go", "Ceph"), team="C", **_ready()),
    ]
    problem = build_problem(program_of(people), AS_OF, candidates=1)
    assert not problem.exhaustive
    assert [problem.mentors[int(m)].id for m in problem.edge_mentor] == ["best"]


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
    waiting are di (no interests, no time zone), ivy and kim (no time zone). Only ivy keeps
    every rule with hal: 20 (kubernetes) + 24 (Madrid and Berlin share 8 h) + 10 (nobody
    above ivy's manager or hal: a distant team) = 54. So hal mentors ivy; di and kim wait.
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
        "1  Ivy Named  a mentor  shared topics: kubernetes; 8 h of shared working hours; "
        "different part of the organization; outside the mentee's reporting line\n"
        "\n"
        "No suggestion for 2 mentee(s):\n"
        "- no interests recorded, so no mentor can share a topic: 1 not named\n"
        "- no time zone recorded, so shared working hours cannot be known: 1 not named\n"
        "\n"
        "Not waiting for a mentor (with the mentee role):\n"
        "- in an active, paused or proposed pairing as a mentee: 2 mentee(s)\n"
        "Not offered as a mentor (with the mentor role):\n"
        "- no open slot: 2 mentor(s)\n"
        "\n"
        "1 suggestion(s), 1 open mentor slot(s), total score 54.\n"
        "Optimal for the score under the rules; stable: no mentor and mentee would both "
        "rather be together.\n"
    )
    for hidden in ("hal", "kim", "di", "Hal Unnamed", "Kim Unnamed", "Di Private"):
        assert not re.search(rf"\b{hidden}\b", result.out, re.IGNORECASE)


LEA = """
- id: lea
  name: Lea Both
  team: Databases
  joined: 2023-01-01
  roles: [mentee, mentor]
  manager: dana
  skills: [Kubernetes]
  interests: [Ceph]
  timezone: Europe/Berlin
  publish: true
"""


def test_the_table_says_who_was_left_out_and_why(
    handbook: Callable[..., Run], waiting: Path
) -> None:
    """Zoë (named) and bo (not named) also take the mentee role, and mentor jose and fay;
    lea has both roles and mentors nobody, so she waits for a mentor (nobody offers Ceph) and
    is not offered as one. Everything else is as in the table above."""
    people = waiting / "people.yaml"
    text = people.read_text(encoding="utf-8") + LEA
    text = text.replace("roles: [mentor, wg-member]", "roles: [mentor, mentee, wg-member]")
    text = text.replace(
        "  roles: [mentor]\n  manager: dana\n", "  roles: [mentor, mentee]\n  manager: dana\n"
    )
    people.write_text(text, encoding="utf-8")
    result = handbook("match", "--program", str(waiting), "--as-of", "2024-05-08")
    assert result.code == 0, result.err
    assert result.out.split("\n\n", 3)[2:] == [
        "No suggestion for 3 mentee(s):\n"
        "- no interests recorded, so no mentor can share a topic: 1 not named\n"
        "- no mentor with open capacity offers a topic the mentee wants to learn: Lea Both\n"
        "- no time zone recorded, so shared working hours cannot be known: 1 not named",
        "Not waiting for a mentor (with the mentee role):\n"
        "- in an active, paused or proposed pairing as a mentee: 2 mentee(s)\n"
        "- mentoring now (matched as a mentee too only with mentee_while_mentoring: true): "
        "Zoë Ångström, 1 not named\n"
        "Not offered as a mentor (with the mentor role):\n"
        "- no open slot: 2 mentor(s)\n"
        "- waiting for a mentor of their own (offered as a mentor too only with "
        "mentee_while_mentoring: true): Lea Both\n"
        "\n"
        "1 suggestion(s), 1 open mentor slot(s), total score 54.\n"
        "Optimal for the score under the rules; stable: no mentor and mentee would both "
        "rather be together.\n",
    ]
    for hidden in ("hal", "kim", "di", "bo", "Hal Unnamed", "Kim Unnamed", "Bo Hidden"):
        assert not re.search(rf"\b{hidden}\b", result.out, re.IGNORECASE)
    as_json = json.loads(
        handbook(
            "match", "--program", str(waiting), "--as-of", "2024-05-08", "--format", "json"
        ).out
    )
    assert as_json["left_out"][1] == {
        "role": "mentee",
        "reason": "mentoring now (matched as a mentee too only with mentee_while_mentoring: true)",
        "count": 2,
        "named": ["Zoë Ångström"],
    }
    as_yaml = handbook(
        "match", "--program", str(waiting), "--as-of", "2024-05-08", "--format", "yaml"
    )
    assert (
        "# Left out as a mentee, mentoring now (matched as a mentee too only with " in as_yaml.out
    )
    assert "mentee_while_mentoring: true): bo, zoe\n" in as_yaml.out

    # Asking for both makes Zoë a candidate mentee while she mentors José.
    people.write_text(
        text.replace("  capacity: 2\n", "  capacity: 2\n  mentee_while_mentoring: true\n"),
        encoding="utf-8",
    )
    both = handbook("match", "--program", str(waiting), "--as-of", "2024-05-08")
    assert (
        "mentoring now (matched as a mentee too only with mentee_while_mentoring: true): "
        "1 not named" in both.out
    )
    assert "Zoë Ångström" in both.out.split("Not waiting for a mentor")[0]


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
    assert "# 1. shared topics: kubernetes; 8 h of shared working hours;" in result.out
    assert "# No suggestion for di: no interests recorded" in result.out
    assert "# No suggestion for kim: no time zone recorded" in result.out
    pairings = waiting / "pairings.yaml"
    pairings.write_text(pairings.read_text() + result.out)
    assert len(load_program(waiting, today=date.today()).pairings) == 6
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
    assert "# Mentors' open slots judged on 2024-01-01, the first session." in early.out
    table = handbook(
        "match", "--program", str(waiting), "--as-of", "2023-12-01", "--cohort", "pilot"
    )
    assert table.out.startswith(
        "Suggested pairings as of 2023-12-01 for cohort pilot (first session from 2024-01-01):"
        "\n\nMentors' open slots are judged on 2024-01-01, the first session: a pairing that "
        "ends before then frees its slot.\n"
    )
    as_json = handbook(
        "match",
        "--program",
        str(waiting),
        "--as-of",
        "2023-12-01",
        "--cohort",
        "pilot",
        "--format",
        "json",
    )
    assert json.loads(as_json.out)["slots_judged_on"] == "2024-01-01"
    unknown = handbook("match", "--program", str(waiting), "--cohort", "cohort-9")
    assert unknown.code == 2
    assert "unknown cohort 'cohort-9' (known: pilot)" in unknown.err
    over = handbook(
        "match", "--program", str(waiting), "--cohort", "pilot", "--as-of", "2025-01-01"
    )
    assert over.code == 2 and "cohort 'pilot' ended on 2024-06-30" in over.err


def test_json_gives_pairs_and_reasons_with_published_names_only(
    handbook: Callable[..., Run], waiting: Path
) -> None:
    result = handbook(
        "match", "--program", str(waiting), "--as-of", "2024-05-08", "--format", "json"
    )
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert found["pairs"] == [
        {
            "mentor": "a mentor",
            "mentee": "Ivy Named",
            "shared_topics": ["kubernetes"],
            "overlap_hours": 8,
            "score": 54,
            "reasons": [
                "shared topics: kubernetes",
                "8 h of shared working hours",
                "different part of the organization",
                "outside the mentee's reporting line",
            ],
        }
    ]
    assert found["unmatched"] == [
        {"mentee": "a mentee", "reason": "no interests recorded, so no mentor can share a topic"},
        {
            "mentee": "a mentee",
            "reason": "no time zone recorded, so shared working hours cannot be known",
        },
    ]
    assert found["stable"] is True and found["exhaustive"] is True
    for hidden in ("hal", "kim", "di", "Hal Unnamed", "Kim Unnamed", "Di Private"):
        assert not re.search(rf"\b{hidden}\b", result.out, re.IGNORECASE)


def test_on_the_real_program_no_suggestion_breaks_a_rule(real: Program) -> None:
    """Computed from program/: on every reporting-sized step of its history, each suggested
    pair keeps every hard rule, and every mentee left waiting has a reason."""
    rules = real.info.matching
    days = sorted({p.start for p in real.pairings} | {date(2026, 11, 27)})
    for day in days:
        result = match(real, day)
        for proposal in result.proposals:
            _assert_keeps_the_rules(real, proposal, day, rules)
        assert all(u.reason for u in result.unmatched)
        waiting = {p.mentee.id for p in result.proposals} | {u.mentee.id for u in result.unmatched}
        assert len(waiting) == len(result.proposals) + len(result.unmatched)
        # Someone waits for a mentor only while nobody mentors them and they mentor nobody.
        held = [p for p in real.pairings if holds_slot(p, day)]
        mentoring = {p.mentor for p in held} | {p.mentor.id for p in result.proposals}
        for person_id in waiting:
            assert person_id not in mentoring or real.person[person_id].mentee_while_mentoring
            assert person_id not in {p.mentee for p in held}


def _assert_keeps_the_rules(
    program: Program, proposal: Proposal, day: date, rules: MatchingRules
) -> None:
    mentor, mentee = proposal.mentor, proposal.mentee
    assert not same_reporting_line(program, mentor, mentee)
    assert rules.same_team or mentor.team != mentee.team
    offered = {topic(s) for s in mentor.skills}
    assert len({topic(i) for i in mentee.interests} & offered) >= rules.min_shared_topics
    if rules.min_overlap_hours > 0:
        assert mentor.timezone and mentee.timezone
        assert working_overlap(mentor.timezone, mentee.timezone, day) >= rules.min_overlap_hours


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
        roles = draw(st.sampled_from(ROLES))
        people.append(
            person(
                f"p{n}",
                team=draw(st.sampled_from("ABCD")),
                manager=None if manager is None else f"p{manager}",
                roles=roles,
                capacity=draw(st.sampled_from((0, 1, 1, 2))),
                skills=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))),
                interests=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))),
                timezone=draw(st.sampled_from(ZONES)),
                left=draw(st.sampled_from((None, None, None, date(2024, 1, 1)))),
                mentee_while_mentoring=roles == ("mentee", "mentor") and draw(st.booleans()),
            )
        )
    pairings = []
    for _ in range(draw(st.integers(0, 4))):
        mentor, mentee = draw(
            st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True)
        )
        status = draw(st.sampled_from(("active", "paused", "proposed", "completed", "ended-early")))
        start = draw(st.sampled_from((date(2023, 6, 1), date(2024, 5, 9))))  # before, after
        ends = (date(2024, 2, 1), date(2024, 6, 1))  # before and after the as-of date
        end = draw(st.sampled_from(ends if status in ("completed", "ended-early") else (None,)))
        paused = draw(st.sampled_from((None, date(2024, 1, 1)))) if status == "paused" else None
        pairings.append(
            Pairing(
                mentor=f"p{mentor}",
                mentee=f"p{mentee}",
                start=start if end is None or end >= start else end,
                end=end,
                status=status,
                paused_on=max(paused, start) if paused else None,
            )
        )
    return program_of(people, pairings=tuple(pairings))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(), allow_same_team=st.booleans())
def test_suggestions_never_break_a_rule(program: Program, allow_same_team: bool) -> None:
    result = match(program, AS_OF, allow_same_team=allow_same_team)
    # a proposal holds its slot; any other pairing from its start (paused or not) to its end
    holding = [
        p
        for p in program.pairings
        if p.status == "proposed"
        or (p.start <= AS_OF and (p.end is None or p.end >= AS_OF or p.status == "paused"))
    ]
    taken = {p.mentee for p in holding}
    mentees = [p.mentee.id for p in result.proposals]
    assert len(mentees) == len(set(mentees))
    assert all(u.reason for u in result.unmatched)
    # Everyone with the mentee role is suggested a mentor, unmatched or left out, once.
    seen = [*mentees, *(u.mentee.id for u in result.unmatched)]
    seen += [o.person.id for o in result.left_out if o.role == "mentee"]
    assert sorted(seen) == sorted(
        p.id for p in program.people if "mentee" in p.roles and p.employed_on(AS_OF)
    )
    # No suggestion makes someone a mentor and a mentee at once, unless they asked for both.
    mentors = {p.mentor for p in holding} | {p.mentor.id for p in result.proposals}
    for proposal in result.proposals:
        for someone, other_role in ((proposal.mentee, mentors), (proposal.mentor, taken)):
            if someone.id in other_role | set(mentees) - {proposal.mentee.id}:
                assert someone.mentee_while_mentoring
    for proposal in result.proposals:
        mentor, mentee = proposal.mentor, proposal.mentee
        _assert_keeps_the_rules(
            program,
            proposal,
            AS_OF,
            program.info.matching.model_copy(update={"same_team": allow_same_team}),
        )
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
    if problem.shape[1] > 8:
        return  # brute force over every subset of slots: kept small
    pairs = solve(problem)
    assert (len(pairs), problem.score(pairs)) == _best(problem)
    greedy_pairs = greedy(problem)
    assert (len(greedy_pairs), problem.score(greedy_pairs)) <= (len(pairs), problem.score(pairs))


def _best(problem: MatchProblem) -> tuple[int, int]:
    rows, columns = problem.shape

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
