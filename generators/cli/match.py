"""`handbook match`: suggest mentors for mentees who are waiting for one."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    program_as_of,
)
from generators.cli.output import add_output_option, emit
from generators.data.models import Person
from generators.data.published import Naming

if TYPE_CHECKING:
    from generators.coordinator.matching import MatchResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match",
        help="suggest mentor-mentee pairs for mentees waiting for a mentor",
        description="Suggest a mentor for every current mentee who is not in an active, "
        "paused or proposed pairing, using the open capacity of current mentors (capacity "
        "minus their active, paused and proposed pairings on the first session's day: the "
        "as-of date, or a later cohort's start). Hard rules, from program.yaml's "
        "matching section with the framework's defaults, are never broken: a mentor is never "
        "in the mentee's reporting line, shares at least min_overlap_hours (2) of working "
        "hours (09:00-17:00 local time on the as-of date) and min_shared_topics (1) topics "
        "(skills against interests, ignoring case), and is not on the same team unless "
        "same_team: true or --allow-same-team. Allowed pairs score for shared topics, shared "
        "hours, team distance and the mentor's preferred topics (prefers). The assignment is "
        "optimal for the total score, matching as many mentees as possible first; it says "
        "whether it is stable (no mentor and mentee who would both rather be together), and "
        "every mentee left unmatched gets a reason. The same data always gives the same "
        "suggestions.",
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
        choices=("table", "json", "yaml"),
        default="table",
        help="table for people and json for tools (both follow consent), yaml with ids for "
        "pairings.yaml (default: %(default)s)",
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
    naming = Naming.of(program)
    if args.format == "yaml":
        text = as_yaml(result)
    elif args.format == "json":
        text = json.dumps(as_json(result, naming), ensure_ascii=False, indent=2) + "\n"
    else:
        text = as_table(result, naming)
    return emit(args, text)


def as_table(result: MatchResult, naming: Naming) -> str:
    """The suggestions for people to read: only consenting people are named."""
    lines = [
        f"Suggested pairings as of {result.as_of.isoformat()}"
        + (f" for cohort {result.cohort}" if result.cohort else "")
        + f" (first session from {result.start.isoformat()}):",
        "",
    ]
    if result.start != result.as_of:
        lines += [
            f"Mentors' open slots are judged on {result.start.isoformat()}, the first session: "
            "a pairing that ends before then frees its slot.",
            "",
        ]
    rows = [
        (
            str(n),
            naming.shown(p.mentee.id, "mentee"),
            naming.shown(p.mentor.id, "mentor"),
            p.explanation(),
        )
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
        lines.append(f"No suggestion for {len(result.unmatched)} mentee(s):")
        for reason, named, unnamed in _unmatched_by_reason(result, naming):
            listed = [*named, *([f"{unnamed} not named"] if unnamed else [])]
            lines.append(f"- {reason}: " + ", ".join(listed))
        lines.append("")
    elif result.proposals:
        lines.append("Every waiting mentee has a suggestion.")
    else:
        lines.append("No mentee is waiting for a mentor.")
    lines.append(
        f"{len(result.proposals)} suggestion(s), {result.open_slots} open mentor slot(s), "
        f"total score {result.score}."
    )
    lines.append(_quality(result))
    return "\n".join(lines) + "\n"


def _quality(result: MatchResult) -> str:
    optimal = (
        "Optimal for the score under the rules"
        if result.exhaustive
        else "Optimal among each mentee's best-scored allowed mentors"
    )
    if result.stable:
        return f"{optimal}; stable: no mentor and mentee would both rather be together."
    return (
        f"{optimal}; not stable: {result.blocking_pairs} mentor-mentee pair(s) not suggested "
        "would both rather be together."
    )


def _unmatched_by_reason(result: MatchResult, naming: Naming) -> list[tuple[str, list[str], int]]:
    """Unmatched mentees grouped by reason: the named ones by name, the others counted."""
    groups: dict[str, tuple[list[str], list[int]]] = {}
    for item in result.unmatched:
        named, unnamed = groups.setdefault(item.reason, ([], [0]))
        name = naming.name(item.mentee.id)
        if name is not None:
            named.append(name)
        else:
            unnamed[0] += 1
    return [(reason, sorted(named), count[0]) for reason, (named, count) in sorted(groups.items())]


def as_json(result: MatchResult, naming: Naming) -> dict[str, Any]:
    """The suggestions for tools: published names only, 'a mentor' / 'a mentee' otherwise."""

    def shown(person: Person, part: str) -> str:
        return naming.shown(person.id, part)

    return {
        "as_of": result.as_of.isoformat(),
        "start": result.start.isoformat(),
        "slots_judged_on": result.start.isoformat(),
        "cohort": result.cohort,
        "pairs": [
            {
                "mentor": shown(p.mentor, "mentor"),
                "mentee": shown(p.mentee, "mentee"),
                "shared_topics": list(p.shared),
                "overlap_hours": p.overlap_hours,
                "score": p.score,
                "reasons": list(p.reasons),
            }
            for p in result.proposals
        ],
        "unmatched": [
            {"mentee": shown(item.mentee, "mentee"), "reason": item.reason}
            for item in sorted(
                result.unmatched,
                key=lambda u: (not naming.is_named(u.mentee.id), shown(u.mentee, "")),
            )
        ],
        "open_slots": result.open_slots,
        "score": result.score,
        "exhaustive": result.exhaustive,
        "stable": result.stable,
        "blocking_pairs": result.blocking_pairs,
    }


def as_yaml(result: MatchResult) -> str:
    """The suggestions as `status: proposed` items for pairings.yaml (ids, not names)."""
    lines = [
        f"# Suggested by `handbook match` as of {result.as_of.isoformat()}; review before merging.",
        f"# Mentors' open slots judged on {result.start.isoformat()}, the first session.",
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
    for item in result.unmatched:
        lines.append(f"# No suggestion for {item.mentee.id}: {item.reason}")
    if not result.proposals:
        lines.append("[]")
    return "\n".join(lines) + "\n"
