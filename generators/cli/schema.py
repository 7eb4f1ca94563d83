"""`handbook schema`: JSON Schemas of the program's files, for editors that check as you type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.data.safefile import explain, write_atomically
from generators.data.schema import render, schemas
from generators.paths import SCHEMA, handbook_folder


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write a JSON Schema for each file in program/ (for editors)",
        description="Write a JSON Schema (draft 2020-12) for each kind of file in program/, "
        "made from the same models the check uses, with each field's meaning. Editors that "
        "speak the YAML language server (VS Code with the YAML extension, and others) use "
        "them through .vscode/settings.json to check the data as you type. Files that are "
        "already up to date are left alone.",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder to write into (default: schema/ of the handbook, the nearest folder "
        "at or above the current one that holds program/)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.output if args.output is not None else handbook_folder() / SCHEMA
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas().items():
            target, text = folder / name, render(schema)
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                write_atomically(target, text.encode("utf-8"))
                print(f"wrote {target}")
    except OSError as error:
        print(f"handbook schema: error: {explain(error)}", file=sys.stderr)
        return 1
    return 0
