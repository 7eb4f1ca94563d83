"""Load `program/`: read every file, validate every record, check the whole, report all problems.

The result is a `Program` (typed, immutable) or a `ProgramInvalid` carrying every problem found,
each with file, line, column, field path, what was expected, what was found, and a hint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from generators.data import files, years
from generators.data.loaded import Loaded, Origin
from generators.data.messages import describe, explain
from generators.data.models import (
    BaselineRow,
    Cohort,
    Feedback,
    Incentive,
    Meeting,
    Pairing,
    Person,
    Program,
    ProgramInfo,
    Recognition,
    Reporting,
    Survey,
    TimelineItem,
)
from generators.data.problems import Problem, ProgramInvalid, display_path
from generators.data.safefile import Refused, links_out
from generators.data.salvage import salvage_survey
from generators.data.yamlfile import (
    YamlFile,
    did_you_mean,
    format_loc,
    gc_paused,
    read_yaml,
)

_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "people": (Person, "people"),
    "cohorts": (Cohort, "cohorts"),
    "pairings": (Pairing, "pairings"),
    "timeline": (TimelineItem, "timeline entries"),
    "incentives": (Incentive, "incentives"),
    "recognition": (Recognition, "recognition entries"),
    "baseline": (BaselineRow, "baseline rows"),
    "surveys": (Survey, "surveys"),
    "meetings": (Meeting, "meetings"),
    "feedback": (Feedback, "feedback entries"),
}
#: List files: file name → (collection name, record model, what an item is called).
LIST_FILES: dict[str, tuple[str, type[BaseModel], str]] = {
    filename: (name, *_MODELS[name]) for filename, name in files.LIST_FILES.items()
}
#: Folders of one-record files, the file name being the record's id.
RECORD_DIRS: dict[str, tuple[str, type[BaseModel]]] = {
    folder: (name, _MODELS[name][0]) for folder, name in files.RECORD_DIRS.items()
}
PROGRAM_FILE = files.PROGRAM_FILE
KNOWN_NAMES = [PROGRAM_FILE, *LIST_FILES, *RECORD_DIRS]


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def load_program(directory: Path, *, today: date, base: Path | None = None) -> Program:
    """The checked program in `directory`, or `ProgramInvalid` with every problem found.

    `today` bounds the facts (nothing can be done tomorrow): the caller says which day it is.
    """
    loaded = check_directory(directory, base=base, today=today)
    if loaded.problems or loaded.program is None:
        raise ProgramInvalid(loaded.problems)
    return loaded.program


def check_directory(
    directory: Path,
    *,
    base: Path | None = None,
    today: date | None = None,
    as_of: date | None = None,
) -> Loaded:
    """Read, validate and cross-check `directory`; problems are collected, never raised.

    `today` (the real date unless given) bounds the facts: nothing can be done tomorrow. The
    reporting series is bounded up to the later of `today` and `as_of`, the day the output
    will describe.
    """
    with gc_paused():  # everything built here stays alive until the end: see gc_paused
        return _check_directory(directory, base, today, as_of)


def _check_directory(
    directory: Path, base: Path | None, today: date | None, as_of: date | None
) -> Loaded:
    from generators.data.checks import check_program  # the checks need Loaded's shape
    from generators.data.reporting import check_reporting
    from generators.data.status import future_facts
    from generators.data.working_group import check_working_group

    def shown(path: Path) -> str:
        return display_path(path, base)

    loaded = Loaded(program=None)
    if not directory.is_dir():
        loaded.problems.append(
            Problem(
                shown(directory),
                1,
                1,
                "the program data folder does not exist",
                hint="pass --program with the folder that holds program.yaml",
                code="missing-file",
            )
        )
        return loaded

    refused = _report_links_out(directory, shown, loaded)
    _report_unknown_files(directory, shown, loaded, refused)
    info = _load_info(directory / PROGRAM_FILE, shown, loaded, directory)
    collections: dict[str, list[Any]] = {}
    for filename, (name, model, what) in LIST_FILES.items():
        path = directory / filename
        if path in refused:  # reported once, above; references into it are not checked
            collections.setdefault(name, [])
            loaded.origins.setdefault(name, [])
            loaded.unreadable.add(name)
            continue
        if name == "people":
            collections[name] = []
            if path.exists() or not (directory / "people").is_dir():
                collections[name] = _load_list(path, shown, model, name, what, loaded, directory)
        elif path.exists():
            collections[name] = _load_list(path, shown, model, name, what, loaded, directory)
        else:
            collections[name] = []
            loaded.origins[name] = []
    for folder, (name, model) in RECORD_DIRS.items():
        if directory / folder in refused:
            loaded.origins.setdefault(name, [])
            loaded.unreadable.add(name)
            continue
        records = _load_folder(directory / folder, shown, model, name, loaded, directory, refused)
        if name in collections:
            collections[name].extend(records)
        else:
            collections[name] = records

    fields: dict[str, Any] = {name: tuple(items) for name, items in collections.items()}
    if info is None:
        # The other files are still checked against each other, so that a slip in
        # program.yaml hides nothing; only what needs its settings waits for it.
        # No check reads the stand-in's settings (its origin is unknown: nothing is located
        # in it), and it has no targets.
        stand_in = ProgramInfo(
            name="-",
            organization="-",
            incentives_start=years.FIRST_DAY,
            reporting=Reporting(first=years.FIRST_DAY),
        )
        others = Program.model_construct(info=stand_in, **fields)
        loaded.problems.extend(check_program(others, loaded))
        loaded.problems.extend(future_facts(others, loaded, today or date.today()))
        return loaded
    program = Program.model_construct(info=info, **fields)
    loaded.program = program
    loaded.problems.extend(check_program(program, loaded))
    day = today or date.today()
    loaded.problems.extend(check_reporting(program, loaded, max(day, as_of or day)))
    loaded.problems.extend(future_facts(program, loaded, day))
    loaded.problems.extend(check_working_group(program, loaded, day))
    return loaded


def _report_links_out(
    directory: Path, shown: Callable[[Path], str], loaded: Loaded
) -> dict[Path, Refused]:
    """Links that leave the program folder or loop, each a problem at its own path."""
    refused = links_out(directory)
    loaded.problems.extend(
        Problem(shown(path), 1, 1, why.message, hint=why.hint, code=why.code)
        for path, why in refused.items()
    )
    return refused


def _report_unknown_files(
    directory: Path, shown: Callable[[Path], str], loaded: Loaded, refused: dict[Path, Refused]
) -> None:
    for entry in sorted(directory.iterdir()):
        name = entry.name
        if name.startswith(".") or name in KNOWN_NAMES or entry in refused:
            continue
        if entry.is_file() and entry.suffix not in (".yaml", ".yml"):
            continue  # notes such as README.md are welcome beside the data
        hint = did_you_mean(name, KNOWN_NAMES) or "known files: " + ", ".join(KNOWN_NAMES)
        loaded.problems.append(
            Problem(
                shown(entry),
                1,
                1,
                "unknown data file or folder; it would be ignored",
                hint=hint,
                code="unknown-file",
            )
        )


def _load_info(
    path: Path, shown: Callable[[Path], str], loaded: Loaded, root: Path
) -> ProgramInfo | None:
    source = read_yaml(path, shown(path), root)
    loaded.problems.extend(
        replace(
            p,
            hint="program.yaml holds the program's name, organization, "
            "incentives_start and reporting dates",
        )
        if p.code == "missing-file"
        else p
        for p in source.problems
    )
    if source.problems:
        return None
    if not isinstance(source.data, dict):
        loaded.problems.append(
            source.problem(
                [],
                f"expected a mapping of the program's settings; found {_describe_top(source.data)}",
                code="shape",
            )
        )
        return None
    try:
        info = ProgramInfo.model_validate(source.data)
        loaded.origins["info"] = [Origin(source, (), "")]
        loaded.origins["program"] = [Origin(source, (), "")]
        return info
    except ValidationError as error:
        origin = Origin(source, (), "")
        loaded.problems.extend(_problems(error, origin, ProgramInfo))
        return None


def _load_list(
    path: Path,
    shown: Callable[[Path], str],
    model: type[BaseModel],
    name: str,
    what: str,
    loaded: Loaded,
    root: Path,
) -> list[Any]:
    source = read_yaml(path, shown(path), root)
    loaded.problems.extend(
        replace(p, field=name + p.field) if p.field.startswith("[") else p for p in source.problems
    )
    origins = loaded.origins.setdefault(name, [])
    if _unusable(source):
        loaded.unreadable.add(name)
        return []
    data = source.data
    if data is None and not source.problems:
        data = []
        if name == "people":
            loaded.problems.append(
                source.problem([], "the file is empty; expected a list of people", code="empty")
            )
            loaded.unreadable.add(name)  # every reference to a person would fail: say it once
    if not isinstance(data, list):
        if not source.problems:
            loaded.problems.append(
                source.problem(
                    [],
                    f"expected a list of {what} (one '- ' item each); found {_describe_top(data)}",
                    code="shape",
                )
            )
        loaded.unreadable.add(name)
        return []
    items = data
    loaded.note_ids(name, items, [Origin(source, (i,), name) for i in range(len(items))])
    try:
        records = _adapter(model).validate_python(items)
        origins.extend(Origin(source, (index,), name) for index in range(len(records)))
        source.data = None  # the records hold it now: the raw copy need not outlive them
        return list(records)
    except ValidationError as error:
        failed: set[int] = set()
        found: list[Problem] = []
        origin = Origin(source, (), name)
        for detail in _relevant(error):
            index = detail["loc"][0] if detail["loc"] else None
            if isinstance(index, int):
                failed.add(index)
            found.extend(_problems_one(detail, origin, model))
        loaded.problems.extend(_unreported(source, found))
        _note_declared(loaded, name, (items[i] for i in failed))
        loaded.note_failed(name, ((items[i], Origin(source, (i,), name)) for i in sorted(failed)))
        good = [i for i in range(len(items)) if i not in failed]
        records = _adapter(model).validate_python([items[i] for i in good])
        origins.extend(Origin(source, (index,), name) for index in good)
        source.data = None  # the records hold it now: the raw copy need not outlive them
        return list(records)


def _load_folder(
    folder: Path,
    shown: Callable[[Path], str],
    model: type[BaseModel],
    name: str,
    loaded: Loaded,
    root: Path,
    refused: dict[Path, Refused],
) -> list[Any]:
    origins = loaded.origins.setdefault(name, [])
    if not folder.is_dir():
        return []
    records: list[Any] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml"):
            continue
        if path in refused:  # reported once; its id may still be referred to
            _note_declared(loaded, name, [{"id": path.stem}])
            continue
        source = read_yaml(path, shown(path), root)
        loaded.problems.extend(source.problems)
        if _unusable(source):
            _note_declared(loaded, name, [{"id": path.stem}])
            continue
        data = source.data
        if not isinstance(data, dict):
            loaded.problems.append(
                source.problem(
                    [],
                    f"expected a mapping for one record ({path.stem}); found {_describe_top(data)}",
                    code="shape",
                )
            )
            _note_declared(loaded, name, [{"id": path.stem}])
            continue
        if "id" not in data:
            data = {"id": path.stem, **data}  # the file name is the id
        elif data["id"] != path.stem:
            loaded.problems.append(
                source.problem(
                    ["id"],
                    f"the id {describe(data['id'])} differs from the file name '{path.name}'",
                    hint=f"rename the file to {data['id']}.yaml or change the id",
                    code="id-file",
                )
            )
            _note_declared(loaded, name, [data, {"id": path.stem}])  # either may be meant
            continue
        loaded.note_ids(name, [data], [Origin(source, (), "")])
        try:
            records.append(model.model_validate(data))
            origins.append(Origin(source, (), ""))
        except ValidationError as error:
            loaded.problems.extend(
                _unreported(source, _problems(error, Origin(source, (), ""), model))
            )
            _note_declared(loaded, name, [data])
            loaded.note_failed(name, [(data, Origin(source, (), ""))])
            partial = salvage_survey(data) if model is Survey else None
            if partial is not None:  # its valid parts are still checked: see salvage
                records.append(partial)
                origins.append(Origin(source, (), ""))
    return records


def _problems(error: ValidationError, origin: Origin, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    for detail in _relevant(error):
        problems.extend(_problems_one(detail, origin, model))
    return problems


def _relevant(error: ValidationError) -> list[Any]:
    """The errors worth reading, one a defect.

    A list's length is moot while its items are wrong, and a required key missing beside an
    unknown key that looks like it is one typo: the unknown key's "did you mean" says it all.
    """
    details = error.errors()
    item_locs = {tuple(d["loc"][:-1]) for d in details if d["loc"]}
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for d in details:
        if d["type"] == "extra_forbidden" and d["loc"]:
            unknown.setdefault(tuple(d["loc"][:-1]), []).append(str(d["loc"][-1]))

    def misspelt(d: Any) -> bool:
        loc = tuple(d["loc"])
        typos = unknown.get(loc[:-1], [])
        return d["type"] == "missing" and any(did_you_mean(t, [str(loc[-1])]) for t in typos)

    return [
        d
        for d in details
        if not (d["type"] == "too_short" and tuple(d["loc"]) in item_locs) and not misspelt(d)
    ]


def _problems_one(detail: Any, origin: Origin, model: type[BaseModel]) -> list[Problem]:
    loc = list(detail["loc"])
    message, hint = explain(detail, model)
    ctx = detail.get("ctx") or {}
    at_key = detail["type"] == "extra_forbidden"
    if isinstance(ctx.get("field"), str):
        loc.append(ctx["field"])
    if loc and loc[-1] == "[key]":
        loc.pop()
        at_key = True
    return [origin.problem(loc, message, hint, code=detail["type"], at_key=at_key)]


#: Problems after which a file's data cannot be trusted at all.
_FATAL = frozenset(
    {"syntax", "binary", "encoding", "too-large", "alias-bomb", "missing-file", "unreadable"}
)


def _unusable(source: YamlFile) -> bool:
    return any(problem.code in _FATAL for problem in source.problems)


def _unreported(source: YamlFile, problems: list[Problem]) -> list[Problem]:
    """Validation problems, minus those at a value the reader already reported (and dropped)."""
    reported = {(p.line, p.column) for p in source.problems}
    return [p for p in problems if (p.line, p.column) not in reported]


def _note_declared(loaded: Loaded, name: str, items: Any) -> None:
    ids = loaded.declared.setdefault(name, set())
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.add(item["id"])
        if name == "meetings" and isinstance(item, dict):
            # A meeting that failed its check still declares its decisions' ids.
            decided = item.get("decisions")
            _note_declared(loaded, "decisions", decided if isinstance(decided, list) else [])


def _describe_top(data: Any) -> str:
    if data is None:
        return "an empty file"
    return describe(data)


__all__ = ["Loaded", "Origin", "check_directory", "format_loc", "load_program"]
