"""`handbook match`: suggest mentors for mentees who are waiting for one."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    program_as_of,
)
from generators.cli.output import add_output_option, emit
from generators.data.models import Person, Program
from generators.data.privacy import is_named

if TYPE_CHECKING:
    from generators.coordinator.matching import MatchResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match",
        help="suggest mentor-mentee pairs for mentees waiting for a mentor",
        description="Suggest a mentor for every current mentee who is not in an active, "
        "paused or proposed pairing, using the open capacity of current mentors (capacity "
        "minus their active, paused and proposed pairings). A mentor is never the mentee or "
        "anyone in the mentee's management chain, and never from the same team unless "
        "--allow-same-team (then it only scores lower). Pairs score higher for topics the "
        "mentor offers and the mentee wants (skills and interests, ignoring case) and for "
        "shared working hours (09:00-17:00 local time on the as-of date). The assignment is "
        "optimal for the total score, matching as many mentees as possible first, and the "
        "same data always gives the same suggestions.",
        epilog="Privacy: the table is for people and follows consent: only people with "
        "publish: true are named, others appear as 'a mentor' / 'a mentee'. The YAML is for "
        "pasting into program/pairings.yaml and so uses ids, including ids of people who "
        "have not agreed to be named (program/ holds them already): keep it out of chats and "
        "published pages. The numbers in the table match the comments in the YAML.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    parser.add_argument(
        "--cohort", metavar="ID", help="the cohort of the proposed pairings (from cohorts.yaml)"
    )
    parser.add_argument(
        "--allow-same-team",
        action="store_true",
        help="allow a mentor from the mentee's own team (scored lower)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "yaml"),
        default="table",
        help="table for people (follows consent), yaml with ids for pairings.yaml "
        "(default: %(default)s)",
    )
    add_output_option(parser, "the suggestions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generators.coordinator.matching import MatchError, match  # numpy and scipy: only here

    loaded = program_as_of(args)
    if isinstance(loaded, int):
        return loaded
    program, as_of = loaded
    try:
        result = match(program, as_of, cohort=args.cohort, allow_same_team=args.allow_same_team)
    except MatchError as error:
        print(f"handbook match: error: {error}", file=sys.stderr)
        return 2
    text = as_yaml(result) if args.format == "yaml" else as_table(program, result)
    return emit(args, text)


def _shown(person: Person, role: str) -> str:
    return person.name if is_named(person) else f"a {role}"


def as_table(program: Program, result: MatchResult) -> str:
    """The suggestions for people to read: only consenting people are named."""
    lines = [
        f"Suggested pairings as of {result.as_of.isoformat()}"
        + (f" for cohort {result.cohort}" if result.cohort else "")
        + f" (first session from {result.start.isoformat()}):",
        "",
    ]
    rows = [
        (str(n), _shown(p.mentee, "mentee"), _shown(p.mentor, "mentor"), p.explanation())
        for n, p in enumerate(result.proposals, start=1)
    ]
    if rows:
        header = ("#", "Mentee", "Mentor", "Why")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, row[3]]).rstrip())
        lines.append("")
    if result.unmatched:
        named = sorted(p.name for p in result.unmatched if is_named(p))
        unnamed = sum(1 for p in result.unmatched if not is_named(p))
        listed = [*named, *([f"{unnamed} more not named"] if unnamed else [])]
        lines.append(
            f"No allowed mentor with an open slot for {len(result.unmatched)} mentee(s): "
            + ", ".join(listed)
        )
    elif result.proposals:
        lines.append("Every waiting mentee has a suggestion.")
    else:
        lines.append("No mentee is waiting for a mentor.")
    lines.append(
        f"{len(result.proposals)} suggestion(s), {result.open_slots} open mentor slot(s), "
        f"total score {result.score}."
    )
    return "\n".join(lines) + "\n"


def as_yaml(result: MatchResult) -> str:
    """The suggestions as `status: proposed` items for pairings.yaml (ids, not names)."""
    lines = [
        f"# Suggested by `handbook match` as of {result.as_of.isoformat()}; review before merging.",
    ]
    for n, proposal in enumerate(result.proposals, start=1):
        lines += [
            f"# {n}. {proposal.explanation()}",
            f"- mentor: {proposal.mentor.id}",
            f"  mentee: {proposal.mentee.id}",
            *([f"  cohort: {result.cohort}"] if result.cohort else []),
            f"  start: {result.start.isoformat()}",
            "  status: proposed",
        ]
    if result.unmatched:
        lines.append(
            "# No allowed mentor with an open slot for: "
            + ", ".join(p.id for p in result.unmatched)
        )
    if not result.proposals:
        lines.append("[]")
    return "\n".join(lines) + "\n"
