"""Options several subcommands share, defined once."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generators.asof import AS_OF_ENV, EPOCH_ENV, AsOfError, parse_date, resolve_as_of
from generators.paths import (
    PROGRAM,
    TEMPLATES,
    NoHandbookFolder,
    find_handbook,
    handbook_folder,
)

if TYPE_CHECKING:
    from generators.data.loaded import Loaded
    from generators.data.models import Program


def add_program_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--program",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder holding program.yaml and the other data files (default: program/ in "
        "the nearest folder at or above the current one that has it, as git finds .git)",
    )
    parser.set_defaults(needs_program=True)


def locate(args: argparse.Namespace) -> int | None:
    """Settle which handbook the command works on, before it runs; 2 after saying why not.

    `args.handbook` is the nearest folder at or above the current one holding `program/`
    (else the one above `--program`), or None; a command that takes `--program` and was not
    given it uses that folder's `program/`, and says so on stderr.
    """
    given = getattr(args, "program", None)
    args.handbook = find_handbook()
    if given is not None and args.handbook is None:
        args.handbook = find_handbook(given.absolute().parent)
    needs = getattr(args, "needs_program", False)
    if given is None and (needs(args) if callable(needs) else needs):
        if args.handbook is None:
            try:
                handbook_folder()
            except NoHandbookFolder as error:
                print(f"handbook {args.command}: error: {error}", file=sys.stderr)
            return 2
        args.program = args.handbook / PROGRAM
        print(f"handbook {args.command}: using {args.program}", file=sys.stderr)
    return None


def templates_of(args: argparse.Namespace) -> Path:
    """The handbook's `_templates/` (see `locate`): the report's and the book's look."""
    if args.handbook is None:
        raise NoHandbookFolder(
            f"no {TEMPLATES}/ found: run the command inside the handbook's folder, "
            f"the one holding {PROGRAM}/ and {TEMPLATES}/"
        )
    root: Path = args.handbook
    return root / TEMPLATES


def load_or_report(directory: Path) -> Program | None:
    """The checked program, or None after printing every problem (the caller exits 1)."""
    loaded = loaded_or_report(directory)
    return None if loaded is None else loaded.program


def loaded_or_report(directory: Path) -> Loaded | None:
    """The checked program with where each record came from, or None after printing every
    problem (the caller exits 1)."""
    from generators.data.load import check_directory  # not imported by commands that skip it

    loaded = check_directory(directory)
    if loaded.problems or loaded.program is None:
        for problem in sorted(loaded.problems):
            print(problem, file=sys.stderr)
        print(f"{len(loaded.problems)} problem(s) in {directory}", file=sys.stderr)
        return None
    return loaded


def _date_argument(text: str) -> date:
    try:
        return parse_date(text)
    except AsOfError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help=f"the day the output describes (default: ${AS_OF_ENV}, else ${EPOCH_ENV}, else today)",
    )


def as_of_or_report(args: argparse.Namespace) -> date | None:
    """The resolved as-of date, or None after printing why the environment's value is wrong."""
    try:
        return resolve_as_of(args.as_of)
    except AsOfError as error:
        print(f"handbook {args.command}: error: {error}", file=sys.stderr)
        return None


def program_as_of(args: argparse.Namespace) -> tuple[Program, date] | int:
    """The checked program and the as-of date, or the exit code after saying what is wrong:
    2 for a bad date (the command was used wrongly), 1 for problems in the data."""
    as_of = as_of_or_report(args)
    if as_of is None:
        return 2
    program = load_or_report(args.program)
    if program is None:
        return 1
    return program, as_of
