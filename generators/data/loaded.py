"""A program being loaded, and where each record came from: what the cross-record checks read.

Kept apart from `load` so that the checks, which `load` calls, can name these types without
importing their caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generators.data.models import Program
from generators.data.problems import Problem
from generators.data.yamlfile import PathPart, YamlFile, format_loc


@dataclass(frozen=True)
class Origin:
    """Where a record came from: its file and its path inside the file."""

    source: YamlFile
    loc: tuple[PathPart, ...]
    prefix: str

    def problem(
        self,
        fieldpath: Sequence[PathPart],
        message: str,
        hint: str = "",
        code: str = "invalid",
        *,
        at_key: bool = False,
    ) -> Problem:
        full = (*self.loc, *fieldpath)
        shown = format_loc((self.prefix, *full)) if self.prefix else format_loc(full)
        return self.source.problem(
            full, message, hint=hint, code=code, at_key=at_key, field_path=shown
        )

    def place(self) -> str:
        """Where the record starts, as the check names it: `pairings.yaml:37 (pairings[4])`."""
        found = self.problem([], "")
        return f"{found.file}:{found.line} ({found.field})" if found.field else found.file


@dataclass
class Loaded:
    """A program and where each of its records came from (for the cross-record checks)."""

    program: Program | None
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Ids given in records that failed validation: references to them are not reported again.
    declared: dict[str, set[str]] = field(default_factory=dict)
    #: Every id as written, valid record or not, with its origin: duplicates are found here.
    raw_ids: dict[str, list[tuple[str, Origin]]] = field(default_factory=dict)
    #: Kinds whose file could not be read: references into them are not reported.
    unreadable: set[str] = field(default_factory=set)
    #: What the checks found that is valid but worth a look (a name where a mention would do).
    warnings: list[Problem] = field(default_factory=list)
    #: Records that failed validation, as written, with their origin: their references are
    #: still checked, so that one error in a record does not hide another.
    failed: dict[str, list[tuple[dict[str, Any], Origin]]] = field(default_factory=dict)

    def note_failed(self, kind: str, records: Iterable[tuple[Any, Origin]]) -> None:
        found = self.failed.setdefault(kind, [])
        found.extend((item, origin) for item, origin in records if isinstance(item, dict))

    def note_ids(self, kind: str, items: Sequence[Any], origins: Sequence[Origin]) -> None:
        found = self.raw_ids.setdefault(kind, [])
        for item, origin in zip(items, origins, strict=True):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append((item["id"], origin))
