"""Typed, immutable models of `program/`, one class a kind of record in the data contract.

Field-level rules (types, formats, allowed values, date order within a record) live here;
rules that relate records to each other live in `checks.py`.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime
from functools import cache, cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

Role = Literal["mentor", "mentee", "coordinator", "manager", "wg-lead", "wg-member"]
PairingStatus = Literal["proposed", "active", "completed", "ended-early", "paused"]
GoalStatus = Literal["planned", "in-progress", "done", "dropped"]
TimelineKind = Literal["phase", "milestone", "deliverable", "meeting"]
TimelineStatus = Literal["planned", "in-progress", "done", "at-risk", "missed"]
Repeat = Literal["weekly", "biweekly", "monthly"]
Category = Literal["recognition", "professional-development", "career", "time", "community"]
Audience = Literal["mentor", "mentee", "both"]
Cost = Literal["none", "low", "medium", "high"]
IncentiveStatus = Literal["proposed", "piloting", "adopted", "retired"]
Metric = Literal["participation", "mentors", "mentees", "eligible"]

#: Pairing statuses during which the pair is (or was) meeting: they count as participation.
MEETING_STATUSES: frozenset[str] = frozenset({"active", "completed", "ended-early"})


def _slug(value: object) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "expected an id of lowercase letters, digits and hyphens "
            "(starting with a letter or digit, at most 63 characters)",
        )
    return value


def _iso_date(value: object) -> date:
    if isinstance(value, datetime):
        raise PydanticCustomError("date_time", "expected a date without a time (YYYY-MM-DD)")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(part) for part in text.split("-"))
            try:
                return date(year, month, day)
            except ValueError as error:
                raise PydanticCustomError(
                    "date_impossible",
                    "{text} is not a real date ({reason})",
                    {"text": text, "reason": str(error)},
                ) from None
    raise PydanticCustomError("date_format", "expected a date as YYYY-MM-DD")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text", "expected text")
    if not value.strip():
        raise PydanticCustomError("text_empty", "expected text, not an empty value")
    return value


@cache
def known_timezones() -> frozenset[str]:
    """The IANA time zone names this machine knows (the `tzdata` package fills any gap)."""
    return frozenset(zoneinfo.available_timezones())


def _timezone(value: str) -> str:
    if value not in known_timezones():
        raise PydanticCustomError(
            "timezone", "expected an IANA time zone name such as Europe/Berlin"
        )
    return value


#: `date` under another name, for classes whose field called `date` hides the type.
Day = date

Slug = Annotated[str, BeforeValidator(_slug)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, BeforeValidator(_text)]
TimeZone = Annotated[Text, AfterValidator(_timezone)]
Count = Annotated[int, Field(ge=0, strict=True)]


class Record(BaseModel):
    """Base of every record: unknown keys are errors, and nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# -- program.yaml ------------------------------------------------------------------------

EMAIL_PATTERN = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def _email(value: str) -> str:
    if not EMAIL_PATTERN.fullmatch(value):
        raise PydanticCustomError("email", "expected an email address such as name@example.org")
    return value


def _web_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"']+", value):
        raise PydanticCustomError("url", "expected a web address starting with https://")
    return value


Email = Annotated[Text, AfterValidator(_email)]
WebUrl = Annotated[Text, AfterValidator(_web_url)]


class Chat(Record):
    name: Text
    url: WebUrl


class Contact(Record):
    """How to reach the program coordinator: an email address, a chat channel, or both."""

    email: Email | None = None
    chat: Chat | None = None

    @model_validator(mode="after")
    def _some_way(self) -> Contact:
        if self.email is None and self.chat is None:
            raise PydanticCustomError(
                "contact_empty", "a contact needs an email, a chat channel or both"
            )
        return self


class MatchingRules(Record):
    """The framework's matching rules that `handbook match` never breaks."""

    min_overlap_hours: Annotated[float, Field(ge=0, le=8)] = 2
    min_shared_topics: Annotated[int, Field(ge=0, strict=True)] = 1
    same_team: Annotated[bool, Field(strict=True)] = False


class Reporting(Record):
    cadence_days: Annotated[int, Field(ge=1, le=366, strict=True)] = 14
    first: IsoDate
    #: An active pairing with no check-in for this many days is reported as stalled.
    stalled_after_days: Annotated[int, Field(ge=1, le=366, strict=True)] = 28


class Privacy(Record):
    min_group_size: Annotated[int, Field(ge=3, strict=True)] = 5


class Target(Record):
    metric: Metric
    value: Annotated[float, Field(ge=0)]
    by: IsoDate


class ProgramInfo(Record):
    name: Text
    organization: Text
    incentives_start: IsoDate
    reporting: Reporting
    privacy: Privacy = Privacy()
    targets: tuple[Target, ...] = ()
    contact: Contact | None = None
    site_url: WebUrl | None = None
    matching: MatchingRules = MatchingRules()


# -- people ------------------------------------------------------------------------------


class Person(Record):
    id: Slug
    name: Text
    team: Text
    joined: IsoDate
    left: IsoDate | None = None
    roles: tuple[Role, ...] = ()
    manager: Slug | None = None
    capacity: Count = 1
    skills: tuple[Text, ...] = ()
    interests: tuple[Text, ...] = ()
    timezone: TimeZone | None = None
    publish: Annotated[bool, Field(strict=True)] = False
    #: A mentor's stated preference: topics they would most like to mentor in.
    prefers: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _left_after_joined(self) -> Person:
        if self.left is not None and self.left < self.joined:
            raise PydanticCustomError(
                "date_order",
                "left ({left}) is before joined ({joined})",
                {"left": self.left.isoformat(), "joined": self.joined.isoformat(), "field": "left"},
            )
        return self

    def employed_on(self, day: date) -> bool:
        """Eligible on `day`: joined on or before it and not yet left."""
        return self.joined <= day and (self.left is None or self.left > day)


# -- cohorts and pairings ----------------------------------------------------------------


class Applications(Record):
    """The days a cohort takes sign-ups: its intake."""

    opens: IsoDate
    closes: IsoDate

    @model_validator(mode="after")
    def _closes_after_opens(self) -> Applications:
        if self.closes < self.opens:
            raise PydanticCustomError(
                "date_order",
                "closes ({closes}) is before opens ({opens})",
                {
                    "closes": self.closes.isoformat(),
                    "opens": self.opens.isoformat(),
                    "field": "closes",
                },
            )
        return self


class Cohort(Record):
    id: Slug
    name: Text
    start: IsoDate
    end: IsoDate
    applications: Applications | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Cohort:
        _check_order(self.start, self.end)
        return self


class Goal(Record):
    title: Text
    status: GoalStatus
    due: IsoDate | None = None


class Pairing(Record):
    mentor: Slug
    mentee: Slug
    cohort: Slug | None = None
    start: IsoDate
    end: IsoDate | None = None
    status: PairingStatus
    goals: tuple[Goal, ...] = ()
    #: Days the coordinator checked in with the pair (see reporting.stalled_after_days).
    check_ins: tuple[IsoDate, ...] = ()

    @model_validator(mode="after")
    def _dates(self) -> Pairing:
        if self.end is not None:
            _check_order(self.start, self.end)
        return self

    def meets_on(self, day: date) -> bool:
        """The pair counts as active on `day` (the contract's definition of active)."""
        return (
            self.status in MEETING_STATUSES
            and self.start <= day
            and (self.end is None or self.end >= day)
        )


# -- timeline ----------------------------------------------------------------------------


class TimelineItem(Record):
    id: Slug
    title: Text
    kind: TimelineKind
    date: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    repeat: Repeat | None = None
    duration_minutes: Annotated[int, Field(gt=0, le=24 * 60, strict=True)] | None = None
    owner: Slug | None = None
    status: TimelineStatus
    depends_on: tuple[Slug, ...] = ()
    page: Text | None = None

    @model_validator(mode="after")
    def _dates_for_kind(self) -> TimelineItem:
        if self.kind in ("milestone", "deliverable"):
            if self.date is None:
                raise PydanticCustomError(
                    "kind_date", "a {kind} needs a date", {"kind": self.kind, "field": "kind"}
                )
            if self.start is not None or self.end is not None:
                raise PydanticCustomError(
                    "kind_span",
                    "a {kind} has one date, not start and end",
                    {"kind": self.kind, "field": "start" if self.start else "end"},
                )
        else:
            if self.start is None or self.end is None:
                raise PydanticCustomError(
                    "kind_span",
                    "a {kind} needs start and end dates",
                    {"kind": self.kind, "field": "kind"},
                )
            if self.date is not None:
                raise PydanticCustomError(
                    "kind_date",
                    "a {kind} has start and end, not a single date",
                    {"kind": self.kind, "field": "date"},
                )
            _check_order(self.start, self.end)
        if self.kind != "meeting" and (self.repeat or self.duration_minutes):
            raise PydanticCustomError(
                "kind_meeting",
                "repeat and duration_minutes are only for meetings",
                {"field": "repeat" if self.repeat else "duration_minutes"},
            )
        return self

    @property
    def first_day(self) -> Day:
        """The first day the entry covers (its date, or the start of its span)."""
        day = self.date if self.date is not None else self.start
        assert day is not None  # the kind validator guarantees one of the two
        return day

    @property
    def last_day(self) -> Day:
        """The last day the entry covers (its date, or the end of its span)."""
        day = self.date if self.date is not None else self.end
        assert day is not None  # the kind validator guarantees one of the two
        return day


# -- incentives, recognition, baseline -----------------------------------------------------


class Incentive(Record):
    id: Slug
    name: Text
    category: Category
    audience: Audience
    summary: Text
    description: Text
    cost: Cost
    status: IncentiveStatus
    owner: Slug | None = None
    since: IsoDate | None = None
    evidence: Text | None = None


class Recognition(Record):
    date: IsoDate
    people: Annotated[tuple[Slug, ...], Field(min_length=1)]
    title: Text
    story: Text | None = None
    incentive: Slug | None = None


class BaselineRow(Record):
    date: IsoDate
    eligible: Count
    mentors: Count
    mentees: Count
    source: Text

    @model_validator(mode="after")
    def _within_eligible(self) -> BaselineRow:
        for name in ("mentors", "mentees"):
            if getattr(self, name) > self.eligible:
                raise PydanticCustomError(
                    "baseline_total",
                    "{name} ({value}) is more than eligible ({eligible})",
                    {
                        "name": name,
                        "value": getattr(self, name),
                        "eligible": self.eligible,
                        "field": name,
                    },
                )
        return self


# -- surveys -----------------------------------------------------------------------------

Counts = tuple[Count, ...]


class Question(Record):
    id: Slug
    text: Text
    scale: Annotated[tuple[Text, ...], Field(min_length=2)]
    counts: Counts
    by_role: dict[Text, Counts] | None = None
    by_team: dict[Text, Counts] | None = None
    by_cohort: dict[Text, Counts] | None = None

    @property
    def respondents(self) -> int:
        return sum(self.counts)

    @property
    def breakdowns(self) -> dict[str, dict[str, Counts]]:
        """Every breakdown given, keyed by its field name (`by_role`, ...)."""
        found = {"by_role": self.by_role, "by_team": self.by_team, "by_cohort": self.by_cohort}
        return {name: groups for name, groups in found.items() if groups}


class Theme(Record):
    theme: Text
    mentions: Count


class Survey(Record):
    id: Slug
    title: Text
    date: IsoDate
    invited: Count
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    themes: tuple[Theme, ...] = ()

    @property
    def respondents(self) -> int:
        """People who answered at least the most-answered question."""
        return max(question.respondents for question in self.questions)


# -- the whole program -------------------------------------------------------------------


class Program(BaseModel):
    """Everything in `program/`, checked; the one input of every generator and command."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    info: ProgramInfo
    people: tuple[Person, ...]
    cohorts: tuple[Cohort, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    incentives: tuple[Incentive, ...] = ()
    recognition: tuple[Recognition, ...] = ()
    baseline: tuple[BaselineRow, ...] = ()
    surveys: tuple[Survey, ...] = ()

    @cached_property
    def person(self) -> dict[str, Person]:
        """People by id."""
        return {person.id: person for person in self.people}


def _check_order(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError(
            "date_order",
            "end ({end}) is before start ({start})",
            {"end": end.isoformat(), "start": start.isoformat(), "field": "end"},
        )
