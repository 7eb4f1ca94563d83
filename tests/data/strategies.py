"""Hypothesis strategies that build valid programs as plain data, and write them as YAML.

A generated program satisfies every rule of the data contract by construction: a management
tree, pairings within capacity with the mentor outside the mentee's chain, dependencies on
earlier timeline entries that end no later, survey breakdowns that fit in their totals. Text
is any Unicode, ids are any slugs (including ones YAML would read as numbers, booleans or
dates unless quoted), and people are split between people.yaml and people/<id>.yaml.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generators.data.consent import WORD
from generators.data.readable import fold
from generators.data.reporting import MOST_REPORTING_DATES

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Africa/Lagos", "UTC"]
SLUG_CHARS = string.ascii_lowercase + string.digits + "-"

# Free text that cannot contain anyone's name: every generated name holds a token with
# capitals and digits (see `names`), and free text has neither.
free_text = st.text(alphabet=string.ascii_lowercase + " ,.'*", min_size=1, max_size=30).filter(
    str.strip
)
# Any printable text for names and teams, minus control characters and lone surrogates, and
# minus ` and @: an id in backticks or after @ names its person (see docs/data.md).
unicode_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="`@"),
    min_size=1,
    max_size=15,
).filter(str.strip)
slugs = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(alphabet=SLUG_CHARS, max_size=11),
)
# Ids of records other than people: published, so none may hold a person's id, nor any
# spelling of a name (every name's token has an x; these have none).
record_slugs = st.builds(
    str.__add__,
    st.sampled_from("r"),
    st.text(alphabet=SLUG_CHARS.replace("x", "").replace("-", ""), max_size=11),
)


#: The day generated programs are checked on: after every date they hold.
TODAY = date(2027, 1, 1)
FIRST_REPORT = date(2023, 6, 1)
#: Reporting dates up to TODAY stay within the check's bound however early the series starts.
FEWEST_DAYS_BETWEEN_REPORTS = -(-(TODAY - FIRST_REPORT).days // MOST_REPORTING_DATES)


def days(start: date, end: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=start, max_value=end)


@dataclass
class GeneratedProgram:
    """The files of a program as data: file name (relative) → what yaml.safe_dump writes."""

    files: dict[str, Any] = field(default_factory=dict)
    #: Where each person is defined: id → file name.
    person_file: dict[str, str] = field(default_factory=dict)

    def write(self, target: Path) -> Path:
        for name, data in self.files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        return target

    @property
    def people(self) -> list[dict[str, Any]]:
        found = list(self.files.get("people.yaml", []))
        found += [data for name, data in self.files.items() if name.startswith("people/")]
        return found

    @property
    def pairings(self) -> list[dict[str, Any]]:
        return list(self.files.get("pairings.yaml", []))


def _chain(managers: dict[str, str | None], person: str) -> set[str]:
    above: set[str] = set()
    current = managers.get(person)
    while current is not None and current not in above:
        above.add(current)
        current = managers.get(current)
    return above


@st.composite
def programs(draw: st.DrawFn) -> GeneratedProgram:
    generated = GeneratedProgram()
    files = generated.files
    ids = draw(st.lists(slugs, min_size=2, max_size=10, unique=True))
    # Published text holds no person's id: one with a digit or a hyphen names them anywhere.
    text = unicode_text.filter(lambda value: _holds_no_id(value, ids))
    files["program.yaml"] = {
        "name": draw(text),
        "organization": draw(text),
        "incentives_start": draw(days(date(2024, 1, 1), date(2024, 12, 31))),
        "reporting": {
            "cadence_days": draw(st.integers(FEWEST_DAYS_BETWEEN_REPORTS, 60)),
            "first": draw(days(FIRST_REPORT, date(2024, 6, 1))),
        },
        "privacy": {"min_group_size": draw(st.integers(3, 10))},
        "targets": [
            {
                "metric": draw(st.sampled_from(["participation", "mentors", "mentees"])),
                "value": draw(st.floats(0, 1, allow_nan=False)),
                "by": draw(days(date(2024, 1, 1), date(2026, 1, 1))),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
    }

    # People: a management tree (each reports to someone earlier, or to nobody).
    managers: dict[str, str | None] = {}
    people: list[dict[str, Any]] = []
    for n, pid in enumerate(ids):
        manager = draw(st.none() | st.sampled_from(ids[:n])) if n else None
        managers[pid] = manager
        person: dict[str, Any] = {
            "id": pid,
            # The token "X<n>Q" makes every name unique and unlike any free text.
            "name": f"{draw(text).strip()} X{n}Q",
            "team": draw(text),
            "joined": draw(days(date(2010, 1, 1), date(2023, 12, 31))),
            "capacity": draw(st.integers(0, 3)),
            "publish": draw(st.booleans()),
        }
        if draw(st.booleans()):
            person["left"] = draw(days(date(2025, 6, 1), date(2026, 12, 31)))
        if manager is not None:
            person["manager"] = manager
        roles = draw(st.lists(st.sampled_from(["mentor", "mentee", "manager", "wg-member"])))
        if roles:
            person["roles"] = sorted(set(roles))
        if draw(st.booleans()):
            person["timezone"] = draw(st.sampled_from(ZONES))
        if draw(st.booleans()):
            person["skills"] = draw(st.lists(text, max_size=3))
        people.append(person)
    in_files = draw(st.lists(st.booleans(), min_size=len(people), max_size=len(people)))
    listed = [p for p, own in zip(people, in_files, strict=True) if not own]
    if listed or not any(in_files):
        files["people.yaml"] = listed
    for person, own in zip(people, in_files, strict=True):
        name = f"people/{person['id']}.yaml" if own else "people.yaml"
        generated.person_file[person["id"]] = name
        if own:
            record = dict(person)
            if draw(st.booleans()):
                del record["id"]  # the file name gives it
            files[name] = record

    cohort_ids = draw(st.lists(record_slugs, max_size=2, unique=True))
    files["cohorts.yaml"] = [
        {"id": cid, "name": draw(free_text), "start": date(2024, 1, 1), "end": date(2024, 12, 31)}
        for cid in cohort_ids
    ]

    # Pairings: distinct people, the mentor outside the mentee's chain, each pair at most
    # once, and meeting pairings never more than the mentor's capacity, whatever the dates.
    names = {person["id"]: person["name"] for person in people}
    load: dict[str, int] = dict.fromkeys(ids, 0)
    capacity = {p["id"]: p["capacity"] for p in people}
    paired: set[frozenset[str]] = set()
    pairings: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 8))):
        mentor, mentee = draw(st.permutations(ids))[:2]
        if mentor in _chain(managers, mentee) or frozenset((mentor, mentee)) in paired:
            continue
        status = draw(st.sampled_from(["proposed", "active", "completed", "ended-early", "paused"]))
        meeting = status in ("active", "completed", "ended-early")
        if meeting and load[mentor] >= capacity[mentor]:
            status = "proposed"
        elif meeting:
            load[mentor] += 1
        paired.add(frozenset((mentor, mentee)))
        start = draw(days(date(2024, 1, 1), date(2025, 5, 31)))
        pairing: dict[str, Any] = {"mentor": mentor, "mentee": mentee, "start": start}
        if status in ("completed", "ended-early"):
            pairing["end"] = start + timedelta(days=draw(st.integers(0, 300)))
        pairing["status"] = status
        if cohort_ids and draw(st.booleans()):
            pairing["cohort"] = draw(st.sampled_from(cohort_ids))
        pair = [mentor, mentee]
        goals = [
            {
                "title": draw(free_text.filter(lambda text, pair=pair: _apart(text, pair, names))),
                "status": draw(st.sampled_from(["planned", "done"])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        if goals:
            pairing["goals"] = goals
        pairings.append(pairing)
    files["pairings.yaml"] = pairings

    # Timeline: each entry later than the previous ones, depending only on earlier ones.
    timeline: list[dict[str, Any]] = []
    day = date(2024, 1, 1)
    for tid in draw(st.lists(record_slugs, max_size=5, unique=True)):
        kind = draw(st.sampled_from(["phase", "milestone", "deliverable", "meeting"]))
        item: dict[str, Any] = {"id": tid, "title": draw(free_text), "kind": kind}
        if kind in ("milestone", "deliverable"):
            day += timedelta(days=draw(st.integers(0, 30)))
            item["date"] = day
        else:
            item["start"] = day
            day += timedelta(days=draw(st.integers(0, 60)))
            item["end"] = day
            if kind == "meeting":
                item["repeat"] = draw(st.sampled_from(["weekly", "biweekly", "monthly"]))
                item["duration_minutes"] = draw(st.integers(15, 120))
        fact = draw(st.sampled_from([None, "done_on", "at_risk_on"]))  # planned, done, at risk
        if fact is not None:
            item[fact] = item.get("date") or item["start"]
        earlier = [t["id"] for t in timeline]
        if earlier:
            item["depends_on"] = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
        if draw(st.booleans()):
            item["owner"] = draw(st.sampled_from(ids))
        timeline.append(item)
    files["timeline.yaml"] = timeline

    incentive_ids = draw(st.lists(record_slugs, max_size=3, unique=True))
    files["incentives.yaml"] = [
        {
            "id": iid,
            "name": draw(free_text),
            "category": draw(st.sampled_from(["recognition", "career", "time"])),
            "audience": draw(st.sampled_from(["mentor", "mentee", "both"])),
            "summary": draw(free_text),
            "description": draw(free_text),
            "cost": draw(st.sampled_from(["none", "low", "medium", "high"])),
            **draw(
                st.sampled_from(
                    [
                        {},
                        {"piloting_on": date(2024, 1, 2)},
                        {"adopted_on": date(2024, 1, 2)},
                        {"adopted_on": date(2024, 1, 2), "retired_on": date(2024, 2, 1)},
                    ]
                )
            ),
            "owner": draw(st.sampled_from(ids)),
        }
        for iid in incentive_ids
    ]
    files["recognition.yaml"] = [
        {
            "date": draw(days(date(2024, 1, 1), date(2025, 12, 31))),
            "people": listed,
            # No word of the name of anyone it lists (the contract's rule for a record's text).
            "title": draw(
                free_text.filter(lambda text, listed=listed: _apart(text, listed, names))
            ),
            **({"incentive": draw(st.sampled_from(incentive_ids))} if incentive_ids else {}),
        }
        for listed in draw(
            st.lists(
                st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True), max_size=2
            )
        )
    ]
    rows = []
    for _ in range(draw(st.integers(0, 2))):
        eligible = draw(st.integers(0, 500))
        rows.append(
            {
                "date": draw(days(date(2022, 1, 1), date(2023, 12, 31))),
                "eligible": eligible,
                "mentors": draw(st.integers(0, eligible)),
                "mentees": draw(st.integers(0, eligible)),
                "source": draw(free_text),
            }
        )
    files["baseline.yaml"] = rows

    for sid in draw(st.lists(record_slugs, max_size=2, unique=True)):
        files[f"surveys/{sid}.yaml"] = draw(surveys(sid))
    return generated


def _holds_no_id(text: str, ids: list[str]) -> bool:
    """Whether `text`, read as the check reads it, holds no id the check finds anywhere."""
    folded = fold(text)
    return not any(fold(pid) in folded for pid in ids if not pid.isalpha())


def _apart(text: str, people: list[str], names: dict[str, str]) -> bool:
    """Whether `text` holds no word (of two letters or more) of these people's names."""
    words = set(WORD.findall(fold(text)))
    return all(
        words.isdisjoint(WORD.findall(fold(variant)))
        for person in people
        for word in WORD.findall(names[person])
        if len(word) > 1
        for variant in (word, word.casefold(), word.upper(), word.capitalize())
    )


@st.composite
def surveys(draw: st.DrawFn, sid: str) -> dict[str, Any]:
    invited = draw(st.integers(1, 200))
    questions = []
    for qid in draw(st.lists(record_slugs, min_size=1, max_size=3, unique=True)):
        size = draw(st.integers(2, 5))
        # Counts that add up to at most `invited`.
        budget = draw(st.integers(0, invited))
        cuts = sorted(draw(st.lists(st.integers(0, budget), min_size=size - 1, max_size=size - 1)))
        counts = [b - a for a, b in zip([0, *cuts], [*cuts, budget], strict=True)]
        question: dict[str, Any] = {
            "id": qid,
            "text": draw(free_text),
            "scale": [f"point {n}" for n in range(size)],
            "counts": counts,
        }
        if draw(st.booleans()):
            mentor = [draw(st.integers(0, c)) for c in counts]
            mentee = [draw(st.integers(0, c - m)) for c, m in zip(counts, mentor, strict=True)]
            question["by_role"] = {"mentor": mentor, "mentee": mentee}
        questions.append(question)
    return {
        "id": sid,
        "title": draw(free_text),
        "date": draw(days(date(2024, 1, 1), date(2025, 12, 31))),
        "invited": invited,
        "questions": questions,
        "themes": [
            {"theme": draw(free_text), "mentions": draw(st.integers(0, invited))}
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
