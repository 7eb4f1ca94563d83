"""JSON Schemas (draft 2020-12) of the program's files, made from the models, for editors.

An editor that knows the schema checks types, allowed values and spelling of keys as one
types; `handbook check` stays the judge, since rules across records are beyond a schema.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from generators.data import files, models
from generators.data.load import LIST_FILES, RECORD_DIRS
from generators.data.models import ProgramInfo

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _record_file(name: str) -> str:
    """`people` → `person.schema.json`: the schema of one record's own file."""
    return {"people": "person", "surveys": "survey", "meetings": "meeting"}.get(name, name) + (
        ".schema.json"
    )


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
    top = schema.get("title")
    for name, definition in [(top, schema), *schema.get("$defs", {}).items()]:
        model = _models().get(name) if isinstance(name, str) else None
        if model is not None:
            _describe_fields(definition, model)
    ordered = GenerateJsonSchema().sort(schema)  # as pydantic orders it, descriptions added
    return {
        "$schema": DIALECT,
        "title": f"program/{filename}",
        "description": f"The handbook's program/{filename}; see docs/data.md for every rule.",
        **{key: value for key, value in ordered.items() if key != "title"},
    }


@cache
def _models() -> dict[str, type[BaseModel]]:
    """Every model of the data layer by class name, the name pydantic gives its definition."""
    return {
        name: value
        for name, value in vars(models).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    }


def _describe_fields(definition: dict[str, Any], model: type[BaseModel]) -> None:
    """Each property's description: the docstring written under its field in `models.py`."""
    docs = _attribute_docstrings(model)
    for name, info in model.model_fields.items():
        key = info.alias or name
        prop = definition.get("properties", {}).get(key)
        if prop is not None and name in docs and "description" not in prop:
            prop["description"] = docs[name]


@cache
def _attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The string literal under each annotated field, through the model's bases.

    Read from the source here, for the schema only: pydantic's `use_attribute_docstrings`
    would parse every model's source whenever the package is imported, a cost every
    `handbook check` would pay for text only the schema shows.
    """
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not issubclass(klass, BaseModel) or klass.__module__ != models.__name__:
            continue
        body = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0]
        assert isinstance(body, ast.ClassDef)
        for statement, following in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def render(schema: dict[str, Any]) -> str:
    """A schema as the file written to disk: stable key order, one trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
