"""The program as it may be published: the one place consent and suppression are applied.

Every output (the site, the PDF, exports, reports, calendars, diffs, match's table, intake's
messages) is made from a `PublishedProgram`, or takes each person's name from its `Naming`,
never from the raw `Program`, so none can name someone who has not consented or show a
figure about fewer people than the minimum group size. Records here carry names, never ids,
of people; unnamed people are only counted, or shown by their part ("a mentee"). Free text
is published with its mentions (`@id`) rendered the same way, and a story that still names
someone unnamed in its own words is left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generators.data import metrics
from generators.data.consent import names_anyone
from generators.data.joining import Joining, joining
from generators.data.models import (
    Incentive,
    Pairing,
    Person,
    Program,
    Recognition,
    TimelineItem,
)
from generators.data.naming import Naming, story_part
from generators.data.privacy import SurveyResult, publish_survey
from generators.data.published_group import WorkingGroupView, publish_working_group
from generators.data.recurrence import occurrences
from generators.data.reporting import UpdateDates, update_for
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
    #: The working group's meetings, decisions, tasks and feedback log.
    working_group: WorkingGroupView | None = None
    #: The staff meeting the status update made on the day is for.
    update: UpdateDates | None = None

    def role(self, name: str) -> RoleHolders:
        return next(r for r in self.roles if r.role == name)


#: Every role (`models.Role`, a test holds them equal), in the order the site lists holders.
ROLES = ("coordinator", "wg-lead", "wg-member", "mentor", "mentee", "manager")


def named_people(program: Program, as_of: date, naming: Naming) -> frozenset[str]:
    """The ids of the people a view of `program` on `as_of` names among its role holders
    (for counting: a count of people no longer named never says who)."""
    return frozenset(
        p.id
        for p in program.people
        if p.employed_on(as_of) and naming.is_named(p.id) and set(p.roles) & set(ROLES)
    )


def publish(program: Program, as_of: date, naming: Naming | None = None) -> PublishedProgram:
    """Apply consent and suppression to `program` as it stands on `as_of`.

    `naming` decides who is named (by default, who consented in `program`)."""
    naming = naming or Naming.of(program)
    # The figures up to `as_of` are the recorded program's (`status.target_milestones`): the
    # roster `metrics` caches for it serves the milestones and the figures alike.
    series = metrics.snapshots(program, as_of)
    program = program_on(program, as_of)
    current = [p for p in program.people if p.employed_on(as_of)]
    active = [p for p in program.pairings if p.meets_on(as_of)]
    load = Counter(p.mentor for p in active)

    mentors = [p for p in current if "mentor" in p.roles]
    mentees = [p for p in current if "mentee" in p.roles]
    return PublishedProgram(
        joining=joining(program, as_of),
        working_group=publish_working_group(program, as_of, naming),
        update=update_for(program, as_of),
        name=program.info.name,
        organization=program.info.organization,
        as_of=as_of,
        incentives_start=program.info.incentives_start,
        min_group_size=program.info.privacy.min_group_size,
        mentors=tuple(
            MentorEntry(_public(p, naming), p.capacity, load[p.id])
            for p in _named_sorted(mentors, naming)
        ),
        unnamed_mentors=sum(1 for p in mentors if not naming.is_named(p.id)),
        mentees_named=tuple(_public(p, naming) for p in _named_sorted(mentees, naming)),
        unnamed_mentees=sum(1 for p in mentees if not naming.is_named(p.id)),
        cohorts=tuple(_cohorts(program, active, naming)),
        uncohorted_active=sum(1 for p in active if p.cohort is None),
        roles=tuple(
            RoleHolders(
                role,
                tuple(
                    _public(p, naming).name
                    for p in _named_sorted(current, naming)
                    if role in p.roles
                ),
                sum(1 for p in current if role in p.roles and not naming.is_named(p.id)),
            )
            for role in ROLES
        ),
        timeline=tuple(
            timeline_entry(item, naming)
            for item in sorted(program.timeline, key=lambda t: (t.first_day, t.last_day, t.id))
        ),
        incentives=tuple(_incentive(i, naming) for i in program.incentives),
        recognition=tuple(
            entry
            for found in sorted(program.recognition, key=lambda r: r.date, reverse=True)
            if found.date <= as_of and (entry := _recognition(program, found, naming))
        ),
        snapshots=tuple(series),
        before_after=metrics.before_after(program, as_of, series),
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


def _named_sorted(people: list[Person], naming: Naming) -> list[Person]:
    """Those of `people` who may be named, by name."""
    named = [p for p in people if naming.is_named(p.id)]
    return sorted(named, key=lambda p: naming.shown(p.id, "").casefold())


def _public(person: Person, naming: Naming) -> PublicPerson:
    return PublicPerson(
        naming.shown(person.id, ""),
        person.team,
        person.roles,
        person.skills,
        person.interests,
        person.timezone,
    )


def _cohorts(program: Program, active: list[Pairing], naming: Naming) -> list[CohortEntry]:
    entries = []
    for cohort in sorted(program.cohorts, key=lambda c: c.start, reverse=True):
        pairs = [p for p in active if p.cohort == cohort.id]
        named = tuple(
            PairingEntry(
                mentor=naming.shown(p.mentor, "mentor"),
                mentee=naming.shown(p.mentee, "mentee"),
                cohort=cohort.name,
                start=p.start,
                goals_done=sum(1 for g in p.goals if g.status == "done"),
                goals_total=sum(1 for g in p.goals if g.status != "dropped"),
            )
            for p in sorted(pairs, key=lambda p: (p.start, naming.shown(p.mentor, "")))
            if naming.is_named(p.mentor) and naming.is_named(p.mentee)
        )
        entries.append(
            CohortEntry(cohort.id, cohort.name, cohort.start, cohort.end, len(pairs), named)
        )
    return entries


def timeline_entry(item: TimelineItem, naming: Naming) -> TimelineEntry:
    """A timeline item as it may be published (its status as the item says it)."""
    return TimelineEntry(
        id=item.id,
        title=naming.text(item.title),
        kind=item.kind,
        first_day=item.first_day,
        last_day=item.last_day,
        status=item.status,
        owner=naming.name(item.owner),
        depends_on=item.depends_on,
        repeat=item.repeat,
        duration_minutes=item.duration_minutes,
        page=item.page,
        occurrences=len(occurrences(item)),
        decided_by=item.decided_by,
    )


def pair_parts(pairing: Pairing) -> dict[str, str]:
    """The parts of a pairing's two people, for the mentions in its goals."""
    return {pairing.mentee: "mentee", pairing.mentor: "mentor"}


def _incentive(incentive: Incentive, naming: Naming) -> IncentiveEntry:
    return IncentiveEntry(
        id=incentive.id,
        name=incentive.name,
        category=incentive.category,
        audience=incentive.audience,
        summary=naming.text(incentive.summary),
        description=naming.text(incentive.description, markdown=True),
        cost=incentive.cost,
        status=incentive.status,
        owner=naming.name(incentive.owner),
        since=incentive.since,
        evidence=naming.text(incentive.evidence) if incentive.evidence else None,
    )


def _recognition(program: Program, entry: Recognition, naming: Naming) -> RecognitionEntry | None:
    """The entry as published, or None when its title names someone who is not named.

    Mentions show the unnamed by their part in the story. A story that names one of them
    in its own words (a first name, say) is left out: the entry keeps its title and people.
    """
    people = program.person
    listed = set(entry.people)
    parts: dict[str, str] = {}
    names = []
    for person_id in entry.people:
        name = naming.name(person_id)
        if name is not None:
            names.append(name)
        else:
            found = story_part(program, person_id, listed, entry.date)
            part = parts[person_id] = found or naming.part(person_id)
            names.append(naming.shown(person_id, part))
    unnamed = [people[i].model_copy(update={"publish": False}) for i in parts if i in people]
    title = naming.text(entry.title, parts=parts)
    if names_anyone(title, unnamed):
        return None
    story = naming.text(entry.story, markdown=True, parts=parts) if entry.story else None
    if story is not None and names_anyone(story, unnamed):
        story = None
    incentive = next((i for i in program.incentives if i.id == entry.incentive), None)
    return RecognitionEntry(
        date=entry.date,
        title=title,
        people=tuple(names),
        story=story,
        incentive=entry.incentive,
        incentive_name=incentive.name if incentive else None,
    )
