"""Turn a survey tool's CSV export into `program/surveys/<id>.yaml`: counts, never answers.

The repository may be public, so nothing leaves the CSV but counts: per question and scale
point, and per breakdown group where the handbook may publish that group. Groups the
handbook would suppress (fewer than `privacy.min_group_size` respondents, or recoverable by
subtraction) are dropped here, with a note saying so; columns the spec does not name (free
text, timestamps, e-mail addresses) are never read. The CSV itself is only read.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generators.data.load import check_directory
from generators.data.messages import explain
from generators.data.models import Breakdown, IsoDate, Slug, Survey, Text, Theme
from generators.data.privacy import publish_survey
from generators.data.problems import Problem, display_path
from generators.data.safefile import Refused, read_capped, write_atomically
from generators.data.yamlfile import MAX_FILE_BYTES, did_you_mean, read_yaml

SPEC_FORMAT = """\
The spec is a YAML file that says what to count:

  id: follow-up-2026            # the survey's id: the file is program/surveys/<id>.yaml
  title: Follow-up survey 2026
  date: 2026-12-11
  invited: 40                   # how many people were asked (for the response rate)
  delimiter: ","                # optional: the CSV's field separator (default ",")
  categories:                   # columns of a few fixed answers, and those answers
    Your role: [mentor, mentee] # (at most 12 a column)
  breakdowns:                   # optional, for every question: breakdown -> CSV column
    by_role: Your role          # by_role, by_team or by_cohort; a column of categories
  questions:
    - id: growth
      column: Mentorship helped my growth     # the CSV column holding the answers
      text: Mentorship helped my professional growth.
      scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
      breakdowns: {by_role: Your role}        # optional: replaces the default above
  themes:                       # optional: coded free-text feedback, counted by hand
    - theme: On-call load leaves little time for mentoring
      mentions: 7

Answers are matched to the scale, and breakdown answers to their categories, ignoring case
and surrounding spaces; an empty cell is no answer. Only a column declared under categories
can break answers down, so a free-text answer never becomes a group name. Columns the spec
does not name are never read: free-text answers stay in the CSV. Before anything is written
the whole program, with the new survey in it, is checked as `handbook check` would."""

#: The most groups a breakdown column may declare: a breakdown is a few fixed answers.
MAX_GROUPS = 12

BreakdownName = Breakdown


class _SpecRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpecQuestion(_SpecRecord):
    id: Slug
    column: Text
    text: Text
    scale: Annotated[tuple[Text, ...], Field(min_length=2)]
    breakdowns: dict[BreakdownName, Text] | None = None


class ImportSpec(_SpecRecord):
    """What to count in the CSV, and the survey's own facts."""

    id: Slug
    title: Text
    date: IsoDate
    invited: Annotated[int, Field(ge=0, strict=True)]
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] = ","
    categories: dict[Text, Annotated[tuple[Text, ...], Field(min_length=1)]] = {}
    breakdowns: dict[BreakdownName, Text] = {}
    questions: Annotated[tuple[SpecQuestion, ...], Field(min_length=1)]
    themes: tuple[Theme, ...] = ()

    def breakdowns_of(self, question: SpecQuestion) -> dict[str, str]:
        chosen = self.breakdowns if question.breakdowns is None else question.breakdowns
        return dict(sorted(chosen.items()))


@dataclass(frozen=True, order=True)
class InputProblem:
    """A defect in the CSV or the spec, as `file:line: message`."""

    file: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}: {self.message}{hint}"


class ImportFailed(Exception):
    """Raised with every problem found in the inputs; nothing was written."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Imported:
    """The survey as it will be written, and what the import left out and why."""

    survey: Survey
    rows: int
    notes: tuple[str, ...]
    ignored_columns: tuple[str, ...]


@dataclass
class _Tally:
    counts: list[int]
    groups: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def read_spec(path: Path) -> ImportSpec:
    """The spec in `path`, or `ImportFailed` with every problem located in the file."""
    shown = display_path(path)
    source = read_yaml(path, shown)
    if source.problems:
        raise ImportFailed(
            [InputProblem(p.file, p.line, p.message, p.hint) for p in source.problems]
        )
    if not isinstance(source.data, dict):
        raise ImportFailed([InputProblem(shown, 1, "expected a mapping (key: value lines)")])
    try:
        spec = ImportSpec.model_validate(source.data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            message, hint = explain(detail, ImportSpec)
            located = source.problem(list(detail["loc"]), message, hint=hint)
            where = f"{located.field}: " if located.field else ""
            problems.append(InputProblem(shown, located.line, where + message, hint))
        raise ImportFailed(sorted(problems)) from None
    problems = [
        InputProblem(shown, located.line, f"{located.field}: {message}", hint)
        for loc, message, hint in _spec_rules(spec)
        for located in [source.problem(loc, message, hint=hint, at_key=loc[0] == "categories")]
    ]
    if problems:
        raise ImportFailed(sorted(problems))
    return spec


def _spec_rules(spec: ImportSpec) -> Iterator[tuple[list[str | int], str, str]]:
    """What the spec's types cannot say: (where, message, hint) for each broken rule."""
    for column, groups in spec.categories.items():
        if len(groups) > MAX_GROUPS:
            yield (
                ["categories", column],
                f"{len(groups)} categories; a breakdown column has at most {MAX_GROUPS}",
                "a breakdown is a few fixed answers such as roles or teams",
            )
        yield from _twice(["categories", column], groups, "category")
    question_ids: set[str] = set()
    for index, question in enumerate(spec.questions):
        if question.id in question_ids:
            yield (
                ["questions", index, "id"],
                f"the question id '{question.id}' is given twice",
                "",
            )
        question_ids.add(question.id)
        yield from _twice(["questions", index, "scale"], question.scale, "scale label")
        for name, column in spec.breakdowns_of(question).items():
            if column not in spec.categories:
                where: list[str | int] = (
                    ["breakdowns", name]
                    if question.breakdowns is None
                    else ["questions", index, "breakdowns", name]
                )
                yield (
                    where,
                    f"the column {column!r} is not declared under categories, so it cannot "
                    "break answers down",
                    f"list its answers: categories: {{{column}: [first, second]}}; a "
                    "free-text column would make each answer a group",
                )


def _twice(
    loc: list[str | int], labels: tuple[str, ...], what: str
) -> Iterator[tuple[list[str | int], str, str]]:
    seen: dict[str, str] = {}
    for index, label in enumerate(labels):
        key = " ".join(label.split()).casefold()
        if key in seen:
            yield (
                [*loc, index],
                f"the {what} {label!r} is given twice (as {seen[key]!r} before it)",
                "answers are matched ignoring case and spaces, so each needs its own words",
            )
        seen.setdefault(key, label)


def aggregate(
    spec: ImportSpec, csv_path: Path, min_group_size: int, spec_shown: str = "the spec"
) -> Imported:
    """Count the answers in `csv_path` as `spec` says, then drop what may not be published."""
    shown = display_path(csv_path)
    rows = list(_rows(csv_path, shown, spec.delimiter))
    if not rows:
        raise ImportFailed([InputProblem(shown, 1, "the file is empty; expected a header row")])
    header_line, header = rows[0]
    columns = _columns(header, shown, header_line)
    problems = _unknown_columns(spec, columns, shown, header_line)
    if problems:
        raise ImportFailed(problems)

    tallies = {
        q.id: _Tally([0] * len(q.scale), {name: {} for name in spec.breakdowns_of(q)})
        for q in spec.questions
    }
    scales = {
        q.id: {label.strip().casefold(): i for i, label in enumerate(q.scale)}
        for q in spec.questions
    }
    categories = {
        column: {" ".join(group.split()).casefold(): group for group in groups}
        for column, groups in spec.categories.items()
    }
    unknown_groups: set[tuple[int, str]] = set()
    counted = 0
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue  # a blank line is no respondent
        if len(row) != len(header):
            problems.append(
                InputProblem(shown, line, f"expected {len(header)} fields, found {len(row)}")
            )
            continue
        counted += 1
        for question in spec.questions:
            answer = row[columns[question.column]].strip()
            if not answer:
                continue
            point = scales[question.id].get(answer.casefold())
            if point is None:
                problems.append(
                    InputProblem(
                        shown,
                        line,
                        f"question '{question.id}' (column '{question.column}'): "
                        f"{answer!r} is not on its scale ({', '.join(question.scale)})",
                        did_you_mean(answer, question.scale),
                    )
                )
                continue
            tally = tallies[question.id]
            tally.counts[point] += 1
            for name, column in spec.breakdowns_of(question).items():
                value = " ".join(row[columns[column]].split())
                if not value:
                    continue  # counted in the total, in no group
                group = categories[column].get(value.casefold())
                if group is None:
                    if (line, column) not in unknown_groups:
                        unknown_groups.add((line, column))
                        problems.append(
                            InputProblem(
                                shown,
                                line,
                                f"column {column!r}: {value!r} is not one of its categories "
                                f"({', '.join(spec.categories[column])})",
                                did_you_mean(value, spec.categories[column])
                                or "add it under categories in the spec, or correct the answer",
                            )
                        )
                    continue
                tally.groups[name].setdefault(group, [0] * len(question.scale))[point] += 1
    if problems:
        raise ImportFailed(problems)

    used = {q.column for q in spec.questions} | {
        c for q in spec.questions for c in spec.breakdowns_of(q).values()
    }
    survey, notes = _publishable(spec, tallies, min_group_size)
    _check_totals(spec, survey, spec_shown)
    return Imported(
        survey=survey,
        rows=counted,
        notes=tuple(notes),
        ignored_columns=tuple(c for c in header if c not in used),
    )


def survey_yaml(survey: Survey, min_group_size: int) -> str:
    """The survey file's text, in the layout of the data contract, checked by reading it back."""
    data: dict[str, Any] = {
        "id": survey.id,
        "title": survey.title,
        "date": survey.date,
        "invited": survey.invited,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "scale": list(q.scale),
                "counts": list(q.counts),
                **{
                    name: {group: list(counts) for group, counts in groups.items()}
                    for name, groups in q.breakdowns.items()
                },
            }
            for q in survey.questions
        ],
    }
    if survey.themes:
        data["themes"] = [{"theme": t.theme, "mentions": t.mentions} for t in survey.themes]
    header = (
        "# Survey aggregates made by `handbook survey import`: counts only, never answers.\n"
        f"# Breakdown groups the handbook may not publish (fewer than {min_group_size} "
        "respondents, or\n# recoverable from the others) were left out.\n"
    )
    text = header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if Survey.model_validate(yaml.safe_load(text)) != survey:  # pragma: no cover - a bug of ours
        raise AssertionError("the survey file does not read back as the survey")
    return text


def survey_path(program_dir: Path, survey_id: str) -> Path:
    return program_dir / "surveys" / f"{survey_id}.yaml"


def existing_file(program_dir: Path, survey_id: str) -> Path | None:
    """A survey file with this id already in the program, in either spelling of the suffix."""
    for suffix in (".yaml", ".yml"):
        path = program_dir / "surveys" / f"{survey_id}{suffix}"
        if path.exists():
            return path
    return None


def check_in_program(
    program_dir: Path, survey: Survey, min_group_size: int, replacing: Path | None = None
) -> list[Problem]:
    """Every problem `handbook check` would find once the survey file is written.

    The program is copied to a temporary folder, the file written there and the whole
    program checked: what the import writes is what the check accepts (a theme naming
    someone who has not consented, a label given twice...), or nothing is written.
    """
    with tempfile.TemporaryDirectory(prefix="handbook-import-") as temporary:
        copy = Path(temporary) / "program"
        shutil.copytree(program_dir, copy, symlinks=True)
        if replacing is not None:
            (copy / replacing.relative_to(program_dir)).unlink(missing_ok=True)
        target = survey_path(copy, survey.id)
        target.parent.mkdir(exist_ok=True)
        target.write_text(survey_yaml(survey, min_group_size), encoding="utf-8")
        problems = check_directory(copy, base=copy).problems
    return [
        replace(problem, file=display_path(program_dir / problem.file))
        for problem in sorted(problems)
    ]


def write_survey(program_dir: Path, survey: Survey, min_group_size: int) -> Path:
    """Write the survey file in one step (temporary file, then rename); returns its path."""
    target = survey_path(program_dir, survey.id)
    target.parent.mkdir(exist_ok=True)
    write_atomically(target, survey_yaml(survey, min_group_size).encode("utf-8"))
    return target


# -- reading the CSV -----------------------------------------------------------------------


def _rows(path: Path, shown: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, fields) for every record; problems raise `ImportFailed`."""
    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except Refused as refused:
        raise ImportFailed([InputProblem(shown, 1, refused.message, refused.hint)]) from None
    except OSError as error:
        raise ImportFailed(
            [InputProblem(shown, 1, f"cannot read the file: {error.strerror}")]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFailed(
            [InputProblem(shown, 1, f"the file is larger than {MAX_FILE_BYTES:,} bytes")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFailed(
            [InputProblem(shown, line, "not UTF-8 text", "export the CSV as UTF-8")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailed(
            [InputProblem(shown, reader.line_num or line, f"not valid CSV: {error}")]
        ) from None


def _columns(header: list[str], shown: str, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        key = name.strip()
        if key in columns:
            problems.append(
                InputProblem(shown, line, f"the column {key!r} appears twice in the header")
            )
        columns.setdefault(key, index)
    if problems:
        raise ImportFailed(problems)
    return columns


def _unknown_columns(
    spec: ImportSpec, columns: dict[str, int], shown: str, line: int
) -> list[InputProblem]:
    problems = []
    wanted: list[tuple[str, str]] = []
    for question in spec.questions:
        wanted.append((question.column, f"question '{question.id}'"))
        for name, column in spec.breakdowns_of(question).items():
            wanted.append((column, f"{name} of question '{question.id}'"))
    reported: set[str] = set()
    for column, user in wanted:
        if column.strip() in columns or column in reported:
            continue
        reported.add(column)
        problems.append(
            InputProblem(
                shown,
                line,
                f"unknown column {column!r} (named by {user} in the spec)",
                did_you_mean(column, columns) or "columns: " + ", ".join(columns),
            )
        )
    return problems


# -- what may be kept ----------------------------------------------------------------------


def _publishable(
    spec: ImportSpec, tallies: dict[str, _Tally], min_group_size: int
) -> tuple[Survey, list[str]]:
    """The survey with every group the handbook would suppress removed, and notes on each."""
    full = _survey(spec, tallies, keep=None)
    published = publish_survey(full, min_group_size)
    notes: list[str] = []
    keep: dict[tuple[str, str], set[str]] = {}
    k = min_group_size
    for question, result in zip(full.questions, published.questions, strict=True):
        if result.suppressed and question.respondents:
            notes.append(
                f"question '{question.id}': {question.respondents} respondent(s), fewer than {k}; "
                f"the handbook shows it as 'fewer than {k}'"
            )
        for name, groups in question.breakdowns.items():
            shown = {g.name for g in result.breakdowns.get(name, ()) if not g.suppressed}
            keep[(question.id, name)] = shown
            for group, counts in sorted(groups.items()):
                if group in shown:
                    continue
                size = sum(counts)
                why = (
                    f"{size} respondent(s), fewer than {k}"
                    if size < k
                    else f"{size} respondents, but it could be worked out from the total and "
                    f"the other groups"
                )
                notes.append(f"question '{question.id}': dropped {name} group {group!r} ({why})")
    return _survey(spec, tallies, keep=keep), notes


def _survey(
    spec: ImportSpec, tallies: dict[str, _Tally], keep: dict[tuple[str, str], set[str]] | None
) -> Survey:
    questions = []
    for q in spec.questions:
        tally = tallies[q.id]
        breakdowns: dict[str, dict[str, tuple[int, ...]]] = {}
        for name, groups in tally.groups.items():
            kept = {
                group: tuple(counts)
                for group, counts in sorted(groups.items())
                if keep is None or group in keep.get((q.id, name), set())
            }
            if kept:
                breakdowns[name] = kept
        questions.append(
            {
                "id": q.id,
                "text": q.text,
                "scale": q.scale,
                "counts": tuple(tally.counts),
                **breakdowns,
            }
        )
    return Survey.model_validate(
        {
            "id": spec.id,
            "title": spec.title,
            "date": spec.date,
            "invited": spec.invited,
            "questions": questions,
            "themes": spec.themes,
        }
    )


def _check_totals(spec: ImportSpec, survey: Survey, spec_shown: str) -> None:
    """The checks `handbook check` makes on a survey that the counting does not guarantee."""
    problems = []
    for question in survey.questions:
        if question.respondents > spec.invited:
            problems.append(
                f"question '{question.id}' has {question.respondents} respondents, more than "
                f"the {spec.invited} invited"
            )
    for theme in survey.themes:
        if theme.mentions > spec.invited:
            problems.append(
                f"theme {theme.theme!r} has {theme.mentions} mentions, more than the "
                f"{spec.invited} invited"
            )
    if problems:
        raise ImportFailed(
            [InputProblem(spec_shown, 1, p, "check 'invited' in the spec") for p in problems]
        )


class _Dumper(yaml.SafeDumper):
    """Lists of plain values on one line, as the data contract writes scales and counts."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "- " items indented under their key


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, str | int | float) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)
