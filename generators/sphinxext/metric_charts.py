"""Drawing the metric charts: participation over time, and before against after incentives.

The functions receive plain JSON data (the same data that names the chart file), so a chart
is a pure function of what it shows. matplotlib is imported inside them: only a chart that
must be redrawn pays for it. Text that may come from YAML is drawn with mathtext off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from generators.data import formats
from generators.sphinxext.chart_labels import Spot, along, around
from generators.sphinxext.charts import PALETTE, percent_ticks

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: One colour a series, the same in every chart and legend.
SERIES_COLOURS = {
    "participation": PALETTE[0],
    "participation_year": PALETTE[4],
    "mentors": PALETTE[2],
    "mentees": PALETTE[3],
    "participants": PALETTE[5],
    "eligible": "#6E6E6E",
}
#: Each series' name in the legend: the data layer's one label for each metric.
SERIES_LABELS = formats.METRIC_LABELS
#: One marker shape a series, so lines of equal value or colour still tell apart.
SERIES_MARKERS = {
    "participation": "o",
    "participation_year": "s",
    "mentors": "^",
    "mentees": "v",
    "participants": "D",
    "eligible": "X",
}
#: Columns of a point in the participation data: date, then these values, then the source.
POINT_FIELDS = (
    "participation",
    "eligible",
    "mentors",
    "mentees",
    "participants",
    "participation_year",
)
COHORT_SHADE = "#EDEDED"
TARGET_COLOUR = PALETTE[1]
MARKER_COLOUR = "#555555"
#: The target's orange darkened for text: legible on white.
TARGET_TEXT = "#8A5A00"
BEFORE_COLOUR = "#9AC7E8"
AFTER_COLOUR = PALETTE[0]


def _percent(value: float) -> str:
    return formats.percent(value)


def _month(day: date) -> str:
    return formats.month(day)


def _long_day(day: date) -> str:
    return formats.day(day)


def draw_participation(figure: Figure, data: dict[str, Any]) -> None:
    """Participation (and counts) on each reporting date, with incentives and targets marked.

    Labels go where the drawing leaves room (see `chart_labels`); one that finds none is said
    in the legend instead, and the chart is drawn again with that legend, until all hold.
    """
    in_legend: dict[str, str] = {}
    while True:
        figure.clear()
        missed = _draw_participation(figure, data, in_legend)
        if not missed.keys() - in_legend.keys():
            return
        in_legend.update(missed)


def _draw_participation(
    figure: Figure, data: dict[str, Any], in_legend: dict[str, str]
) -> dict[str, str]:
    """One drawing; returns the labels that found no free spot (key to legend text)."""
    import matplotlib
    from matplotlib import dates
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from generators.sphinxext.chart_labels import FreeSpace

    mdates: Any = dates
    series: list[str] = data["series"]
    panels = [p for p in ("share", "counts") if _panel_series(p, series)]
    with matplotlib.rc_context({"text.parse_math": False}):
        axes: Any = figure.subplots(
            len(panels),
            1,
            sharex=True,
            squeeze=False,
            gridspec_kw={"height_ratios": [3 if p == "share" else 2 for p in panels]},
        )[:, 0]
        days = [date.fromisoformat(point[0]) for point in data["points"]]
        start = date.fromisoformat(data["incentives_start"])
        targets = [(metric, value, date.fromisoformat(by)) for metric, value, by in data["targets"]]
        first = min([*days, start])
        last = max([*days, start, *(by for _, _, by in targets)])
        margin = timedelta(days=max(7, (last - first).days // 30))
        # Room right of the latest point for its values, if the time axis can spare it.
        newest = max(days, default=last)
        room = _room_for_values(data["points"], series)
        spare = max(figure.get_figwidth() - AXES_ASIDE - room, 1.0)
        right = max(
            last, newest + timedelta(days=room * ((newest - first) + 2 * margin).days / spare)
        )
        handles: dict[str, Any] = {}
        labels: list[list[_Label]] = []
        for ax, panel in zip(axes, panels, strict=True):
            names = _panel_series(panel, series)
            mine = [t for t in targets if t[0] in names]
            ax.set_xlim(first - margin, right + margin)
            _shade_cohorts(ax, data.get("cohorts", []))
            _format_panel(ax, panel, data["points"], mine, series)
            ax.axvline(start, color=MARKER_COLOUR, linewidth=1, linestyle=(0, (4, 3)), zorder=1)
            wanted = _draw_targets(ax, mine, handles)
            for rank, name in enumerate(names):
                latest = _draw_series(ax, data["points"], days, name, rank, handles)
                if latest is not None:
                    wanted.insert(rank, latest)
            ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
            ax.set_axisbelow(True)
            labels.append(wanted)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        axes[-1].xaxis.set_major_locator(locator)
        axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        _legend(figure, handles, in_legend)
        canvas: Any = FigureCanvasAgg(figure)
        figure.draw_without_rendering()
        _name_above(axes[0], canvas.get_renderer(), start, data.get("cohorts", []))
        figure.draw_without_rendering()  # the names above may have moved the axes down
        renderer = canvas.get_renderer()
        missed: dict[str, str] = {}
        for ax, wanted in zip(axes, labels, strict=True):
            space = FreeSpace(ax, renderer)
            for label in wanted:
                if label.key in in_legend:
                    continue
                if not any(
                    space.place(text, label.spots, leader=label.colour, **label.style)
                    for text in label.texts
                ):
                    missed[label.key] = label.legend
    return missed


@dataclass(frozen=True)
class _Label:
    """A label the chart wants (in full, else shorter), where it may go, and what the legend
    says if it finds no room."""

    key: str
    texts: tuple[str, ...]
    spots: list[Spot]
    style: dict[str, Any]
    colour: str
    legend: str


def _legend(figure: Figure, handles: dict[str, Any], in_legend: dict[str, str]) -> None:
    """The legend, with the labels that found no room in the chart said beside their entry."""
    order = sorted(handles, key=lambda label: LEGEND_ORDER.index(label))
    texts = []
    for entry in order:
        # A label's key starts with its legend entry: "Participation", "Target:mentors:0".
        extra = [text for key, text in in_legend.items() if key.split(":")[0] == entry]
        texts.append(_lines(f"{entry}:", extra) if extra else entry)
    figure.legend(
        [handles[entry] for entry in order],
        texts,
        loc="outside lower center",
        ncols=1 if any(len(text) > 28 for text in texts) else min(2, len(handles)),
        frameon=False,
        fontsize=8.5,
        handlelength=1.8,
    )


def _lines(head: str, pieces: list[str], width: int = 44) -> str:
    """`head` and `pieces` in lines of about `width` characters, never breaking a piece."""
    lines = [head]
    for piece in pieces:
        joined = f"{lines[-1]} {piece}" if lines[-1] == head else f"{lines[-1]}; {piece}"
        if len(joined) <= width or lines[-1] == head:
            lines[-1] = joined
        else:
            lines[-1] += ";"
            lines.append(piece)
    return "\n".join(lines)


#: Inches of a figure's width beside its axes: tick labels, the axis label and the margins.
AXES_ASIDE = 0.8


def _room_for_values(points: list[list[Any]], series: list[str]) -> float:
    """Inches for the shortest labels of the latest values, estimated from their length."""
    day = date.fromisoformat(points[-1][0])
    names = _panel_series("share", series) + _panel_series("counts", series)
    lengths = [
        len(_latest_label(name, day, value, "").texts[-1])
        for name in names
        if (value := points[-1][1 + POINT_FIELDS.index(name)]) is not None
    ]
    return (max(lengths, default=0) * 0.58 * 8.5 + 2 * NEAR) / 72


def _panel_series(panel: str, series: list[str]) -> list[str]:
    if panel == "share":
        # Participation on the day always comes with the year's figure, which bridges breaks.
        return ["participation", "participation_year"] if "participation" in series else []
    return [s for s in series if s != "participation"]


def _shade_cohorts(ax: Any, cohorts: list[list[str]]) -> None:
    """A band for each cohort; its name goes above the chart (`_name_above`)."""
    for _, start, end in cohorts:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        ax.axvspan(first, last, color=COHORT_SHADE, zorder=0, linewidth=0)


#: Points between two names side by side above the chart, and the names' size.
NAME_GAP = 8.0
NAME_POINTS = 8.0


def _name_above(ax: Any, renderer: Any, start: date, cohorts: list[list[str]]) -> None:
    """The incentives line and the cohorts named above the top panel, in as many rows as needed.

    Above the chart no line or value can be, so only the names must keep clear of each other:
    each goes in the lowest row where it overlaps no other name.
    """
    scale = ax.figure.dpi / 72
    low, high = ax.bbox.x0, ax.bbox.x1
    names = [("incentives start", start, "center")]
    names += [(name, date.fromisoformat(first), "left") for name, first, _ in cohorts]
    rows: list[list[tuple[float, float]]] = []
    for text, day, align in names:
        style = {
            "fontsize": NAME_POINTS,
            "color": MARKER_COLOUR if align == "center" else "#595959",
        }
        text, width = _fitted(ax, renderer, text, high - low, style)
        x = max(low, min(ax.transData.transform((ax.xaxis.convert_units(day), 0))[0], high))
        # The line's name ends at it (a cohort often starts that day), else is centred on it.
        if align == "center":
            lefts = [x - width - 2 * scale, x - width / 2, x + 2 * scale]
        else:
            lefts = [x + 2 * scale]
        lefts = [max(low, min(left, high - width)) for left in lefts]
        row, choice = min((_free_row(rows, left, width, scale), i) for i, left in enumerate(lefts))
        left = lefts[choice]
        if row == len(rows):
            rows.append([])
        rows[row].append((left - NAME_GAP / 2 * scale, left + width + NAME_GAP / 2 * scale))
        ax.annotate(
            text,
            xy=((left - low) / (high - low), 1.0),
            xycoords="axes fraction",
            xytext=(0, 3 + row * (NAME_POINTS + 3)),
            textcoords="offset points",
            ha="left",
            va="bottom",
            annotation_clip=False,
            **style,
        )


def _fitted(
    ax: Any, renderer: Any, text: str, room: float, style: dict[str, Any]
) -> tuple[str, float]:
    """`text` as drawn, shortened with an ellipsis if wider than `room`; and its width."""
    shown = text
    while True:
        probe = ax.text(0, 0, shown, **style)
        width = float(probe.get_window_extent(renderer).width)
        probe.remove()
        if width <= room or len(shown) <= 2:
            return shown, width
        shown = shown[:-2].rstrip() + "…"


def _free_row(
    rows: list[list[tuple[float, float]]], left: float, width: float, scale: float
) -> int:
    """The lowest row where a name from `left` overlaps no other name (a new row if none)."""
    start, end = left - NAME_GAP / 2 * scale, left + width + NAME_GAP / 2 * scale
    for index, taken in enumerate(rows):
        if all(b <= start or a >= end for a, b in taken):
            return index
    return len(rows)


BASELINE_LABEL = "Baseline (before the roster)"
LEGEND_ORDER = (
    SERIES_LABELS["participation"],
    SERIES_LABELS["participation_year"],
    BASELINE_LABEL,
    "Target",
    *(SERIES_LABELS[name] for name in ("mentors", "mentees", "participants", "eligible")),
)
#: Line width and style by drawing order: an earlier line is wider, so equal lines both show.
LINE_STYLES = ((2.8, "-"), (1.4, "-"), (1.4, (0, (4, 2))), (1.0, (0, (1, 1.5))))


def _draw_series(
    ax: Any,
    points: list[list[Any]],
    days: list[date],
    name: str,
    rank: int,
    handles: dict[str, Any],
) -> _Label | None:
    """Draw one series; return the label its latest report wants, if it has a value."""
    column = 1 + POINT_FIELDS.index(name)
    colour = SERIES_COLOURS[name]
    width, style = LINE_STYLES[min(rank, len(LINE_STYLES) - 1)]
    if name == "participation":
        width, style = 1.8, "-"
    elif name == "participation_year":
        width, style = 1.4, (0, (4, 2))
    marker = SERIES_MARKERS[name]
    nan = float("nan")
    roster = [(d, p[column]) for d, p in zip(days, points, strict=True) if p[-1] == "roster"]
    baseline = [(d, p[column]) for d, p in zip(days, points, strict=True) if p[-1] == "baseline"]
    latest = None
    if roster:
        xs = [d for d, _ in roster]
        ys = [nan if v is None else v for _, v in roster]
        (line,) = ax.plot(
            xs,
            ys,
            color=colour,
            linewidth=width,
            linestyle=style,
            marker=marker,
            markersize=3.2,
            markevery=max(1, len(xs) // 12),
            zorder=3 + rank,
        )
        handles.setdefault(SERIES_LABELS[name], line)
        if ys[-1] == ys[-1]:  # not NaN: mark and label the latest report
            ax.plot([xs[-1]], [ys[-1]], marker=marker, markersize=5.5, color=colour, zorder=6)
            latest = _latest_label(name, xs[-1], ys[-1], colour)
    if baseline:
        xs = [d for d, _ in baseline]
        ys = [nan if v is None else v for _, v in baseline]
        if roster:
            ax.plot(
                [xs[-1], roster[0][0]],
                [ys[-1], nan if roster[0][1] is None else roster[0][1]],
                color=colour,
                linewidth=1,
                linestyle=":",
            )
        (marks,) = ax.plot(
            xs,
            ys,
            linestyle="none",
            marker="o",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=colour,
            markeredgewidth=1.3,
            zorder=5,
        )
        handles.setdefault(BASELINE_LABEL, marks)
    return latest


#: Points from a label to its point: beside it, then on leaders of growing length.
NEAR = 5.0
FARTHER = (14.0, 24.0, 36.0, 52.0, 72.0)
#: Singular of the last word of a count's series label.
ONE = {"mentors": "mentor", "mentees": "mentee", "participants": "participant", "people": "person"}


def _latest_label(name: str, day: date, value: float, colour: str) -> _Label:
    """The latest report's value, in its series' colour, beside its point or on a leader."""
    if name in ("participation", "participation_year"):
        text = _percent(value)
    else:
        word = SERIES_LABELS[name].split()[-1].lower()
        text = f"{value:.0f} {ONE[word] if value == 1 else word}"
    texts: tuple[str, ...] = (text,)
    if name == "participation":  # the day too, on one line or two, if there is room
        texts = (f"{text} on {_long_day(day)}", f"{text}\non {_long_day(day)}", text)
    return _Label(
        key=SERIES_LABELS[name],
        texts=texts,
        spots=around(day, value, gap=NEAR, rings=FARTHER),
        style={"fontsize": 8.5, "fontweight": "bold", "color": colour, "zorder": 7},
        colour=colour,
        legend=f"{text} on {_long_day(day)}",
    )


def _draw_targets(
    ax: Any, targets: list[tuple[str, float, date]], handles: dict[str, Any]
) -> list[_Label]:
    """A dashed line from the chart's start to the target date; labels wanted along it."""
    from matplotlib import dates

    to_day: Any = dates.num2date
    to_number: Any = dates.date2num
    left = ax.get_xlim()[0]
    wanted = []
    for index, (metric, value, by) in enumerate(targets):
        line = ax.hlines(
            value, left, by, colors=TARGET_COLOUR, linestyles="dashed", linewidth=1.1, zorder=2
        )
        ax.plot([by], [value], marker="D", markersize=4.5, color=TARGET_COLOUR, zorder=3)
        amount = _percent(value) if metric == "participation" else f"{value:g} {metric}"
        end = to_number(by)
        steps = [to_day(left + (end - left) * (0.01 + i / 12)).date() for i in range(12)]
        spots = along([*steps], value) + around(by, value, gap=NEAR)
        wanted.append(
            _Label(
                key=f"Target:{metric}:{index}",
                texts=(
                    f"target {amount} by {_month(by)}",
                    f"target {amount}\nby {_month(by)}",
                    f"target {amount}",
                ),
                spots=spots,
                style={"fontsize": 8, "color": TARGET_TEXT},
                colour=TARGET_COLOUR,
                legend=f"{amount} by {_month(by)}",
            )
        )
        handles.setdefault("Target", line)
    return wanted


def _format_panel(
    ax: Any,
    panel: str,
    points: list[list[Any]],
    targets: list[tuple[str, float, date]],
    series: list[str],
) -> None:
    """Axis limits with room above the highest value or target, and readable tick labels."""
    from matplotlib.ticker import MaxNLocator

    names = _panel_series(panel, series)
    columns = [1 + POINT_FIELDS.index(name) for name in names]
    values = [p[c] for p in points for c in columns if p[c] is not None]
    values += [value for _, value, _ in targets]
    if panel == "share":
        ax.set_ylim(0, max(0.1, max(values, default=0) * 1.3))
        ax.yaxis.set_major_formatter(percent_ticks())
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_ylabel("participation", fontsize=8.5)
    else:
        ax.set_ylim(0, max(2, max(values, default=0) * 1.3))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.set_ylabel("people", fontsize=8.5)


def draw_before_after(figure: Figure, data: dict[str, Any]) -> None:
    """Counts and participation, before incentives and now, as grouped bars."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    before, after = data["before"], data["after"]
    with matplotlib.rc_context({"text.parse_math": False}):
        counts_ax, share_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 1.3]})
        names = ["mentors", "mentees", "participants"]
        xs = list(range(len(names)))
        width = 0.38
        for offset, snapshot, colour in ((-1, before, BEFORE_COLOUR), (1, after, AFTER_COLOUR)):
            bars = counts_ax.bar(
                [x + offset * width / 2 for x in xs],
                [snapshot[name] for name in names],
                width=width,
                color=colour,
                label=snapshot["label"],
            )
            counts_ax.bar_label(bars, fontsize=8.5, padding=1)
        counts_ax.set_xticks(xs, ["Mentors", "Mentees", "Participants"])
        top = max([1, *(s[name] for s in (before, after) for name in names)])
        counts_ax.set_ylim(0, top * 1.2)
        counts_ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        counts_ax.set_title("Active people", fontsize=9, loc="left")

        shares = [before["participation"], after["participation"]]
        bars = share_ax.bar(
            [0, 1],
            [s or 0 for s in shares],
            width=0.7,
            color=[BEFORE_COLOUR, AFTER_COLOUR],
        )
        share_ax.bar_label(
            bars,
            labels=["—" if s is None else _percent(s) for s in shares],
            fontsize=8.5,
            padding=1,
        )
        share_ax.set_xticks([0, 1], ["Before", "Latest"])
        share_ax.set_ylim(0, max(0.1, *(s or 0 for s in shares)) * 1.2)
        share_ax.yaxis.set_major_formatter(percent_ticks())
        share_ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
        share_ax.set_title("Participation", fontsize=9, loc="left")
        for ax in (counts_ax, share_ax):
            ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(axis="x", length=0)
        figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=8.5)
