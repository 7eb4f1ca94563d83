"""Pairing suggestions: an optimal assignment of waiting mentees to mentors' open slots.

Each mentor is expanded into one column per open slot, each waiting mentee is a row, and
`scipy.optimize.linear_sum_assignment` finds the assignment with the best total score. Pairs
that may never be made (the mentee themselves, anyone in the mentee's management chain, the
same team unless allowed) carry a cost so high that the solver uses them only when nothing
else is left, and they are then dropped: the result first matches as many mentees as
possible, then maximizes the score. A greedy pass (`greedy`) is kept for comparison only.

Open capacity is the mentor's capacity minus the pairings that hold a slot on the date:
active ones, paused ones (they resume), proposed ones (so that running this again after
adding its proposals never over-books a mentor), and completed or ended-early ones whose end
is still to come. The same pairings keep their mentee from being matched again.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from generators.data.models import Pairing, Person, Program

#: Pairing statuses that hold a mentor's slot until they end (or for good, without an end).
HOLDING_STATUSES = frozenset({"active", "paused", "proposed"})
#: Local working hours compared across time zones.
WORKDAY = (time(9, 0), time(17, 0))

# Scores (higher is better). A shared topic outweighs an hour of overlap; overlap counts up
# to four hours, enough for any 1-on-1; a pair without any time zone gets half the credit.
SHARED_POINTS = 20
SHARED_CAP = 3
HALF_HOUR_POINTS = 3
HALF_HOURS_CAP = 8
UNKNOWN_OVERLAP_POINTS = HALF_HOUR_POINTS * HALF_HOURS_CAP // 2
SAME_TEAM_PENALTY = 15
#: Each further slot of the same mentor scores a point less: load is spread when all is equal.
SLOT_PENALTY = 1
BEST = SHARED_POINTS * SHARED_CAP + HALF_HOUR_POINTS * HALF_HOURS_CAP
#: The cost of a forbidden pair: above any sum of allowed costs, so never chosen over one.
FORBIDDEN = 10**9


class MatchError(ValueError):
    """The request cannot be answered (an unknown or finished cohort)."""


@dataclass(frozen=True)
class Proposal:
    """One suggested pair and why. Holds people's records: renderers apply consent."""

    mentor: Person
    mentee: Person
    shared: tuple[str, ...]
    overlap_hours: float | None
    same_team: bool
    score: int

    def explanation(self) -> str:
        """'shared: Prometheus, SLO design; 6 h overlap; different teams'."""
        shared = "shared: " + ", ".join(self.shared) if self.shared else "no shared topics"
        if self.overlap_hours is None:
            overlap = "overlap unknown (no time zone)"
        elif self.overlap_hours == 0:
            overlap = "no overlap of working hours"
        else:
            overlap = f"{self.overlap_hours:g} h overlap"
        return f"{shared}; {overlap}; {'same team' if self.same_team else 'different teams'}"


@dataclass(frozen=True)
class MatchProblem:
    """Rows are waiting mentees, columns mentors' open slots; `cost` is lower-is-better."""

    mentees: tuple[Person, ...]
    mentors: tuple[Person, ...]
    slot_mentor: NDArray[np.intp]  # the mentor (index into `mentors`) of each column
    cost: NDArray[np.int64]
    shared: NDArray[np.int32]  # mentees × mentors: shared topics
    overlap: NDArray[np.int32]  # mentees × mentors: half-hours of overlap, -1 unknown
    same_team: NDArray[np.bool_]  # mentees × mentors

    def allowed(self, row: int, column: int) -> bool:
        return bool(self.cost[row, column] < FORBIDDEN)

    def score(self, pairs: Sequence[tuple[int, int]]) -> int:
        """The total score of `pairs` (row, column): higher is better."""
        return sum(BEST - int(self.cost[row, column]) for row, column in pairs)


@dataclass(frozen=True)
class MatchResult:
    as_of: date
    start: date
    cohort: str | None
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Person, ...]
    open_slots: int

    @property
    def score(self) -> int:
        return sum(p.score for p in self.proposals)


def match(
    program: Program, as_of: date, *, cohort: str | None = None, allow_same_team: bool = False
) -> MatchResult:
    """Suggest mentors for every current mentee not yet in an active, paused or proposed pair."""
    start = _start(program, as_of, cohort)
    problem = build_problem(program, as_of, start=start, allow_same_team=allow_same_team)
    pairs = solve(problem)
    matched = {row for row, _ in pairs}
    proposals = sorted(
        (_proposal(problem, row, column) for row, column in pairs),
        key=lambda p: (p.mentee.id, p.mentor.id),
    )
    return MatchResult(
        as_of=as_of,
        start=start,
        cohort=cohort,
        proposals=tuple(proposals),
        unmatched=tuple(m for i, m in enumerate(problem.mentees) if i not in matched),
        open_slots=len(problem.slot_mentor),
    )


def build_problem(
    program: Program, as_of: date, *, start: date | None = None, allow_same_team: bool = False
) -> MatchProblem:
    """Waiting mentees, mentors with open slots, and the cost of every pair, in id order."""
    first = start or as_of
    employed = [p for p in program.people if p.employed_on(as_of) and p.employed_on(first)]
    holding = [p for p in program.pairings if holds_slot(p, as_of)]
    taken = {p.mentee for p in holding}
    load: dict[str, int] = {}
    for pairing in holding:
        load[pairing.mentor] = load.get(pairing.mentor, 0) + 1
    mentees = tuple(
        sorted(
            (p for p in employed if "mentee" in p.roles and p.id not in taken),
            key=lambda p: p.id,
        )
    )
    mentors = tuple(
        sorted(
            (p for p in employed if "mentor" in p.roles and p.capacity > load.get(p.id, 0)),
            key=lambda p: p.id,
        )
    )
    open_slots = np.array([m.capacity - load.get(m.id, 0) for m in mentors], dtype=np.intp)

    shared = _shared_topics(mentees, mentors)
    overlap = _overlaps(mentees, mentors, as_of)
    teams = {team: i for i, team in enumerate(sorted({p.team for p in (*mentees, *mentors)}))}
    mentee_team = np.array([teams[p.team] for p in mentees], dtype=np.intp)
    mentor_team = np.array([teams[p.team] for p in mentors], dtype=np.intp)
    same_team = mentee_team[:, None] == mentor_team[None, :]
    points = SHARED_POINTS * np.minimum(shared, SHARED_CAP) + np.where(
        overlap < 0, UNKNOWN_OVERLAP_POINTS, HALF_HOUR_POINTS * np.minimum(overlap, HALF_HOURS_CAP)
    )
    cost = (BEST - points).astype(np.int64)
    if allow_same_team:
        cost += SAME_TEAM_PENALTY * same_team
    else:
        cost[same_team] = FORBIDDEN
    _forbid_chains(cost, program, mentees, mentors)

    slot_mentor = np.repeat(np.arange(len(mentors), dtype=np.intp), open_slots)
    # The rank of each column among its mentor's slots: 0, 1, ... for every mentor in turn.
    slot_rank = np.arange(len(slot_mentor), dtype=np.int64) - np.repeat(
        np.cumsum(open_slots) - open_slots, open_slots
    )
    expanded = cost[:, slot_mentor] + SLOT_PENALTY * slot_rank.astype(np.int64)
    expanded[cost[:, slot_mentor] >= FORBIDDEN] = FORBIDDEN
    return MatchProblem(
        mentees=mentees,
        mentors=mentors,
        slot_mentor=slot_mentor,
        cost=expanded,
        shared=shared,
        overlap=overlap,
        same_team=same_team,
    )


def solve(problem: MatchProblem) -> list[tuple[int, int]]:
    """The optimal assignment as (row, column) pairs, forbidden pairs left out."""
    if problem.cost.size == 0:
        return []
    rows, columns = linear_sum_assignment(problem.cost)
    return [(int(r), int(c)) for r, c in zip(rows, columns, strict=True) if problem.allowed(r, c)]


def greedy(problem: MatchProblem) -> list[tuple[int, int]]:
    """Each mentee in id order takes the best slot still free: the baseline `solve` beats."""
    free = set(range(problem.cost.shape[1] if problem.cost.ndim == 2 else 0))
    pairs = []
    for row in range(len(problem.mentees)):
        options = [(int(problem.cost[row, c]), c) for c in sorted(free) if problem.allowed(row, c)]
        if options:
            _, column = min(options)
            free.remove(column)
            pairs.append((row, column))
    return pairs


def holds_slot(pairing: Pairing, day: date) -> bool:
    """Whether `pairing` takes one of its mentor's slots (and its mentee) on `day`."""
    if pairing.end is not None:
        return pairing.end >= day
    return pairing.status in HOLDING_STATUSES


def management_chain(program: Program, person: Person) -> list[str]:
    """Everyone `person` reports to, nearest first (a loop ends the walk)."""
    chain: list[str] = []
    current = person
    while current.manager is not None and current.manager in program.person:
        if current.manager in chain or current.manager == person.id:
            break
        chain.append(current.manager)
        current = program.person[current.manager]
    return chain


def working_overlap(zone_a: str, zone_b: str, day: date) -> float:
    """Hours the 09:00–17:00 windows of two zones share on `day` (a day apart counts too)."""
    return _overlap(zone_a, zone_b, day) / 2


def topic(text: str) -> str:
    """A skill or interest as compared: case and spacing ignored."""
    return " ".join(text.split()).casefold()


# -- the parts of the cost ----------------------------------------------------------------


def _start(program: Program, as_of: date, cohort: str | None) -> date:
    if cohort is None:
        return as_of
    found = next((c for c in program.cohorts if c.id == cohort), None)
    if found is None:
        known = ", ".join(c.id for c in program.cohorts) or "none"
        raise MatchError(f"unknown cohort '{cohort}' (known: {known})")
    if found.end < as_of:
        raise MatchError(f"cohort '{cohort}' ended on {found.end.isoformat()}")
    return max(as_of, found.start)


def _shared_topics(mentees: Sequence[Person], mentors: Sequence[Person]) -> NDArray[np.int32]:
    vocabulary: dict[str, int] = {}
    for person in (*mentees, *mentors):
        for text in (*person.interests, *person.skills):
            vocabulary.setdefault(topic(text), len(vocabulary))
    wants = np.zeros((len(mentees), len(vocabulary)), dtype=np.int32)
    offers = np.zeros((len(mentors), len(vocabulary)), dtype=np.int32)
    for row, mentee in enumerate(mentees):
        for text in mentee.interests:
            wants[row, vocabulary[topic(text)]] = 1
    for row, mentor in enumerate(mentors):
        for text in mentor.skills:
            offers[row, vocabulary[topic(text)]] = 1
    shared: NDArray[np.int32] = (wants @ offers.T).astype(np.int32)
    return shared


def _overlaps(mentees: Sequence[Person], mentors: Sequence[Person], day: date) -> NDArray[np.int32]:
    """Half-hours of overlap for every pair; -1 where either has no time zone."""
    zones = sorted({p.timezone for p in (*mentees, *mentors) if p.timezone})
    index = {zone: i for i, zone in enumerate(zones)}
    table = np.full((len(zones) + 1, len(zones) + 1), -1, dtype=np.int32)
    for a in zones:
        for b in zones:
            table[index[a], index[b]] = _overlap(a, b, day)
    unknown = len(zones)
    rows = np.array([index.get(m.timezone or "", unknown) for m in mentees], dtype=np.intp)
    columns = np.array([index.get(m.timezone or "", unknown) for m in mentors], dtype=np.intp)
    return table[np.ix_(rows, columns)]


@cache
def _overlap(zone_a: str, zone_b: str, day: date) -> int:
    """Half-hours shared by the working windows (rounded down), the best of three days."""
    start_a, end_a = _window(zone_a, day)
    best = timedelta(0)
    for shift in (-1, 0, 1):
        start_b, end_b = _window(zone_b, day + timedelta(days=shift))
        best = max(best, min(end_a, end_b) - max(start_a, start_b))
    return int(best / timedelta(minutes=30))


def _window(zone: str, day: date) -> tuple[datetime, datetime]:
    tz = zoneinfo.ZoneInfo(zone)
    begin, end = WORKDAY
    return (
        datetime.combine(day, begin, tzinfo=tz).astimezone(timezone.utc),
        datetime.combine(day, end, tzinfo=tz).astimezone(timezone.utc),
    )


def _forbid_chains(
    cost: NDArray[np.int64],
    program: Program,
    mentees: Sequence[Person],
    mentors: Sequence[Person],
) -> None:
    """The mentee themselves and everyone above them may never be their mentor."""
    column = {m.id: i for i, m in enumerate(mentors)}
    for row, mentee in enumerate(mentees):
        for person_id in (mentee.id, *management_chain(program, mentee)):
            if person_id in column:
                cost[row, column[person_id]] = FORBIDDEN


def _proposal(problem: MatchProblem, row: int, column: int) -> Proposal:
    mentor_index = int(problem.slot_mentor[column])
    mentee = problem.mentees[row]
    mentor = problem.mentors[mentor_index]
    offered = {topic(s) for s in mentor.skills}
    shared: list[str] = []
    for text in mentee.interests:
        if topic(text) in offered and topic(text) not in {topic(s) for s in shared}:
            shared.append(text)
    half_hours = int(problem.overlap[row, mentor_index])
    return Proposal(
        mentor=mentor,
        mentee=mentee,
        shared=tuple(shared),
        overlap_hours=None if half_hours < 0 else half_hours / 2,
        same_team=bool(problem.same_team[row, mentor_index]),
        score=BEST - int(problem.cost[row, column]),
    )
