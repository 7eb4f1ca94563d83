"""Where a command's output goes: standard output, or a file written in one step.

Commands other than `survey import` never write into the program's data folder, so a
mistyped `-o program/people.yaml` cannot destroy data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.data.safefile import write_atomically


def add_output_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=f"write {what} to FILE (replaced in one step) instead of standard output",
    )


def emit(args: argparse.Namespace, content: str | bytes) -> int:
    """Write `content` where `args.output` says; the exit code (2: a path we refuse)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target: Path | None = args.output
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    if _inside(target, args.program):
        print(
            f"handbook {args.command}: error: refusing to write {target} inside the program "
            f"data folder {args.program}",
            file=sys.stderr,
        )
        return 2
    if target.is_dir():
        print(f"handbook {args.command}: error: {target} is a folder; give a file", file=sys.stderr)
        return 2
    try:
        write_atomically(target, data)
    except OSError as error:
        print(
            f"handbook {args.command}: error: cannot write {target}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    return 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
