"""The JSON Schemas editors check the data with: up to date, accepting program/, and rejecting
the type errors `handbook check` rejects."""

from __future__ import annotations

import fnmatch
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO
from data.conftest import SMALL as CORPUS_BASE
from data.edits import Case
from data.test_invalid_corpus import CASES

from generators.cli import main
from generators.data.schema import files_and_schemas, render, schemas

SCHEMA_DIR = REPO / "schema"
#: Invalid-corpus cases a schema can tell from the file alone (time zones are left to the check:
#: the schema does not list the world's zones).
TYPE_ERRORS = (
    "int-as-words",
    "float-for-int",
    "bool-as-words",
    "string-for-list",
    "number-for-text",
    "empty-text",
    "bad-slug",
    "impossible-date",
    "date-in-words",
    "date-with-time",
    "negative-count",
    "min-group-size-below-three",
    "no-people-recognized",
    "unknown-key",
    "misspelt-required-key",
    "unknown-nested-key",
    "missing-key",
    "enum-typo",
    "nested-enum-typo",
    "target-metric-typo",
    "decision-reached-typo",
    "feedback-channel-typo",
    "task-key-misspelt",
)


class _TextDates(yaml.SafeLoader):
    """YAML as an editor's language server sees it: dates stay text, to be checked as text."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_for(relative: str) -> str | None:
    return next(
        (
            name
            for pattern, name in files_and_schemas().items()
            if fnmatch.fnmatch(relative, pattern)
        ),
        None,
    )


def schema_errors(program: Path, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Every file of `program` against its schema: one line per error, empty when all pass."""
    errors = []
    for path in sorted(program.rglob("*.yaml")):
        relative = path.relative_to(program).as_posix()
        name = _schema_for(relative)
        assert name is not None, f"no schema describes {relative}"
        schema = json.loads((schema_dir / name).read_text(encoding="utf-8"))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors += [f"{relative}: {error.message}" for error in validator.iter_errors(data)]
    return errors


def test_the_committed_schemas_are_what_handbook_schema_writes(tmp_path: Path) -> None:
    assert main(["schema", "-o", str(tmp_path)]) == 0
    written = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMA_DIR.iterdir()}
    assert written == committed, "run `handbook schema` and commit schema/"
    assert written == {name: render(schema) for name, schema in schemas().items()}


def test_every_schema_is_draft_2020_12_and_describes_every_field() -> None:
    for name, schema in schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        for definition in [schema, *schema.get("$defs", {}).values()]:
            for key, field in definition.get("properties", {}).items():
                assert field.get("description"), f"{name}: {key} has no description"


def test_the_editor_settings_map_each_program_file_to_its_schema() -> None:
    settings: dict[str, Any] = json.loads((REPO / ".vscode" / "settings.json").read_text())
    mapped = settings["yaml.schemas"]
    expected = {
        f"./schema/{name}": [f"/program/{glob}"] for glob, name in files_and_schemas().items()
    }
    assert mapped == expected
    assert all((REPO / key).is_file() for key in mapped)


def test_the_schemas_accept_program() -> None:
    assert schema_errors(REPO / "program") == []


@pytest.mark.parametrize("case", [c for c in CASES if c.name in TYPE_ERRORS], ids=str)
def test_the_schemas_reject_the_type_errors_of_the_invalid_corpus(
    case: Case, tmp_path: Path
) -> None:
    program = tmp_path / "program"
    shutil.copytree(CORPUS_BASE, program)
    assert schema_errors(program) == []
    case.edit(program)
    errors = schema_errors(program)
    assert errors, f"{case.name}: the schema accepts it"
    assert all(error.startswith(case.file) for error in errors), errors


def test_every_named_type_error_is_in_the_corpus() -> None:
    assert set(TYPE_ERRORS) <= {case.name for case in CASES}
