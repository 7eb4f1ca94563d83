"""The timeline as a Gantt chart: phases as bars, milestones and deliverables as markers.

Sized for a phone as much as for a desk: the chart is narrow, each row carries its title
above its bar (so the time axis gets the full width), titles are cut to fit with the full
title in the table, and status is told by colour, fill and a word, never by colour alone.
Data strings are drawn with mathtext off: a `$` or `\\` in a title is only text.

On paper the chart has a landscape page to itself: titles stand beside their bars in a
column of their own, in type near the body's size, and a roadmap too long for one page is
drawn as several charts on the same time axis (`parts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from generators.data import formats
from generators.sphinxext import chart_fonts
from generators.sphinxext.charts import STATUS_COLOURS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from generators.data.published import TimelineEntry

#: Part of every chart's data, so a change in drawing redraws cached charts.
STYLE = "7"
WIDTH = 4.6  # inches: scaled to a phone's column (about 345 px), 9.5 pt stays near 10 px
ROW = 0.3  # inches a row: a title line and a bar
MARGIN = 0.22  # inches left and right, for the edge tick labels
TICKS = 0.42  # inches for a row of tick labels (two lines: month, year) and the ticks
LEGEND_ROW = 0.2
TITLE_PT = 9.5
SMALL_PT = 8.5
BAR_Y = 0.24  # a bar's centre below its row's title baseline, in rows
BAR_H = 0.3
TOP = 1.15  # rows above the first title: room for the "as of" label
TOP_TICKS_FROM = 9  # rows; taller charts repeat the month labels on top
MAX_TICKS = 60  # occurrences: more are drawn as a plain line


@dataclass(frozen=True)
class Layout:
    """Sizes (inches, points) of one way of setting the chart."""

    width: float
    row: float
    title_pt: float
    small_pt: float
    bar_y: float  # a bar's centre below its title's baseline (above: titles over bars), in rows
    bar_h: float
    top: float
    #: Width of the column of titles left of the time axis; 0 puts each title above its bar.
    label: float


SCREEN = Layout(WIDTH, ROW, TITLE_PT, SMALL_PT, BAR_Y, BAR_H, TOP, 0.0)
#: The text width of a landscape A4 page (257 mm), titles beside bars at the body's size.
#: Its column of titles takes a title of some 60 characters whole: the roadmap's longest.
PRINT = Layout(10.0, 0.24, 10.0, 9.0, 0.0, 0.55, 1.0, 4.8)
#: Rows a printed chart holds and still fits a landscape page with its caption.
PRINT_ROWS = 18


def parts(count: int, *, for_print: bool) -> list[range]:
    """The rows each chart draws: all in one on screen; on paper, as few charts as keep each
    within a page, of even length."""
    if not for_print or count <= PRINT_ROWS:
        return [range(count)]
    pieces = -(-count // PRINT_ROWS)
    bounds = [round(n * count / pieces) for n in range(pieces + 1)]
    return [range(a, b) for a, b in pairwise(bounds)]


#: Line patterns only: a dotted hatch is written as hundreds of circles (a quarter megabyte).
HATCHES = {
    "done": "",
    "in-progress": "////",
    "planned": "",
    "at-risk": "xxxx",
    "missed": "\\\\\\\\",
}
#: A deliverable is a triangle, not a square, so it never looks like a short phase's bar.
MARKERS = {"milestone": "D", "deliverable": "^"}
MARKER_SIZE = {"milestone": 6.5, "deliverable": 7.5}
ARROW = "#8C8C8C"
GRID = "#E3E3E3"
YEAR_GRID = "#BDBDBD"
#: Behind each title, so lines under it don't cross its letters (opaque: a line showing
#: through still reads as a strike-through). A box, not a stroke around each glyph: stroked
#: glyphs are written out one by one and made the SVG ten times larger.
HALO = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}


def chart_data(
    items: Sequence[TimelineEntry],
    start: date | None,
    end: date | None,
    as_of: date,
    *,
    for_print: bool = False,
) -> dict[str, Any]:
    """Everything the drawing needs, as plain values: it is also the chart's cache key."""
    from generators.data.recurrence import occurrences

    first = start or min(i.first_day for i in items).replace(day=1)
    last = end or _month_end(max(i.last_day for i in items))
    index = {item.id: n for n, item in enumerate(items)}
    rows = []
    for item in items:
        ticks = [d for d in occurrences(item) if first <= d <= last] if item.repeat else []
        rows.append(
            {
                "title": formats.in_format(item.title),
                "kind": item.kind,
                "status": item.status,
                "start": item.first_day.isoformat(),
                "end": item.last_day.isoformat(),
                "repeat": item.repeat,
                "after": sorted(index[d] for d in item.depends_on if d in index),
                "ticks": [d.isoformat() for d in ticks] if len(ticks) <= MAX_TICKS else [],
            }
        )
    return {
        "style": STYLE,
        "print": for_print,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "as_of": as_of.isoformat() if first <= as_of <= last else None,
        "rows": rows,
    }


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def layout(data: dict[str, Any]) -> Layout:
    return PRINT if data.get("print") else SCREEN


def size(data: dict[str, Any]) -> tuple[float, float]:
    """Width fixed for legibility; height grows with the rows."""
    height = _legend_height(data) + _ticks_height(data) + _axes_height(data)
    return layout(data).width, round(height, 3)


def _legend_height(data: dict[str, Any]) -> float:
    _, kinds = _legend_entries(data)
    return LEGEND_ROW * (1 + bool(kinds)) + 0.08


def _ticks_height(data: dict[str, Any]) -> float:
    return TICKS * (2 if len(data["rows"]) >= TOP_TICKS_FROM else 1)


def _axes_height(data: dict[str, Any]) -> float:
    lay = layout(data)
    return lay.row * (len(data["rows"]) + lay.top - 0.5)


def _legend_entries(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The statuses shown (one legend line) and the kinds drawn as markers (another)."""
    statuses = {row["status"] for row in data["rows"]}
    kinds = {row["kind"] for row in data["rows"]}
    return [s for s in STATUS_COLOURS if s in statuses], [
        k for k in ("milestone", "deliverable", "meeting") if k in kinds
    ]


def _day(text: str) -> float:
    return float(date.fromisoformat(text).toordinal())


def draw(figure: Figure, data: dict[str, Any]) -> None:
    """Draw the Gantt chart of `data` (from `chart_data`) on `figure`."""
    width, height = figure.get_size_inches()
    figure.set_layout_engine("none")
    lay = layout(data)
    ticks_h, axes_h = _ticks_height(data), _axes_height(data)
    left = MARGIN + lay.label
    axis_w = width - left - MARGIN
    ax = figure.add_axes((left / width, TICKS / height, axis_w / width, axes_h / height))
    x0, x1 = _day(data["start"]), _day(data["end"]) + 1
    rows = data["rows"]
    ax.set_xlim(x0, x1)
    ax.set_ylim(len(rows) - 0.5, -lay.top)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    _time_axis(ax, x0, x1, axis_w, lay, top=ticks_h > TICKS)
    for n, row in enumerate(rows):
        _item(ax, n, row, lay)
    _dependencies(ax, rows, x0, x1, lay)
    if lay.label:
        _titles_beside(figure, ax, rows, lay)
    else:
        _titles(ax, rows, x0, x1, axis_w * 72)
    if data["as_of"] is not None:
        _as_of(ax, data["as_of"], x0, x1, lay)
    _legend(figure, data, 1 - 0.04 / height)


def _span(row: dict[str, Any]) -> tuple[float, float]:
    """Where a row's item begins and ends on the axis (a one-day item sits mid-day)."""
    if row["kind"] in MARKERS:
        middle = _day(row["start"]) + 0.5
        return middle, middle
    return _day(row["start"]), _day(row["end"]) + 1


def _item(ax: Axes, n: int, row: dict[str, Any], lay: Layout) -> None:
    colour = STATUS_COLOURS[row["status"]]
    hollow = row["status"] == "planned"
    y = n + lay.bar_y
    start, end = _span(row)
    if row["kind"] == "phase":
        ax.barh(
            y,
            end - start,
            left=start,
            height=lay.bar_h,
            color="white" if hollow or HATCHES[row["status"]] else colour,
            edgecolor=colour,
            hatch=HATCHES[row["status"]] or None,
            linewidth=0.9,
            zorder=2,
        )
    elif row["kind"] == "meeting":
        ax.plot([start, end], [y, y], color=colour, linewidth=1.4, solid_capstyle="butt", zorder=2)
        ticks = [_day(t) + 0.5 for t in row["ticks"]]
        if ticks:
            ax.plot(
                ticks,
                [y] * len(ticks),
                linestyle="",
                marker="|",
                markersize=6,
                markeredgewidth=0.9,
                color=colour,
                zorder=2,
            )
    else:
        ax.plot(
            [start],
            [y],
            linestyle="",
            marker=MARKERS[row["kind"]],
            markersize=MARKER_SIZE[row["kind"]],
            markerfacecolor="white" if hollow else colour,
            markeredgecolor=colour,
            markeredgewidth=1.2,
            zorder=4,
            clip_on=False,
        )


def _dependencies(
    ax: Axes, rows: Sequence[dict[str, Any]], x0: float, x1: float, lay: Layout
) -> None:
    """Arrows from the end of what an item depends on down to the item itself."""
    for n, row in enumerate(rows):
        start, end = _span(row)
        for m in row["after"]:
            _, ready = _span(rows[m])
            if not (x0 <= ready <= x1 and x0 <= start <= x1):
                continue
            marker = row["kind"] in MARKERS
            straight = start <= ready <= end
            style = "arc3" if straight else "angle,angleA=90,angleB=0,rad=0"
            ax.annotate(
                "",
                xy=(ready if straight else start, n + lay.bar_y),
                xytext=(ready, m + lay.bar_y),
                arrowprops={
                    "arrowstyle": "-|>",
                    "connectionstyle": style,
                    "color": ARROW,
                    "linewidth": 0.6,
                    "mutation_scale": 6,
                    "shrinkA": 3,
                    "shrinkB": 4 if marker or straight else 0.5,
                },
                zorder=1,
            )


def _label(row: dict[str, Any]) -> tuple[str, str]:
    """A row's title and what follows it: cadence and status in words."""
    extra = []
    if row["kind"] == "meeting" and row["repeat"]:
        extra.append(formats.CADENCE[row["repeat"]])
    if row["status"] != "done":  # a bar's fill says done; the others are named
        extra.append(formats.status_words(row["status"]))
    return " ".join(str(row["title"]).split()), f" ({', '.join(extra)})" if extra else ""


def _titles(ax: Axes, rows: Sequence[dict[str, Any]], x0: float, x1: float, room_pt: float) -> None:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=chart_fonts.family(), size=TITLE_PT)
    measure = TextToPath()

    def width(text: str) -> float:
        return float(measure.get_text_width_height_descent(text, font, ismath=False)[0])

    for n, row in enumerate(rows):
        title, extra = _label(row)
        text = _fit(title, extra, room_pt - 2, width)
        share = width(text) / room_pt
        start = (max(_span(row)[0], x0) - x0) / (x1 - x0)
        ax.text(
            max(0.0, min(start, 1 - share)),
            n - 0.02,
            text,
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="baseline",
            fontsize=TITLE_PT,
            parse_math=False,
            bbox=HALO,
            zorder=1.5,  # over grid, arrows and the as-of line; under bars and markers
        )


def _titles_beside(figure: Figure, ax: Axes, rows: Sequence[dict[str, Any]], lay: Layout) -> None:
    """Each title in the column left of the time axis, on its bar's line."""
    from matplotlib.transforms import blended_transform_factory

    width = _measure(lay.title_pt)
    room = (lay.label - 0.08) * 72
    where = blended_transform_factory(figure.transFigure, ax.transData)
    for n, row in enumerate(rows):
        title, extra = _label(row)
        ax.text(
            MARGIN / figure.get_size_inches()[0],
            n + lay.bar_y,
            _fit(title, extra, room, width),
            transform=where,
            ha="left",
            va="center",
            fontsize=lay.title_pt,
            parse_math=False,
            clip_on=False,
        )


def _measure(points: float) -> Any:
    """The width in points of a text set in the charts' font at `points`."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=chart_fonts.family(), size=points)
    measure = TextToPath()

    def width(text: str) -> float:
        return float(measure.get_text_width_height_descent(text, font, ismath=False)[0])

    return width


def _fit(title: str, extra: str, room: float, width: Any) -> str:
    """`title + extra` cut at a word (or, failing that, a letter) so that it fits `room`."""
    if width(title + extra) <= room:
        return title + extra
    words = title.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:–-") + "…" + extra
        if width(candidate) <= room:
            return candidate
    letters = title
    while letters and width(letters + "…" + extra) > room:
        letters = letters[:-1]
    return letters + "…" + extra


def _time_axis(ax: Axes, x0: float, x1: float, width_in: float, lay: Layout, *, top: bool) -> None:
    """Month ticks; labels every 1, 2, 3, 6 or 12 months, as many as fit; years marked."""
    months = []
    day = date.fromordinal(int(x0))
    month = date(day.year, day.month, 1)
    if month < day:
        month = _month_end(month) + timedelta(days=1)
    while month.toordinal() <= x1:
        months.append(month)
        month = _month_end(month) + timedelta(days=1)
    fit = max(2, int(width_in / 0.5))
    step = next((s for s in (1, 2, 3, 6, 12) if len(months) / s <= fit), 12)
    major = [m for m in months if (m.month - 1) % step == 0]
    labels = []
    for n, m in enumerate(major):
        if step == 12:
            labels.append(str(m.year))
        elif m.month == 1 or n == 0:
            labels.append(f"{m:%b}\n{m.year}")
        else:
            labels.append(f"{m:%b}")
    ax.set_xticks([m.toordinal() for m in major], labels)
    if len(months) <= 72:
        ax.set_xticks([m.toordinal() for m in months], minor=True)
    ax.tick_params(axis="x", labelsize=lay.small_pt, length=4, color="#555555")
    ax.tick_params(axis="x", which="minor", length=2, color="#888888")
    if top:
        ax.tick_params(axis="x", which="both", top=True, labeltop=True)
    for m in major:
        ax.axvline(
            m.toordinal(), color=YEAR_GRID if m.month == 1 else GRID, linewidth=0.6, zorder=0
        )


def _as_of(ax: Axes, as_of: str, x0: float, x1: float, lay: Layout) -> None:
    x = _day(as_of) + 0.5
    ax.axvline(x, color="#222222", linewidth=1.0, linestyle=(0, (4, 2)), zorder=1.2)
    right = (x - x0) / (x1 - x0) < 0.6
    day = date.fromisoformat(as_of)
    ax.text(
        x + (1 if right else -1) * (x1 - x0) * 0.01,
        -lay.top + 0.15,
        f"as of {formats.day(day)}",
        ha="left" if right else "right",
        va="top",
        fontsize=lay.small_pt,
        fontweight="bold",
        parse_math=False,
        bbox=HALO,
        zorder=6,
    )


def _legend(figure: Figure, data: dict[str, Any], top: float) -> None:
    """Status (colour, fill and pattern) on one line, marker shapes on the next."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    statuses, kinds = _legend_entries(data)
    status_handles = [
        Patch(
            facecolor=STATUS_COLOURS[name] if name == "done" else "white",
            edgecolor=STATUS_COLOURS[name],
            hatch=HATCHES[name] or None,
            label=formats.status_words(name),
        )
        for name in statuses
    ]
    kind_handles = [
        Line2D(
            [],
            [],
            color="#555555",
            linestyle="-" if name == "meeting" else "",
            marker="|" if name == "meeting" else MARKERS[name],
            markersize=6 if name == "meeting" else MARKER_SIZE[name],
            label=name,
        )
        for name in kinds
    ]
    line = LEGEND_ROW / figure.get_size_inches()[1]
    for n, handles in enumerate(h for h in (status_handles, kind_handles) if h):
        figure.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, top - n * line),
            ncol=len(handles),
            frameon=False,
            fontsize=layout(data).small_pt,
            handlelength=1.6,
            handletextpad=0.5,
            columnspacing=1.2,
            borderaxespad=0,
            borderpad=0,
        )
