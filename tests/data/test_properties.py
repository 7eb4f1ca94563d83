"""Properties over generated programs: valid ones pass, one defect is caught in its own file,
and the published view never names anyone who has not consented."""

from __future__ import annotations

import copy
import dataclasses
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.data.load import check_directory
from generators.data.published import publish

from .strategies import TODAY, GeneratedProgram, programs

#: Modest by default so the suite stays quick; DATA_EXAMPLES=500 searches harder.
SETTINGS = settings(
    max_examples=int(os.environ.get("DATA_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(generated: GeneratedProgram) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        target = generated.write(Path(folder))
        return check_directory(target, base=target, today=TODAY)


@SETTINGS
@given(programs())
def test_every_generated_valid_program_passes(generated: GeneratedProgram) -> None:
    loaded = check_directory_of(generated)
    assert [str(p) for p in loaded.problems] == []
    assert loaded.program is not None
    assert len(loaded.program.people) == len(generated.people)
    assert len(loaded.program.pairings) == len(generated.pairings)


def check_directory_of(generated: GeneratedProgram) -> Any:
    return check(generated)


# -- one mutation, one defect ----------------------------------------------------------------

Mutation = Callable[[GeneratedProgram, st.DataObject], "tuple[str, Callable[[Path], None] | None]"]


def _person(generated: GeneratedProgram, data: st.DataObject) -> tuple[dict[str, Any], str]:
    """A person record to break (as written: it may lack its id), and the file it lives in."""
    pid = data.draw(st.sampled_from(sorted(generated.person_file)))
    file = generated.person_file[pid]
    if file == "people.yaml":
        return next(p for p in generated.files[file] if p["id"] == pid), file
    return generated.files[file], file


def _id(generated: GeneratedProgram, record: dict[str, Any], file: str) -> str:
    return str(record.get("id") or Path(file).stem)


def capacity_as_words(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    person["capacity"] = "many"
    return file, None


def unknown_key(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    person["nickname"] = "x"
    return file, None


def impossible_date(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    person["joined"] = "2023-02-30"
    return file, None


def role_typo(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    person["roles"] = ["mentr"]
    return file, None


def own_manager(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    person["manager"] = _id(g, person, file)
    return file, None


def person_in_both_layouts(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    person, file = _person(g, data)
    pid = _id(g, person, file)
    twin = {**person, "id": pid}
    if file == "people.yaml":
        g.files[f"people/{pid}.yaml"] = twin
    else:
        g.files.setdefault("people.yaml", []).append(twin)
    return f"people/{pid}.yaml", None  # read after people.yaml: the second definition


def self_mentoring(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    pairings = g.files["pairings.yaml"]
    if pairings:
        pairing = data.draw(st.sampled_from(pairings))
        pairing["mentee"] = pairing["mentor"]
    else:
        pid = next(iter(g.person_file))
        pairings.append(
            {"mentor": pid, "mentee": pid, "start": date(2024, 6, 1), "status": "proposed"}
        )
    return "pairings.yaml", None


def unknown_person(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    g.files["pairings.yaml"].append(
        {
            "mentor": "somebody-unknown-here",
            "mentee": next(iter(g.person_file)),
            "start": date(2024, 6, 1),
            "status": "proposed",
        }
    )
    return "pairings.yaml", None


def cohort_ends_first(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    g.files["cohorts.yaml"].append(
        {
            "id": "cohort-ending-early",
            "name": "c",
            "start": date(2024, 5, 1),
            "end": date(2024, 4, 30),
        }
    )
    return "cohorts.yaml", None


def survey_counts_too_long(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    names = sorted(name for name in g.files if name.startswith("surveys/"))
    if not names:
        return unknown_file(g, data)
    name = data.draw(st.sampled_from(names))
    question = data.draw(st.sampled_from(g.files[name]["questions"]))
    question["counts"] = [*question["counts"], 0]
    return name, None


def tab_indent(g: GeneratedProgram, data: st.DataObject) -> tuple[str, Callable[[Path], None]]:
    def edit(folder: Path) -> None:
        path = folder / "program.yaml"
        text = path.read_text(encoding="utf-8")
        assert "\n  " in text
        path.write_text(text.replace("\n  ", "\n\t", 1), encoding="utf-8")

    return "program.yaml", edit


def unknown_file(g: GeneratedProgram, data: st.DataObject) -> tuple[str, None]:
    g.files["peoples.yaml"] = []
    return "peoples.yaml", None


MUTATIONS: list[Any] = [
    capacity_as_words,
    unknown_key,
    impossible_date,
    role_typo,
    own_manager,
    person_in_both_layouts,
    self_mentoring,
    unknown_person,
    cohort_ends_first,
    survey_counts_too_long,
    tab_indent,
    unknown_file,
]


@SETTINGS
@given(programs(), st.sampled_from(MUTATIONS), st.data())
def test_a_single_mutation_is_caught_in_its_file(
    generated: GeneratedProgram, mutation: Any, data: st.DataObject
) -> None:
    broken = copy.deepcopy(generated)
    expected_file, edit = mutation(broken, data)
    with tempfile.TemporaryDirectory() as folder:
        target = broken.write(Path(folder))
        if edit is not None:
            edit(target)
        problems = check_directory(target, base=target, today=TODAY).problems
    assert problems, f"{mutation.__name__} was not caught"
    assert expected_file in {p.file for p in problems}, [str(p) for p in problems]


# -- consent, whatever the data ------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


@SETTINGS
@given(programs(), st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)))
def test_the_published_view_never_names_the_unconsenting(
    generated: GeneratedProgram, as_of: date
) -> None:
    loaded = check(generated)
    assert loaded.program is not None and not loaded.problems
    published = publish(loaded.program, as_of)
    text = "\n".join([repr(published), *_strings(dataclasses.asdict(published))])
    for person in loaded.program.people:
        if not person.publish:
            assert person.name not in text
