"""`handbook export`: the program as published, as JSON or as one CSV table."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    program_as_of,
)
from generators.cli.output import add_output_option, emit
from generators.coordinator.export import TABLES, program_json, table_csv
from generators.data.published import publish


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the program as published, as JSON or a CSV table",
        description="Export the program as the handbook publishes it, with the same consent "
        "and suppression: only people with publish: true are named, no person ids appear, "
        "and survey figures about fewer than privacy.min_group_size respondents are left "
        "empty. JSON holds the whole published view (ISO dates, sorted keys); CSV holds one "
        "table, chosen with --table.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    parser.add_argument("--format", choices=("json", "csv"), required=True)
    parser.add_argument(
        "--table",
        choices=tuple(TABLES),
        metavar="TABLE",
        help="for --format csv, the table to export: " + ", ".join(TABLES),
    )
    add_output_option(parser, "the export")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.table is None:
        print(
            "handbook export: error: --format csv needs --table, one of: " + ", ".join(TABLES),
            file=sys.stderr,
        )
        return 2
    if args.format == "json" and args.table is not None:
        print("handbook export: error: --table is only for --format csv", file=sys.stderr)
        return 2
    loaded = program_as_of(args)
    if isinstance(loaded, int):
        return loaded
    program, as_of = loaded
    published = publish(program, as_of)
    text = program_json(published) if args.format == "json" else table_csv(published, args.table)
    return emit(args, text)
