"""Chart labels never sit on a line, a marker or another text, whatever the data's shape.

The participation chart is drawn from the data a real build hands it (the small program and
the handbook's own, on several days) and from shapes made to crowd it; what is drawn is then
measured: every text's box against every line, marker and other text, in display space.
"""

from __future__ import annotations

import functools
import math
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITE_AS_OF
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.path import Path as GeometryPath
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from extension.conftest import SMALL_PROGRAM, MakeProject, build
from generators.data import formats
from generators.sphinxext import blocks, charts
from generators.sphinxext.metric_charts import ONE, POINT_FIELDS, SERIES_LABELS, draw_participation

PAGE = """\
# Metrics

```{handbook-participation}
:series: participation, mentors, mentees
```
"""


def collisions(figure: Figure) -> list[str]:
    """Each text that overlaps another text, leaves the figure, or lies on a line or marker."""
    canvas: Any = FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    renderer = canvas.get_renderer()
    texts = [t for t in _drawn_texts(figure) if t.get_visible() and t.get_text().strip()]
    # A label's own box, without its leader (an annotation's box would include it).
    boxes = [(t, Text.get_window_extent(t, renderer)) for t in texts]
    found = []
    for index, (text, box) in enumerate(boxes):
        if not _within(box, figure.bbox):
            found.append(f"{text.get_text()!r} leaves the figure")
        for other, other_box in boxes[index + 1 :]:
            if _shrunk(box).overlaps(_shrunk(other_box)):
                found.append(f"{text.get_text()!r} overlaps {other.get_text()!r}")
    for ax in figure.axes:
        lines = list(_lines(ax))
        markers = list(_markers(ax))
        for text in ax.texts:
            box = _shrunk(Text.get_window_extent(text, renderer))
            if any(line.intersects_bbox(box, filled=False) for line in lines):
                found.append(f"{text.get_text()!r} lies on a line")
            if any(_near(box, x, y, r) for x, y, r in markers):
                found.append(f"{text.get_text()!r} lies on a marker")
            arrow = text.arrow_patch if isinstance(text, Annotation) else None
            if arrow is not None:
                course = arrow.get_path()  # in display space once drawn
                if any(course.intersects_path(line, filled=False) for line in lines):
                    found.append(f"the leader of {text.get_text()!r} crosses a line")
                if any(
                    course.intersects_bbox(
                        Bbox.from_extents(x - r, y - r, x + r, y + r), filled=False
                    )
                    for x, y, r in markers
                ):
                    found.append(f"the leader of {text.get_text()!r} crosses a marker")
    return found


def _drawn_texts(figure: Figure) -> list[Text]:
    """The texts a reader sees: not the tick labels matplotlib keeps beyond the axes' limits."""
    texts = [*figure.texts]
    for legend in figure.legends:
        texts += legend.get_texts()
    for ax in figure.axes:
        texts += [*ax.texts, ax.title, ax._left_title, ax._right_title]
        for axis in (ax.xaxis, ax.yaxis):
            texts.append(axis.label)
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks():
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    texts.append(tick.label1)
            texts.append(axis.get_offset_text())
    return texts


def _shrunk(box: Bbox) -> Bbox:
    """A hair smaller, so boxes that only touch do not count as overlapping."""
    return box.padded(-0.5)


def _within(box: Bbox, outer: Bbox) -> bool:
    return (
        box.x0 >= outer.x0 - 0.5
        and box.x1 <= outer.x1 + 0.5
        and box.y0 >= outer.y0 - 0.5
        and box.y1 <= outer.y1 + 0.5
    )


def _lines(ax: Any) -> Any:
    for line in ax.lines:
        if line.get_linestyle() not in ("None", ""):
            yield from _finite(line.get_transform().transform_path(line.get_path()).vertices)
    for collection in ax.collections:
        if isinstance(collection, LineCollection):
            for path in collection.get_paths():
                yield from _finite(collection.get_transform().transform_path(path).vertices)


def _finite(vertices: Any) -> Any:
    run: list[tuple[float, float]] = []
    for x, y in [*vertices, (math.nan, math.nan)]:
        if math.isfinite(x) and math.isfinite(y):
            run.append((x, y))
        elif run:
            yield GeometryPath(run)
            run = []


def _markers(ax: Any) -> Any:
    for line in ax.lines:
        if line.get_marker() not in ("None", "", None):
            radius = line.get_markersize() / 2 * ax.figure.dpi / 72
            for x, y in line.get_transform().transform_path(line.get_path()).vertices:
                if math.isfinite(x) and math.isfinite(y):
                    yield x, y, radius


def _near(box: Bbox, x: float, y: float, radius: float) -> bool:
    return math.hypot(x - min(max(x, box.x0), box.x1), y - min(max(y, box.y0), box.y1)) < radius


def _said(figure: Figure) -> str:
    """Every text on the figure, the legend's included, as one string."""
    return " ".join(" ".join(t.get_text().split()) for t in figure.findobj(Text))


def _built_chart(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, program: Path, as_of: str
) -> tuple[dict[str, Any], tuple[float, float]]:
    """The data and size a real build hands the participation chart."""
    handed: list[tuple[Any, tuple[float, float]]] = []
    original = blocks.chart_file

    def recording(directory: Path, kind: str, data: Any, draw: Any, **options: Any) -> Path:
        if kind == "participation":
            handed.append((data, options["size"]))
        return original(directory, kind, data, draw, **options)

    monkeypatch.setattr(blocks, "chart_file", recording)
    result = build(make_project({"index": PAGE}, program=program, as_of=as_of))
    assert result.warnings == ""
    [(data, size)] = handed
    return data, size


def test_the_checker_sees_a_label_on_a_line() -> None:
    figure = Figure(figsize=(4, 3))
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1])
    ax.annotate("on the line", (0.5, 0.5), ha="center", va="center")
    ax.annotate("clear", (0.05, 0.9))
    assert collisions(figure) == ["'on the line' lies on a line"]


@pytest.mark.parametrize(
    ("program", "as_of"),
    [
        (SMALL_PROGRAM, "2024-03-01"),  # before incentives: one target, few reports
        (SMALL_PROGRAM, "2024-06-30"),
        (REPO / "program", SITE_AS_OF.isoformat()),  # the handbook's own data as published
        (REPO / "program", "2024-09-01"),  # ...and on a past day
    ],
    ids=["small-before", "small-after", "handbook", "handbook-past"],
)
def test_participation_labels_clear_lines_markers_and_each_other(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, program: Path, as_of: str
) -> None:
    data, size = _built_chart(make_project, monkeypatch, program, as_of)
    figure = charts.drawn(data, draw_participation, size)
    assert collisions(figure) == []
    # Every latest value and every target is said, in the chart or in the legend.
    said = _said(figure)
    latest = data["points"][-1]
    assert formats.percent(latest[1]) in said
    assert f"{latest[3]} mentor" in said and f"{latest[4]} mentee" in said
    for metric, value, _ in data["targets"]:
        assert (
            formats.percent(value) if metric == "participation" else f"{value:g} {metric}"
        ) in said


def _shape(participation: list[float], year: list[float], counts: list[int]) -> dict[str, Any]:
    days = [f"2025-{1 + i // 2:02d}-{1 + 14 * (i % 2):02d}" for i in range(len(participation))]
    points = [
        [day, share, 40, count, count, 2 * count, share_year, "roster"]
        for day, share, share_year, count in zip(days, participation, year, counts, strict=True)
    ]
    return {
        "points": points,
        "cohorts": [["Spring", "2025-01-01", "2025-03-31"], ["Summer", "2025-04-01", "2025-06-30"]],
        "series": ["participation", "mentors", "mentees"],
        "incentives_start": "2025-02-01",
        "targets": [
            ["participation", participation[-1], "2025-06-30"],
            ["participation", year[-1], "2025-07-31"],
            ["mentors", counts[-1], "2025-05-31"],
        ],
    }


SHAPES = {
    # Every line through the middle of the chart, zigzagging, with targets on the latest values.
    "zigzag": _shape(
        [0.1, 0.5, 0.1, 0.5, 0.1, 0.5, 0.1, 0.5, 0.1, 0.5, 0.3, 0.3],
        [0.45, 0.5, 0.48, 0.52, 0.5, 0.49, 0.51, 0.5, 0.5, 0.5, 0.5, 0.31],
        [1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 5, 5],
    ),
    # Flat lines all at one value: every label wants the same spot.
    "flat": _shape([0.25] * 12, [0.25] * 12, [3] * 12),
    # Two reports only, the latest at the top of the scale.
    "short": _shape([0.0, 0.9], [0.0, 0.9], [0, 12]),
}


def _random_shape(seed: int) -> dict[str, Any]:
    """Reports, cohorts, targets and series picked at random, the same for each seed."""
    rng = random.Random(seed)
    count = rng.randint(2, 60)
    start = date(2024, 1, 1)
    points, share, size = [], rng.random(), rng.randint(0, 400)
    for index in range(count):
        share = min(1.0, max(0.0, share + rng.uniform(-0.3, 0.3)))
        size = max(0, size + rng.randint(-60, 60))
        eligible = max(1, size * 2 + rng.randint(0, 100))
        year = min(1.0, share + rng.uniform(0, 0.3))
        day = (start + timedelta(days=14 * index)).isoformat()
        points.append([day, share, eligible, size, size + rng.randint(-5, 5), 2 * size, year])
        points[-1].append("roster")
    end = start + timedelta(days=14 * count)
    cohorts = []
    for number in range(rng.randint(0, 5)):
        first = start + timedelta(days=rng.randint(0, 14 * count))
        name = rng.choice(["Cohort", "Pilot cohort", "Spring intake of"]) + f" {number + 1}"
        cohorts.append(
            [name, first.isoformat(), (first + timedelta(days=rng.randint(20, 200))).isoformat()]
        )
    series = rng.choice(
        [
            ["participation", "mentors", "mentees"],
            ["participation"],
            ["mentors", "participants", "eligible"],
        ]
    )
    targets = [
        [
            metric,
            round(rng.random(), 2) if metric == "participation" else rng.randint(1, 500),
            (end + timedelta(days=rng.randint(-200, 400))).isoformat(),
        ]
        for metric in rng.sample(["participation", "participation", "mentors", "eligible"], 2)
        if metric in series
    ]
    incentives = start + timedelta(days=rng.randint(0, 14 * count))
    return {
        "points": points,
        "cohorts": sorted(cohorts, key=lambda c: c[1]),
        "series": series,
        "incentives_start": incentives.isoformat(),
        "targets": targets,
    }


SHAPES |= {f"random-{seed}": _random_shape(seed) for seed in (1, 2, 3, 4)}
# A cohort's name longer than the chart is wide, as the data may well have.
SHAPES["long-name"] = SHAPES["flat"] | {
    "cohorts": [
        ["The spring cohort of site reliability engineers " * 3, "2025-01-01", "2025-03-31"]
    ]
}


@pytest.mark.parametrize("name", SHAPES)
def test_labels_find_room_or_go_to_the_legend_for_any_shape(name: str) -> None:
    data = SHAPES[name]
    panels = ("participation" in data["series"]) + (data["series"] != ["participation"])
    figure = charts.drawn(data, draw_participation, (4.2, 0.6 + 2.1 * panels))
    assert collisions(figure) == []
    said = _said(figure)
    latest = data["points"][-1]
    if "participation" in data["series"]:
        assert formats.percent(latest[1]) in said and formats.percent(latest[6]) in said
    for name in data["series"]:
        if name != "participation":
            value = latest[1 + POINT_FIELDS.index(name)]
            word = SERIES_LABELS[name].split()[-1].lower()
            assert f"{value} {ONE[word] if value == 1 else word}" in said


def test_a_change_to_the_drawing_code_redraws_cached_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "some_chart.py"
    module.write_text("def draw(figure, data):\n    figure.subplots().plot(data)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import some_chart  # type: ignore[import-not-found]

    monkeypatch.setattr(charts, "_drawing_code", functools.cache(charts._drawing_code.__wrapped__))
    first = charts.chart_file(tmp_path / "cache", "line", [1, 2], some_chart.draw)
    assert charts.chart_file(tmp_path / "cache", "line", [1, 2], some_chart.draw) == first
    module.write_text("def draw(figure, data):\n    figure.subplots().bar([0, 1], data)\n")
    charts._drawing_code.cache_clear()
    second = charts.chart_file(tmp_path / "cache", "line", [1, 2], some_chart.draw)
    assert second != first and second.exists()
