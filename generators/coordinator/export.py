"""The program as published, for tools and spreadsheets: JSON of the whole view, CSV tables.

Everything here is made from `published.publish`, so exports carry the same consent and
suppression as the site: names only of people who agreed, no person ids, survey figures only
about enough respondents. The site writes `program.json` with `write_program_json`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from generators.data.models import Target
from generators.data.published import PublishedProgram
from generators.data.safefile import write_atomically

Row = tuple[object, ...]
#: Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_data(value: Any) -> Any:
    """`value` as JSON-ready data: dataclasses with their derived properties, ISO dates."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in _properties(type(value)):
            data[name] = to_data(getattr(value, name))
        return data
    if isinstance(value, Target):  # the one data model in the published view: no people in it
        return to_data(dict(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_data(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot export a {type(value).__name__}")


def program_json(published: PublishedProgram) -> str:
    """The whole published view as JSON, keys sorted, so the same data gives the same text."""
    return json.dumps(to_data(published), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_program_json(published: PublishedProgram, path: Path) -> None:
    """Write `program.json` (e.g. into the built site) in one step."""
    write_atomically(path, program_json(published).encode("utf-8"))


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


def _mentors(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = (
        "name",
        "team",
        "roles",
        "capacity",
        "active_mentees",
        "open_slots",
        "skills",
        "timezone",
    )
    return header, [
        (
            m.person.name,
            m.person.team,
            _joined(m.person.roles),
            m.capacity,
            m.active_mentees,
            m.open_slots,
            _joined(m.person.skills),
            m.person.timezone,
        )
        for m in p.mentors
    ]


def _mentees(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = ("name", "team", "interests", "timezone")
    return header, [(m.name, m.team, _joined(m.interests), m.timezone) for m in p.mentees_named]


def _pairings(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = ("cohort", "mentor", "mentee", "start", "goals_done", "goals_total")
    return header, [
        (pair.cohort, pair.mentor, pair.mentee, pair.start, pair.goals_done, pair.goals_total)
        for cohort in p.cohorts
        for pair in cohort.named
    ]


def _cohorts(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = ("id", "name", "start", "end", "active_pairings", "named_pairings", "unnamed_pairings")
    return header, [
        (c.id, c.name, c.start, c.end, c.active_pairings, len(c.named), c.unnamed)
        for c in p.cohorts
    ]


def _incentives(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = ("id", "name", "category", "audience", "cost", "status", "owner", "since", "summary")
    return header, [
        (i.id, i.name, i.category, i.audience, i.cost, i.status, i.owner, i.since, i.summary)
        for i in p.incentives
    ]


def _snapshots(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = (
        "date",
        "source",
        "eligible",
        "mentors",
        "mentees",
        "participants",
        "participation",
        "year_participants",
        "participation_year",
    )
    return header, [
        (
            s.date,
            s.source,
            s.eligible,
            s.mentors,
            s.mentees,
            s.participants,
            s.participation,
            s.year_participants,
            s.participation_year,
        )
        for s in p.snapshots
    ]


def _targets(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = (
        "metric",
        "value",
        "by",
        "measured",
        "measured_on",
        "met",
        "status",
        "expected",
        "set_on",
    )
    return header, [
        (
            t.target.metric,
            t.target.value,
            t.target.by,
            t.measured,
            t.measured_on,
            t.met,
            t.words,
            t.expected,
            t.target.set_on,
        )
        for t in p.targets
    ]


def _timeline(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = (
        "id",
        "title",
        "kind",
        "first_day",
        "last_day",
        "status",
        "owner",
        "repeat",
        "duration_minutes",
        "occurrences",
        "depends_on",
        "page",
    )
    return header, [
        (
            t.id,
            t.title,
            t.kind,
            t.first_day,
            t.last_day,
            t.status,
            t.owner,
            t.repeat,
            t.duration_minutes,
            t.occurrences,
            _joined(t.depends_on),
            t.page,
        )
        for t in p.timeline
    ]


def _recognition(p: PublishedProgram) -> tuple[Row, list[Row]]:
    header = ("date", "title", "people", "incentive")
    return header, [(r.date, r.title, _joined(r.people), r.incentive_name) for r in p.recognition]


def _surveys(p: PublishedProgram) -> tuple[Row, list[Row]]:
    """One row a count: suppressed counts are empty, with `suppressed` true."""
    header = (
        "survey",
        "date",
        "invited",
        "respondents",
        "question",
        "breakdown",
        "group",
        "answer",
        "count",
        "suppressed",
    )
    rows: list[Row] = []
    for s in p.surveys:
        for q in s.questions:
            groups = [
                ("", "", q.counts),
                *((name, g.name, g.counts) for name, found in q.breakdowns.items() for g in found),
            ]
            for breakdown, group, counts in groups:
                for point, label in enumerate(q.scale):
                    value = None if counts is None else counts[point]
                    rows.append(
                        (
                            s.id,
                            s.date,
                            s.invited,
                            s.respondents,
                            q.id,
                            breakdown,
                            group,
                            label,
                            value,
                            counts is None,
                        )
                    )
    return header, rows


TABLES: dict[str, Callable[[PublishedProgram], tuple[Row, list[Row]]]] = {
    "mentors": _mentors,
    "mentees": _mentees,
    "pairings": _pairings,
    "cohorts": _cohorts,
    "incentives": _incentives,
    "snapshots": _snapshots,
    "targets": _targets,
    "timeline": _timeline,
    "recognition": _recognition,
    "surveys": _surveys,
}


def table_csv(published: PublishedProgram, table: str) -> str:
    """One table of the published view as CSV (RFC 4180 line ends, a header row)."""
    header, rows = TABLES[table](published)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _cell(value: object) -> object:
    """A cell as text a spreadsheet shows and never runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # OWASP's advice against formula injection
    return value


def _properties(cls: type) -> list[str]:
    """The read-only properties a dataclass derives from its fields (`open_slots`, ...)."""
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, property) and not name.startswith("_") and name not in names:
                names.append(name)
    return names
