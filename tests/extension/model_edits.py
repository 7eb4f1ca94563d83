"""Valid edits of a program folder, one for every kind of field each file's schema has.

The kinds come from the JSON Schemas the models give (`generators.data.schema`): a date, an
id, a text, a choice, a whole number, a list of texts, a map of counts, a record in a list,
a file of its own; where the schema allows it, a value may also be removed or added. For
each file and kind, `plan` lists one edit; `Editor.apply` makes it on the data as it stands,
choosing the field and the new value with a seeded random generator and keeping the first
candidate `handbook check` accepts. A new field in a model is a new kind, or a new field of a known
kind: the plan covers it without anyone listing it here.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from generators.data.load import check_directory
from generators.data.models import SLUG_PATTERN
from generators.data.schema import files_and_schemas, schemas

#: A place in a file's data: keys and indexes from the file's top.
Where = tuple[str | int, ...]
#: Edits tried for one (file, kind) before it counts as one the data cannot take, and new
#: values tried at one place before the next place is tried.
MOST_TRIES = 80
MOST_VALUES = 6
#: Whole records (a list's item, a folder's file) are kinds of their own.
RECORD, FILE = "record in the list", "file in the folder"


@dataclass(frozen=True)
class Slot:
    """A field of a file's records: where it is (`*` for every item of a list) and its kind."""

    file: str
    pattern: tuple[str, ...]
    schema: dict[str, Any] = field(hash=False, compare=False)
    optional: bool
    kind: str


@dataclass(frozen=True)
class Planned:
    """One edit to make: a kind of field of one file."""

    file: str
    kind: str

    def __str__(self) -> str:
        return f"{self.file}: {self.kind}"


@dataclass(frozen=True)
class Made:
    """An edit that was made, in words: which field, from what, to what."""

    planned: Planned
    where: str
    before: object
    after: object

    def __str__(self) -> str:
        return f"{self.planned} at {self.where}: {_short(self.before)} → {_short(self.after)}"


def _short(value: object) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# -- the kinds, from the schemas ------------------------------------------------------------


def file_schemas() -> dict[str, dict[str, Any]]:
    """Each file or folder of `program/` (`people/` for a folder) → its schema."""
    found = {}
    for glob, name in files_and_schemas().items():
        found[glob.replace("*.yaml", "")] = schemas()[name]
    return found


def slots() -> list[Slot]:
    """Every field of every file, with its kind, through nested records and lists."""
    found: list[Slot] = []
    for file, schema in file_schemas().items():
        defs = schema.get("$defs", {})
        if schema.get("type") == "array":
            found.append(Slot(file, (), schema, False, RECORD))
            found.extend(_walk(file, ("*",), _resolve(schema["items"], defs), defs))
        else:
            if file.endswith("/"):
                found.append(Slot(file, (), schema, False, FILE))
            found.extend(_walk(file, (), schema, defs))
    return found


def _walk(file: str, prefix: tuple[str, ...], record: dict[str, Any], defs: dict[str, Any]):
    required = set(record.get("required", ()))
    for name, prop in record.get("properties", {}).items():
        optional, inner = _optional(prop, defs)
        optional = optional or name not in required
        where = (*prefix, name)
        if inner.get("type") == "object" and "properties" in inner:
            if optional:
                yield Slot(file, where, inner, True, "record")
            yield from _walk(file, where, inner, defs)
        elif (
            inner.get("type") == "array" and _resolve(inner["items"], defs).get("type") == "object"
        ):
            yield Slot(file, where, inner, optional, RECORD)
            yield from _walk(file, (*where, "*"), _resolve(inner["items"], defs), defs)
        else:
            yield Slot(file, where, inner, optional, kind_of(inner, defs))


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _optional(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    options = schema.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        (inner,) = [o for o in options if o.get("type") != "null"]
        return True, _resolve(inner, defs)
    return False, _resolve(schema, defs)


def kind_of(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A field's kind in words, from its schema."""
    schema = _resolve(schema, defs)
    if "enum" in schema or "const" in schema:
        return "choice"
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "date"
        return "id" if schema.get("pattern") == SLUG_PATTERN.pattern else "text"
    if kind == "array":
        return "list of " + kind_of(schema["items"], defs)
    if kind == "object":
        (value,) = schema.get("patternProperties", {}).values() or [schema["additionalProperties"]]
        return "map of " + kind_of(value, defs)
    return {"integer": "whole number", "number": "number", "boolean": "yes or no"}[str(kind)]


def plan() -> list[Planned]:
    """One edit for each kind of field of each file, files in the schemas' order; in each
    file, records and files are added or removed last (so the fields are there to edit)."""
    seen: dict[Planned, None] = {}
    for slot in slots():
        seen.setdefault(Planned(slot.file, slot.kind))
    last = {RECORD: 1, "record": 1, FILE: 2}
    return sorted(seen, key=lambda p: (list(file_schemas()).index(p.file), last.get(p.kind, 0)))


# -- making an edit -----------------------------------------------------------------------


class NoValidEdit(AssertionError):
    """No candidate for a kind passed the check: the data has no field that can take one."""


class Editor:
    """Makes planned edits on a program folder, each one valid by `handbook check`."""

    def __init__(self, program: Path, seed: int, today: date) -> None:
        self.program = program
        self.random = random.Random(seed)
        self.today = today
        self.by_file = {file: [s for s in slots() if s.file == file] for file in file_schemas()}

    # -- reading and writing the files --

    def _paths(self, file: str) -> list[Path]:
        folder = self.program / file
        if file.endswith("/"):
            return sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        return [folder] if folder.is_file() else []

    def _load(self, path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def _dump(self, path: Path, data: Any) -> None:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(text, encoding="utf-8")

    def valid(self) -> bool:
        return not check_directory(self.program, today=self.today).problems

    # -- the edit --

    def apply(self, planned: Planned) -> Made:
        """Make `planned` on the data as it stands now (or `NoValidEdit`, saying why)."""
        tried = 0
        for candidate in self._candidates(planned):
            backup = self._snapshot()
            made = candidate()
            if made is None:
                continue
            if self.valid():
                return made
            self._restore(backup)
            tried += 1
            if tried >= MOST_TRIES:
                break
        raise NoValidEdit(
            f"{planned}: none of {tried} candidate edits passed the check; give the "
            "differential fixture a field of this kind that can change"
        )

    def _snapshot(self) -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in self.program.rglob("*.yaml")}

    def _restore(self, backup: dict[Path, bytes]) -> None:
        for path in self.program.rglob("*.yaml"):
            if path not in backup:
                path.unlink()
        for path, data in backup.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def _candidates(self, planned: Planned) -> Iterator[Callable[[], Made | None]]:
        matching = [s for s in self.by_file[planned.file] if s.kind == planned.kind]
        places = [
            (slot, path, where)
            for slot in matching
            for path in self._paths(planned.file)
            for where in _places(self._load(path), slot.pattern, slot.kind)
        ]
        self.random.shuffle(places)
        # Values that are there first: a value added beside them often contradicts them.
        places.sort(key=lambda place: _get(self._load(place[1]), place[2]) is _ABSENT)
        if planned.kind == FILE:
            yield from self._file_candidates(planned)
            return
        tries = []
        for slot, path, where in places:
            data = self._load(path)
            old = _get(data, where)
            values = list(self._values(slot, old, data, where))
            self.random.shuffle(values)
            if slot.kind in ("id", "list of id"):
                # Values the same field has elsewhere first: they are ids of the right kind.
                usual = list(self._values(slot, old, data, where, any_id=False))
                values.sort(key=lambda value: value not in usual)
            if planned.file.endswith("/") and slot.pattern == ("id",):
                values.insert(0, path.stem)  # a folder's file is named by its record's id
            tries.append([_setter(self, planned, path, where, old, new) for new in values])
        # A few values at each place, then a few more: no one place uses up every try.
        for start in range(0, max(map(len, tries), default=0), MOST_VALUES):
            for values in tries:
                yield from values[start : start + MOST_VALUES]

    def _file_candidates(self, planned: Planned) -> Iterator[Callable[[], Made | None]]:
        paths = self._paths(planned.file)
        self.random.shuffle(paths)
        for path in paths:

            def add(path: Path = path) -> Made:
                data = self._load(path)
                new = path.with_name(f"{path.stem}-2.yaml")
                copied = _renamed(data)
                copied.pop("id", None)
                if "id" in data:
                    copied["id"] = new.stem
                self._dump(new, copied)
                return Made(planned, _relative(self.program, new), None, "a copy of " + path.name)

            def remove(path: Path = path) -> Made:
                path.unlink()
                return Made(planned, _relative(self.program, path), path.name, None)

            yield self.random.choice([add, remove])
            yield add
            yield remove

    def _values(
        self, slot: Slot, old: Any, data: Any, where: Where, *, any_id: bool = True
    ) -> Iterator[Any]:
        """New values to try at `where`: changed, added or (where optional) removed; an id
        may be any id in the data, unless `any_id` is false."""
        absent = old is _ABSENT
        if slot.optional and not absent:
            yield _ABSENT
        kind = slot.kind
        if kind == RECORD:
            items = [] if absent else list(old)
            for index, item in enumerate(items):
                yield items[:index] + items[index + 1 :]
                yield [*items, _renamed(item)]
            for other in self._same_field(slot, exclude=where):
                yield [*items, *(_renamed(item) for item in other[:1])]
            return
        if kind == "record":
            for other in self._same_field(slot, exclude=where):
                yield copy.deepcopy(other)
            if isinstance(old, dict) and len(old) > 1:
                for key in old:  # the record with one of its fields fewer
                    yield {k: v for k, v in old.items() if k != key}
            return
        examples = list(self._same_field(slot, exclude=where))
        examples += slot.schema.get("enum", ()) or slot.schema.get("items", {}).get("enum", ())
        if kind in ("id", "list of id") and any_id:
            examples += self._ids()  # a reference may name an id of any kind of record
        yield from _changed(
            kind, None if absent else old, examples, self._record_dates(data, where)
        )

    def _same_field(self, slot: Slot, exclude: Where) -> Iterator[Any]:
        """The values the same field has elsewhere in the data (other records, other files)."""
        for path in self._paths(slot.file):
            data = self._load(path)
            for where in _places(data, slot.pattern, slot.kind):
                value = _get(data, where)
                if value is not _ABSENT and where != exclude:
                    yield value

    def _ids(self) -> list[str]:
        """Every id in the data, of any kind: the candidates of a reference."""
        found: dict[str, None] = {}
        for file, file_slots in self.by_file.items():
            for slot in file_slots:
                if slot.kind not in ("id", "list of id"):
                    continue
                for value in self._same_field(slot, exclude=()):
                    for one in value if isinstance(value, list) else [value]:
                        found.setdefault(one)
            if file.endswith("/"):
                found.update(dict.fromkeys(p.stem for p in self._paths(file)))
        return list(found)

    def _record_dates(self, data: Any, where: Where) -> list[date]:
        record = _get(data, where[:-1]) if where else data
        found = [v for v in (record.values() if isinstance(record, dict) else ()) if _is_day(v)]
        return found


_ABSENT = object()


def _is_day(value: object) -> bool:
    return isinstance(value, date)


def _changed(kind: str, old: Any, examples: list[Any], nearby: list[date]) -> Iterator[Any]:
    """Values of `kind` to put where `old` is (None: nothing is there yet)."""
    if kind == "choice":
        yield from (e for e in dict.fromkeys(examples) if e != old)
        return
    if kind.startswith("list of "):
        element = kind.removeprefix("list of ")
        items = list(old or [])
        pool = [x for e in examples for x in (e or [])]
        for index, item in enumerate(items):
            for new in _changed(element, item, pool, nearby):
                yield [*items[:index], new, *items[index + 1 :]]
        for new in _changed(element, items[0] if items else None, pool, nearby):
            if new not in items:
                yield [*items, new]
        if items:
            yield items[:-1]
            yield items[1:]
        return
    if kind.startswith("map of "):
        groups = dict(old or {})
        for key, counts in groups.items():
            if counts:
                yield {**groups, key: [counts[0] + 1, *counts[1:]]}
            yield {k: v for k, v in groups.items() if k != key}
            yield {**groups, f"{key} 2": list(counts)}
        return
    if kind == "date":
        base = [old] if old is not None else nearby
        for day in base:
            for days in (1, -1, 7, -7, 30, -30, 90, -90):
                yield day + timedelta(days=days)
        return
    if kind == "whole number":
        if old is None:
            yield from (e for e in examples if e is not None)
            yield 1
            return
        yield from (old + 1, old - 1, old + 2, old * 2)
        return
    if kind == "number":
        base = old if old is not None else 1.0
        yield from (round(base + 0.05, 2), round(base - 0.05, 2), base + 1)
        return
    if kind == "yes or no":
        yield not old if old is not None else True
        return
    if kind in ("text", "id"):
        yield from (e for e in dict.fromkeys(examples) if e != old)
        if old is not None:
            yield f"{old} (edited)" if kind == "text" else f"{old}-2"
            yield f"{old}-2"
        else:
            yield "Added text" if kind == "text" else "added"
        return
    raise AssertionError(f"no edits known for a field of kind {kind!r}")


def _renamed(item: Any) -> Any:
    """A copy of a record with its ids and names made new, so it can stand beside it."""
    copied = copy.deepcopy(item)
    if isinstance(copied, dict):
        for key in ("id", "name", "title", "theme"):
            if isinstance(copied.get(key), str):
                copied[key] = copied[key] + ("-2" if key == "id" else " 2")
    return copied


def _places(data: Any, pattern: tuple[str, ...], kind: str) -> Iterator[Where]:
    """The places in `data` a slot's pattern names (a missing last key is a place too)."""
    if kind == FILE:
        return
    if not pattern:
        if isinstance(data, list):
            yield ()
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                for where in _places(item, rest, kind):
                    yield (index, *where)
        return
    if not isinstance(data, dict):
        return
    if head in data:
        if rest:
            for where in _places(data[head], rest, kind):
                yield (head, *where)
        else:
            yield (head,)
    elif not rest:
        yield (head,)  # absent: a value may be added here


def _get(data: Any, where: Where) -> Any:
    for step in where:
        if isinstance(step, str):
            if not isinstance(data, dict) or step not in data:
                return _ABSENT
            data = data[step]
        else:
            data = data[step]
    return data


def _setter(
    editor: Editor, planned: Planned, path: Path, where: Where, old: Any, new: Any
) -> Callable[[], Made | None]:
    def make() -> Made | None:
        data = editor._load(path)
        if where:
            parent = _get(data, where[:-1])
            if new is _ABSENT:
                parent.pop(where[-1])
            else:
                parent[where[-1]] = copy.deepcopy(new)
        else:
            data = copy.deepcopy(new)
        editor._dump(path, data)
        shown = _relative(editor.program, path) + "".join(
            f"[{step}]" if isinstance(step, int) else f".{step}" for step in where
        )
        before, after = (None if v is _ABSENT else v for v in (old, new))
        if planned.kind == RECORD and isinstance(before, list) and isinstance(after, list):
            before, after = _list_change(before, after)
        return Made(planned, shown, before, after)

    return make


def _relative(program: Path, path: Path) -> str:
    return path.relative_to(program).as_posix()


def _list_change(before: list[Any], after: list[Any]) -> tuple[str, str]:
    """A list of records that lost or gained an item, in words."""
    if len(after) < len(before):
        gone = next((i for i, item in enumerate(after) if item != before[i]), len(after))
        return f"{len(before)} items", f"item {gone} removed"
    return f"{len(before)} items", "a copy of an item added"
