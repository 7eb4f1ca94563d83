"""Metric blocks: participation over time, before and after incentives, targets, headline figures.

Every figure comes from the published view's snapshots, which the data layer derives from the
roster on each reporting date (and from baseline rows before the roster's history); nothing
here counts people itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils.parsers.rst import directives

from generators.data.formats import METRIC_LABELS, metric_value
from generators.data.targets import STATE_WORDS
from generators.sphinxext.blocks import Block, BlockOptionError
from generators.sphinxext.charts import CHART_WIDTH
from generators.sphinxext.metric_charts import (
    POINT_FIELDS,
    SERIES_LABELS,
    draw_before_after,
    draw_participation,
)
from generators.sphinxext.render import format_day, format_percent, format_signed

if TYPE_CHECKING:  # the data layer is imported when a page is read, not at start-up
    from generators.data.metrics import Snapshot
    from generators.data.published import PublishedProgram


#: The headline figures besides the metrics: pairings active on the day, and how far
#: participation moved since incentives began.
FIGURE_EXTRAS = {"pairings": "active pairings", "change": "participation since incentives began"}
#: The figures the home page shows unless told otherwise.
DEFAULT_FIGURES = ("pairings", "mentors", "mentees", "participation", "change")


def metric_names() -> tuple[str, ...]:
    """The program's metrics, the series a chart may draw: the model's `Metric`."""
    from generators.data.models import Metric

    return get_args(Metric)


def figure_labels() -> dict[str, str]:
    """Each headline figure's words: the extras, then each metric's label."""
    return {**FIGURE_EXTRAS, **{name: METRIC_LABELS[name].lower() for name in metric_names()}}


#: A metric's value as every output prints it (the data layer's one format).
metric_text = metric_value


def source_text(snapshot: Snapshot) -> str:
    if snapshot.source == "baseline":
        return f"baseline: {snapshot.source_note}" if snapshot.source_note else "baseline"
    return "roster"


def trend_sentence(view: PublishedProgram) -> str:
    """One sentence on where participation went, naming the rule it compares by.

    Before against after compares the share of eligible people who took part at any time in
    the year up to each report, so neither end can be a dip between two cohorts; where the
    earlier report is a baseline figure (no year of records), it compares the reports' days.
    """
    series = view.snapshots
    if not series:
        return f"No report yet as of {format_day(view.as_of)}."
    split = view.before_after
    latest = series[-1]
    change = split.headline
    if change is not None:
        old, new = change.before, change.after
        on_the_day = (
            f" On {format_day(new.date)} itself, {_percent(new)} were in a pairing that was "
            "meeting."
        )
        if change.year_based:
            return (
                f"Over the year to {format_day(old.date)}, the last report before incentives, "
                f"{format_percent(old.participation_year)} of eligible people took part in a "
                f"pairing; over the year to {format_day(new.date)}, the latest report, "
                f"{format_percent(new.participation_year)}.{on_the_day}"
            )
        return (
            f"On {format_day(old.date)}, the last report before incentives, {_percent(old)} of "
            f"eligible people were in a pairing that was meeting; on {format_day(new.date)}, the "
            f"latest report, {_percent(new)}."
        )
    if split.before is not None:
        return (
            f"Participation was {_percent(latest)} on {format_day(latest.date)}, the latest "
            f"report; incentives take effect on {format_day(view.incentives_start)}."
        )
    first = series[0]
    if first == latest:
        return (
            f"Participation was {_percent(latest)} on {format_day(latest.date)}, the first report."
        )
    return (
        f"Participation went from {_percent(first)} on {format_day(first.date)}, the first "
        f"report, to {_percent(latest)} on {format_day(latest.date)}."
    )


def _percent(snapshot: Snapshot) -> str:
    return format_percent(snapshot.participation)


class Participation(Block):
    """Participation on every reporting date, with incentives and targets marked."""

    template = "blocks/participation.html"
    option_spec: ClassVar[dict[str, Any]] = {**Block.option_spec, "series": directives.unchanged}

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        names = metric_names()
        series = self.choice_list("series", names, ("participation",))
        if not series:
            raise BlockOptionError(f"series: name at least one of {', '.join(names)}")
        snapshots = view.snapshots
        summary = trend_sentence(view)
        if not snapshots:
            return {"chart": None, "summary": summary}
        before = view.before_after.before
        data = {
            "points": [
                [s.date.isoformat(), *(getattr(s, f) for f in POINT_FIELDS), s.source]
                for s in snapshots
            ],
            "cohorts": [
                [c.name, c.start.isoformat(), c.end.isoformat()]
                for c in sorted(view.cohorts, key=lambda c: c.start)
                if c.start <= snapshots[-1].date
            ],
            "series": series,
            "incentives_start": view.incentives_start.isoformat(),
            "targets": [
                [t.target.metric, t.target.value, t.target.by.isoformat()]
                for t in view.targets
                if t.target.metric in series
            ],
        }
        rows = [
            [
                format_day(s.date) + (" (last before incentives)" if s == before else ""),
                s.eligible,
                s.mentors,
                s.mentees,
                s.participants,
                format_percent(s.participation),
                format_percent(s.participation_year),
                source_text(s),
            ]
            for s in snapshots
        ]
        counts = [s for s in series if s != "participation"]
        height = (2.5 if "participation" in series else 0) + (1.7 if counts else 0) + 0.6
        chart = self.chart(
            "participation",
            data,
            draw_participation,
            alt=self._alt(view, series, summary),
            headers=(
                "Report",
                "Eligible",
                "Mentors",
                "Mentees",
                "Participants",
                "Participation",
                "Took part in the year",
                "Source",
            ),
            rows=rows,
            size=(CHART_WIDTH, height),
        )
        shown = " and ".join(SERIES_LABELS[s].lower() for s in series)
        caption = (
            f"{shown.capitalize()} on each reporting date, "
            f"{format_day(snapshots[0].date)} to {format_day(snapshots[-1].date)}"
        )
        baseline = [s for s in snapshots if s.source == "baseline"]
        return {
            "chart": chart,
            "summary": summary,
            "caption": caption,
            "year_line": "participation" in series,
            "cohorts_shaded": bool(data["cohorts"]),
            "baseline": baseline,
            "first_roster": next((s for s in snapshots if s.source == "roster"), None),
        }

    @staticmethod
    def _alt(view: PublishedProgram, series: list[str], summary: str) -> str:
        snapshots = view.snapshots
        parts = [f"Line chart. {summary}"]
        measured = [s for s in snapshots if s.participation is not None]
        if "participation" in series and measured:
            low = min(measured, key=lambda s: (s.participation, s.date))
            high = max(measured, key=lambda s: (s.participation or 0, -s.date.toordinal()))
            parts.append(
                f"Lowest {_percent(low)} on {format_day(low.date)}; "
                f"highest {_percent(high)} on {format_day(high.date)}."
            )
        for name in series:
            if name != "participation":
                parts.append(
                    f"{SERIES_LABELS[name]}: {getattr(snapshots[0], name)} on "
                    f"{format_day(snapshots[0].date)}, {getattr(snapshots[-1], name)} on "
                    f"{format_day(snapshots[-1].date)}."
                )
        targets = [t.target for t in view.targets if t.target.metric in series]
        if targets:
            parts.append(
                "Targets: "
                + "; ".join(
                    f"{metric_text(t.metric, t.value)} {METRIC_LABELS[t.metric].lower()} "
                    f"by {format_day(t.by)}"
                    for t in targets
                )
                + "."
            )
        start = format_day(view.incentives_start)
        parts.append(f"A dashed line marks incentives starting on {start}.")
        if any(s.source == "baseline" for s in snapshots):
            parts.append("Hollow points are baseline figures from before the roster's records.")
        return " ".join(parts)


class BeforeAfter(Block):
    """The last report before incentives against the latest one."""

    template = "blocks/before_after.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        split = view.before_after
        latest = view.snapshots[-1] if view.snapshots else None
        if split.before is None or split.after is None:
            return {"chart": None, "before": split.before, "latest": latest}
        old, new = split.before, split.after
        rows: list[list[object]] = [
            [METRIC_LABELS[name], old_value, new_value, change]
            for name, old_value, new_value, change in (
                (
                    name,
                    getattr(old, name),
                    getattr(new, name),
                    format_signed(getattr(new, name) - getattr(old, name)),
                )
                for name in ("eligible", "mentors", "mentees", "participants")
            )
        ]
        rows.append(
            [
                "Participation",
                format_percent(old.participation),
                format_percent(new.participation),
                format_signed(split.delta("participation"), percent=True),
            ]
        )
        data = {
            "before": _bars(old, f"Before ({format_day(old.date)})"),
            "after": _bars(new, f"Latest ({format_day(new.date)})"),
        }
        alt = (
            f"Grouped bars comparing {format_day(old.date)}, the last report before incentives, "
            f"with {format_day(new.date)}, the latest: active mentors {old.mentors} and "
            f"{new.mentors}, active mentees {old.mentees} and {new.mentees}, active participants "
            f"{old.participants} and {new.participants}; participation {_percent(old)} and "
            f"{_percent(new)}."
        )
        chart = self.chart(
            "before-after",
            data,
            draw_before_after,
            alt=alt,
            headers=(
                "Figure",
                f"Before: {format_day(old.date)}",
                f"Latest: {format_day(new.date)}",
                "Change",
            ),
            rows=rows,
            size=(CHART_WIDTH, 2.6),
        )
        return {
            "chart": chart,
            "before": old,
            "latest": new,
            "sources": {"before": source_text(old), "latest": source_text(new)},
        }


def _bars(snapshot: Snapshot, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "mentors": snapshot.mentors,
        "mentees": snapshot.mentees,
        "participants": snapshot.participants,
        "participation": snapshot.participation,
    }


@dataclass(frozen=True)
class TargetRow:
    """A target as the targets block shows it."""

    metric: str
    target: str
    by: date
    measured: str
    on: date | None
    status: str  # met, on-track, behind, missed, no-data
    expected: str | None
    progress: float  # 0..1, how far the measured value is towards the target
    pace: float | None  # 0..1, where the expected value is on the same bar
    base: date | None  # the figure the pace starts from
    set_on: date | None  # the day the target was agreed


class Targets(Block):
    """Each committed target beside the latest measured figure and whether it is on pace."""

    template = "blocks/targets.html"

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        rows = []
        for status in view.targets:
            target, measured, expected = status.target, status.measured, status.expected
            scale = target.value if target.value > 0 else 1.0
            rows.append(
                TargetRow(
                    metric=status.label,
                    target=metric_text(target.metric, target.value),
                    by=target.by,
                    measured=metric_text(target.metric, measured),
                    on=status.measured_on,
                    status=status.state,
                    expected=None if expected is None else metric_text(target.metric, expected),
                    progress=0.0 if measured is None else max(0.0, min(1.0, measured / scale)),
                    pace=None if expected is None else max(0.0, min(1.0, expected / scale)),
                    base=status.base.date if status.base else None,
                    set_on=target.set_on,
                )
            )
        return {"targets": rows, "labels": STATE_WORDS}


def _number_and_unit(text: str) -> tuple[str, str]:
    """ "48 %" → ("48", "%"), so the unit can be set smaller than the number."""
    number, _, unit = text.partition(" ")
    return number, unit


class Figures(Block):
    """Headline figures in a row of big numbers, for the home page."""

    template = "blocks/figures.html"
    option_spec: ClassVar[dict[str, Any]] = {**Block.option_spec, "show": directives.unchanged}

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        labels = figure_labels()
        shown = self.choice_list("show", tuple(labels), DEFAULT_FIGURES)
        latest = view.snapshots[-1] if view.snapshots else None
        change = view.before_after.headline
        values = {
            name: "—" if latest is None else metric_text(name, latest.value(name))
            for name in shown
            if name in metric_names()
        }
        if "pairings" in shown:
            values["pairings"] = str(view.counts.get("active_pairings", 0))
        if "change" in shown:
            values["change"] = format_signed(None if change is None else change.delta, percent=True)
        if change is not None and change.year_based:
            labels = {**labels, "change": "took part in the year, since incentives began"}
        return {
            "figures": [(*_number_and_unit(values[name]), labels[name]) for name in shown],
            "latest": latest,
            "pairings_shown": "pairings" in shown,
            "from_report": any(name != "pairings" for name in shown),
        }
