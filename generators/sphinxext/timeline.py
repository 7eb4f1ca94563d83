"""Timeline blocks: the roadmap as a table and a Gantt chart, and the recurring meetings.

Rows come in dependency order (everything after what it depends on; among items that are
ready, the earliest first), so the chart reads top to bottom as the plan unfolds. Status is
the one recorded in `timeline.yaml`; the "as of" date adds where today falls and flags items
whose date has passed while still open.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils.parsers.rst import directives
from markupsafe import Markup

from generators.data.formats import month
from generators.sphinxext import timeline_chart
from generators.sphinxext.blocks import Block, BlockOptionError
from generators.sphinxext.render import format_day, plural
from generators.sphinxext.updates import PRINT_VARIABLE

if TYPE_CHECKING:  # the data layer is imported only when a page with a block is read
    from generators.data.published import PublishedProgram, TimelineEntry


def kinds() -> tuple[str, ...]:
    """The kinds of timeline item, in the model's order (also the order of ties on a day)."""
    from generators.data.models import TimelineKind

    return get_args(TimelineKind)


def statuses() -> tuple[str, ...]:
    from generators.data.models import TimelineStatus

    return get_args(TimelineStatus)


SHOW = ("chart", "table")
#: Open statuses: an item still open after its last day is flagged "date passed".
OPEN = ("planned", "in-progress", "at-risk")
STATUS_LABELS = {
    "done": "Done",
    "in-progress": "In progress",
    "planned": "Planned",
    "at-risk": "At risk",
    "missed": "Missed",
}
#: sphinx-design badge colours, matching the chart's status colours in meaning.
STATUS_BADGES = {
    "done": "success",
    "in-progress": "info",
    "planned": "secondary",
    "at-risk": "warning",
    "missed": "danger",
}
CADENCE = {"weekly": "weekly", "biweekly": "every two weeks", "monthly": "monthly"}


def timeline_anchor(item_id: str) -> str:
    """A timeline row's anchor, given `:anchors:` (the roadmap's table)."""
    return f"timeline-{item_id}"


def dependency_order(items: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Each item after everything it depends on; ties go to the earliest start."""
    items = list(items)
    order = kinds()
    known = {item.id for item in items}
    waiting = {item.id: {d for d in item.depends_on if d in known} for item in items}
    dependants: dict[str, list[TimelineEntry]] = {item.id: [] for item in items}
    for item in items:
        for prerequisite in waiting[item.id]:
            dependants[prerequisite].append(item)

    def key(item: TimelineEntry) -> tuple[date, date, int, str]:
        return item.first_day, item.last_day, order.index(item.kind), item.id

    ready = [(key(item), item) for item in items if not waiting[item.id]]
    heapq.heapify(ready)
    ordered: list[TimelineEntry] = []
    while ready:
        _, item = heapq.heappop(ready)
        ordered.append(item)
        for dependant in dependants[item.id]:
            waiting[dependant.id].discard(item.id)
            if not waiting[dependant.id]:
                heapq.heappush(ready, (key(dependant), dependant))
    # The data check refuses cycles; should one slip through, its items still show, by date.
    placed = {item.id for item in ordered}
    ordered.extend(sorted((i for i in items if i.id not in placed), key=key))
    return ordered


def span(first: date, last: date, *, unbroken: bool = False) -> str:
    """`23 Feb 2024`, `8 Jan – 9 Feb 2024`, `15 Apr 2024 – 30 Jun 2025`.

    `unbroken` keeps each date on one line (a narrow table column breaks only after the dash).
    """
    if first == last:
        parts = [format_day(first)]
    elif first.year == last.year:
        parts = [format_day(first).rsplit(" ", 1)[0], format_day(last)]
    else:
        parts = [format_day(first), format_day(last)]
    if unbroken:
        return "\u00a0– ".join(part.replace(" ", "\u00a0") for part in parts)
    return " – ".join(parts)


def duration(minutes: int | None) -> str | None:
    """`30 min`, `1 h`, `1 h 30 min`."""
    if not minutes:
        return None
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def cadence(item: TimelineEntry) -> str:
    """`weekly on Wednesdays`, `every two weeks on Wednesdays`, `monthly on the 5th`."""
    if item.repeat is None:
        return "once"
    if item.repeat == "monthly":
        return f"monthly on the {_ordinal(item.first_day.day)}"
    from generators.data.formats import weekday  # English, whatever the locale Sphinx sets

    return f"{CADENCE[item.repeat]} on {weekday(item.first_day)}s"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _parse_day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BlockOptionError(
            f"{option}: expected a date as YYYY-MM-DD; found '{value}'"
        ) from None


@dataclass(frozen=True)
class Window:
    """The days a block shows; either end may be open."""

    start: date | None
    end: date | None

    def overlaps(self, item: TimelineEntry) -> bool:
        return (self.start is None or item.last_day >= self.start) and (
            self.end is None or item.first_day <= self.end
        )


class _Windowed(Block):
    """Shared by both blocks: the `:from:` / `:until:` window."""

    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "from": directives.unchanged,
        "until": directives.unchanged,
    }

    def window(self) -> Window:
        start = _parse_day("from", self.options.get("from"))
        end = _parse_day("until", self.options.get("until"))
        if start and end and start > end:
            raise BlockOptionError(f"from ({start}) is after until ({end})")
        return Window(start, end)


class Timeline(_Windowed):
    """The roadmap and calendar: a Gantt chart and a table, in dependency order."""

    template = "blocks/timeline.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **_Windowed.option_spec,
        "kinds": directives.unchanged,
        "status": directives.unchanged,
        "show": directives.unchanged,
        "anchors": directives.flag,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        every_kind, every_status = kinds(), statuses()
        chosen_kinds = self.choice_list("kinds", every_kind, every_kind)
        chosen_statuses = self.choice_list("status", every_status, every_status)
        show = self.choice_list("show", SHOW, SHOW)
        window = self.window()
        if not chosen_kinds or not chosen_statuses or not show:
            raise BlockOptionError("nothing to show: give at least one kind, status and view")
        titles = {item.id: item.title for item in view.timeline}
        shown = [
            item
            for item in dependency_order(view.timeline)
            if item.kind in chosen_kinds
            and item.status in chosen_statuses
            and window.overlaps(item)
        ]
        rows = [self._row(item, titles, view.as_of) for item in shown]
        anchors = "anchors" in self.options and "table" in show
        if anchors:  # each row a target: the decision log links to what a decision changed
            for item in shown:
                self.register_anchor(timeline_anchor(item.id), item.title)
        charts = self._charts(shown, window, view.as_of) if shown and "chart" in show else []
        return {
            "rows": rows,
            "charts": charts,
            "wide": bool(os.environ.get(PRINT_VARIABLE)),
            "table": "table" in show,
            "window": window,
            "caption": _caption(chosen_kinds, window, view.as_of),
            "anchors": anchors,
            "anchor": timeline_anchor,
        }

    def _row(self, item: TimelineEntry, titles: dict[str, str], as_of: date) -> dict[str, Any]:
        title: str | Markup = item.title
        if item.page and item.page.strip("/") != self.env.docname:
            title = self.link(
                item.page,
                item.title,
                kind="doc",
                about=f"timeline item '{item.id}' ({item.title})",
            )
        kind = item.kind.capitalize()
        if item.kind == "meeting" and item.repeat:
            kind += f" ({CADENCE[item.repeat]})"
        return {
            "id": item.id,
            "when": span(item.first_day, item.last_day, unbroken=True),
            "title": title,
            "kind": kind,
            "status": item.status,
            "status_label": STATUS_LABELS[item.status],
            "badge": STATUS_BADGES[item.status],
            "overdue": item.status in OPEN and item.last_day < as_of,
            "owner": item.owner,
            "depends_on": [titles[d] for d in item.depends_on if d in titles],
        }

    def _charts(self, shown: Sequence[TimelineEntry], window: Window, as_of: date) -> list[Any]:
        """One chart; for print (the printable handbook's build), as many as keep each on a
        landscape page, all on the time axis of the whole."""
        for_print = bool(os.environ.get(PRINT_VARIABLE))
        whole = timeline_chart.chart_data(shown, window.start, window.end, as_of)
        start, end = date.fromisoformat(whole["start"]), date.fromisoformat(whole["end"])
        charts = []
        for part in timeline_chart.parts(len(shown), for_print=for_print):
            items = [shown[n] for n in part]
            data = timeline_chart.chart_data(items, start, end, as_of, for_print=for_print)
            charts.append(self._chart(items, shown, data, as_of))
        return charts

    def _chart(
        self,
        items: Sequence[TimelineEntry],
        shown: Sequence[TimelineEntry],
        data: dict[str, Any],
        as_of: date,
    ) -> Any:
        """The chart of `items`, with the numbers of everything `shown` behind it."""
        return self.chart(
            "timeline",
            data,
            timeline_chart.draw,
            alt=describe(items, data, as_of),
            headers=("Item", "Kind", "Start", "End", "Status"),
            rows=[
                (
                    item.title,
                    item.kind,
                    format_day(item.first_day),
                    format_day(item.last_day),
                    STATUS_LABELS[item.status].lower(),
                )
                for item in shown
            ],
            size=timeline_chart.size(data),
        )


def _caption(kinds: Sequence[str], window: Window, as_of: date) -> str:
    what = "Timeline" if "meeting" in kinds else "Roadmap"
    if window.start and window.end:
        what += f" from {format_day(window.start)} to {format_day(window.end)}"
    elif window.start:
        what += f" from {format_day(window.start)}"
    elif window.end:
        what += f" until {format_day(window.end)}"
    return f"{what}, as of {format_day(as_of)}"


def describe(shown: Sequence[TimelineEntry], data: dict[str, Any], as_of: date) -> str:
    """The chart in two or three sentences: what it holds, what is done or at risk, and now."""
    first, last = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
    counted = [
        plural(n, kind, kind + "es" if kind.endswith("s") else None)
        for kind in kinds()
        if (n := sum(1 for i in shown if i.kind == kind))
    ]
    sentences = [
        f"Gantt chart of {_and(counted)} from {month(first)} to {month(last)}, in dependency order."
    ]
    states = [
        f"{n} {STATUS_LABELS[status].lower()}"
        for status in ("done", "in-progress", "planned")
        if (n := sum(1 for i in shown if i.status == status))
    ]
    if states:
        sentences.append(_sentence(_and(states)))
    for status in ("at-risk", "missed"):
        named = [i.title for i in shown if i.status == status]
        if named:
            listed = named[:3] + ([f"{len(named) - 3} more"] if len(named) > 3 else [])
            sentences.append(f"{STATUS_LABELS[status]}: {_and(listed)}.")
    sentences.append(_now(shown, data, as_of))
    return " ".join(sentences)


def _now(shown: Sequence[TimelineEntry], data: dict[str, Any], as_of: date) -> str:
    day = format_day(as_of)
    if data["as_of"] is None:
        before = as_of < date.fromisoformat(data["start"])
        return f"The as-of date, {day}, is {'before' if before else 'after'} the period shown."
    during = [i.title for i in shown if i.kind == "phase" and i.first_day <= as_of <= i.last_day]
    if during:
        return f"The as-of line, {day}, falls during {_and(during[:2])}."
    past = [i for i in shown if i.last_day < as_of]
    future = [i for i in shown if i.first_day > as_of]
    if not past:
        return f"The as-of line, {day}, comes before every item."
    if not future:
        return f"The as-of line, {day}, comes after every item."
    latest = max(past, key=lambda i: i.last_day)
    nearest = min(future, key=lambda i: i.first_day)
    return f"The as-of line, {day}, falls between {latest.title} and {nearest.title}."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _and(parts: Sequence[str]) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


class Meetings(_Windowed):
    """The recurring meetings in words: cadence, length, dates, count, and the next one (a
    working-group meeting moved off its day counts on the day it moved to)."""

    template = "blocks/meetings.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        window = self.window()
        meetings = [i for i in view.timeline if i.kind == "meeting" and window.overlaps(i)]
        group = view.working_group
        moved = dict(group.moved) if group is not None else {}
        series = group.series if group is not None else None
        return {
            "meetings": [
                _meeting(item, view.as_of, moved if item.id == series else {}) for item in meetings
            ]
        }


def _meeting(item: TimelineEntry, as_of: date, moved: dict[date, date]) -> dict[str, Any]:
    """The meeting in words; `moved` maps series days to the days the meetings moved to."""
    from generators.data.recurrence import occurrences

    days = sorted(moved.get(day, day) for day in occurrences(item))
    upcoming = [day for day in days if day >= as_of]
    ongoing = item.first_day <= as_of <= item.last_day and item.repeat is not None
    return {
        "title": item.title,
        "cadence": cadence(item),
        "duration": duration(item.duration_minutes),
        "when": span(item.first_day, item.last_day),
        "ongoing": ongoing,
        "first": item.first_day,
        "last": item.last_day,
        "count": len(days),
        "held": sum(1 for day in days if day < as_of),
        "next": upcoming[0] if upcoming else None,
        "owner": item.owner,
        "status": item.status,
    }
