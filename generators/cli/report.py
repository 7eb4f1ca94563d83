"""`handbook report`: the status update for the staff meeting, as Markdown."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generators.cli.options import (
    add_as_of_option,
    add_program_option,
    program_as_of,
    templates_of,
)
from generators.cli.output import add_output_option, emit
from generators.coordinator.report import NoReportingDate, build_report, render_report


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="print the status update for the staff meeting (Markdown)",
        description="Print the status update for the staff meeting as Markdown: the update "
        "for the next reporting date on or after the as-of date, so that the day before a "
        "meeting gives that meeting's update (reporting dates are the days of the meeting named "
        "in reporting.meeting, or reporting.first + k × cadence_days in program.yaml); after "
        "the series' last meeting, the last update, saying that the series has ended. "
        "Statuses are those of the as-of date, figures those of the latest reporting date. It "
        "lists pairings started and ended, goals done, timeline entries done, due next, "
        "overdue or at risk, the figures "
        "with their change since the previous update and since before incentives, progress "
        "against targets, and what needs a decision. People are named only if they agreed "
        "(publish: true); everyone else appears as 'a mentor' or 'a mentee'.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    add_output_option(parser, "the Markdown")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    loaded = program_as_of(args)
    if isinstance(loaded, int):
        return loaded
    program, as_of = loaded
    try:
        report = build_report(program, as_of)
    except NoReportingDate as error:
        print(f"handbook report: {error}", file=sys.stderr)
        return 1
    return emit(args, render_report(report, templates_of(args)))
