"""Typed, immutable models of `program/`, one class a kind of record in the data contract.

Field-level rules (types, formats, allowed values, date order within a record) live here;
rules that relate records to each other live in `checks.py`.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache, cached_property
from typing import Annotated, Any, Literal, Protocol, TypeVar, cast, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generators.data import years
from generators.data.readable import control_character

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
#: The program's figures: what a target measures, and what a chart or a table shows.
Metric = Literal["participation", "mentors", "mentees", "participants", "eligible"]
#: A survey question's breakdowns: each is a field of `Question` of the same name.
Breakdown = Literal["by_role", "by_team", "by_cohort"]
TaskStatus = Literal["open", "done", "blocked"]
Reached = Literal["consensus", "vote"]
Disposition = Literal["adopted", "declined", "open"]
Channel = Literal["email", "chat", "staff-meeting", "meeting", "survey", "document", "conversation"]


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
        return _in_range(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(part) for part in text.split("-"))
            try:
                found = date(year, month, day)
            except ValueError as error:
                raise PydanticCustomError(
                    "date_impossible",
                    "{text} is not a real date ({reason})",
                    {"text": text, "reason": str(error)},
                ) from None
            return _in_range(found)
    raise PydanticCustomError("date_format", "expected a date as YYYY-MM-DD")


def _in_range(day: date) -> date:
    """`day`, if the handbook can show it (see `years`)."""
    why = years.out_of_range(day)
    if why is not None:
        raise PydanticCustomError(
            "date_range", "{why}, {allowed}", {"why": why, "allowed": years.ALLOWED}
        )
    return day


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text", "expected text")
    if not value.strip():
        raise PydanticCustomError("text_empty", "expected text, not an empty value")
    control = control_character(value)
    if control is not None:
        at, what = control
        raise PydanticCustomError(
            "text_control",
            "expected text without control or bidirectional characters; found {what} at "
            "character {at}",
            {"what": what, "at": at + 1},
        )
    return value


#: YAML 1.1's other words for true and false, which the loader keeps as text: a field that
#: wants a boolean still takes them, as it always has.
_FLAG_WORDS = {"yes": True, "on": True, "no": False, "off": False}


def _flag(value: object) -> object:
    if isinstance(value, str):
        return _FLAG_WORDS.get(value.lower(), value)
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

Slug = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN.pattern}),
]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "pattern": r"\S"})]
TimeZone = Annotated[Text, AfterValidator(_timezone)]
Count = Annotated[int, Field(ge=0, strict=True)]
#: A yes-or-no field: true or false (yes/no/on/off are read as YAML 1.1 would).
Flag = Annotated[bool, BeforeValidator(_flag), Field(strict=True)]


RecordT = TypeVar("RecordT", bound="Record")


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
    """The channel's name, e.g. #sre-mentorship."""
    url: WebUrl
    """The channel's web address."""


class Contact(Record):
    """How to reach the program coordinator: an email address, a chat channel, or both."""

    email: Email | None = None
    """The coordinator's email address."""
    chat: Chat | None = None
    """The program's chat channel."""

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
    """The fewest working hours a mentor and mentee share across time zones."""
    min_shared_topics: Annotated[int, Field(ge=0, strict=True)] = 1
    """The fewest of the mentee's interests the mentor offers."""
    same_team: Flag = False
    """Whether a mentor may be on the mentee's own team."""


class Reporting(Record):
    cadence_days: Annotated[int, Field(ge=1, le=366, strict=True)] = 14
    """Days between reporting dates (the staff meeting is every two weeks)."""
    first: IsoDate | None = None
    """The first reporting date; the others follow every cadence_days."""
    meeting: Slug | None = None
    """The timeline meeting the updates are for: reporting dates are its occurrences."""
    stalled_after_days: Annotated[int, Field(ge=1, le=366, strict=True)] = 28
    """An active pairing with no check-in for this many days is reported as stalled."""

    @model_validator(mode="after")
    def _first_or_meeting(self) -> Reporting:
        if self.first is None and self.meeting is None:
            raise PydanticCustomError(
                "reporting_dates",
                "expected meeting (the timeline meeting each update is for) or first",
                {"field": "meeting"},
            )
        return self


class Privacy(Record):
    min_group_size: Annotated[int, Field(ge=3, strict=True)] = 5
    """The fewest people a published survey figure may be about (at least 3): a question's
    answers, a breakdown group, a theme's mentions; a count of 1 inside one is shown."""


class Target(Record):
    metric: Metric
    """What is measured: participation, mentors, mentees, participants or eligible."""
    value: Annotated[float, Field(ge=0)]
    """The committed figure (participation as a fraction, e.g. 0.4)."""
    by: IsoDate
    """The day by which the figure is to be reached."""
    set_on: IsoDate | None = None
    """The day the target was agreed: it does not exist before, and its pace starts here."""

    @model_validator(mode="after")
    def _set_before_due(self) -> Target:
        if self.set_on is not None and self.set_on > self.by:
            raise PydanticCustomError(
                "date_order",
                "set_on ({set_on}) is after by ({by})",
                {"set_on": self.set_on.isoformat(), "by": self.by.isoformat(), "field": "set_on"},
            )
        return self

    def is_set_on(self, day: date) -> bool:
        """The target had been agreed by `day` (one without `set_on` always has)."""
        return self.set_on is None or self.set_on <= day


class WorkingGroup(Record):
    """The working group's weekly meeting, which its meeting files in working-group/ follow."""

    meeting: Slug
    """The id of the group's recurring meeting in timeline.yaml."""


class ProgramInfo(Record):
    name: Text
    """The program's name, on the cover and in titles."""
    organization: Text
    """The organization, e.g. SRE."""
    incentives_start: IsoDate
    """The day incentives took effect: splits every before and after figure."""
    reporting: Reporting
    """When reports fall: the first reporting date and the days between them."""
    privacy: Privacy = Privacy()
    """Suppression of small groups in published figures."""
    targets: tuple[Target, ...] = ()
    """Committed goals, shown beside the measured figure."""
    contact: Contact | None = None
    """How to reach the program: an email, a chat channel or both."""
    site_url: WebUrl | None = None
    """The published handbook's address."""
    private: Flag = False
    """The site asks search engines not to index it, and publishes no sitemap."""
    matching: MatchingRules = MatchingRules()
    """The framework's matching rules that handbook match never breaks."""
    working_group: WorkingGroup | None = None
    """The working group's weekly meeting (needed once working-group/ holds meetings)."""


# -- people ------------------------------------------------------------------------------


class Person(Record):
    id: Slug
    """The person's handle, a slug; in people/<id>.yaml the file's name."""
    name: Text
    """Full name, shown only with publish: true."""
    team: Text
    """Team within the organization."""
    joined: IsoDate
    """Joined the organization: eligible from this day."""
    left: IsoDate | None = None
    """Left the organization: not eligible from this day."""
    roles: tuple[Role, ...] = ()
    """Any of mentor, mentee, coordinator, manager, wg-lead, wg-member."""
    manager: Slug | None = None
    """The id of whom they report to."""
    capacity: Count = 1
    """A mentor's most mentees at once."""
    skills: tuple[Text, ...] = ()
    """What a mentor offers."""
    interests: tuple[Text, ...] = ()
    """What a mentee wants to learn."""
    timezone: TimeZone | None = None
    """IANA time zone name, e.g. Europe/Berlin."""
    publish: Flag = False
    """Consent to be named in anything the handbook publishes."""
    prefers: tuple[Text, ...] = ()
    """A mentor's stated preference: topics they would most like to mentor in."""
    mentee_while_mentoring: Flag = False
    """Asks for both at once: a mentee while mentoring, and a mentor while mentored."""

    @model_validator(mode="after")
    def _left_after_joined(self) -> Person:
        if self.left is not None and self.left < self.joined:
            raise PydanticCustomError(
                "date_order",
                "left ({left}) is before joined ({joined})",
                {"left": self.left.isoformat(), "joined": self.joined.isoformat(), "field": "left"},
            )
        if self.mentee_while_mentoring and not {"mentor", "mentee"} <= set(self.roles):
            raise PydanticCustomError(
                "both_roles",
                "mentee_while_mentoring is for someone with both mentor and mentee among their "
                "roles (found {roles})",
                {"roles": ", ".join(self.roles) or "no role", "field": "mentee_while_mentoring"},
            )
        return self

    def employed_on(self, day: date) -> bool:
        """Eligible on `day`: joined on or before it and not yet left."""
        return self.joined <= day and (self.left is None or self.left > day)


# -- cohorts and pairings ----------------------------------------------------------------


class Applications(Record):
    """The days a cohort takes sign-ups: its intake."""

    opens: IsoDate
    """The first day to sign up."""
    closes: IsoDate
    """The last day to sign up."""

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
    """The cohort's id, a slug."""
    name: Text
    """The cohort's name."""
    start: IsoDate
    """The cohort's first day."""
    end: IsoDate
    """The cohort's last day (on or after start)."""
    applications: Applications | None = None
    """The days the cohort takes sign-ups."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Cohort:
        _check_order(self.start, self.end)
        return self


class Goal(Record):
    title: Text
    """What the mentee works towards."""
    status: GoalStatus
    """planned, in-progress, done or dropped (the latest; done_on dates a done goal)."""
    due: IsoDate | None = None
    """When the goal is due."""
    done_on: IsoDate | None = None
    """The day a done goal was reached: in progress before it (without it, done always)."""

    @model_validator(mode="after")
    def _done_on_for_done(self) -> Goal:
        if self.done_on is not None and self.status != "done":
            raise PydanticCustomError(
                "fact_status",
                "done_on is only for a goal whose status is done (found {status})",
                {"status": self.status, "field": "done_on"},
            )
        return self

    def status_on(self, day: date) -> GoalStatus:
        """The goal's status on `day`: a goal done after `day` was still in progress then."""
        if self.done_on is not None and day < self.done_on:
            return "in-progress"
        return self.status

    @property
    def done_day(self) -> date | None:
        """The day a done goal was reached as the records tell it: `done_on`, or in an older
        record its due date."""
        if self.status != "done":
            return None
        return self.done_on or self.due


class Pairing(Record):
    mentor: Slug
    """The mentor's person id."""
    mentee: Slug
    """The mentee's person id."""
    cohort: Slug | None = None
    """The cohort's id."""
    start: IsoDate
    """The first session."""
    end: IsoDate | None = None
    """The last session; absent while the pairing goes on."""
    status: PairingStatus
    """proposed, active, completed, ended-early or paused."""
    paused_on: IsoDate | None = None
    """The day a paused pairing stopped meeting (without it, paused from `start`)."""
    goals: tuple[Goal, ...] = ()
    """The mentee's goals in this pairing."""
    check_ins: tuple[IsoDate, ...] = ()
    """Days the coordinator checked in with the pair (see reporting.stalled_after_days)."""

    @model_validator(mode="after")
    def _dates(self) -> Pairing:
        if self.end is not None:
            _check_order(self.start, self.end)
        if self.paused_on is not None:
            if self.status != "paused":
                raise PydanticCustomError(
                    "fact_status",
                    "paused_on is only for a pairing whose status is paused (found {status})",
                    {"status": self.status, "field": "paused_on"},
                )
            if self.paused_on < self.start:
                raise PydanticCustomError(
                    "date_order",
                    "paused_on ({paused_on}) is before start ({start})",
                    {
                        "paused_on": self.paused_on.isoformat(),
                        "start": self.start.isoformat(),
                        "field": "paused_on",
                    },
                )
        return self

    def status_on(self, day: date) -> PairingStatus:
        """The pairing's status on `day`: proposed before its first session, active until it
        was paused or ended, then what `status` says it became. After its last session
        (`end`) no pair is active: one still written `active` (an end planned, then reached)
        has completed, as the contract's figures count it."""
        if self.status == "proposed" or day < self.start:
            return "proposed"
        if self.status == "paused":
            return "paused" if day >= (self.paused_on or self.start) else "active"
        if self.end is not None and day > self.end:
            return "completed" if self.status == "active" else self.status
        return "active"

    def meets_on(self, day: date) -> bool:
        """The pair counts as active on `day` (the contract's definition of active)."""
        return self.status_on(day) == "active"

    def meeting_span(self) -> tuple[date, date] | None:
        """The first and last day the pair counts as active (None if it never did): the days
        `meets_on` is true, as one span for the figures."""
        if self.status == "proposed":
            return None
        if self.status == "paused":
            stop = self.paused_on or self.start
            return None if stop <= self.start else (self.start, stop - timedelta(days=1))
        return (self.start, self.end or date.max)


def _derived(record: RecordT, values: Mapping[str, object]) -> RecordT:
    """`record` with values worked out from what its file wrote, which stays what it wrote:
    the check holds only written dates to today (a status's fact follows the entry's plan)."""
    fields = {name: getattr(record, name) for name in type(record).model_fields}
    derived = type(record).model_construct(record.model_fields_set, **{**fields, **values})
    return cast(RecordT, derived)


# -- timeline ----------------------------------------------------------------------------


def _title_unless_target(schema: dict[str, Any]) -> None:
    """The editors' schema: a milestone about a target has no title of its own."""
    schema["required"] = [key for key in schema.get("required", []) if key != "title"]
    schema["allOf"] = [
        *schema.get("allOf", []),
        {"if": {"not": {"required": ["target"]}}, "then": {"required": ["title"]}},
    ]


class TimelineItem(Record):
    model_config = ConfigDict(json_schema_extra=_title_unless_target)

    id: Slug
    """The item's id, a slug."""
    title: Text
    """What the item is called on the roadmap."""
    kind: TimelineKind
    """phase, milestone, deliverable or meeting."""
    date: IsoDate | None = None
    """The day of a milestone or a deliverable."""
    start: IsoDate | None = None
    """The first day of a phase or a meeting."""
    end: IsoDate | None = None
    """The last day of a phase or a meeting."""
    repeat: Repeat | None = None
    """How often a meeting recurs: weekly, biweekly or monthly."""
    duration_minutes: Annotated[int, Field(gt=0, le=24 * 60, strict=True)] | None = None
    """A meeting's length in minutes."""
    owner: Slug | None = None
    """The owner's person id."""
    status: TimelineStatus = "planned"
    """The older way to write it: read as the dated fact it stands for (see docs/data.md)."""
    started_on: IsoDate | None = None
    """The day work on it began: in progress from then."""
    done_on: IsoDate | None = None
    """The day it was done."""
    at_risk_on: IsoDate | None = None
    """The day it was found at risk."""
    missed_on: IsoDate | None = None
    """The day it was declared missed."""
    depends_on: tuple[Slug, ...] = ()
    """Ids of the items that must come first."""
    page: Text | None = None
    """The handbook page that holds a deliverable, e.g. incentives."""
    decided_by: Text | None = None
    """Who decides on the program at this milestone or meeting (e.g. the SRE management team):
    the off-site edition of the handbook is the approval pack for the next one."""
    target: Metric | None = None
    """A milestone that is one of program.yaml's targets (the one with this metric and `by` on
    the milestone's date): its title and its status on each day follow from the target."""

    @model_validator(mode="before")
    @classmethod
    def _from_target(cls, data: object) -> object:
        """A milestone about a target takes its title and status from it: neither is written."""
        if not isinstance(data, dict) or data.get("target") is None:
            return data
        if data.get("kind") != "milestone":
            return data  # a target on another kind is refused as such (`_dates_for_kind`)
        written = [key for key in ("title", "status", *TIMELINE_FACTS) if key in data]
        if written:
            raise PydanticCustomError(
                "target_and_status",
                "{written} is written beside target: a milestone about a target takes its title "
                "and status from the target; remove {written}",
                {"written": written[0], "field": written[0]},
            )
        # A stand-in until the day's view names it from the target's value (data.status).
        return {**data, "title": f"{data['target']} target"}

    @model_validator(mode="before")
    @classmethod
    def _status_or_facts(cls, data: object) -> object:
        """A written status stands for a fact: it may not be written beside the facts too."""
        if isinstance(data, dict) and "status" in data:
            facts = [key for key in TIMELINE_FACTS if key in data]
            if facts:
                raise PydanticCustomError(
                    "status_and_facts",
                    "status is written beside {fact}: the status follows from the dates; "
                    "remove status",
                    {"fact": facts[0], "field": "status"},
                )
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _status_from_facts(
        cls, data: object, handler: ModelWrapValidatorHandler[TimelineItem]
    ) -> TimelineItem:
        item = handler(data)
        if "status" in item.model_fields_set:
            item = _derived(item, item._written_facts())
        return _derived(item, {"status": item.status_on(Day.max)})

    def _written_facts(self) -> dict[str, Day]:
        """The facts a written status stands for: done or missed on the entry's last day (a
        span in progress from its start), in progress from its first day, at risk as far back
        as records go."""
        facts: dict[str, Day] = {
            "done": {"done_on": self.last_day},
            "missed": {"missed_on": self.last_day},
            "in-progress": {"started_on": self.first_day},
            "at-risk": {"at_risk_on": Day.min},
        }.get(self.status, {})
        if self.status in ("done", "missed") and self.kind in ("phase", "meeting"):
            facts["started_on"] = self.first_day
        return facts

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
        if self.target is not None and self.kind != "milestone":
            raise PydanticCustomError(
                "kind_target",
                "only a milestone can be a target; found a {kind}",
                {"kind": self.kind, "field": "target"},
            )
        if self.kind != "meeting" and (self.repeat or self.duration_minutes):
            raise PydanticCustomError(
                "kind_meeting",
                "repeat and duration_minutes are only for meetings",
                {"field": "repeat" if self.repeat else "duration_minutes"},
            )
        _check_facts(
            ("started_on", self.started_on),
            (("done_on", self.done_on), ("missed_on", self.missed_on)),
            ("at_risk_on", self.at_risk_on),
        )
        return self

    def status_on(self, day: Day) -> TimelineStatus:
        """Done or missed once that happened, else at risk, else in progress once started."""
        facts: tuple[tuple[Day | None, TimelineStatus], ...] = (
            (self.done_on, "done"),
            (self.missed_on, "missed"),
            (self.at_risk_on, "at-risk"),
            (self.started_on, "in-progress"),
        )
        for on, status in facts:
            if on is not None and on <= day:
                return status
        return "planned"

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
    """The incentive's id; its anchor is incentive-<id>."""
    name: Text
    """The incentive's name."""
    category: Category
    """recognition, professional-development, career, time or community."""
    audience: Audience
    """mentor, mentee or both."""
    summary: Text
    """One line."""
    description: Text
    """The full description, in Markdown."""
    cost: Cost
    """none, low, medium or high."""
    status: IncentiveStatus = "proposed"
    """The older way to write it, with `since`: read as the fact it stands for."""
    owner: Slug | None = None
    """The owner's person id."""
    since: IsoDate | None = None
    """With a written status, the day it began; read back, the day the latest status began."""
    piloting_on: IsoDate | None = None
    """The day its pilot began."""
    adopted_on: IsoDate | None = None
    """The day it was adopted."""
    retired_on: IsoDate | None = None
    """The day it was retired."""
    evidence: Text | None = None
    """Why we think it works."""

    @model_validator(mode="before")
    @classmethod
    def _status_or_facts(cls, data: object) -> object:
        """A written status (with `since`) stands for a fact: never beside the facts too."""
        if not isinstance(data, dict) or not ("status" in data or "since" in data):
            return data
        written = "status" if "status" in data else "since"
        facts = [key for key in INCENTIVE_FACTS if key in data]
        if facts:
            raise PydanticCustomError(
                "status_and_facts",
                "{written} is written beside {fact}: the status follows from the dates; "
                "remove {written}",
                {"written": written, "fact": facts[0], "field": written},
            )
        if "status" not in data:
            raise PydanticCustomError(
                "since_alone",
                "since needs a status; better, write adopted_on (or piloting_on, retired_on)",
                {"field": "since"},
            )
        return data

    @model_validator(mode="wrap")
    @classmethod
    def _status_from_facts(
        cls, data: object, handler: ModelWrapValidatorHandler[Incentive]
    ) -> Incentive:
        incentive = handler(data)
        fact = {"piloting": "piloting_on", "adopted": "adopted_on", "retired": "retired_on"}
        if incentive.status in fact and "status" in incentive.model_fields_set:
            # A written status holds from `since`, or as far back as records go.
            written = {fact[incentive.status]: incentive.since or Day.min}
            incentive = _derived(incentive, written)
        status, since = incentive.status_since(Day.max)
        return _derived(incentive, {"status": status, "since": since})

    @model_validator(mode="after")
    def _facts_in_order(self) -> Incentive:
        _check_facts(
            ("piloting_on", self.piloting_on),
            (("adopted_on", self.adopted_on),),
            ("retired_on", self.retired_on),
            then_after=True,
        )
        return self

    def status_since(self, day: Day) -> tuple[IncentiveStatus, Day | None]:
        """The status on `day` and the day it began (None when the records do not say)."""
        facts: tuple[tuple[Day | None, IncentiveStatus], ...] = (
            (self.retired_on, "retired"),
            (self.adopted_on, "adopted"),
            (self.piloting_on, "piloting"),
        )
        for on, status in facts:
            if on is not None and on <= day:
                return status, (None if on == Day.min else on)
        return "proposed", None


class Recognition(Record):
    date: IsoDate
    """The day it was celebrated."""
    people: Annotated[tuple[Slug, ...], Field(min_length=1)]
    """Ids of everyone involved; the unnamed show as a mentor or a mentee."""
    title: Text
    """The story's title."""
    story: Text | None = None
    """The story, in Markdown; it must name nobody without consent."""
    incentive: Slug | None = None
    """The id of the incentive it was part of."""


class BaselineRow(Record):
    date: IsoDate
    """The day the figures describe."""
    eligible: Count
    """People eligible that day."""
    mentors: Count
    """Mentors meeting that day."""
    mentees: Count
    """Mentees meeting that day."""
    source: Text
    """Where the figures come from."""

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


# -- the working group's meetings and the feedback log --------------------------------------


class Reading(Record):
    """Pre-reading for an agenda item: a page of this handbook, a web address, or just a title."""

    title: Text
    """What to read."""
    url: WebUrl | None = None
    """Where it is on the web."""
    page: Text | None = None
    """The handbook page it is, e.g. incentives (not beside url)."""

    @model_validator(mode="after")
    def _one_place(self) -> Reading:
        if self.url is not None and self.page is not None:
            raise PydanticCustomError(
                "reading_place",
                "pre-reading is a page or a web address, not both",
                {"field": "page"},
            )
        return self


class AgendaItem(Record):
    title: Text
    """The topic or question."""
    proposer: Slug
    """The person id of whoever put it on the agenda."""
    pre_reading: tuple[Reading, ...] = ()
    """What to read before the meeting."""


class Links(Record):
    """What a decision concerns, or where a piece of feedback was incorporated."""

    incentives: tuple[Slug, ...] = ()
    """Ids of incentives in incentives.yaml."""
    timeline: tuple[Slug, ...] = ()
    """Ids of timeline entries (a milestone, a deliverable, a phase)."""
    decisions: tuple[Slug, ...] = ()
    """Ids of the working group's decisions."""

    @property
    def empty(self) -> bool:
        return not (self.incentives or self.timeline or self.decisions)


class Decision(Record):
    id: Slug
    """The decision's id, unique across meetings; its anchor is decision-<id>."""
    title: Text
    """What was decided, in a sentence."""
    reached: Reached
    """How: consensus or vote."""
    changes: Text
    """What it changes."""
    concerns: Links = Links()
    """What it concerns: incentives, timeline entries, earlier decisions."""


class Task(Record):
    title: Text
    """What is to be done."""
    owner: Slug
    """The person id of who is accountable for it."""
    due: IsoDate
    """When it is due (not before the meeting that set it)."""
    status: TaskStatus = "open"
    """open, done or blocked (the latest; done_on and blocked_on date it)."""
    blocker: Text | None = None
    """What blocks it: needed when it is blocked (a done task may keep what blocked it)."""
    blocked_on: IsoDate | None = None
    """The day it was found blocked (without it, blocked since it was set)."""
    done_on: IsoDate | None = None
    """The day a done task was finished: needed when it is done."""

    @model_validator(mode="after")
    def _facts_for_status(self) -> Task:
        if self.status == "blocked" and self.blocker is None:
            raise PydanticCustomError(
                "task_blocker",
                "a blocked task needs blocker: what blocks it, for the lead to act on",
                {"field": "status"},
            )
        if self.status == "done" and self.done_on is None:
            raise PydanticCustomError(
                "task_done_on",
                "a done task needs done_on: the day it was finished",
                {"field": "status"},
            )
        if self.done_on is not None and self.status != "done":
            raise PydanticCustomError(
                "fact_status",
                "done_on is only for a task whose status is done (found {status})",
                {"status": self.status, "field": "done_on"},
            )
        for name in ("blocker", "blocked_on"):
            if getattr(self, name) is not None and self.status == "open":
                raise PydanticCustomError(
                    "fact_status",
                    "{name} is only for a task that is or was blocked (found status open): "
                    "remove it once the task is unblocked",
                    {"name": name, "field": name},
                )
        if self.blocked_on is not None and self.blocker is None:
            raise PydanticCustomError(
                "task_blocker",
                "blocked_on needs blocker: what blocked the task",
                {"field": "blocked_on"},
            )
        if self.blocked_on and self.done_on and self.done_on < self.blocked_on:
            raise _facts_out_of_order("done_on", self.done_on, "blocked_on", self.blocked_on)
        return self

    def status_on(self, day: date) -> TaskStatus:
        """Done once finished; before that, blocked once it was found blocked; else open. A
        fact dated after `day` is not true yet."""
        if self.done_on is not None and self.done_on <= day:
            return "done"
        if self.blocker is not None and (self.blocked_on is None or self.blocked_on <= day):
            return "blocked"
        return "open"


class Meeting(Record):
    """One meeting of the working group: its agenda, and what it decided and assigned."""

    id: Slug
    """The meeting's id: the file's name, by custom the series day (2024-01-10)."""
    date: IsoDate
    """The day it takes place: a day of the group's weekly meeting, unless moved_from says."""
    moved_from: IsoDate | None = None
    """The day of the weekly series it replaces, when it was moved."""
    purpose: Text | None = None
    """Why the group meets."""
    objective: Text | None = None
    """What will be true at the end, usually a decision."""
    process: Text | None = None
    """How the group will get there: a round of views, a review of a draft, a vote."""
    agenda: tuple[AgendaItem, ...] = ()
    """Topics and questions, each with who proposed it and its pre-reading."""
    decisions: tuple[Decision, ...] = ()
    """What the meeting decided."""
    tasks: tuple[Task, ...] = ()
    """What the meeting assigned; each is carried forward until done."""

    @property
    def missing(self) -> list[str]:
        """What its agenda lacks before it can be posted (`FRAMING`), in that order."""
        return unframed(self)

    @property
    def framed(self) -> bool:
        """Purpose, objective and process are all written: the agenda can be posted."""
        return not self.missing


#: What a working-group meeting's agenda states before it can be posted, in this order.
FRAMING = ("purpose", "objective", "process")


class Framed(Protocol):
    """A meeting as recorded or as published: its agenda's framing."""

    @property
    def purpose(self) -> str | None: ...
    @property
    def objective(self) -> str | None: ...
    @property
    def process(self) -> str | None: ...


def unframed(meeting: Framed) -> list[str]:
    """Which of `FRAMING` `meeting` leaves unwritten."""
    return [name for name in FRAMING if getattr(meeting, name) is None]


class Feedback(Record):
    """What a stakeholder said about the group's work, and what became of it."""

    id: Slug
    """The entry's id: the file's name."""
    date: IsoDate
    """The day it was said."""
    source: Text = Field(alias="from")
    """Who said it: a group or a role (SRE managers, a pilot mentor), never an unconsented name."""
    channel: Channel
    """email, chat, staff-meeting, meeting, survey, document or conversation."""
    said: Text
    """What they said, in a sentence or two."""
    disposition: Disposition
    """adopted, declined or open."""
    reason: Text | None = None
    """Why it was declined: needed when declined."""
    decided_on: IsoDate | None = None
    """The day it was adopted or declined (without it, on the day it was said)."""
    incorporated: Links = Links()
    """Where it was incorporated: needed when adopted."""

    @model_validator(mode="after")
    def _disposition_facts(self) -> Feedback:
        if self.disposition == "declined" and self.reason is None:
            raise PydanticCustomError(
                "feedback_reason", "declined feedback needs reason: why", {"field": "disposition"}
            )
        if self.disposition == "adopted" and self.incorporated.empty:
            raise PydanticCustomError(
                "feedback_incorporated",
                "adopted feedback needs incorporated: the incentives, timeline entries or "
                "decisions it went into",
                {"field": "disposition"},
            )
        if self.reason is not None and self.disposition != "declined":
            raise PydanticCustomError(
                "fact_status",
                "reason is only for declined feedback (found {disposition})",
                {"disposition": self.disposition, "field": "reason"},
            )
        if self.decided_on is not None:
            if self.disposition == "open":
                raise PydanticCustomError(
                    "fact_status",
                    "decided_on is only for adopted or declined feedback (found open)",
                    {"field": "decided_on"},
                )
            if self.decided_on < self.date:
                raise _facts_out_of_order("decided_on", self.decided_on, "date", self.date)
        return self

    def disposition_on(self, day: Day) -> Disposition:
        """Open until the day it was adopted or declined."""
        if self.disposition != "open" and (self.decided_on or self.date) <= day:
            return self.disposition
        return "open"


# -- surveys -----------------------------------------------------------------------------

Counts = tuple[Count, ...]


class Question(Record):
    id: Slug
    """The question's id, a slug."""
    text: Text
    """The question as asked."""
    scale: Annotated[tuple[Text, ...], Field(min_length=2)]
    """The answers offered, in order."""
    counts: Counts
    """How many chose each answer, one count a scale point."""
    by_role: dict[Text, Counts] | None = None
    """The counts of each role, same shape as counts."""
    by_team: dict[Text, Counts] | None = None
    """The counts of each team, same shape as counts."""
    by_cohort: dict[Text, Counts] | None = None
    """The counts of each cohort, same shape as counts."""

    @property
    def respondents(self) -> int:
        return sum(self.counts)

    @property
    def breakdowns(self) -> dict[str, dict[str, Counts]]:
        """Every breakdown given, keyed by its field name (`by_role`, ...)."""
        found = {name: getattr(self, name) for name in get_args(Breakdown)}
        return {name: groups for name, groups in found.items() if groups}


class Theme(Record):
    theme: Text
    """A theme coded from the open answers."""
    mentions: Count
    """How many answers mention it."""


class Survey(Record):
    id: Slug
    """The survey's id: the file's name."""
    title: Text
    """The survey's title."""
    date: IsoDate
    """The day the survey closed."""
    invited: Count
    """How many people were invited."""
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    """Each question's counts, never individual answers."""
    themes: tuple[Theme, ...] = ()
    """Themes coded from the open answers."""

    @property
    def respondents(self) -> int:
        """People who answered at least the most-answered question."""
        return max(question.respondents for question in self.questions)


# -- the whole program -------------------------------------------------------------------


class Program(BaseModel):
    """Everything in `program/`, checked; the one input of every generator and command."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, defer_build=True)

    info: ProgramInfo
    people: tuple[Person, ...]
    cohorts: tuple[Cohort, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    incentives: tuple[Incentive, ...] = ()
    recognition: tuple[Recognition, ...] = ()
    baseline: tuple[BaselineRow, ...] = ()
    surveys: tuple[Survey, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    feedback: tuple[Feedback, ...] = ()

    @cached_property
    def person(self) -> dict[str, Person]:
        """People by id."""
        return {person.id: person for person in self.people}


#: The dated facts of a timeline item and of an incentive.
TIMELINE_FACTS = ("started_on", "done_on", "at_risk_on", "missed_on")
INCENTIVE_FACTS = ("piloting_on", "adopted_on", "retired_on")


def _check_facts(
    first: tuple[str, date | None],
    ends: tuple[tuple[str, date | None], ...],
    warning: tuple[str, date | None],
    *,
    then_after: bool = False,
) -> None:
    """Facts that contradict each other: two ends, an end before the start, or (for a timeline
    item) a warning after the end; with `then_after`, the last fact must follow the others."""
    given = [(name, on) for name, on in ends if on is not None]
    if len(given) > 1:
        raise PydanticCustomError(
            "fact_twice",
            "{a} and {b} are both written: an entry ends one way",
            {"a": given[0][0], "b": given[1][0], "field": given[1][0]},
        )
    start_name, start = first
    for name, on in given:
        if start is not None and on is not None and on < start:
            raise _facts_out_of_order(name, on, start_name, start)
    late_name, late = warning
    if late is None:
        return
    if then_after:
        for name, earlier in (first, *given):
            if earlier is not None and late < earlier:
                raise _facts_out_of_order(late_name, late, name, earlier)
        return
    for name, on in given:
        if on is not None and late > on:
            raise PydanticCustomError(
                "date_order",
                "{late} ({late_on}) is after {name} ({on}): nothing is at risk once it ended",
                {
                    "late": late_name,
                    "late_on": late.isoformat(),
                    "name": name,
                    "on": on.isoformat(),
                    "field": late_name,
                },
            )


def _facts_out_of_order(name: str, on: date, before: str, before_on: date) -> Exception:
    return PydanticCustomError(
        "date_order",
        "{name} ({on}) is before {before} ({before_on})",
        {
            "name": name,
            "on": on.isoformat(),
            "before": before,
            "before_on": before_on.isoformat(),
            "field": name,
        },
    )


def _check_order(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError(
            "date_order",
            "end ({end}) is before start ({start})",
            {"end": end.isoformat(), "start": start.isoformat(), "field": "end"},
        )
