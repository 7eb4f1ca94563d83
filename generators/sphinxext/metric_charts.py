"""Drawing the metric charts: participation over time, and before against after incentives.

The functions receive plain JSON data (the same data that names the chart file), so a chart
is a pure function of what it shows. matplotlib is imported inside them: only a chart that
must be redrawn pays for it. Text that may come from YAML is drawn with mathtext off.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from generators.data import formats
from generators.sphinxext.charts import PALETTE

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
SERIES_LABELS = {
    "participation": "Participation",
    "participation_year": "Took part in the year",
    "mentors": "Active mentors",
    "mentees": "Active mentees",
    "participants": "Active participants",
    "eligible": "Eligible people",
}
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
BEFORE_COLOUR = "#9AC7E8"
AFTER_COLOUR = PALETTE[0]


def _percent(value: float) -> str:
    return formats.percent(value)


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def _long_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def draw_participation(figure: Figure, data: dict[str, Any]) -> None:
    """Participation (and counts) on each reporting date, with incentives and targets marked."""
    import matplotlib
    from matplotlib import dates

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
        # Room right of the latest point for its label.
        right = max(
            last, max(days, default=last) + timedelta(days=max(21, (last - first).days // 6))
        )
        handles: dict[str, Any] = {}
        for ax, panel in zip(axes, panels, strict=True):
            names = _panel_series(panel, series)
            mine = [t for t in targets if t[0] in names]
            ax.set_xlim(first - margin, right + margin)
            _shade_cohorts(ax, data.get("cohorts", []), label=panel == panels[0])
            _format_panel(ax, panel, data["points"], mine, series)
            ax.axvline(start, color=MARKER_COLOUR, linewidth=1, linestyle=(0, (4, 3)), zorder=1)
            _draw_targets(ax, first, mine, handles)
            labelled: list[float] = []
            for rank, name in enumerate(names):
                _draw_series(ax, data["points"], days, name, rank, labelled, handles)
            ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
            ax.set_axisbelow(True)
        # "incentives start" sits above the top panel, where no value or label can be; the
        # empty title only reserves that band in the layout.
        axes[0].set_title(" ", fontsize=8.5, pad=3)
        where = _fraction(axes[0], start)
        axes[0].annotate(
            "incentives start",
            xy=(start, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="left" if where < 0.15 else ("right" if where > 0.85 else "center"),
            va="bottom",
            fontsize=8.5,
            color=MARKER_COLOUR,
        )
        locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
        axes[-1].xaxis.set_major_locator(locator)
        axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        order = sorted(handles, key=lambda label: LEGEND_ORDER.index(label))
        figure.legend(
            [handles[label] for label in order],
            order,
            loc="outside lower center",
            ncols=min(2, len(handles)),
            frameon=False,
            fontsize=8.5,
            handlelength=1.8,
        )


def _panel_series(panel: str, series: list[str]) -> list[str]:
    if panel == "share":
        # Participation on the day always comes with the year's figure, which bridges breaks.
        return ["participation", "participation_year"] if "participation" in series else []
    return [s for s in series if s != "participation"]


def _shade_cohorts(ax: Any, cohorts: list[list[str]], *, label: bool) -> None:
    """A band for each cohort, named along the bottom of the top panel."""
    for index, (name, start, end) in enumerate(cohorts):
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        ax.axvspan(first, last, color=COHORT_SHADE, zorder=0, linewidth=0)
        if label:  # alternate rows, so a short cohort's name never runs into the next one's
            ax.annotate(
                name,
                xy=(first, 0.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2 + 9 * (index % 2)),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=6.5,
                color="#6E6E6E",
                annotation_clip=True,
            )


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
    labelled: list[float],
    handles: dict[str, Any],
) -> None:
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
            # Equal values get their labels stacked, each in its series' colour.
            shift = labelled.count(ys[-1])
            labelled.append(ys[-1])
            _label_latest(ax, name, xs[-1], ys[-1], colour, shift)
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


#: Where (as a share of the width) a label stops running right of its point and runs left.
LABEL_FLIP = 0.6


def _fraction(ax: Any, day: date) -> float:
    """Where `day` falls across the axes, 0 at the left edge and 1 at the right."""
    from matplotlib import dates

    to_number: Any = dates.date2num
    low, high = ax.get_xlim()
    return float((to_number(day) - low) / ((high - low) or 1.0))


def _label_latest(ax: Any, name: str, day: date, value: float, colour: str, shift: int = 0) -> None:
    """Label the latest point: participation in the band at the top, counts beside it.

    The top fifth of the participation panel is above every value and target, so the label
    never sits on the line; a short upright leader joins it to its point.
    """
    style = {"fontsize": 8.5, "fontweight": "bold", "color": colour, "zorder": 7}
    if name == "participation":
        right = _fraction(ax, day) > LABEL_FLIP
        ax.annotate(
            f"{_percent(value)} on {_long_day(day)}",
            xy=(day, value),
            xytext=(day, 0.98),
            textcoords=("data", "axes fraction"),
            ha="right" if right else "left",
            va="top",
            arrowprops={
                "arrowstyle": "-",
                "color": colour,
                "linewidth": 0.7,
                "shrinkB": 4,
                "relpos": (1.0 if right else 0.0, 0.0),
            },
            **style,
        )
    elif name == "participation_year":
        ax.annotate(
            _percent(value),
            xy=(day, value),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            **style,
        )
    else:
        ax.annotate(
            f"{value:.0f} {SERIES_LABELS[name].split()[-1].lower()}",
            xy=(day, value),
            xytext=(6, -9 * shift),
            textcoords="offset points",
            ha="left",
            va="center",
            **style,
        )


def _draw_targets(
    ax: Any, first: date, targets: list[tuple[str, float, date]], handles: dict[str, Any]
) -> None:
    """A dashed line from the chart's start to the target date, labelled at its start."""
    left = ax.get_xlim()[0]
    for metric, value, by in targets:
        line = ax.hlines(
            value, left, by, colors=TARGET_COLOUR, linestyles="dashed", linewidth=1.1, zorder=2
        )
        ax.plot([by], [value], marker="D", markersize=4.5, color=TARGET_COLOUR, zorder=3)
        text = _percent(value) if metric == "participation" else f"{value:g}"
        ax.annotate(
            f"target {text} by {_month(by)}",
            xy=(first, value),
            xytext=(0, 2),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
            color="#8A5A00",
        )
        handles.setdefault("Target", line)


def _format_panel(
    ax: Any,
    panel: str,
    points: list[list[Any]],
    targets: list[tuple[str, float, date]],
    series: list[str],
) -> None:
    """Axis limits with room above the highest value or target, and readable tick labels."""
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    names = _panel_series(panel, series)
    columns = [1 + POINT_FIELDS.index(name) for name in names]
    values = [p[c] for p in points for c in columns if p[c] is not None]
    values += [value for _, value, _ in targets]
    if panel == "share":
        ax.set_ylim(0, max(0.1, max(values, default=0) * 1.3))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_ylabel("participation", fontsize=8.5)
    else:
        ax.set_ylim(0, max(2, max(values, default=0) * 1.3))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.set_ylabel("people", fontsize=8.5)


def draw_before_after(figure: Figure, data: dict[str, Any]) -> None:
    """Counts and participation, before incentives and now, as grouped bars."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator, PercentFormatter

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
        share_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        share_ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
        share_ax.set_title("Participation", fontsize=9, loc="left")
        for ax in (counts_ax, share_ax):
            ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(axis="x", length=0)
        figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=8.5)
