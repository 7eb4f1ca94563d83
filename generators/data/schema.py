"""JSON Schemas (draft 2020-12) of the program's files, made from the models, for editors.

An editor that knows the schema checks types, allowed values and spelling of keys as one
types; `handbook check` stays the judge, since rules across records are beyond a schema.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from generators.data import files
from generators.data.load import LIST_FILES, RECORD_DIRS
from generators.data.models import ProgramInfo

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _record_file(name: str) -> str:
    """`people` → `person.schema.json`: the schema of one record's own file."""
    return {"people": "person", "surveys": "survey"}.get(name, name) + ".schema.json"


def files_and_schemas() -> dict[str, str]:
    """Which files of `program/` each schema describes: a glob under `program/` → schema file."""
    found = {files.PROGRAM_FILE: "program.schema.json"}
    found |= {name: name.replace(".yaml", ".schema.json") for name in LIST_FILES}
    found |= {f"{folder}/*.yaml": _record_file(name) for folder, (name, _) in RECORD_DIRS.items()}
    return found


def schemas() -> dict[str, dict[str, Any]]:
    """File name of each schema → the schema, for every kind of file in `program/`."""
    found = {"program.schema.json": _schema(ProgramInfo, files.PROGRAM_FILE)}
    for filename, (_, model, _) in LIST_FILES.items():
        array = TypeAdapter(tuple[model, ...]).json_schema()  # type: ignore[valid-type]
        found[filename.replace(".yaml", ".schema.json")] = _finish(array, filename)
    for folder, (name, model) in RECORD_DIRS.items():
        single = _schema(model, f"{folder}/<id>.yaml")
        # The file's name is the record's id: writing it again inside is optional.
        single["required"] = [key for key in single.get("required", []) if key != "id"]
        found[_record_file(name)] = single
    return found


def _schema(model: type[BaseModel], filename: str) -> dict[str, Any]:
    return _finish(model.model_json_schema(), filename)


def _finish(schema: dict[str, Any], filename: str) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": f"program/{filename}",
        "description": f"The handbook's program/{filename}; see docs/data.md for every rule.",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def render(schema: dict[str, Any]) -> str:
    """A schema as the file written to disk: stable key order, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
