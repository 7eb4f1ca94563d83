"""A coordinator's routine edits, made on a copy of `program/` the way a pull request makes them.

Records are chosen from whatever the data holds at run time (an open pairing, a consenting
person named in no free text), and new ids, names and titles are ones not taken yet, so the
edits stay valid as the real program grows, even on a copy edited this way before.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from generators.data.load import load_program
from generators.data.models import Program

NEW_PERSON = "Rosa Delgado"
NEW_MILESTONE = "Mentor meetup"
NEW_MILESTONE_DAY = date(2027, 5, 12)
NEW_STORY = "A first on-call handover led by a mentee"
NEW_SURVEY = "Pulse survey"
#: The day the edits are made: the pairing closes and the story and survey are dated then.
EDIT_DAY = date(2026, 11, 20)


@dataclass(frozen=True)
class RoutineEdits:
    """What was changed, for the tests to look for."""

    program: Path
    closed_pairing: tuple[str, str]
    withdrawn: str  # the name of the person who withdrew consent
    person: str
    milestone: str
    story: str
    survey: str


def copy_program(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def make_routine_edits(program: Path) -> RoutineEdits:
    """Add a person, a milestone, a story and a survey; close a pairing; withdraw a consent."""
    before = load_program(program, today=date.today())
    withdrawn = _withdrawable(before, program)
    pairing = _close_a_pairing(program)
    taken_ids = {p.id for p in before.people} | {t.id for t in before.timeline}
    taken_ids |= {s.id for s in before.surveys}
    taken_texts = {p.name for p in before.people} | {t.title for t in before.timeline}
    taken_texts |= {r.title for r in before.recognition} | {s.title for s in before.surveys}
    person, milestone, story, survey = (
        _fresh(text, taken_texts) for text in (NEW_PERSON, NEW_MILESTONE, NEW_STORY, NEW_SURVEY)
    )
    person_id, milestone_id, survey_id = (
        _fresh(_slug(text), taken_ids) for text in (person, milestone, survey)
    )
    _append(
        program / "timeline.yaml",
        f"""
- id: {milestone_id}
  title: {milestone}
  kind: milestone
  date: {NEW_MILESTONE_DAY.isoformat()}
""",
    )
    mentor = next(p for p in before.people if p.publish and "mentor" in p.roles and not p.left)
    _append(
        program / "recognition.yaml",
        f"""
- date: {EDIT_DAY.isoformat()}
  people: [{mentor.id}, {person_id}]
  title: {story}
  story: |
    The mentee led the weekly on-call handover for the first time, with the mentor listening.
""",
    )
    (program / "people" / f"{person_id}.yaml").write_text(
        f"name: {person}\nteam: Storage\njoined: 2026-10-05\nroles: [mentee]\n"
        "interests: [incident response]\ntimezone: Europe/Madrid\npublish: true\n",
        encoding="utf-8",
    )
    (program / "surveys" / f"{survey_id}.yaml").write_text(
        f"""id: {survey_id}
title: {survey}
date: {EDIT_DAY.isoformat()}
invited: 30
questions:
  - id: worth-it
    text: Mentoring is worth the time it takes.
    scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    counts: [1, 2, 4, 9, 6]
themes:
  - theme: More time set aside for mentoring
    mentions: 6
""",
        encoding="utf-8",
    )
    _set_consent(program, withdrawn, publish=False)
    name = before.person[withdrawn].name
    return RoutineEdits(program, pairing, name, person, milestone, story, survey)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _fresh(base: str, taken: set[str]) -> str:
    """`base`, or `base 2`, `base 3`... (`base-2` for an id): the first one not taken."""
    joiner = "-" if _slug(base) == base else " "
    found = next(
        candidate
        for n in range(1, len(taken) + 2)
        if (candidate := base if n == 1 else f"{base}{joiner}{n}") not in taken
    )
    taken.add(found)
    return found


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _close_a_pairing(program: Path) -> tuple[str, str]:
    path = program / "pairings.yaml"
    pairings = yaml.safe_load(path.read_text(encoding="utf-8"))
    for pairing in pairings:
        started = date.fromisoformat(str(pairing["start"]))
        if pairing["status"] == "active" and "end" not in pairing and started < EDIT_DAY:
            pairing["status"] = "completed"
            pairing["end"] = EDIT_DAY.isoformat()
            path.write_text(yaml.safe_dump(pairings, sort_keys=False), encoding="utf-8")
            return pairing["mentor"], pairing["mentee"]
    raise AssertionError("program/ has no active pairing to close")


def _free_text(program: Path) -> str:
    """Every free text a name could be written in, except the people themselves."""
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted(program.rglob("*.yaml"))
        if path.name != "people.yaml" and path.parent.name != "people"
    ]
    return "\n".join(texts).casefold()


def _withdrawable(program: Program, folder: Path) -> str:
    """A named mentor or mentee in `people.yaml`, still here, whose name is in no free text."""
    listed = yaml.safe_load((folder / "people.yaml").read_text(encoding="utf-8"))
    in_list = {record["id"] for record in listed}
    words = set(re.findall(r"\w+", _free_text(folder)))
    for person in program.people:
        taking_part = {"mentor", "mentee"} & set(person.roles) and person.left is None
        unwritten = not set(re.findall(r"\w+", person.name.casefold())) & words
        if person.publish and taking_part and person.id in in_list and unwritten:
            return person.id
    raise AssertionError("nobody in people.yaml could withdraw consent without a text edit")


def _set_consent(program: Path, person_id: str, *, publish: bool) -> None:
    path = program / "people.yaml"
    people = yaml.safe_load(path.read_text(encoding="utf-8"))
    for record in people:
        if record["id"] == person_id:
            record["publish"] = publish
    path.write_text(yaml.safe_dump(people, sort_keys=False, allow_unicode=True), encoding="utf-8")
