"""`handbook match`: suggest mentors for mentees who are waiting for one."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    program_as_of,
)
from generators.cli.output import add_output_option, emit
from generators.data.models import Person
from generators.data.naming import Naming

if TYPE_CHECKING:
    from generators.coordinator.matching import MatchResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match",
        help="suggest mentor-mentee pairs for mentees waiting for a mentor",
        description="Suggest a mentor for everyone waiting for one on the first session's "
        "day (the as-of date, or a later cohort's start): people with the mentee role whom "
        "no active, paused or proposed pairing holds as a mentee, and who mentor nobody "
        "unless they ask for both (mentee_while_mentoring: true). Mentors are offered with "
        "their open capacity that day (capacity minus their active, paused and proposed "
        "pairings), unless they are a mentee then or waiting for a mentor themselves and "
        "have not asked for both. Everyone with either role who is left out is listed with "
        "the reason. Hard rules, from program.yaml's matching section with the framework's "
        "defaults, are never broken: a mentor is never in the mentee's reporting line, "
        "shares at least min_overlap_hours (2) of working hours (09:00-17:00 local time on "
        "the as-of date) and min_shared_topics (1) topics (skills against interests, "
        "ignoring case), and is not on the same team unless same_team: true or "
        "--allow-same-team. Allowed pairs score for shared topics, shared hours, team "
        "distance and the mentor's preferred topics (prefers). The assignment is optimal for "
        "the total score, matching as many mentees as possible first; it says whether it is "
        "stable (no mentor and mentee who would both rather be together), and every mentee "
        "left unmatched gets a reason. The same data always gives the same suggestions.",
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
        text = as_yaml(result, naming)
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
        for group in _unmatched_by_reason(result, naming):
            lines.append(f"- {group.reason}: " + ", ".join(group.listed))
        lines.append("")
    elif result.proposals:
        lines.append("Every waiting mentee has a suggestion.")
    else:
        lines.append("No mentee is waiting for a mentor.")
    if result.left_out and not result.unmatched:
        lines.append("")
    left_out = _left_out_by_reason(result, naming)
    for role, heading in LEFT_OUT_HEADINGS.items():
        groups = [g for g in left_out if g.role == role]
        if groups:
            lines.append(heading)
        for group in groups:
            if group.counted:
                lines.append(f"- {group.reason}: {group.count} {role}(s)")
            else:
                lines.append(f"- {group.reason}: " + ", ".join(group.listed))
    if result.left_out:
        lines.append("")
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


#: The two kinds of people left out of a round, as the table introduces them.
LEFT_OUT_HEADINGS = {
    "mentee": "Not waiting for a mentor (with the mentee role):",
    "mentor": "Not offered as a mentor (with the mentor role):",
}


@dataclass(frozen=True)
class ReasonGroup:
    """People in one role without a pairing for one reason: the named ones by name, the rest
    counted; `ids` for the YAML, which names no one but is for the coordinator."""

    role: str
    reason: str
    counted: bool  # a reason that holds for many as a matter of course: the table counts
    named: tuple[str, ...]
    unnamed: int
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.named) + self.unnamed

    @property
    def listed(self) -> list[str]:
        """The names, then how many are not named: "Ana, Bo, 2 not named"."""
        return [*self.named, *([f"{self.unnamed} not named"] if self.unnamed else [])]


def _by_reason(
    people: Iterable[tuple[str, str, bool, str]], naming: Naming, order: Callable[[str], str]
) -> list[ReasonGroup]:
    """(role, reason, counted, person's id) grouped by role and reason: mentees first, the
    counted reasons first, then by reason; names in `order`, ids as given."""
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for role, reason, counted, person_id in people:
        groups.setdefault((role, reason, counted), []).append(person_id)
    result = []
    for (role, reason, counted), ids in sorted(
        groups.items(), key=lambda item: (item[0][0] != "mentee", not item[0][2], item[0][1])
    ):
        names = [name for name in map(naming.name, ids) if name is not None]
        named = tuple(sorted(names, key=order))
        result.append(ReasonGroup(role, reason, counted, named, len(ids) - len(names), tuple(ids)))
    return result


def _left_out_by_reason(result: MatchResult, naming: Naming) -> list[ReasonGroup]:
    """Everyone left out of the round, by role and reason."""
    people = ((o.role, o.reason, o.counted, o.person.id) for o in result.left_out)
    return _by_reason(people, naming, str.casefold)


def _unmatched_by_reason(result: MatchResult, naming: Naming) -> list[ReasonGroup]:
    """The mentees the round found no mentor for, by reason."""
    people = (("mentee", u.reason, False, u.mentee.id) for u in result.unmatched)
    return _by_reason(people, naming, str)


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
        "left_out": [
            {
                "role": group.role,
                "reason": group.reason,
                "count": group.count,
                "named": list(group.named),
            }
            for group in _left_out_by_reason(result, naming)
        ],
        "open_slots": result.open_slots,
        "score": result.score,
        "exhaustive": result.exhaustive,
        "stable": result.stable,
        "blocking_pairs": result.blocking_pairs,
    }


def as_yaml(result: MatchResult, naming: Naming) -> str:
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
    for group in _left_out_by_reason(result, naming):
        shown = f"{group.count} {group.role}(s)" if group.counted else ", ".join(group.ids)
        lines.append(f"# Left out as a {group.role}, {group.reason}: {shown}")
    if not result.proposals:
        lines.append("[]")
    return "\n".join(lines) + "\n"
