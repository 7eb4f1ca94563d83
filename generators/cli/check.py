"""`handbook check`: validate `program/` against the data contract, reporting every problem."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generators.cli import check_cache
from generators.cli.options import add_as_of_option, add_program_option, as_of_or_report
from generators.data.problems import display_path

if TYPE_CHECKING:
    from generators.data.loaded import Origin
    from generators.data.models import Program
    from generators.data.problems import Problem


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check the program data and report every problem",
        description="Check program/ against the data contract. Exit 0 when valid (with a "
        "warning for each active pairing without any check-in once reporting."
        "stalled_after_days have passed since its start, on the as-of day, for each "
        "completed or ended-early pairing without an end, for each working-group task that "
        "is overdue or blocked, when the group's next meeting is a day away or less and "
        "its agenda has no purpose, objective or process, and for each name of a person "
        "written as plain text where a mention (@id) would follow their consent); exit 1 "
        "with one line per problem (file:line:col: message) otherwise; exit 2 when the "
        "command is used wrongly (an unknown option, a --program folder that does not exist). "
        "With --against BASE or --git REV, a survey whose figures, taken from BASE's release, "
        "would show what fewer than privacy.min_group_size people answered is a problem too.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for tools (default: %(default)s)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="run the whole check even when the same files passed it before today",
    )
    against = parser.add_mutually_exclusive_group()
    against.add_argument(
        "--against",
        type=Path,
        metavar="BASE",
        help="also refuse a survey whose release, compared with BASE's (a program folder), "
        "could be subtracted from it to show what a few people answered",
    )
    against.add_argument(
        "--git",
        metavar="REV",
        help="as --against, with BASE the program folder as committed at REV (read with git "
        "archive; the working tree is left alone)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.program.is_dir():
        what = "is not a folder" if args.program.exists() else "does not exist"
        print(
            f"handbook check: error: --program {display_path(args.program)} {what}; "
            "pass the folder that holds program.yaml",
            file=sys.stderr,
        )
        return 2
    as_of = as_of_or_report(args)
    if as_of is None:
        return 2
    if args.against is not None and not args.against.is_dir():
        print(
            f"handbook check: error: --against {display_path(args.against)} is not a folder; "
            "pass the program folder of the published release",
            file=sys.stderr,
        )
        return 2
    options = (args.format,)
    today = _today()
    compared = args.against is not None or args.git is not None
    use_cache = not (args.no_cache or compared)  # a comparison is never remembered
    entry = check_cache.key(args.program, options, as_of, today) if use_cache else None
    outcome = check_cache.recall(entry) if entry else None
    if outcome is None:
        outcome = _check(args, as_of, today)
        if entry:
            check_cache.remember(entry, outcome)
    sys.stdout.write(outcome.stdout)
    sys.stderr.write(outcome.stderr)
    return outcome.code


def _check(args: argparse.Namespace, as_of: date, today: date) -> check_cache.Outcome:
    """The whole check: what it prints to each stream, and its exit code."""
    from generators.data.checkins import unchecked_warnings
    from generators.data.checks import open_ended_warnings
    from generators.data.load import check_directory
    from generators.data.working_group import working_group_warnings

    loaded = check_directory(args.program, today=today, as_of=as_of)
    problems = sorted(loaded.problems)
    notes: list[str] = []
    if not problems and loaded.program is not None and (args.against or args.git):
        compared = _release_problems(args, loaded.program, loaded.origins.get("surveys", []))
        if isinstance(compared, check_cache.Outcome):
            return compared
        problems, notes = compared
    valid = not problems and loaded.program is not None
    pairings = loaded.origins.get("pairings", [])
    warnings = (
        sorted(loaded.warnings)
        + open_ended_warnings(loaded.program, pairings, as_of)
        + unchecked_warnings(loaded.program, pairings, as_of)
        + working_group_warnings(loaded.program, loaded, as_of)
        if valid and loaded.program is not None
        else []
    )
    out: list[str] = []
    err: list[str] = list(notes)
    if args.format == "json":
        report = {
            "valid": valid,
            "problems": [p.as_dict() for p in problems],
            "summary": summary(loaded.program) if valid and loaded.program else None,
            "warnings": [w.as_dict() for w in warnings],
        }
        out.append(json.dumps(report, ensure_ascii=False, indent=2))
    elif valid and loaded.program is not None:
        counts = summary(loaded.program)
        listed = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
        out.append(f"{display_path(args.program)}: valid ({listed})")
        err.extend(str(warning) for warning in warnings)
    else:
        out.extend(str(problem) for problem in problems)
        err.append(f"{len(problems)} problem(s) found in {display_path(args.program)}")
    return check_cache.Outcome(
        "".join(f"{line}\n" for line in out),
        "".join(f"{line}\n" for line in err),
        0 if valid else 1,
    )


def _release_problems(
    args: argparse.Namespace, head: Program, origins: list[Origin]
) -> tuple[list[Problem], list[str]] | check_cache.Outcome:
    """Surveys whose release could be subtracted from BASE's (see `data.releases`) and notes,
    or the outcome that says why BASE cannot be read."""
    from generators.cli.revisions import RevisionError, Source, folder
    from generators.data.load import check_directory
    from generators.data.releases import release_problems

    source: Source = args.against if args.against is not None else (args.git, args.program)
    label = display_path(args.against) if args.against is not None else args.git
    try:
        with folder(source) as base_dir:
            base = check_directory(base_dir, base=base_dir)
    except RevisionError as error:
        return check_cache.Outcome("", f"handbook check: error: {error}\n", 2)
    if base.problems or base.program is None:
        # Nothing was published from data that fails the check: there is no release to keep.
        note = (
            f"handbook check: {label} has problems of its own, so nothing was published "
            "from it; surveys were not compared with it"
        )
        return [], [note]
    return sorted(release_problems(base.program, head, origins, label)), []


def _today() -> date:
    return date.today()


def summary(program: Program) -> dict[str, int]:
    """How many records of each kind: the one-line proof of what was checked."""
    return {
        "people": len(program.people),
        "cohorts": len(program.cohorts),
        "pairings": len(program.pairings),
        "timeline entries": len(program.timeline),
        "incentives": len(program.incentives),
        "recognition entries": len(program.recognition),
        "baseline rows": len(program.baseline),
        "surveys": len(program.surveys),
        "working-group meetings": len(program.meetings),
        "feedback entries": len(program.feedback),
    }
