"""`handbook intake`: a sign-up form's answers into a new people file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.cli.options import add_program_option
from generators.data.problems import display_path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "intake",
        help="turn a 'Become a mentor' or 'Find a mentor' issue into program/people/<id>.yaml",
        description="Read the body of an issue opened with the 'Become a mentor' or 'Find a "
        "mentor' form (as GitHub shows it: '### Question' then the answer) and write "
        "program/people/<id>.yaml for the person. The file is written only if the person "
        "passes the check, and never over an existing file; otherwise every problem is "
        "printed as file:line:col: field: message (hint), and nothing changes. Consent is "
        "read as GitHub shows the issue (HTML comments hidden): one consent section with the "
        "form's own box ticked; anything else writes publish: false and says why. A name "
        "the program already has is refused. Exit 0 when written, 1 with problems.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the issue's body, as text")
    add_program_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generators.coordinator.intake import IntakeRefused, intake

    if not args.program.is_dir():
        print(
            f"handbook intake: error: --program {display_path(args.program)} is not a folder",
            file=sys.stderr,
        )
        return 2
    try:
        written = intake(args.file, args.program)
    except IntakeRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(f"{len(refused.problems)} problem(s): nothing was written", file=sys.stderr)
        return 1
    print(f"wrote {display_path(written.path)}; review it, then open a pull request")
    if written.consent.given:
        print("publish: true: the form's consent box is ticked")
    else:
        print(f"publish: false: {written.consent.why}; they are never named until they agree")
    return 0
