"""The `handbook` command: one subcommand a module, registered here.

Exit codes: 0 success, 1 the data or the result has problems, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from generators import __version__

#: Modules under `generators.cli` that each define `register(subparsers)`.
SUBCOMMANDS: tuple[str, ...] = (
    "check",
    "report",
    "calendar",
    "survey",
    "match",
    "intake",
    "export",
    "pdf",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand, so `--help` lists them all."""
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Tools for the SRE mentorship program's handbook and its data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"generators.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of raising."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug of ours: say so in one line, keep the details on demand
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(
            f"handbook {args.command}: internal error: {type(error).__name__}: {error} "
            "(set HANDBOOK_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
