"""The program as it may be published: the one place consent and suppression are applied.

Every output (the site, the PDF, exports, reports, calendars) is made from a
`PublishedProgram`, never from the raw `Program`, so none can name someone who has not
consented or show a figure about fewer people than the minimum group size. Records here
carry names, never ids, of people; unnamed people are only counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generators.data import metrics
from generators.data.joining import Joining, joining
from generators.data.models import (
    Incentive,
    Pairing,
    Person,
    Program,
    Recognition,
    TimelineItem,
)
from generators.data.privacy import SurveyResult, is_named, publish_survey
from generators.data.recurrence import occurrences
from generators.data.status import program_on
from generators.data.targets import TargetStatus, target_statuses


@dataclass(frozen=True)
class PublicPerson:
    """Someone who consented to be named, with what the roster shows of them."""

    name: str
    team: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    timezone: str | None


@dataclass(frozen=True)
class MentorEntry:
    person: PublicPerson
    capacity: int
    active_mentees: int

    @property
    def open_slots(self) -> int:
        return max(0, self.capacity - self.active_mentees)


@dataclass(frozen=True)
class PairingEntry:
    """An active pairing whose two people both consented to be named."""

    mentor: str
    mentee: str
    cohort: str | None
    start: date
    goals_done: int
    goals_total: int


@dataclass(frozen=True)
class CohortEntry:
    id: str
    name: str
    start: date
    end: date
    active_pairings: int
    named: tuple[PairingEntry, ...]

    @property
    def unnamed(self) -> int:
        return self.active_pairings - len(self.named)


@dataclass(frozen=True)
class RoleHolders:
    """Who holds a role: the named, and how many more are not named."""

    role: str
    names: tuple[str, ...]
    unnamed: int

    @property
    def total(self) -> int:
        return len(self.names) + self.unnamed


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    title: str
    kind: str
    first_day: date
    last_day: date
    status: str
    owner: str | None
    depends_on: tuple[str, ...]
    repeat: str | None
    duration_minutes: int | None
    page: str | None
    occurrences: int
    #: Who decides on the program there: an approval meeting (see `approval`).
    decided_by: str | None = None


@dataclass(frozen=True)
class IncentiveEntry:
    id: str
    name: str
    category: str
    audience: str
    summary: str
    description: str
    cost: str
    status: str
    owner: str | None
    since: date | None
    evidence: str | None


@dataclass(frozen=True)
class RecognitionEntry:
    date: date
    title: str
    people: tuple[str, ...]  # names, or "a mentor" / "a mentee" / "a colleague"
    story: str | None
    incentive: str | None  # incentive id (incentives are not personal data)
    incentive_name: str | None


@dataclass(frozen=True)
class PublishedProgram:
    """Everything an output may show, for one "as of" date."""

    name: str
    organization: str
    as_of: date
    incentives_start: date
    min_group_size: int
    mentors: tuple[MentorEntry, ...]
    unnamed_mentors: int
    mentees_named: tuple[PublicPerson, ...]
    unnamed_mentees: int
    cohorts: tuple[CohortEntry, ...]
    uncohorted_active: int
    roles: tuple[RoleHolders, ...]
    timeline: tuple[TimelineEntry, ...]
    incentives: tuple[IncentiveEntry, ...]
    recognition: tuple[RecognitionEntry, ...]
    snapshots: tuple[metrics.Snapshot, ...]
    before_after: metrics.BeforeAfter
    targets: tuple[TargetStatus, ...]
    surveys: tuple[SurveyResult, ...]
    counts: dict[str, int] = field(default_factory=dict)
    #: How and when to join (public facts from program.yaml and cohorts.yaml).
    joining: Joining | None = None

    def role(self, name: str) -> RoleHolders:
        return next(r for r in self.roles if r.role == name)


ROLES = ("coordinator", "wg-lead", "wg-member", "mentor", "mentee", "manager")


def publish(program: Program, as_of: date) -> PublishedProgram:
    """Apply consent and suppression to `program` as it stands on `as_of`."""
    program = program_on(program, as_of)
    people = program.person
    current = [p for p in program.people if p.employed_on(as_of)]
    active = [p for p in program.pairings if p.meets_on(as_of)]
    load = Counter(p.mentor for p in active)

    mentors = [p for p in current if "mentor" in p.roles]
    mentees = [p for p in current if "mentee" in p.roles]
    series = metrics.snapshots(program, as_of)
    return PublishedProgram(
        joining=joining(program, as_of),
        name=program.info.name,
        organization=program.info.organization,
        as_of=as_of,
        incentives_start=program.info.incentives_start,
        min_group_size=program.info.privacy.min_group_size,
        mentors=tuple(
            MentorEntry(_public(p), p.capacity, load[p.id])
            for p in sorted(mentors, key=_sort_name)
            if is_named(p)
        ),
        unnamed_mentors=sum(1 for p in mentors if not is_named(p)),
        mentees_named=tuple(_public(p) for p in sorted(mentees, key=_sort_name) if is_named(p)),
        unnamed_mentees=sum(1 for p in mentees if not is_named(p)),
        cohorts=tuple(_cohorts(program, active)),
        uncohorted_active=sum(1 for p in active if p.cohort is None),
        roles=tuple(
            RoleHolders(
                role,
                tuple(
                    p.name
                    for p in sorted(current, key=_sort_name)
                    if role in p.roles and is_named(p)
                ),
                sum(1 for p in current if role in p.roles and not is_named(p)),
            )
            for role in ROLES
        ),
        timeline=tuple(
            _timeline(item, people)
            for item in sorted(program.timeline, key=lambda t: (t.first_day, t.last_day, t.id))
        ),
        incentives=tuple(_incentive(i, people) for i in program.incentives),
        recognition=tuple(
            _recognition(program, entry)
            for entry in sorted(program.recognition, key=lambda r: r.date, reverse=True)
            if entry.date <= as_of
        ),
        snapshots=tuple(series),
        before_after=metrics.before_after(program, as_of),
        targets=tuple(target_statuses(program, series, as_of)),
        surveys=tuple(
            publish_survey(s, program.info.privacy.min_group_size)
            for s in sorted(program.surveys, key=lambda s: s.date)
            if s.date <= as_of
        ),
        counts={
            "people": len(current),
            "mentors": len(mentors),
            "mentees": len(mentees),
            "active_pairings": len(active),
            "incentives_adopted": sum(1 for i in program.incentives if i.status == "adopted"),
        },
    )


def _sort_name(person: Person) -> str:
    return person.name.casefold()


def _public(person: Person) -> PublicPerson:
    return PublicPerson(
        person.name, person.team, person.roles, person.skills, person.interests, person.timezone
    )


def _name(people: dict[str, Person], person_id: str | None) -> str | None:
    person = people.get(person_id) if person_id else None
    return person.name if is_named(person) else None


def _cohorts(program: Program, active: list[Pairing]) -> list[CohortEntry]:
    people = program.person
    entries = []
    for cohort in sorted(program.cohorts, key=lambda c: c.start, reverse=True):
        pairs = [p for p in active if p.cohort == cohort.id]
        named = tuple(
            PairingEntry(
                mentor=people[p.mentor].name,
                mentee=people[p.mentee].name,
                cohort=cohort.name,
                start=p.start,
                goals_done=sum(1 for g in p.goals if g.status == "done"),
                goals_total=sum(1 for g in p.goals if g.status != "dropped"),
            )
            for p in sorted(pairs, key=lambda p: (p.start, people[p.mentor].name))
            if is_named(people.get(p.mentor)) and is_named(people.get(p.mentee))
        )
        entries.append(
            CohortEntry(cohort.id, cohort.name, cohort.start, cohort.end, len(pairs), named)
        )
    return entries


def _timeline(item: TimelineItem, people: dict[str, Person]) -> TimelineEntry:
    return TimelineEntry(
        id=item.id,
        title=item.title,
        kind=item.kind,
        first_day=item.first_day,
        last_day=item.last_day,
        status=item.status,
        owner=_name(people, item.owner),
        depends_on=item.depends_on,
        repeat=item.repeat,
        duration_minutes=item.duration_minutes,
        page=item.page,
        occurrences=len(occurrences(item)),
        decided_by=item.decided_by,
    )


def _incentive(incentive: Incentive, people: dict[str, Person]) -> IncentiveEntry:
    return IncentiveEntry(
        id=incentive.id,
        name=incentive.name,
        category=incentive.category,
        audience=incentive.audience,
        summary=incentive.summary,
        description=incentive.description,
        cost=incentive.cost,
        status=incentive.status,
        owner=_name(people, incentive.owner),
        since=incentive.since,
        evidence=incentive.evidence,
    )


def _recognition(program: Program, entry: Recognition) -> RecognitionEntry:
    people = program.person
    listed = set(entry.people)
    names = []
    for person_id in entry.people:
        person = people.get(person_id)
        if is_named(person):
            names.append(person.name)
        else:
            names.append(_unnamed_role(program, person_id, listed, entry.date))
    incentive = next((i for i in program.incentives if i.id == entry.incentive), None)
    return RecognitionEntry(
        date=entry.date,
        title=entry.title,
        people=tuple(names),
        story=entry.story,
        incentive=entry.incentive,
        incentive_name=incentive.name if incentive else None,
    )


def _unnamed_role(program: Program, person_id: str, listed: set[str], day: date) -> str:
    """ "a mentor" or "a mentee": their part in a pairing with someone else in the story that
    had met by the story's day (a pairing paused or ended since counts; one not yet met does
    not)."""
    for pairing in program.pairings:
        span = pairing.meeting_span()
        if span is None or span[0] > day:
            continue
        if pairing.mentor == person_id and pairing.mentee in listed:
            return "a mentor"
        if pairing.mentee == person_id and pairing.mentor in listed:
            return "a mentee"
    person = program.person.get(person_id)
    roles = person.roles if person else ()
    if "mentor" in roles:
        return "a mentor"
    if "mentee" in roles:
        return "a mentee"
    return "a colleague"
