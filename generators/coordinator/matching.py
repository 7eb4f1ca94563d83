"""Pairing suggestions that keep the framework's rules, score the rest and explain both.

Hard rules (from `program.yaml`'s `matching`, with the framework's defaults) decide which
pairs may be made at all: open capacity, never in the same reporting line, at least
`min_overlap_hours` of shared working hours, at least `min_shared_topics` shared topics, and
not the same team unless allowed. Soft preferences score the pairs that remain: shared
topics, shared working hours, how far apart the two teams sit, and a mentor's stated
preferences (`prefers`).

Candidates are built sparsely. People with the same time zone and topics form one profile;
rules and most of the score are decided profile against profile, and each mentee then keeps
its best `CANDIDATES` mentors (all of them in any program where that is every allowed mentor,
which `MatchResult.exhaustive` says). Each mentor is expanded into one column per open slot,
and `scipy.sparse.csgraph.min_weight_full_bipartite_matching` finds the assignment that
matches the most mentees and, among those, has the best total score. The result says whether
it is stable: whether some mentor and mentee not paired together would both rather be.

Who takes part in a round is decided on the day slots are judged (`waiting`). A candidate
mentee has `mentee` among their roles and is waiting: no pairing holds them as a mentee, and
they mentor nobody, unless they ask for both (`mentee_while_mentoring`). A mentor is offered
with open capacity, and only when they are neither mentored nor a candidate mentee, again
unless they ask for both: nobody is suggested as a mentor and a mentee at once without asking.
Everyone left out says why.

Open capacity is the mentor's capacity minus the pairings that hold a slot on the as-of
date, judged by their status that day (`Pairing.status_on`, the data layer's rule): those
meeting (started, and not yet ended), paused ones (they resume), and proposed ones whatever
their start (so that running this again after adding its proposals never over-books a
mentor). A pairing that starts after the date, or ended before it, holds nothing. The same
pairings keep their mentee from being matched again. For a cohort that starts after the as-of
date, slots are judged on the cohort's start, when the suggested pairs would first meet: a
pairing that ends before then frees its slot, and one that starts by then holds it.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from generators.data.models import MatchingRules, Pairing, Person, Program

#: Statuses on a day in which a pairing holds its mentor's slot: meeting, or paused.
HOLDING_STATUSES = frozenset({"active", "paused"})
#: Local working hours compared across time zones.
WORKDAY = (time(9, 0), time(17, 0))

# Scores (higher is better). A shared topic outweighs an hour of overlap; overlap counts up
# to four hours, enough for any 1-on-1; a team further away widens the mentee's view; a
# topic the mentor said they prefer counts for the mentor.
SHARED_POINTS = 20
SHARED_CAP = 3
HALF_HOUR_POINTS = 3
HALF_HOURS_CAP = 8
#: Team distance: same team 0, a neighbouring team (same manager above) 1, elsewhere 2.
DISTANCE_POINTS = 5
FAR = 2
PREFERENCE_POINTS = 10
#: Each further slot of the same mentor scores a point less: load is spread when all is equal.
SLOT_PENALTY = 1
BEST = (
    SHARED_POINTS * SHARED_CAP
    + HALF_HOUR_POINTS * HALF_HOURS_CAP
    + DISTANCE_POINTS * FAR
    + PREFERENCE_POINTS
)
#: The most mentors each mentee is matched against, best first (all when there are fewer).
CANDIDATES = 40


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
    distance: int
    preferred: bool
    score: int

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this pair: each rule it keeps and each preference it meets, one phrase each."""
        found = [f"shared topics: {', '.join(self.shared)}" if self.shared else "no shared topic"]
        if self.overlap_hours is None:
            found.append("working hours unknown (no time zone)")
        else:
            found.append(f"{self.overlap_hours:g} h of shared working hours")
        found.append(
            ("same team", "a neighbouring team", "different part of the organization")[
                self.distance
            ]
        )
        if self.preferred:
            found.append("a topic the mentor prefers")
        found.append("outside the mentee's reporting line")
        return tuple(found)

    def explanation(self) -> str:
        """'shared topics: Prometheus, SLO design; 6 h of shared working hours; ...'."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Unmatched:
    mentee: Person
    reason: str


#: Why someone with the mentor or mentee role is not in a round in that role (`waiting`).
PAIRED = "in an active, paused or proposed pairing as a mentee"
MENTORING = "mentoring now (matched as a mentee too only with mentee_while_mentoring: true)"
NO_SLOT = "no open slot"
MENTORED = "a mentee now (offered as a mentor too only with mentee_while_mentoring: true)"
WAITING = (
    "waiting for a mentor of their own (offered as a mentor too only with "
    "mentee_while_mentoring: true)"
)
#: The reasons that hold for many people as a matter of course: outputs count these people.
COUNTED = frozenset({PAIRED, NO_SLOT})


@dataclass(frozen=True)
class LeftOut:
    """Someone with the mentor or mentee role who is not in the round in that role, and why.
    Holds people's records: renderers apply consent."""

    person: Person
    role: Literal["mentor", "mentee"]
    reason: str

    @property
    def counted(self) -> bool:
        """Whether the reason holds for many as a matter of course (outputs count them)."""
        return self.reason in COUNTED


@dataclass(frozen=True)
class Round:
    """Who takes part in a round: candidate mentees, mentors offered with their open slots,
    and everyone else with the mentee or mentor role, with the reason."""

    mentees: tuple[Person, ...]
    mentors: tuple[Person, ...]
    open_slots: tuple[int, ...]
    left_out: tuple[LeftOut, ...]


def waiting(program: Program, as_of: date, first: date) -> Round:
    """The round for a first session on `first`: people employed on `as_of` and on `first`,
    judged by the pairings that hold on `first` (`holds_slot`)."""
    employed = [p for p in program.people if p.employed_on(as_of) and p.employed_on(first)]
    holding = [p for p in program.pairings if holds_slot(p, first)]
    mentored = {p.mentee for p in holding}
    load = Counter(p.mentor for p in holding)
    mentees: list[Person] = []
    mentors: list[Person] = []
    slots: list[int] = []
    left_out: list[LeftOut] = []
    for person in sorted(employed, key=lambda p: p.id):
        both = person.mentee_while_mentoring
        candidate = False
        if "mentee" in person.roles:
            if person.id in mentored:
                left_out.append(LeftOut(person, "mentee", PAIRED))
            elif load[person.id] and not both:
                left_out.append(LeftOut(person, "mentee", MENTORING))
            else:
                mentees.append(person)
                candidate = True
        if "mentor" in person.roles:
            if person.capacity <= load[person.id]:
                left_out.append(LeftOut(person, "mentor", NO_SLOT))
            elif person.id in mentored and not both:
                left_out.append(LeftOut(person, "mentor", MENTORED))
            elif candidate and not both:
                left_out.append(LeftOut(person, "mentor", WAITING))
            else:
                mentors.append(person)
                slots.append(person.capacity - load[person.id])
    left_out.sort(key=lambda item: (item.role != "mentee", item.person.id))
    return Round(tuple(mentees), tuple(mentors), tuple(slots), tuple(left_out))


@dataclass(frozen=True)
class MatchProblem:
    """Rows are waiting mentees, columns mentors' open slots; only allowed pairs are edges.

    `edges` holds, per allowed (mentee, mentor) pair: row, mentor index, and the parts of the
    score; `cost` is the sparse rows × slots matrix the solver minimizes (lower is better).
    """

    mentees: tuple[Person, ...]
    mentors: tuple[Person, ...]
    slot_mentor: NDArray[np.intp]  # the mentor (index into `mentors`) of each column
    slot_rank: NDArray[np.intp]  # 0 for a mentor's first open slot, 1 for the next...
    edge_row: NDArray[np.intp]
    edge_mentor: NDArray[np.intp]
    edge_shared: NDArray[np.int32]
    edge_overlap: NDArray[np.int32]  # half-hours; -1 when a time zone is missing
    edge_distance: NDArray[np.int32]
    edge_preferred: NDArray[np.bool_]
    exhaustive: bool
    reasons: tuple[str, ...]  # why a mentee without any allowed mentor has none ("" if some)
    #: People with the mentee or mentor role not in the round in that role, and why.
    left_out: tuple[LeftOut, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentees), len(self.slot_mentor)

    @property
    def edge_score(self) -> NDArray[np.int64]:
        """The pair's score before the slot penalty."""
        return (
            self.mentee_value + PREFERENCE_POINTS * self.edge_preferred.astype(np.int64)
        ).astype(np.int64)

    @property
    def mentee_value(self) -> NDArray[np.int64]:
        """How much the mentee wants the mentor: topics, hours and team distance."""
        return (
            SHARED_POINTS * np.minimum(self.edge_shared, SHARED_CAP).astype(np.int64)
            + HALF_HOUR_POINTS * np.clip(self.edge_overlap, 0, HALF_HOURS_CAP)
            + DISTANCE_POINTS * self.edge_distance
        ).astype(np.int64)

    @property
    def mentor_value(self) -> NDArray[np.int64]:
        """How much the mentor wants the mentee: topics, hours and their own preferences."""
        return (
            SHARED_POINTS * np.minimum(self.edge_shared, SHARED_CAP).astype(np.int64)
            + HALF_HOUR_POINTS * np.clip(self.edge_overlap, 0, HALF_HOURS_CAP)
            + PREFERENCE_POINTS * self.edge_preferred
        ).astype(np.int64)

    @cached_property
    def _edge_keys(self) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
        keys = self.edge_row.astype(np.int64) * max(1, len(self.mentors)) + self.edge_mentor
        order = np.argsort(keys, kind="stable")
        return keys[order], order.astype(np.intp)

    def edge_of(
        self, rows: Sequence[int] | NDArray[Any], mentors: Sequence[int] | NDArray[Any]
    ) -> NDArray[np.intp]:
        """The edge of each (row, mentor) pair given; -1 where the pair is not allowed."""
        keys, order = self._edge_keys
        wanted = np.asarray(rows, dtype=np.int64) * max(1, len(self.mentors)) + np.asarray(
            mentors, dtype=np.int64
        )
        if not len(keys):
            return np.full(len(wanted), -1, dtype=np.intp)
        at = np.searchsorted(keys, wanted)
        found = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == wanted)
        return np.where(found, order[np.minimum(at, len(keys) - 1)], -1).astype(np.intp)

    def allowed(self, row: int, column: int) -> bool:
        return bool(self.edge_of([row], [int(self.slot_mentor[column])])[0] >= 0)

    def score(self, pairs: Sequence[tuple[int, int]]) -> int:
        """The total score of `pairs` (row, column), slot penalties included."""
        if not pairs:
            return 0
        rows = [row for row, _ in pairs]
        columns = np.array([column for _, column in pairs], dtype=np.intp)
        edges = self.edge_of(rows, self.slot_mentor[columns])
        assert (edges >= 0).all(), "a pair that is not allowed has no score"
        return int(self.edge_score[edges].sum() - SLOT_PENALTY * self.slot_rank[columns].sum())


@dataclass(frozen=True)
class MatchResult:
    as_of: date
    #: The first session of the suggested pairs, and the day their slots are judged on.
    start: date
    cohort: str | None
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    #: Who is not in the round (not waiting for a mentor, or not offered as one), and why.
    left_out: tuple[LeftOut, ...]
    open_slots: int
    #: Every allowed pair was considered (else each mentee's best `CANDIDATES`).
    exhaustive: bool
    #: Pairs not suggested whose mentor and mentee would both rather be together.
    blocking_pairs: int

    @property
    def score(self) -> int:
        return sum(p.score for p in self.proposals)

    @property
    def stable(self) -> bool:
        return self.blocking_pairs == 0


def match(
    program: Program,
    as_of: date,
    *,
    cohort: str | None = None,
    allow_same_team: bool = False,
) -> MatchResult:
    """Suggest mentors for every mentee waiting on the first session's day (`waiting`)."""
    start = _start(program, as_of, cohort)
    problem = build_problem(program, as_of, start=start, allow_same_team=allow_same_team)
    pairs = solve(problem)
    matched = dict(pairs)
    scores = problem.edge_score
    columns = np.array([column for _, column in pairs], dtype=np.intp)
    edges = problem.edge_of([row for row, _ in pairs], problem.slot_mentor[columns])
    proposals = [
        _proposal(
            problem,
            int(edge),
            int(scores[edge]) - SLOT_PENALTY * int(problem.slot_rank[column]),
        )
        for edge, column in zip(edges, columns, strict=True)
    ]
    proposals.sort(key=lambda p: (p.mentee.id, p.mentor.id))
    unmatched = tuple(
        Unmatched(mentee, problem.reasons[row] or _full_reason(problem, row))
        for row, mentee in enumerate(problem.mentees)
        if row not in matched
    )
    return MatchResult(
        as_of=as_of,
        start=start,
        cohort=cohort,
        proposals=tuple(proposals),
        unmatched=unmatched,
        left_out=problem.left_out,
        open_slots=len(problem.slot_mentor),
        exhaustive=problem.exhaustive,
        blocking_pairs=blocking_pairs(problem, pairs),
    )


def rules_of(program: Program, *, allow_same_team: bool = False) -> MatchingRules:
    """The hard rules in force: the program's, with `--allow-same-team` on top."""
    rules = program.info.matching
    if allow_same_team and not rules.same_team:
        return rules.model_copy(update={"same_team": True})
    return rules


def build_problem(
    program: Program,
    as_of: date,
    *,
    start: date | None = None,
    allow_same_team: bool = False,
    candidates: int = CANDIDATES,
) -> MatchProblem:
    """Waiting mentees, mentors with open slots, and every allowed pair's score parts."""
    rules = rules_of(program, allow_same_team=allow_same_team)
    taking_part = waiting(program, as_of, start or as_of)
    mentees, mentors = taking_part.mentees, taking_part.mentors
    open_slots = np.array(taking_part.open_slots, dtype=np.intp)
    slot_mentor = np.repeat(np.arange(len(mentors), dtype=np.intp), open_slots)
    slot_rank = (
        np.arange(len(slot_mentor), dtype=np.intp)
        - np.repeat(np.cumsum(open_slots) - open_slots, open_slots)
    ).astype(np.intp)
    edges, exhaustive, reasons = _Candidates(program, mentees, mentors, rules, as_of).build(
        candidates
    )
    return MatchProblem(
        mentees=mentees,
        mentors=mentors,
        slot_mentor=slot_mentor,
        slot_rank=slot_rank,
        edge_row=edges[0],
        edge_mentor=edges[1],
        edge_shared=edges[2].astype(np.int32),
        edge_overlap=edges[3].astype(np.int32),
        edge_distance=edges[4].astype(np.int32),
        edge_preferred=edges[5].astype(np.bool_),
        exhaustive=exhaustive,
        reasons=reasons,
        left_out=taking_part.left_out,
    )


def solve(problem: MatchProblem) -> list[tuple[int, int]]:
    """The optimal assignment as (row, column) pairs: most mentees first, then best score."""
    rows, slots = problem.shape
    if not rows or not slots or not len(problem.edge_row):
        return []
    # Every edge to every open slot of its mentor.
    per_mentor = np.bincount(problem.slot_mentor, minlength=len(problem.mentors))
    first_slot = np.cumsum(per_mentor) - per_mentor
    repeats = per_mentor[problem.edge_mentor]
    edge = np.repeat(np.arange(len(problem.edge_row)), repeats)
    offset = np.arange(len(edge)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    column = first_slot[problem.edge_mentor][edge] + offset
    # Costs are positive (the solver ignores zeros); staying unmatched (a column of one's
    # own) costs more than any loss of score an extra match could bring, so the most
    # mentees are matched first.
    cost = (BEST + 1 - problem.edge_score[edge] + SLOT_PENALTY * problem.slot_rank[column]).astype(
        np.float64
    )
    unmatched_cost = float((BEST + 1 + SLOT_PENALTY * slots) * (rows + 1))
    graph = csr_matrix(
        (
            np.concatenate([cost, np.full(rows, unmatched_cost)]),
            (
                np.concatenate([problem.edge_row[edge], np.arange(rows)]),
                np.concatenate([column, slots + np.arange(rows)]),
            ),
        ),
        shape=(rows, slots + rows),
    )
    found_rows, found_columns = min_weight_full_bipartite_matching(graph)
    return sorted(
        (int(r), int(c)) for r, c in zip(found_rows, found_columns, strict=True) if c < slots
    )


def blocking_pairs(problem: MatchProblem, pairs: Sequence[tuple[int, int]]) -> int:
    """Allowed pairs not suggested whose mentor and mentee both prefer each other to what
    they got: the mentee to their mentor (or to none), the mentor to their least wanted
    mentee (or to an empty slot)."""
    if not len(problem.edge_row):
        return 0
    mentee_value, mentor_value = problem.mentee_value, problem.mentor_value
    rows = np.array([row for row, _ in pairs], dtype=np.intp)
    mentors = problem.slot_mentor[np.array([column for _, column in pairs], dtype=np.intp)]
    edges = problem.edge_of(rows, mentors)
    together = np.zeros(len(problem.edge_row), dtype=np.bool_)
    together[edges] = True
    current = np.full(len(problem.mentees), -1, dtype=np.int64)
    current[rows] = mentee_value[edges]
    used = np.bincount(mentors, minlength=len(problem.mentors))
    worst = np.full(len(problem.mentors), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(worst, mentors, mentor_value[edges])
    capacity = np.bincount(problem.slot_mentor, minlength=len(problem.mentors))
    threshold = np.where(used < capacity, -1, worst)
    blocking = (
        ~together
        & (mentee_value > current[problem.edge_row])
        & (mentor_value > threshold[problem.edge_mentor])
    )
    return int(blocking.sum())


def holds_slot(pairing: Pairing, day: date) -> bool:
    """Whether `pairing` takes one of its mentor's slots (and its mentee) on `day`: by its
    status that day, or as a proposal, which no date says when it was made."""
    return pairing.status == "proposed" or pairing.status_on(day) in HOLDING_STATUSES


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


@cache
def topic(text: str) -> str:
    """A skill or interest as compared: case and spacing ignored."""
    return " ".join(text.split()).casefold()


# -- candidates --------------------------------------------------------------------------


class _Candidates:
    """Allowed pairs, built profile against profile so that large programs stay sparse."""

    def __init__(
        self,
        program: Program,
        mentees: Sequence[Person],
        mentors: Sequence[Person],
        rules: MatchingRules,
        day: date,
    ) -> None:
        self.program = program
        self.mentees = mentees
        self.mentors = mentors
        self.rules = rules
        self.min_half_hours = math.ceil(rules.min_overlap_hours * 2)
        vocabulary: dict[str, int] = {}
        for person in (*mentees, *mentors):
            for text in (*person.interests, *person.skills, *person.prefers):
                vocabulary.setdefault(topic(text), len(vocabulary))
        self.vocabulary = vocabulary
        zones = sorted({p.timezone for p in (*mentees, *mentors) if p.timezone})
        self.zone_index = {zone: i for i, zone in enumerate(zones)}
        unknown = len(zones)
        table = np.full((unknown + 1, unknown + 1), -1, dtype=np.int32)
        for a in zones:
            for b in zones:
                table[self.zone_index[a], self.zone_index[b]] = shared_half_hours(a, b, day)
        self.zone_table = table
        self.unknown_zone = unknown
        self._chains: dict[str, tuple[str, ...]] = {}
        teams = {t: i for i, t in enumerate(sorted({p.team for p in (*mentees, *mentors)}))}
        self.mentee_team = np.array([teams[p.team] for p in mentees], dtype=np.intp)
        self.mentor_team = np.array([teams[p.team] for p in mentors], dtype=np.intp)
        # Team distance: the team's manager above (the manager's manager) as its neighbourhood.
        groups: dict[str | None, int] = {}
        self.mentee_group = np.array(
            [groups.setdefault(self._above(p), len(groups)) for p in mentees], dtype=np.intp
        )
        self.mentor_group = np.array(
            [groups.setdefault(self._above(p), len(groups)) for p in mentors], dtype=np.intp
        )
        self.no_group = groups.get(None, -1)
        self.exhaustive = True
        self.mentor_at = {m.id: i for i, m in enumerate(mentors)}
        # Mentors below a waiting mentee (a mentee who manages): same reporting line too.
        waiting = {m.id for m in mentees}
        self.reports: dict[str, list[int]] = {}
        for index, mentor in enumerate(mentors):
            for boss in self.chain(mentor):
                if boss in waiting:
                    self.reports.setdefault(boss, []).append(index)

    def chain(self, person: Person) -> tuple[str, ...]:
        """`management_chain`, remembered: people share most of their chain."""
        found = self._chains.get(person.id)
        if found is None:
            found = tuple(management_chain(self.program, person))
            self._chains[person.id] = found
        return found

    def _above(self, person: Person) -> str | None:
        chain = self.chain(person)
        return chain[1] if len(chain) > 1 else None

    def _topics(self, texts: Sequence[str]) -> frozenset[int]:
        return frozenset(self.vocabulary[topic(t)] for t in texts)

    def _zone(self, person: Person) -> int:
        return self.zone_index.get(person.timezone or "", self.unknown_zone)

    def build(self, candidates: int) -> tuple[tuple[NDArray[np.intp], ...], bool, tuple[str, ...]]:
        mentee_profiles: dict[tuple[int, frozenset[int]], list[int]] = {}
        for row, person in enumerate(self.mentees):
            key = (self._zone(person), self._topics(person.interests))
            mentee_profiles.setdefault(key, []).append(row)
        mentor_profiles: dict[tuple[int, frozenset[int], frozenset[int]], list[int]] = {}
        for index, person in enumerate(self.mentors):
            profile = (
                self._zone(person),
                self._topics(person.skills),
                self._topics(person.prefers),
            )
            mentor_profiles.setdefault(profile, []).append(index)
        q_keys = list(mentor_profiles)
        q_members = [np.array(mentor_profiles[k], dtype=np.intp) for k in q_keys]
        size = len(self.vocabulary)
        offers = np.zeros((len(q_keys), size), dtype=np.int32)
        prefers = np.zeros((len(q_keys), size), dtype=np.int32)
        for q, (_, skills, wished) in enumerate(q_keys):
            offers[q, list(skills)] = 1
            prefers[q, list(wished)] = 1
        q_zone = np.array([k[0] for k in q_keys], dtype=np.intp)
        q_size = np.array([len(m) for m in q_members], dtype=np.intp)

        parts: list[list[NDArray[Any]]] = [[] for _ in range(6)]
        reasons = [""] * len(self.mentees)
        for (zone, interests), rows in mentee_profiles.items():
            wants = np.zeros(size, dtype=np.int32)
            wants[list(interests)] = 1
            shared = offers @ wants if len(q_keys) else np.zeros(0, dtype=np.int32)
            liked = (prefers @ wants > 0) if len(q_keys) else np.zeros(0, dtype=np.bool_)
            overlap = self.zone_table[zone, q_zone] if len(q_keys) else np.zeros(0, np.int32)
            topic_ok = shared >= self.rules.min_shared_topics
            if self.min_half_hours > 0:
                hours_ok = (overlap >= self.min_half_hours) & (overlap >= 0)
            else:
                hours_ok = np.ones(len(q_keys), dtype=np.bool_)
            ok = topic_ok & hours_ok
            if not ok.any():
                reason = self._profile_reason(zone, interests, topic_ok, q_size)
                for row in rows:
                    reasons[row] = reason
                continue
            base = (
                SHARED_POINTS * np.minimum(shared, SHARED_CAP)
                + HALF_HOUR_POINTS * np.clip(overlap, 0, HALF_HOURS_CAP)
                + PREFERENCE_POINTS * liked
            )
            allowed = np.flatnonzero(ok)
            allowed = allowed[np.argsort(-base[allowed], kind="stable")]
            # Keep the best profiles until they hold enough mentors, plus every profile a
            # team-distance bonus could lift above the last one kept.
            counts = np.cumsum(q_size[allowed])
            cut = int(np.searchsorted(counts, candidates + len(rows)))
            if cut < len(allowed):
                self.exhaustive = False
                floor = base[allowed[cut]] - DISTANCE_POINTS * FAR
                allowed = allowed[base[allowed] >= floor]
            pool = np.concatenate([q_members[q] for q in allowed])
            pool_profile = np.repeat(allowed, q_size[allowed])
            for row in rows:
                self._row_edges(
                    row,
                    pool,
                    pool_profile,
                    shared,
                    overlap,
                    liked,
                    base,
                    candidates,
                    parts,
                    reasons,
                )
        if not parts[0]:
            empty = np.zeros(0, dtype=np.intp)
            return (empty,) * 6, self.exhaustive, tuple(reasons)
        edges = tuple(np.concatenate(p).astype(np.intp) for p in parts)
        return edges, self.exhaustive, tuple(reasons)

    def _row_edges(
        self,
        row: int,
        pool: NDArray[np.intp],
        pool_profile: NDArray[np.intp],
        shared: NDArray[np.int32],
        overlap: NDArray[np.int32],
        liked: NDArray[np.bool_],
        base: NDArray[np.int64],
        candidates: int,
        parts: list[list[NDArray[Any]]],
        reasons: list[str],
    ) -> None:
        mentee = self.mentees[row]
        same_team = self.mentor_team[pool] == self.mentee_team[row]
        keep = np.ones(len(pool), dtype=np.bool_)
        if not self.rules.same_team:
            keep &= ~same_team
        line = self._line(mentee)
        if line:
            keep &= ~np.isin(pool, line)
        if not keep.any():
            reasons[row] = (
                "every mentor with a shared topic, shared working hours and open capacity "
                + (
                    "is in the mentee's team or reporting line"
                    if not self.rules.same_team
                    else "is in the mentee's reporting line"
                )
            )
            return
        pool, pool_profile, same_team = pool[keep], pool_profile[keep], same_team[keep]
        group = self.mentee_group[row]
        neighbour = (self.mentor_group[pool] == group) & (group != self.no_group)
        distance = np.where(same_team, 0, np.where(neighbour, 1, FAR))
        score = base[pool_profile] + DISTANCE_POINTS * distance
        if len(pool) > candidates:
            self.exhaustive = False
            best = np.argsort(-score, kind="stable")[:candidates]
            pool, pool_profile, distance = pool[best], pool_profile[best], distance[best]
        parts[0].append(np.full(len(pool), row, dtype=np.intp))
        parts[1].append(pool)
        parts[2].append(shared[pool_profile])
        parts[3].append(overlap[pool_profile])
        parts[4].append(distance)
        parts[5].append(liked[pool_profile])

    def _line(self, mentee: Person) -> list[int]:
        """Mentors (by index) in the mentee's reporting line, above or below."""
        found = [self.mentor_at[p] for p in (mentee.id, *self.chain(mentee)) if p in self.mentor_at]
        return found + self.reports.get(mentee.id, [])

    def _profile_reason(
        self,
        zone: int,
        interests: frozenset[int],
        topic_ok: NDArray[np.bool_],
        q_size: NDArray[np.intp],
    ) -> str:
        if not self.mentors:
            return "no mentor has open capacity"
        if not interests and self.rules.min_shared_topics > 0:
            return "no interests recorded, so no mentor can share a topic"
        if not topic_ok.any():
            return "no mentor with open capacity offers a topic the mentee wants to learn"
        if zone == self.unknown_zone:
            return "no time zone recorded, so shared working hours cannot be known"
        return (
            f"no mentor with a shared topic and open capacity shares "
            f"{self.rules.min_overlap_hours:g} working hours with the mentee"
        )


def _full_reason(problem: MatchProblem, row: int) -> str:
    allowed = int((problem.edge_row == row).sum())
    return (
        f"the {allowed} mentor(s) who keep every rule with this mentee gave their open slots "
        "to other mentees"
    )


# -- working hours -------------------------------------------------------------------------


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


@cache
def shared_half_hours(zone_a: str, zone_b: str, day: date) -> int:
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


def _proposal(problem: MatchProblem, edge: int, score: int) -> Proposal:
    mentee = problem.mentees[int(problem.edge_row[edge])]
    mentor = problem.mentors[int(problem.edge_mentor[edge])]
    offered = {topic(s) for s in mentor.skills}
    shared: list[str] = []
    for text in mentee.interests:
        if topic(text) in offered and topic(text) not in {topic(s) for s in shared}:
            shared.append(text)
    half_hours = int(problem.edge_overlap[edge])
    distance = int(problem.edge_distance[edge])
    return Proposal(
        mentor=mentor,
        mentee=mentee,
        shared=tuple(shared),
        overlap_hours=None if half_hours < 0 else half_hours / 2,
        same_team=distance == 0,
        distance=distance,
        preferred=bool(problem.edge_preferred[edge]),
        score=score,
    )
