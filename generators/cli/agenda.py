"""`handbook agenda`: the working group's next meeting, as an agenda to post a day ahead."""

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


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "agenda",
        help="print the working group's next agenda, to post a day ahead (Markdown or json)",
        description="Print the agenda of the working group's next meeting on or after the "
        "as-of date (the day of the meeting named in working_group.meeting, or a meeting moved "
        "from it): its purpose, objective and process, the items with who proposed them and "
        "their pre-reading, and the open tasks carried forward, overdue and blocked first. "
        "People are named only if they agreed (publish: true); everyone else appears as 'a "
        "member'. Exit 1 with the reason when that meeting has no agenda yet (no file in "
        "program/working-group/, or one without purpose, objective and items), or when the "
        "group's meetings have ended.",
    )
    add_program_option(parser)
    add_as_of_option(parser)
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown to post, json for tools (default: %(default)s)",
    )
    add_output_option(parser, "the agenda")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generators.coordinator.agenda import NoAgenda, agenda_json, next_agenda, render_agenda
    from generators.data.published_group import publish_working_group
    from generators.data.working_group import listed_or

    loaded = program_as_of(args)
    if isinstance(loaded, int):
        return loaded
    program, as_of = loaded
    view = publish_working_group(program, as_of)
    try:
        agenda = next_agenda(view, as_of, program.info.site_url)
    except NoAgenda as error:
        print(f"handbook agenda: {error}", file=sys.stderr)
        return 1
    if agenda.missing and args.format == "markdown":
        print(
            f"handbook agenda: the agenda has no {listed_or(agenda.missing)} yet: write "
            "them before posting it",
            file=sys.stderr,
        )
    if args.format == "json":
        return emit(args, agenda_json(agenda))
    return emit(args, render_agenda(agenda, templates_of(args)))
