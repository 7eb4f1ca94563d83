"""Where a command's output goes: standard output (no `-o`, or `-o -`), or a path.

A regular file is replaced in one step; a FIFO or a device is written as a stream and stays
what it is; a symbolic link stays a link, and what it leads to is written (see
`write_atomically`). Commands other than `survey import` never write into the program's data
folder, so a mistyped `-o program/people.yaml` cannot destroy data, even through a link.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.data.safefile import explain, write_atomically


def add_output_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=f"write {what} to FILE instead of standard output (-: standard output); a file "
        "is replaced in one step, a pipe or a device written to, a link's target written",
    )


def emit(args: argparse.Namespace, content: str | bytes) -> int:
    """Write `content` where `args.output` says; the exit code (2: a path we refuse)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target: Path | None = args.output
    if target is None or str(target) == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise  # the reader went away (`| head`): not an error of ours
        except OSError as error:
            print(
                f"handbook {args.command}: error: {explain(error, path='standard output')}",
                file=sys.stderr,
            )
            return 1
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
        print(f"handbook {args.command}: error: {explain(error)}", file=sys.stderr)
        return 1
    return 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, RuntimeError, OSError):  # not inside, or a link loop (refused later)
        return False
    return True
