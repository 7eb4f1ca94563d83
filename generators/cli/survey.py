"""`handbook survey import`: a survey tool's CSV export into `program/surveys/<id>.yaml`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.cli.options import add_program_option, load_or_report
from generators.coordinator.survey_import import (
    SPEC_FORMAT,
    ImportFailed,
    aggregate,
    check_in_program,
    existing_file,
    read_spec,
    write_survey,
)
from generators.data import formats
from generators.data.problems import display_path
from generators.data.safefile import explain


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "survey",
        help="survey data: import a survey tool's CSV export as aggregates",
        description="Survey data for the handbook.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(handler=lambda args: _usage(parser))
    importer = actions.add_parser(
        "import",
        help="count the answers in a CSV export and write program/surveys/<id>.yaml",
        description="Count the answers in RESPONSES.csv as SPEC.yaml says and write "
        "program/surveys/<id>.yaml: counts per question and per breakdown group, never a "
        "raw answer. Breakdown groups the handbook may not publish (fewer than "
        "privacy.min_group_size respondents, or recoverable from the others) are dropped, "
        "with a message for each. Columns the spec does not name, such as free-text "
        "comments, are never read. The CSV is only read; the survey file is written in one "
        "step and never replaced without --force. Exit 0 when written, 1 when the CSV, the "
        "spec or the program has problems (listed as file:line: message), 2 on wrong usage.",
        epilog=SPEC_FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument("responses", type=Path, metavar="RESPONSES.csv")
    importer.add_argument(
        "--spec", type=Path, required=True, metavar="SPEC.yaml", help="what to count (below)"
    )
    add_program_option(importer)
    importer.add_argument(
        "--force", action="store_true", help="replace the survey file if it exists"
    )
    importer.set_defaults(handler=run_import)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    print("handbook survey: error: choose an action: import", file=sys.stderr)
    return 2


def run_import(args: argparse.Namespace) -> int:
    for given in (args.responses, args.spec):
        if not given.is_file():
            print(f"handbook survey import: error: no such file: {given}", file=sys.stderr)
            return 2
    program = load_or_report(args.program)
    if program is None:
        return 1
    k = program.info.privacy.min_group_size
    try:
        spec = read_spec(args.spec)
        imported = aggregate(spec, args.responses, k, display_path(args.spec))
    except ImportFailed as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failure.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    existing = existing_file(args.program, spec.id)
    if existing is not None and not args.force:
        print(
            f"handbook survey import: {display_path(existing)} already exists; "
            "pass --force to replace it",
            file=sys.stderr,
        )
        return 1
    problems = check_in_program(args.program, imported.survey, k, existing)
    if problems:
        for found in problems:
            print(found, file=sys.stderr)
        print(
            f"{len(problems)} problem(s) in the survey as it would be written; nothing was written",
            file=sys.stderr,
        )
        return 1
    for note in imported.notes:
        print(note)
    if imported.ignored_columns:
        print("columns not read: " + ", ".join(repr(c) for c in imported.ignored_columns))
    if existing is not None and existing.suffix != ".yaml":
        existing.unlink()  # replaced by <id>.yaml: one file an id
    try:
        target = write_survey(args.program, imported.survey, k)
    except OSError as error:
        print(f"handbook survey import: error: {explain(error)}", file=sys.stderr)
        return 1
    survey = imported.survey
    rate = f" ({formats.percent(survey.respondents / survey.invited)})" if survey.invited else ""
    print(
        f"wrote {display_path(target)}: {len(survey.questions)} question(s), "
        f"{imported.rows} response(s), {survey.respondents} respondent(s) of "
        f"{survey.invited} invited{rate}"
    )
    return 0
