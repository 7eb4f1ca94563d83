"""`handbook diff`: what a change to the data does to the published program, as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    as_of_or_report,
    load_or_report,
)
from generators.cli.output import add_output_option, emit
from generators.cli.revisions import RevisionError, Source, folder
from generators.coordinator.diff import compared, render_diff
from generators.data.models import Program


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="describe what a change to the data does to the published program (Markdown)",
        description="Compare two versions of the program's data as the handbook publishes "
        "them on one day: people named or no longer named, roles, pairings, timeline items "
        "added, moved or done, incentives, recognition, targets, the headline figures and "
        "surveys. Someone who has not agreed to be named is only counted, and so is anyone "
        "no longer named: both sides name only people HEAD allows to be named. Each side is a "
        "folder, or a git revision given with --git (the program folder as committed there; "
        "the working tree is not touched). HEAD defaults to the program folder as it is now "
        "(--program).",
    )
    parser.add_argument("base", nargs="?", type=Path, metavar="BASE", help="the folder before")
    parser.add_argument(
        "head", nargs="?", type=Path, metavar="HEAD", help="the folder after (default: program/)"
    )
    parser.add_argument(
        "--git",
        action="append",
        default=[],
        metavar="REV",
        help="take BASE from this git revision (given twice: HEAD from the second)",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    add_output_option(parser, "the Markdown")
    # Two folders are compared as they are: no program/ needs to be found then.
    parser.set_defaults(handler=run, needs_program=lambda args: args.head is None)


def run(args: argparse.Namespace) -> int:
    sides = _sides(args)
    if isinstance(sides, str):
        print(f"handbook diff: error: {sides}", file=sys.stderr)
        return 2
    as_of = as_of_or_report(args)
    if as_of is None:
        return 2
    (base_label, base_source), (head_label, head_source) = sides
    try:
        with folder(base_source) as base_dir, folder(head_source) as head_dir:
            base = _load(base_label, base_dir)
            head = _load(head_label, head_dir)
    except RevisionError as error:
        print(f"handbook diff: error: {error}", file=sys.stderr)
        return 2
    if base is None or head is None:
        return 1
    text = render_diff(*compared(base, head, as_of), base_label, head_label)
    if isinstance(head_source, Path):
        args.program = head_source  # -o may not point into the folder compared, as everywhere
    return emit(args, text)


def _sides(args: argparse.Namespace) -> tuple[tuple[str, Source], tuple[str, Source]] | str:
    revisions: list[str] = args.git
    folders = [f for f in (args.base, args.head) if f is not None]
    program: Path = args.program
    if len(revisions) > 2:
        return "--git may be given at most twice (BASE and HEAD)"
    if len(revisions) + len(folders) > 2:
        return "give two sides at most: BASE and HEAD, each a folder or --git REV"
    if not revisions and not folders:
        return "give BASE: a folder, or a git revision with --git REV"
    found: list[tuple[str, Source]] = [(rev, (rev, program)) for rev in revisions]
    found += [(str(folder), folder) for folder in folders]
    if len(found) == 1:
        found.append(("the working tree", program))
    return found[0], found[1]


def _load(label: str, folder: Path) -> Program | None:
    program = load_or_report(folder)
    if program is None:
        print(f"handbook diff: {label}: the data has problems (above)", file=sys.stderr)
    return program
