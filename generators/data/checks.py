"""Rules that relate records to each other: references, duplicates, capacity, overlaps,
management chains, cycles, date order across records and survey arithmetic."""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any, NamedTuple

from pydantic import BaseModel

from generators.data.consent import Found, PeopleIndex
from generators.data.loaded import Loaded, Origin
from generators.data.mentions import blank, mentions, part_of
from generators.data.models import (
    SLUG_PATTERN,
    Incentive,
    Links,
    Pairing,
    Person,
    Program,
    Recognition,
    TimelineItem,
)
from generators.data.problems import Problem
from generators.data.readable import images, leaves_the_build
from generators.data.targets import target_of
from generators.data.yamlfile import did_you_mean

#: Id comparisons spent on "did you mean" hints for unknown references, at most (the
#: references beyond get a plain hint): hundreds of hints in a small program, five in one of
#: 20,000 people.
MAX_HINT_COMPARISONS = 100_000


def check_program(program: Program, loaded: Loaded) -> list[Problem]:
    """Every cross-record problem in `program`, located through `loaded.origins`."""
    checker = _Checker(program, loaded)
    return list(checker.run())


def open_ended_warnings(program: Program, origins: Sequence[Origin], day: date) -> list[Problem]:
    """A warning for each completed or ended-early pairing without `end`: valid (the contract
    counts it as meeting on every day since its start), but it is almost always a forgotten
    last session, and it keeps the pair active in every figure and on every later day. And one
    for each pairing still written `active` whose last session (`end`) is before `day`: it
    counts as completed since then, which the file should say."""
    found = []
    for pairing, origin in zip(program.pairings, origins, strict=False):
        if pairing.status == "active" and pairing.end is not None and pairing.end < day:
            found.append(
                origin.problem(
                    ["status"],
                    f"warning: active, but its last session (end) was {pairing.end.isoformat()}, "
                    "so every figure and page counts it as completed since then",
                    hint="write status: completed or ended-early, or remove end if the pair "
                    "still meets",
                    code="past-end",
                )
            )
        if pairing.status in ("completed", "ended-early") and pairing.end is None:
            found.append(
                origin.problem(
                    ["status"],
                    f"warning: {pairing.status} without an end, so the pairing counts as "
                    f"meeting on every day since its start ({pairing.start.isoformat()})",
                    hint="add end: YYYY-MM-DD, the last session",
                    code="no-end",
                )
            )
    return found


#: The fields that name another record: kind → (its model, (field, the kind it names, what
#: that is called)). A list field (depends_on, people) names one record an item. A test holds
#: this to the models: every id-typed field other than `id` is here.
REFERENCES: dict[str, tuple[type[BaseModel], tuple[tuple[str, str, str], ...]]] = {
    "people": (Person, (("manager", "people", "person"),)),
    "pairings": (
        Pairing,
        (
            ("mentor", "people", "person"),
            ("mentee", "people", "person"),
            ("cohort", "cohorts", "cohort"),
        ),
    ),
    "timeline": (
        TimelineItem,
        (("owner", "people", "person"), ("depends_on", "timeline", "timeline entry")),
    ),
    "incentives": (Incentive, (("owner", "people", "person"),)),
    "recognition": (
        Recognition,
        (("people", "people", "person"), ("incentive", "incentives", "incentive")),
    ),
}
#: A record that names itself: the message (with its id) and the problem's code.
SELF_REFERENCE = {
    ("people", "manager"): ("a person cannot be their own manager", "manager-cycle"),
    ("timeline", "depends_on"): ("'{id}' cannot depend on itself", "cycle"),
}


def _named(value: object, model: type[BaseModel], name: str) -> list[tuple[list[str | int], str]]:
    """The ids a field names, each with its path: one for a single id, one an item for a list.
    Values of the wrong shape are skipped: their record's own problem says so."""
    many = _is_list(model, name)
    if many and isinstance(value, list | tuple):
        return [
            ([name, i], item)
            for i, item in enumerate(value)
            if isinstance(item, str) and SLUG_PATTERN.fullmatch(item)
        ]
    if not many and isinstance(value, str) and SLUG_PATTERN.fullmatch(value):
        return [([name], value)]
    return []


@cache
def _is_list(model: type[BaseModel], name: str) -> bool:
    return typing.get_origin(model.model_fields[name].annotation) is tuple


class _Checker:
    def __init__(self, program: Program, loaded: Loaded) -> None:
        self.program = program
        self.origins = loaded.origins
        self.declared = loaded.declared
        self.raw_ids = loaded.raw_ids
        self.unreadable = loaded.unreadable
        self.failed = loaded.failed
        self._hints: dict[tuple[str, str], str] = {}
        self._comparisons = 0
        self.warnings = loaded.warnings
        #: People by id; of a person given twice (a problem of its own), the first.
        self.people: dict[str, Person] = {}
        for person in program.people:
            self.people.setdefault(person.id, person)

    def at(self, kind: str, index: int) -> Origin:
        return self.origins[kind][index]

    def run(self) -> Iterator[Problem]:
        yield from self.unique_ids()
        yield from self.references()
        yield from self.target_milestones()
        yield from self.management_cycles()
        yield from self.pairings()
        yield from self.capacity()
        yield from self.timeline_order()
        yield from self.surveys()
        yield from self.unconsented_names()
        yield from self.images()

    # -- ids and references -----------------------------------------------------------------

    def unique_ids(self) -> Iterator[Problem]:
        for entries in self.raw_ids.values():
            first: dict[str, Origin] = {}
            for record_id, origin in entries:
                if record_id not in first:
                    first[record_id] = origin
                    continue
                other = first[record_id]
                where = f"{other.source.shown}:{_line(other)}"
                yield origin.problem(
                    ["id"],
                    f"duplicate id '{record_id}': also defined at {where}",
                    "ids are unique within their kind; rename or remove one",
                    "duplicate-id",
                )
        for index, survey in enumerate(self.program.surveys):
            seen: set[str] = set()
            for q_index, question in enumerate(survey.questions):
                if question.id in seen:
                    yield self.at("surveys", index).problem(
                        ["questions", q_index, "id"],
                        f"duplicate question id '{question.id}' in this survey",
                        "",
                        "duplicate-id",
                    )
                seen.add(question.id)

    def _ref(
        self,
        origin: Origin,
        fieldpath: list[str | int],
        value: str,
        target: str,
        known: set[str] | dict[str, Person],
        what: str,
    ) -> Iterator[Problem]:
        if value in known or value in self.declared.get(target, set()):
            return
        if target in self.unreadable:
            return
        yield origin.problem(
            fieldpath,
            f"unknown {what} '{value}'",
            self._closest(value, known, what) or f"it must be the id of an existing {what}",
            "reference",
        )

    def _closest(self, value: str, known: set[str] | dict[str, Person], what: str) -> str:
        """A "did you mean" hint, while the comparisons they cost stay within a budget.

        Each hint compares the value with every id. A removed team leaves hundreds of
        references behind, and among 20,000 similar ids one hint takes a tenth of a second:
        past the budget, the plain hint does.
        """
        key = (what, value)
        if key not in self._hints:
            self._hints[key] = ""
            if self._comparisons + len(known) <= MAX_HINT_COMPARISONS:
                self._comparisons += len(known)
                self._hints[key] = did_you_mean(value, known)
        return self._hints[key]

    def references(self) -> Iterator[Problem]:
        """Every field that names another record (`REFERENCES`), in valid records and in
        records that failed validation alike: a record's first error hides none of these."""
        known: dict[str, set[str] | dict[str, Person]] = {
            "people": self.people,
            "cohorts": {c.id for c in self.program.cohorts},
            "timeline": {t.id for t in self.program.timeline},
            "incentives": {i.id for i in self.program.incentives},
        }
        for kind, (model, fields) in REFERENCES.items():
            records: list[tuple[Any, Origin]] = [
                (record, self.at(kind, i)) for i, record in enumerate(getattr(self.program, kind))
            ]
            records += self.failed.get(kind, [])
            for record, origin in records:
                read = record.get if isinstance(record, dict) else record.__dict__.get
                for name, target, what in fields:
                    for path, value in _named(read(name), model, name):
                        if value == read("id") and (kind, name) in SELF_REFERENCE:
                            message, code = SELF_REFERENCE[kind, name]
                            yield origin.problem(path, message.format(id=value), "", code)
                        else:
                            yield from self._ref(origin, path, value, target, known[target], what)
        yield from self.working_group_references(known)

    def working_group_references(
        self, known: dict[str, set[str] | dict[str, Person]]
    ) -> Iterator[Problem]:
        """The working group's records name people, incentives, timeline entries and decisions
        deeper than `REFERENCES` reaches: proposers, owners, and what decisions concern and
        feedback went into."""
        known = {**known, "decisions": {d.id for m in self.program.meetings for d in m.decisions}}
        for i, meeting in enumerate(self.program.meetings):
            origin = self.at("meetings", i)
            for a, item in enumerate(meeting.agenda):
                yield from self._ref(
                    origin,
                    ["agenda", a, "proposer"],
                    item.proposer,
                    "people",
                    known["people"],
                    "person",
                )
            for d, decision in enumerate(meeting.decisions):
                yield from self._links(
                    origin, ["decisions", d, "concerns"], decision.concerns, known
                )
            for t, task in enumerate(meeting.tasks):
                yield from self._ref(
                    origin, ["tasks", t, "owner"], task.owner, "people", known["people"], "person"
                )
        for i, entry in enumerate(self.program.feedback):
            yield from self._links(
                self.at("feedback", i), ["incorporated"], entry.incorporated, known
            )

    def _links(
        self,
        origin: Origin,
        fieldpath: list[str | int],
        links: Links,
        known: dict[str, set[str] | dict[str, Person]],
    ) -> Iterator[Problem]:
        named = (
            ("incentives", links.incentives, "incentive"),
            ("timeline", links.timeline, "timeline entry"),
            ("decisions", links.decisions, "decision"),
        )
        for target, ids, what in named:
            for n, value in enumerate(ids):
                yield from self._ref(
                    origin, [*fieldpath, target, n], value, target, known[target], what
                )

    def target_milestones(self) -> Iterator[Problem]:
        """A milestone with `target` names a target of program.yaml: its metric, due on the
        milestone's date."""
        targets = self.program.info.targets
        for i, item in enumerate(self.program.timeline):
            if item.target is None or target_of(item, targets) is not None:
                continue
            due = [t.by.isoformat() for t in targets if t.metric == item.target]
            hint = (
                f"program.yaml's {item.target} targets are due {', '.join(due)}: date the "
                "milestone on one of them"
                if due
                else f"program.yaml has no {item.target} target: add it under targets"
            )
            yield self.at("timeline", i).problem(
                ["target"],
                f"no {item.target} target in program.yaml is due on the milestone's date "
                f"({item.last_day.isoformat()})",
                hint,
                "unknown-target",
            )

    # -- people -----------------------------------------------------------------------------

    def management_cycles(self) -> Iterator[Problem]:
        order: dict[str, int] = {}
        for index, person in enumerate(self.program.people):
            order.setdefault(person.id, index)
        done: set[str] = set()  # everyone whose chain upwards has been walked
        for start in self.program.people:
            path: list[str] = []
            on_path: dict[str, int] = {}
            current: str | None = start.id
            while current is not None and current in self.people and current not in done:
                if current in on_path:
                    loop = path[on_path[current] :]
                    first = min(loop, key=order.__getitem__)
                    at = loop.index(first)
                    yield self.at("people", order[first]).problem(
                        ["manager"],
                        "the management chain loops: " + _route([*loop[at:], *loop[:at], first]),
                        "someone in this chain reports to the wrong manager",
                        "manager-cycle",
                    )
                    break
                on_path[current] = len(path)
                path.append(current)
                manager = self.people[current].manager
                current = None if manager == current else manager  # own manager: a reference
            done.update(path)

    @cached_property
    def _clock(self) -> tuple[dict[str, int], dict[str, int]]:
        """When a depth-first walk down the management forest enters and leaves each person.

        Someone is above someone else exactly when their interval holds the other's, so each
        question costs two comparisons, however deep the organization. People in a loop, or
        below one, are never reached: `is_above` walks upwards for them.
        """
        reports: dict[str, list[str]] = defaultdict(list)
        roots: list[str] = []
        for person_id, person in self.people.items():
            manager = person.manager
            if manager is None or manager == person_id or manager not in self.people:
                roots.append(person_id)
            else:
                reports[manager].append(person_id)
        enter: dict[str, int] = {}
        leave: dict[str, int] = {}
        clock = 0
        for root in roots:
            stack: list[tuple[str, bool]] = [(root, False)]
            while stack:
                person_id, leaving = stack.pop()
                clock += 1
                if leaving:
                    leave[person_id] = clock
                    continue
                enter[person_id] = clock
                stack.append((person_id, True))
                stack.extend((report, False) for report in reports[person_id])
        return enter, leave

    def is_above(self, boss: str, person: str) -> bool:
        """Whether `boss` is in `person`'s management chain."""
        enter, leave = self._clock
        if boss in enter and person in enter:
            return enter[boss] < enter[person] and leave[person] < leave[boss]
        return boss in self.chain_above(self.people[person])

    def chain_above(self, person: Person) -> list[str]:
        """The ids of everyone `person` reports to, nearest first (stops at a loop)."""
        chain: list[str] = []
        seen = {person.id}
        current = person
        while current.manager is not None and current.manager in self.people:
            if current.manager in seen:
                break
            seen.add(current.manager)
            chain.append(current.manager)
            current = self.people[current.manager]
        return chain

    # -- pairings ---------------------------------------------------------------------------

    def pairings(self) -> Iterator[Problem]:
        # Each pair's pairings on the days they meet, by their dated facts (as for capacity).
        spans: dict[frozenset[str], list[tuple[int, tuple[date, date]]]] = defaultdict(list)
        for i, pairing in enumerate(self.program.pairings):
            origin = self.at("pairings", i)
            mentor = self.people.get(pairing.mentor)
            mentee = self.people.get(pairing.mentee)
            if pairing.mentor == pairing.mentee:
                yield origin.problem(
                    ["mentee"],
                    f"'{pairing.mentor}' cannot mentor themselves",
                    "pair the mentee with another mentor",
                    "self-mentoring",
                )
                continue
            for role, person in (("mentor", mentor), ("mentee", mentee)):
                if person is not None and not person.employed_on(pairing.start):
                    when = (
                        f"joined {person.joined.isoformat()}"
                        if person.joined > pairing.start
                        else f"left {person.left.isoformat()}"
                        if person.left
                        else ""
                    )
                    yield origin.problem(
                        ["start"],
                        f"the {role} '{person.id}' was not in the organization on the start "
                        f"date {pairing.start.isoformat()} ({when})",
                        "check the start date and the person's joined/left dates",
                        "employment",
                    )
            if mentor is not None and mentee is not None and self.is_above(mentor.id, mentee.id):
                chain = self.chain_above(mentee)
                path = _route([mentee.id, *chain[: chain.index(mentor.id) + 1]])
                yield origin.problem(
                    ["mentor"],
                    f"the mentor '{mentor.id}' is in the mentee's management chain ({path})",
                    "choose a mentor outside the mentee's reporting line",
                    "management-chain",
                )
            for g, goal in enumerate(pairing.goals):
                if goal.done_on is not None and goal.done_on < pairing.start:
                    yield origin.problem(
                        ["goals", g, "done_on"],
                        f"done_on ({goal.done_on.isoformat()}) is before the pairing's start "
                        f"({pairing.start.isoformat()})",
                        "a goal of this pairing is reached once the pairing has begun",
                        "date-order",
                    )
            span = pairing.meeting_span()
            if span is not None:
                spans[frozenset((pairing.mentor, pairing.mentee))].append((i, span))
        for dated in spans.values():
            ordered = sorted(dated, key=lambda entry: entry[1][0])
            latest, (_, reach) = ordered[0]  # the pairing meeting furthest so far
            for current, (first, last) in ordered[1:]:
                if first <= reach:
                    a, b = self.program.pairings[latest], self.program.pairings[current]
                    line = _line(self.at("pairings", latest))
                    yield self.at("pairings", current).problem(
                        ["start"],
                        f"'{b.mentor}' and '{b.mentee}' already have a pairing over this time "
                        f"(from {a.start.isoformat()}, line {line})",
                        "end the earlier pairing before this one starts, or remove one",
                        "overlap",
                    )
                if last > reach:
                    latest, reach = current, last

    def capacity(self) -> Iterator[Problem]:
        # Each pairing on the days it meets, by its dated facts: one ended or paused later
        # still counts while it was meeting; one not yet started, paused or proposed does not.
        by_mentor: dict[str, list[tuple[int, tuple[date, date]]]] = defaultdict(list)
        for i, pairing in enumerate(self.program.pairings):
            span = pairing.meeting_span()
            if span is not None and pairing.mentor != pairing.mentee:
                by_mentor[pairing.mentor].append((i, span))
        for mentor_id, spans in by_mentor.items():
            mentor = self.people.get(mentor_id)
            if mentor is None:
                continue
            for index, day, count in _over_capacity(spans, mentor.capacity):
                yield self.at("pairings", index).problem(
                    ["mentor"],
                    f"the mentor '{mentor_id}' would have {count} pairings at once on "
                    f"{day.isoformat()}; their capacity is {mentor.capacity}",
                    "raise the mentor's capacity in their person record, or choose another mentor",
                    "capacity",
                )

    # -- timeline ---------------------------------------------------------------------------

    def timeline_order(self) -> Iterator[Problem]:
        items = {t.id: t for t in self.program.timeline}
        index_of = {t.id: i for i, t in enumerate(self.program.timeline)}
        # Cycles: a depth-first search (with its own stack: dependency chains may be long),
        # each cycle reported once, at its first member.
        state: dict[str, int] = {}  # 1: on the current path; 2: finished
        reported: set[str] = set()
        for root in self.program.timeline:
            if root.id in state:
                continue
            state[root.id] = 1
            path = [root.id]
            stack = [(root.id, iter(root.depends_on))]
            while stack:
                node, deps = stack[-1]
                for dep_id in deps:
                    if dep_id not in items or dep_id == node:
                        continue
                    if state.get(dep_id) == 1:
                        loop = path[path.index(dep_id) :]
                        if not reported.intersection(loop):
                            reported.update(loop)
                            first = min(loop, key=index_of.__getitem__)
                            at = loop.index(first)
                            yield self.at("timeline", index_of[first]).problem(
                                ["depends_on"],
                                "dependencies form a cycle: "
                                + _route([*loop[at:], *loop[:at], first]),
                                "remove one of these depends_on entries",
                                "cycle",
                            )
                    elif dep_id not in state:
                        state[dep_id] = 1
                        path.append(dep_id)
                        stack.append((dep_id, iter(items[dep_id].depends_on)))
                        break
                else:
                    stack.pop()
                    path.pop()
                    state[node] = 2
        for i, item in enumerate(self.program.timeline):
            for d, dep_id in enumerate(item.depends_on):
                dep = items.get(dep_id)
                if dep is None or dep_id == item.id or dep_id in reported:
                    continue
                if item.last_day < dep.last_day:
                    yield self.at("timeline", i).problem(
                        ["depends_on", d],
                        f"'{item.id}' ends {item.last_day.isoformat()}, before '{dep_id}', which "
                        f"it depends on, ends ({dep.last_day.isoformat()})",
                        "move the dates, or drop the dependency",
                        "date-order",
                    )

    # -- surveys ----------------------------------------------------------------------------

    def surveys(self) -> Iterator[Problem]:
        for i, survey in enumerate(self.program.surveys):
            origin = self.at("surveys", i)
            for q, question in enumerate(survey.questions):
                yield from self._scale_labels(origin, q, question.scale)
                size = len(question.scale)
                if len(question.counts) != size:
                    yield origin.problem(
                        ["questions", q, "counts"],
                        f"expected {size} counts, one per scale point; found "
                        f"{len(question.counts)}",
                        "the scale has: " + ", ".join(question.scale),
                        "survey-shape",
                    )
                    continue
                if question.respondents > survey.invited:
                    yield origin.problem(
                        ["questions", q, "counts"],
                        f"{question.respondents} respondents, more than the {survey.invited} "
                        "invited",
                        "check the counts, or the number invited",
                        "survey-total",
                    )
                for name, groups in question.breakdowns.items():
                    totals = [0] * size
                    shaped = True
                    for group, counts in groups.items():
                        if len(counts) != size:
                            shaped = False
                            yield origin.problem(
                                ["questions", q, name, group],
                                f"expected {size} counts, one per scale point; found {len(counts)}",
                                "a breakdown has the same shape as counts",
                                "survey-shape",
                            )
                            continue
                        totals = [t + c for t, c in zip(totals, counts, strict=True)]
                    if not shaped:
                        continue
                    for point, (part, whole) in enumerate(
                        zip(totals, question.counts, strict=True)
                    ):
                        if part > whole:
                            yield origin.problem(
                                ["questions", q, name],
                                f"the groups of {name} add up to {part} at "
                                f"'{question.scale[point]}', more than its total {whole}",
                                "a breakdown can leave people out, never add them",
                                "survey-breakdown",
                            )
                            break
            for t, theme in enumerate(survey.themes):
                if theme.mentions > survey.invited:
                    yield origin.problem(
                        ["themes", t, "mentions"],
                        f"{theme.mentions} mentions, more than the {survey.invited} invited",
                        "mentions count people, each at most once",
                        "survey-total",
                    )

    def _scale_labels(self, origin: Origin, q: int, scale: tuple[str, ...]) -> Iterator[Problem]:
        """Two labels an answer cannot tell apart (answers match ignoring case and spaces)."""
        first: dict[str, str] = {}
        for s, label in enumerate(scale):
            key = " ".join(label.split()).casefold()
            if key in first:
                yield origin.problem(
                    ["questions", q, "scale", s],
                    f"the scale label {label!r} is given twice (as {first[key]!r} before it)",
                    "each scale point needs its own label; answers are matched ignoring case",
                    "duplicate-label",
                )
            first.setdefault(key, label)

    # -- consent ----------------------------------------------------------------------------

    def unconsented_names(self) -> Iterator[Problem]:
        """Names and ids of people without `publish: true` in any text that is published;
        mentions of people who do not exist; and (warnings) names of people who consented
        written as plain text where a mention would follow their consent."""
        index = PeopleIndex.of(self.program.people)
        people = self.people
        results: dict[str, list[Found]] = {}  # teams and skills repeat: each read once
        for text in self.free_texts():
            value = text.value
            if text.mentions:
                yield from self._unknown_mentions(text)
                value = blank(value, people.__contains__)
            listed = [people[i] for i in text.listed if i in people]
            if not index:
                continue
            if listed or text.mentions:  # read in its context: never shared
                found_here = index.find(value, listed)
            else:
                found_here = results.get(value) or []
                if value not in results:
                    found_here = results[value] = index.find(value)
            for found in found_here:
                problem = self._naming(text, found)
                if problem is None:
                    continue
                if problem.message.startswith("warning:"):
                    self.warnings.append(problem)
                else:
                    yield problem

    def _naming(self, text: FreeText, found: Found) -> Problem | None:
        person = found.person
        origin = self.at(text.kind, text.record)
        if person.publish:
            if not text.mentions:
                return None  # names of people who consented: a mention is not possible here
            written = (
                f"a word of the name of '{person.name}'" if found.how == "part" else person.name
            )
            return origin.problem(
                text.fieldpath,
                f"warning: names {written} as plain text, which stays if they withdraw consent",
                f"write @{person.id}: it shows their name while they agree, and "
                f"'a {part_of(person.roles)}' if they withdraw",
                "plain-name",
                at_key=text.at_key,
            )
        if found.how == "id":
            named = f"names the person '{person.id}' by their id"
        elif found.how == "part":
            named = f"names '{person.name}' (a word of their name, in a record that lists them)"
        else:
            named = f"names '{person.name}'"
        hint = (
            f"write @{person.id}: it shows 'a {part_of(person.roles)}' while they are not named"
            if text.mentions
            else "write 'a mentor', 'a mentee' or 'a colleague' instead, or set publish: true "
            "in their record once they agree"
        )
        return origin.problem(
            text.fieldpath,
            f"{named}, who has not consented to be named (person '{person.id}' has no "
            "publish: true)",
            hint,
            "consent",
            at_key=text.at_key,
        )

    def _unknown_mentions(self, text: FreeText) -> Iterator[Problem]:
        for mention in mentions(text.value):
            if mention.person_id not in self.people:
                yield self.at(text.kind, text.record).problem(
                    text.fieldpath,
                    f"mentions '@{mention.person_id}', but no person has that id",
                    self._closest(mention.person_id, self.people, "person")
                    or "a mention is @ and a person's id; write \\@ for an @ that is not one",
                    "reference",
                )

    def images(self) -> Iterator[Problem]:
        """Images in Markdown fields that would be fetched from outside the build (a tracking
        pixel, a local file). Elsewhere an image prints as the text it is written as."""
        for text in self.markdown_texts():
            value = text.value
            if "![" not in value and "<" not in value:
                continue
            for source in images(value):
                if leaves_the_build(source):
                    shown = source if len(source) <= 60 else source[:57] + "..."
                    yield self.at(text.kind, text.record).problem(
                        text.fieldpath,
                        f"an image from outside the handbook ({shown!r}); the site and the PDF "
                        "use only their own files",
                        "remove the image, or describe it in words or link to it: [text](url)",
                        "remote-image",
                    )

    def markdown_texts(self) -> Iterator[FreeText]:
        """The text fields rendered as Markdown."""
        for i, incentive in enumerate(self.program.incentives):
            yield FreeText(incentive.description, "incentives", i, ("description",))
        for i, entry in enumerate(self.program.recognition):
            if entry.story is not None:
                yield FreeText(entry.story, "recognition", i, ("story",))

    def free_texts(self) -> Iterator[FreeText]:
        """Every text that is published (as written or as Markdown), ids and addresses
        included; those where a mention is rendered say so."""
        program = self.program
        if self.origins.get("info"):
            info = program.info
            yield FreeText(info.name, "info", 0, ("name",))
            yield FreeText(info.organization, "info", 0, ("organization",))
            if info.site_url is not None:
                yield FreeText(info.site_url, "info", 0, ("site_url",))
            contact = info.contact
            if contact is not None and contact.email is not None:
                yield FreeText(contact.email, "info", 0, ("contact", "email"))
            if contact is not None and contact.chat is not None:
                yield FreeText(contact.chat.name, "info", 0, ("contact", "chat", "name"))
                yield FreeText(contact.chat.url, "info", 0, ("contact", "chat", "url"))
        for i, person in enumerate(program.people):
            yield FreeText(person.team, "people", i, ("team",))
            for s, skill in enumerate(person.skills):
                yield FreeText(skill, "people", i, ("skills", s))
            for s, interest in enumerate(person.interests):
                yield FreeText(interest, "people", i, ("interests", s))
            for s, topic in enumerate(person.prefers):
                yield FreeText(topic, "people", i, ("prefers", s))
        for i, cohort in enumerate(program.cohorts):
            yield FreeText(cohort.id, "cohorts", i, ("id",))
            yield FreeText(cohort.name, "cohorts", i, ("name",))
        for i, pairing in enumerate(program.pairings):
            pair = (pairing.mentor, pairing.mentee)
            for g, goal in enumerate(pairing.goals):
                yield FreeText(goal.title, "pairings", i, ("goals", g, "title"), True, pair)
        for i, item in enumerate(program.timeline):
            yield FreeText(item.id, "timeline", i, ("id",))
            yield FreeText(item.title, "timeline", i, ("title",), True)
            if item.decided_by:
                yield FreeText(item.decided_by, "timeline", i, ("decided_by",))
        for i, incentive in enumerate(program.incentives):
            yield FreeText(incentive.id, "incentives", i, ("id",))
            yield FreeText(incentive.name, "incentives", i, ("name",))
            for name in ("summary", "description", "evidence"):
                value = getattr(incentive, name)
                if value is not None:
                    yield FreeText(value, "incentives", i, (name,), True)
        for i, entry in enumerate(program.recognition):
            yield FreeText(entry.title, "recognition", i, ("title",), True, entry.people)
            if entry.story is not None:
                yield FreeText(entry.story, "recognition", i, ("story",), True, entry.people)
        for i, row in enumerate(program.baseline):
            yield FreeText(row.source, "baseline", i, ("source",))
        for i, meeting in enumerate(program.meetings):
            for name in ("purpose", "objective", "process"):
                value = getattr(meeting, name)
                if value is not None:
                    yield FreeText(value, "meetings", i, (name,), True)
            for a, agenda_item in enumerate(meeting.agenda):
                proposer = (agenda_item.proposer,)
                yield FreeText(
                    agenda_item.title, "meetings", i, ("agenda", a, "title"), True, proposer
                )
                for r, reading in enumerate(agenda_item.pre_reading):
                    where = ("agenda", a, "pre_reading", r)
                    yield FreeText(reading.title, "meetings", i, (*where, "title"), True)
                    if reading.url is not None:
                        yield FreeText(reading.url, "meetings", i, (*where, "url"))
            for d, decision in enumerate(meeting.decisions):
                yield FreeText(decision.id, "meetings", i, ("decisions", d, "id"))
                yield FreeText(decision.title, "meetings", i, ("decisions", d, "title"), True)
                yield FreeText(decision.changes, "meetings", i, ("decisions", d, "changes"), True)
            for t, task in enumerate(meeting.tasks):
                owner = (task.owner,)
                yield FreeText(task.title, "meetings", i, ("tasks", t, "title"), True, owner)
                if task.blocker is not None:
                    yield FreeText(
                        task.blocker, "meetings", i, ("tasks", t, "blocker"), True, owner
                    )
        for i, said in enumerate(program.feedback):
            yield FreeText(said.source, "feedback", i, ("from",))
            yield FreeText(said.said, "feedback", i, ("said",), True)
            if said.reason is not None:
                yield FreeText(said.reason, "feedback", i, ("reason",), True)
        for i, survey in enumerate(program.surveys):
            yield FreeText(survey.id, "surveys", i, ("id",))
            yield FreeText(survey.title, "surveys", i, ("title",))
            for q, question in enumerate(survey.questions):
                yield FreeText(question.id, "surveys", i, ("questions", q, "id"))
                yield FreeText(question.text, "surveys", i, ("questions", q, "text"))
                for s, label in enumerate(question.scale):
                    yield FreeText(label, "surveys", i, ("questions", q, "scale", s))
                for name, groups in question.breakdowns.items():
                    for group in groups:
                        yield FreeText(
                            group, "surveys", i, ("questions", q, name, group), at_key=True
                        )
            for t, theme in enumerate(survey.themes):
                yield FreeText(theme.theme, "surveys", i, ("themes", t, "theme"))


class FreeText(NamedTuple):
    """A published text: its value, the kind and index of the record holding it, the field's
    path in the record, whether mentions in it are rendered, the people its record lists
    (whose every name word counts), and whether the text is a mapping's key."""

    value: str
    kind: str
    record: int
    fieldpath: tuple[str | int, ...]
    mentions: bool = False
    listed: tuple[str, ...] = ()
    at_key: bool = False


def _over_capacity(
    spans: list[tuple[int, tuple[date, date]]], capacity: int
) -> Iterator[tuple[int, date, int]]:
    """For each span (pairing index, first and last day) whose first day takes its mentor
    over capacity: (index, day, count)."""
    events: list[tuple[date, int, int]] = []
    for index, (first, last) in spans:
        events.append((first, 1, index))
        if last < date.max:
            events.append((last + timedelta(days=1), -1, index))
    events.sort(key=lambda e: (e[0], e[1]))  # ends before starts on the same day
    current = 0
    for day, step, index in events:
        current += step
        if step == 1 and current > capacity:
            yield index, day, current


def _route(ids: list[str], ends: int = 4) -> str:
    """`a → b → c`, with the middle of a long route left out."""
    if len(ids) <= 2 * ends + 1:
        return " → ".join(ids)
    left_out = len(ids) - 2 * ends
    return " → ".join([*ids[:ends], f"({left_out} more)", *ids[-ends:]])


def _line(origin: Origin) -> int:
    return origin.problem([], "").line
