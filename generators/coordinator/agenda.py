"""The working group's next meeting as an agenda to post a day ahead: Markdown for the chat
channel or the email, or JSON for tools.

Made from the published view (`published_group`): people are named only if they agreed,
"a member" otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generators.coordinator.export import to_data
from generators.coordinator.markdown import Markdown, escape, render
from generators.data import formats
from generators.data.joining import site_address
from generators.data.models import unframed
from generators.data.published_group import (
    NextMeeting,
    ReadingEntry,
    TaskEntry,
    WorkingGroupView,
    agenda_address,
)

TEMPLATE = "report/agenda.md.j2"


class NoAgenda(ValueError):
    """The next meeting has no agenda yet, or there is no next meeting."""


@dataclass(frozen=True)
class Agenda:
    """The next meeting, the open tasks it carries, and where it is on the site."""

    as_of: date
    series_title: str
    next: NextMeeting
    address: str | None
    site_url: str | None

    @property
    def missing(self) -> list[str]:
        """What the agenda lacks before it can be posted (`models.FRAMING`)."""
        meeting = self.next.meeting
        assert meeting is not None
        return unframed(meeting)


def next_agenda(view: WorkingGroupView, as_of: date, site_url: str | None) -> Agenda:
    """The agenda of the group's next meeting on or after `as_of`, or `NoAgenda` saying why."""
    if view.series is None:
        raise NoAgenda("the program names no working-group meeting (working_group.meeting)")
    upcoming = view.next
    if upcoming is None:
        ended = f" on {formats.day(view.ended_on)}" if view.ended_on else ""
        raise NoAgenda(f"the working group's meetings ended{ended}: there is no next meeting")
    meeting = upcoming.meeting
    if meeting is None or not (meeting.agenda or meeting.purpose or meeting.objective):
        file = f"working-group/{(upcoming.moved_from or upcoming.day).isoformat()}.yaml"
        raise NoAgenda(
            f"the meeting on {formats.day(upcoming.day)} has no agenda yet: add {file} to the "
            "program with its purpose, objective, process and agenda items"
        )
    return Agenda(
        as_of=as_of,
        series_title=view.series_title or "Working group meeting",
        next=upcoming,
        address=agenda_address(site_url, meeting.id),
        site_url=site_url,
    )


def reading_text(reading: ReadingEntry, site_url: str | None) -> Markdown:
    """`[Title](address)`, or the title alone where there is no address."""
    address = reading.url or (
        site_address(site_url, f"{reading.page}.html") if reading.page else None
    )
    if address is None:
        where = f" (the handbook's {escape(reading.page)} page)" if reading.page else ""
        return Markdown(f"{escape(reading.title)}{where}")
    return Markdown(f"[{escape(reading.title)}](<{_address(address)}>)")


def task_text(task: TaskEntry) -> Markdown:
    """'**Title** (owner), due 2024-02-07: overdue' and the blocker when blocked."""
    state = []
    if task.overdue:
        state.append("overdue")
    if task.status == "blocked":
        state.append(f"blocked: {escape(task.blocker)}")
    tail = f": {'; '.join(state)}" if state else ""
    return Markdown(
        f"**{escape(task.title)}** ({escape(task.owner)}), due {formats.day(task.due)}{tail}"
    )


def render_agenda(agenda: Agenda, templates: Path | None = None) -> str:
    """The agenda as Markdown, ready to post, from `templates` (a handbook's `_templates/`; by
    default the one found from the current folder)."""
    return render(
        TEMPLATE, templates, agenda=agenda, reading=reading_text, task=task_text, link=autolink
    )


def agenda_json(agenda: Agenda) -> str:
    """The agenda as JSON for tools: the meeting, the open tasks, where it is on the site."""
    data = {
        "as_of": agenda.as_of.isoformat(),
        "series": agenda.series_title,
        "next": to_data(agenda.next),
        "address": agenda.address,
        "missing": agenda.missing,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def autolink(url: str) -> Markdown:
    """A web address as a Markdown autolink."""
    return Markdown(f"<{_address(url)}>")


def _address(url: str) -> str:
    """A web address inside `<...>` in Markdown: nothing in it may close the brackets."""
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
