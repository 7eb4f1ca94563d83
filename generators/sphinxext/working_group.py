"""The working group's blocks: the next meeting's agenda, the rolling agenda, the open tasks,
the decision log and the feedback log.

Everything comes from the published view (`PublishedProgram.working_group`), so people are
named only if they agreed ("a member" otherwise). Meetings and decisions get anchors,
`meeting-<id>` and `decision-<id>`, registered as labels any page can link to; links from a
block to an incentive, a timeline row or a decision are optional: where the target is not in
the handbook (a timeline row the roadmap does not show), the words stay plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils.parsers.rst import directives
from markupsafe import Markup

from generators.data import formats
from generators.sphinxext.blocks import Block
from generators.sphinxext.catalog import anchor as incentive_anchor
from generators.sphinxext.timeline import timeline_anchor

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram
    from generators.data.published_group import (
        DecisionEntry,
        LinkSet,
        MeetingEntry,
        ReadingEntry,
        WorkingGroupView,
    )

#: What a decision may concern, as the `:concerns:` option names it.
CONCERNS = ("incentives", "timeline", "decisions")


def words(value: str) -> str:
    """A vocabulary value as words: `staff-meeting` → `Staff meeting`."""
    return value.replace("-", " ").capitalize()


class _GroupBlock(Block):
    def group(self, view: PublishedProgram) -> WorkingGroupView:
        group = view.working_group
        assert group is not None  # `publish` always makes it
        return group

    def links(self, links: LinkSet) -> list[Markup | str]:
        """An incentive's, a timeline row's and a decision's name, linked where it is shown."""
        from generators.data.published_group import decision_anchor

        found: list[Markup | str] = []
        targets = (
            (links.incentives, incentive_anchor),
            (links.timeline, timeline_anchor),
            (links.decisions, decision_anchor),
        )
        for items, anchor in targets:
            found.extend(self.link(anchor(i.id), i.title, optional=True) for i in items)
        return found

    def reading(self, reading: ReadingEntry, about: str) -> Markup | str:
        """Pre-reading as a link: a handbook page, or a web address; else its title."""
        if reading.page:
            return self.link(reading.page, reading.title, kind="doc", about=about)
        if reading.url:
            return Markup('<a class="reference external" href="{}">{}</a>').format(
                reading.url, reading.title
            )
        return reading.title

    def meeting(self, meeting: MeetingEntry) -> dict[str, Any]:
        """A meeting with its links made: pre-reading, and what each decision concerns."""
        from generators.data.published_group import decision_anchor

        about = f"the working group's meeting '{meeting.id}'"
        return {
            "entry": meeting,
            "agenda": [
                (item, [self.reading(r, f"{about}, pre-reading") for r in item.pre_reading])
                for item in meeting.agenda
            ],
            "decisions": [
                (
                    d,
                    self.link(decision_anchor(d.id), d.title, optional=True),
                    self.links(d.concerns),
                )
                for d in meeting.decisions
            ],
        }


class NextAgenda(_GroupBlock):
    """The group's next meeting on or after the day: purpose, objective, process, items with
    pre-reading, and the open tasks it carries, overdue and blocked first."""

    template = "blocks/wg-agenda.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        group = self.group(view)
        upcoming = group.next
        meeting = upcoming.meeting if upcoming else None
        return {
            "group": group,
            "next": upcoming,
            "meeting": self.meeting(meeting) if meeting else None,
        }


class RollingAgenda(_GroupBlock):
    """Every meeting, newest first, each with its agenda, decisions and tasks; a table of
    contents first, so that fifty meetings stay easy to find."""

    template = "blocks/rolling-agenda.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "no-anchors": directives.flag,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.data.published_group import meeting_anchor

        group = self.group(view)
        anchors = "no-anchors" not in self.options
        if anchors:
            for entry in group.meetings:
                self.register_anchor(
                    meeting_anchor(entry.id), f"Meeting of {formats.day(entry.day)}"
                )
        return {
            "group": group,
            "meetings": [self.meeting(entry) for entry in group.meetings],
            "anchors": anchors,
            "anchor": meeting_anchor,
        }


class OpenTasks(_GroupBlock):
    """Tasks not done on the day, overdue and blocked first, with their owners."""

    template = "blocks/open-tasks.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        return {"tasks": self.group(view).open_tasks}


class Decisions(_GroupBlock):
    """The decision log, newest first: how each was reached, what it changes, and links to what
    it concerns. `:concerns:` keeps the decisions about incentives or timeline entries."""

    template = "blocks/decisions.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "concerns": directives.unchanged,
        "no-anchors": directives.flag,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.data.published_group import decision_anchor

        wanted = self.choice_list("concerns", CONCERNS, ())
        decisions: list[DecisionEntry] = [
            d
            for d in self.group(view).decisions
            if not wanted or any(getattr(d.concerns, kind) for kind in wanted)
        ]
        anchors = "no-anchors" not in self.options
        rows = []
        for decision in decisions:
            if anchors:
                self.register_anchor(decision_anchor(decision.id), decision.title)
                title: Markup | str = decision.title
            else:
                title = self.link(decision_anchor(decision.id), decision.title, optional=True)
            rows.append((decision, title, self.links(decision.concerns)))
        return {"rows": rows, "anchors": anchors, "anchor": decision_anchor, "filtered": wanted}


class FeedbackLog(_GroupBlock):
    """What stakeholders said, when and how, and what became of it: adopted (and where),
    declined (and why), or still open."""

    template = "blocks/feedback.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.data.models import Disposition

        entries = self.group(view).feedback
        groups = [
            (
                disposition,
                [(e, self.links(e.incorporated)) for e in entries if e.disposition == disposition],
            )
            for disposition in get_args(Disposition)
        ]
        return {"entries": entries, "groups": groups, "words": words}
