"""What the coordinator tools' tests share: paths, a check that nobody unnamed shows, builders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generators.data.models import Person, Program, ProgramInfo, Reporting

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "program-small"
REAL = REPO / "program"


@dataclass(frozen=True)
class Run:
    """What one `handbook` command returned and printed."""

    code: int
    out: str
    err: str


def assert_names_none_of(text: str, forbidden: Iterable[str]) -> None:
    """Fail naming the first forbidden id or name found in `text` (ignoring case)."""
    folded = text.casefold()
    for needle in forbidden:
        assert needle.casefold() not in folded, f"{needle!r} appears in the output"


def person(person_id: str, **fields: object) -> Person:
    """A person with defaults for what a test does not care about."""
    values: dict[str, object] = {
        "id": person_id,
        "name": person_id.replace("-", " ").title(),
        "team": "Team",
        "joined": date(2020, 1, 1),
        "publish": True,
    }
    values.update(fields)
    return Person.model_validate(values)


def program_of(people: Iterable[Person], **collections: object) -> Program:
    """A program made in code (the matching tests need no YAML)."""
    info = ProgramInfo(
        name="Test Program",
        organization="SRE",
        incentives_start=date(2024, 4, 1),
        reporting=Reporting(first=date(2024, 1, 1)),
    )
    return Program.model_validate({"info": info, "people": tuple(people), **collections})
