"""Drawing a survey: every question as a 100 % stacked bar, breakdown groups as extra bars.

The data handed in is already suppressed by the data layer: a hidden group arrives without
counts and is drawn as the words "fewer than N answers", never as a bar. Question texts,
group names and scale labels come from YAML, so mathtext is off for all of them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from generators.sphinxext.charts import AGREEMENT, PRINT_HEIGHT_MM, percent_ticks

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Light to dark blue, for scales other than the five-point agreement scale.
SEQUENTIAL_ENDS = ("#C6DBEF", "#08306B")
#: Vertical room, in inches, of one bar row, one line of question text, and the legend.
ROW_INCHES = 0.29
LINE_INCHES = 0.19
GAP_INCHES = 0.14
LEGEND_INCHES = 0.6
#: Share of the width given to group labels left of the bars.
LABEL_SHARE = 0.32
#: The tallest chart that prints at its drawn size.
PRINT_HEIGHT_INCHES = PRINT_HEIGHT_MM / 25.4


def scale_colours(points: int) -> list[str]:
    """Diverging agreement colours for five points, else light to dark blue."""
    if points == len(AGREEMENT):
        return list(AGREEMENT)
    low, high = (_rgb(c) for c in SEQUENTIAL_ENDS)
    steps = max(1, points - 1)
    return [
        "#{:02X}{:02X}{:02X}".format(
            *(round(a + (b - a) * i / steps) for a, b in zip(low, high, strict=True))
        )
        for i in range(points)
    ]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    r, g, b = _rgb(background)
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def chart_height(questions: list[dict[str, Any]]) -> float:
    rows = sum(len(q["rows"]) for q in questions)
    lines = sum(len(q["lines"]) for q in questions)
    gaps = len(questions) * GAP_INCHES
    return LEGEND_INCHES + 0.35 + rows * ROW_INCHES + lines * LINE_INCHES + gaps


def parts(questions: list[dict[str, Any]], *, for_print: bool) -> list[range]:
    """The questions each chart draws: all in one on screen; on paper, as few charts as fit
    the printed height at full size, as even as can be (a question is never cut in two)."""
    count = len(questions)
    if not for_print or chart_height(questions) <= PRINT_HEIGHT_INCHES:
        return [range(count)]
    for pieces in range(2, count + 1):
        best = _even_split(questions, pieces)
        if max(chart_height(questions[r.start : r.stop]) for r in best) <= PRINT_HEIGHT_INCHES:
            return best
    return [range(n, n + 1) for n in range(count)]


def _even_split(questions: list[dict[str, Any]], pieces: int) -> list[range]:
    """`pieces` runs of questions whose tallest chart is as short as can be."""
    count = len(questions)
    # best[k][n]: (tallest chart, cuts) for the first n questions in k charts.
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{0: (0.0, ())}]
    for k in range(1, pieces + 1):
        row: dict[int, tuple[float, tuple[int, ...]]] = {}
        for n in range(k, count - (pieces - k) + 1):
            row[n] = min(
                (
                    max(best[k - 1][m][0], chart_height(questions[m:n])),
                    (*best[k - 1][m][1], n),
                )
                for m in best[k - 1]
                if m < n
            )
        best.append(row)
    cuts = (0, *best[pieces][count][1])
    return [range(a, b) for a, b in pairwise(cuts)]


def draw_survey(figure: Figure, data: dict[str, Any]) -> None:
    """Questions top to bottom: each its text, then a bar a group (or why there is none)."""
    import matplotlib
    from matplotlib.patches import Patch
    from matplotlib.ticker import FixedLocator

    colours: list[str] = data["colours"]
    with matplotlib.rc_context({"text.parse_math": False}):
        ax = figure.add_subplot()
        y = 0.0
        # Units on the y axis are bar rows; a line of question text is a fraction of one.
        line = LINE_INCHES / ROW_INCHES
        gap = GAP_INCHES / ROW_INCHES
        for question in data["questions"]:
            ax.text(
                -LABEL_SHARE,
                y,
                "\n".join(question["lines"]),
                ha="left",
                va="top",
                fontsize=9.5,
                fontweight="bold",
                linespacing=1.15,
                parse_math=False,
            )
            y += line * len(question["lines"]) + 0.55
            for row in question["rows"]:
                ax.text(
                    -0.015,
                    y,
                    row["label"],
                    ha="right",
                    va="center",
                    fontsize=9,
                    parse_math=False,
                )
                if row["counts"] is None:
                    ax.text(
                        0.0,
                        y,
                        data["hidden"],
                        ha="left",
                        va="center",
                        fontsize=9,
                        fontstyle="italic",
                        color="#555555",
                        parse_math=False,
                    )
                else:
                    _stacked_bar(ax, y, row["counts"], colours)
                y += 1.0
            y += gap - 0.5
        ax.set_xlim(-LABEL_SHARE, 1.0)
        ax.set_ylim(y, -0.2)
        ax.xaxis.set_major_locator(FixedLocator([0, 0.5, 1.0]))
        ax.xaxis.set_major_formatter(percent_ticks())
        ax.tick_params(axis="x", labelsize=8.5, length=2)
        ax.spines["bottom"].set_bounds(0, 1)
        ax.spines["left"].set_visible(False)
        ax.set_yticks([])
        legend = figure.legend(
            [Patch(facecolor=c, edgecolor="none") for c in colours],
            data["legend"],
            loc="outside upper center",
            ncols=len(colours) if len(colours) <= 5 else -(-len(colours) // 2),
            frameon=False,
            fontsize=9,
            handlelength=1.0,
            handletextpad=0.4,
            columnspacing=0.8,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)


def _stacked_bar(ax: Any, y: float, counts: list[int], colours: list[str]) -> None:
    total = sum(counts)
    left = 0.0
    for count, colour in zip(counts, colours, strict=True):
        width = count / total if total else 0.0
        if width > 0:
            ax.barh(
                y, width, left=left, height=0.72, color=colour, edgecolor="white", linewidth=0.6
            )
            if width >= 0.06:
                ax.text(
                    left + width / 2,
                    y,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color=text_colour(colour),
                )
        left += width
