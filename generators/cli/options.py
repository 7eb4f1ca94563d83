"""Options several subcommands share, defined once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.data.load import check_directory
from generators.data.models import Program
from generators.paths import PROGRAM_DIR


def add_program_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--program",
        type=Path,
        default=PROGRAM_DIR,
        metavar="DIR",
        help="the folder holding program.yaml and the other data files (default: %(default)s)",
    )


def load_or_report(directory: Path) -> Program | None:
    """The checked program, or None after printing every problem (the caller exits 1)."""
    loaded = check_directory(directory)
    if loaded.problems or loaded.program is None:
        for problem in sorted(loaded.problems):
            print(problem, file=sys.stderr)
        print(f"{len(loaded.problems)} problem(s) in {directory}", file=sys.stderr)
        return None
    return loaded.program
