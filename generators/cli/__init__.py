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
    "agenda",
    "calendar",
    "survey",
    "match",
    "intake",
    "export",
    "pdf",
    "diff",
    "schema",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, so `--help` lists them all, or with `only` one.

    Each subcommand's module imports what it needs; registering one alone keeps a command
    such as `check`, run by editors and hooks on every save, from importing the others.
    """
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Tools for the SRE mentorship program's handbook and its data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS if only is None else (only,):
        module = importlib.import_module(f"generators.cli.{name}")
        module.register(subparsers)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand the arguments name, when they name a known one first."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in SUBCOMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of raising."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_named_command(arguments))
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from generators.cli.options import locate
    from generators.paths import NoHandbookFolder

    located = locate(args)
    if located is not None:
        return located
    try:
        return int(handler(args))
    except NoHandbookFolder as error:
        print(f"handbook {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file we could not read or write: which, and what to do
        from generators.data.safefile import explain

        print(f"handbook {args.command}: error: {explain(error, 'use')}", file=sys.stderr)
        return 1
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
