"""Labels placed in a chart's free space, so none sits on a line, a marker or another label.

A label is tried at candidate spots in order of preference, after the figure's layout is
settled; the first spot whose box (with a margin) stays inside the axes and touches no drawn
line, marker or earlier label is kept. A spot far from its point gets a leader, and the leader
must be free too. Spots are offsets in points from a data anchor, so a placement found on
screen holds at any resolution the figure is saved at. When no spot is free the caller gets
None and says it elsewhere (the legend), rather than draw over the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.path import Path
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

#: Points of clear space kept around a label.
MARGIN = 1.5
#: Beyond this many points from its point, a label is joined to it by a leader...
LEADER_FROM = 9.0
#: ...that stops this many points short of the point.
LEADER_GAP = 4.0


@dataclass(frozen=True)
class Spot:
    """Where a label may go: an anchor in data coordinates, an offset and an alignment."""

    x: Any
    y: float
    dx: float = 0.0
    dy: float = 0.0
    ha: str = "left"
    va: str = "center"


def around(x: Any, y: float, *, gap: float = 5.0, rings: Sequence[float] = ()) -> list[Spot]:
    """Spots around a point: beside it first (right, then above, below, left), then farther."""
    directions = (0, 35, -35, 90, -90, 145, -145, 180)
    spots = []
    for distance in (gap, *rings):
        for angle in directions:
            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            ha = "left" if cos > 0.3 else ("right" if cos < -0.3 else "center")
            va = "bottom" if sin > 0.3 else ("top" if sin < -0.3 else "center")
            spots.append(Spot(x, y, distance * cos, distance * sin, ha, va))
    return spots


def along(xs: Iterable[Any], y: float, *, gap: float = 3.0) -> list[Spot]:
    """Spots just above, then just below, a horizontal line, at each of `xs` from its start."""
    points = list(xs)
    above = [Spot(x, y, 0.0, gap, "left", "bottom") for x in points]
    below = [Spot(x, y, 0.0, -gap, "left", "top") for x in points]
    return above + below


class FreeSpace:
    """What is drawn on one axes, as display-space paths, markers and boxes to keep clear of."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.scale = ax.figure.dpi / 72
        self.paths: list[Path] = list(drawn_paths(ax))
        self.markers: list[tuple[float, float, float]] = list(drawn_markers(ax))
        self.boxes: list[Bbox] = [
            text.get_window_extent(renderer) for text in ax.texts if text.get_visible()
        ]

    def place(
        self, text: str, spots: Iterable[Spot], *, leader: str | None = None, **style: Any
    ) -> Annotation | None:
        """Draw `text` at the first free spot, or nothing (and None) when every spot is taken."""
        for spot in spots:
            label = self._annotate(text, spot, style)
            box = label.get_window_extent(self.renderer)
            far = math.hypot(spot.dx, spot.dy) > LEADER_FROM
            stem = self._leader(spot, box) if far else None
            if (far and leader is None) or not self._free(box, stem):
                label.remove()
                continue
            if stem is not None:
                label.remove()
                ends: Any = stem.vertices
                end = ends[-1]  # where the leader meets the label's box
                joint = (
                    (end[0] - box.x0) / (box.width or 1),
                    (end[1] - box.y0) / (box.height or 1),
                )
                label = self._annotate(text, spot, style, leader=(leader or "black", joint))
                self.paths.append(stem)
            self.boxes.append(box)
            return label
        return None

    def _annotate(
        self,
        text: str,
        spot: Spot,
        style: dict[str, Any],
        leader: tuple[str, tuple[float, float]] | None = None,
    ) -> Annotation:
        """`text` at `spot`; a leader (colour, where it leaves the text) runs to the point."""
        arrow = None
        if leader is not None:
            colour, joint = leader
            arrow = {
                "arrowstyle": "-",
                "color": colour,
                "linewidth": 0.7,
                "relpos": joint,
                "shrinkA": 0,
                "shrinkB": LEADER_GAP,
            }
        label = self.ax.annotate(
            text,
            xy=(spot.x, spot.y),
            xycoords="data",
            xytext=(spot.dx, spot.dy),
            textcoords="offset points",
            ha=spot.ha,
            va=spot.va,
            annotation_clip=False,
            arrowprops=arrow,
            **style,
        )
        label.set_in_layout(False)  # placed inside the axes: the layout is already settled
        return label

    def _leader(self, spot: Spot, box: Bbox) -> Path:
        """The leader's course: from just off the point to the nearest point of the label."""
        from matplotlib.path import Path

        x, y = self.anchor(spot)
        end = (min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1))
        length = math.hypot(end[0] - x, end[1] - y) or 1.0
        skip = LEADER_GAP * self.scale / length  # leave the point's own marker and line alone
        start = (x + (end[0] - x) * skip, y + (end[1] - y) * skip)
        return Path([start, end])

    def anchor(self, spot: Spot) -> tuple[float, float]:
        """The spot's anchor in display space."""
        xaxis: Any = self.ax.xaxis  # its unit conversion (dates to numbers) is untyped
        x, y = self.ax.transData.transform((xaxis.convert_units(spot.x), spot.y))
        return float(x), float(y)

    def _free(self, box: Bbox, stem: Path | None) -> bool:
        inside = self.ax.bbox
        if not (
            inside.x0 <= box.x0
            and box.x1 <= inside.x1
            and inside.y0 <= box.y0
            and box.y1 <= inside.y1
        ):
            return False
        padded = box.padded(MARGIN * self.scale)
        if any(padded.overlaps(other) for other in self.boxes):
            return False
        if any(path.intersects_bbox(padded, filled=False) for path in self.paths):
            return False
        if any(_touches(padded, x, y, r) for x, y, r in self.markers):
            return False
        if stem is not None:
            if any(stem.intersects_path(path, filled=False) for path in self.paths):
                return False
            if any(stem.intersects_bbox(other, filled=False) for other in self.boxes):
                return False
            if any(_passes(stem, x, y, r) for x, y, r in self.markers):
                return False
        return True


def drawn_paths(ax: Axes) -> Iterable[Path]:
    """Every visible line on `ax` in display space, split where the data has gaps."""
    from matplotlib.collections import LineCollection
    from matplotlib.path import Path

    for line in ax.lines:
        if line.get_visible() and line.get_linestyle() not in ("None", "none", "", " "):
            path = line.get_transform().transform_path(line.get_path())
            yield from _runs(path.vertices, Path)
    for collection in ax.collections:
        if isinstance(collection, LineCollection) and collection.get_visible():
            transform = collection.get_transform()
            for path in collection.get_paths():
                yield from _runs(transform.transform_path(path).vertices, Path)


def drawn_markers(ax: Axes) -> Iterable[tuple[float, float, float]]:
    """Every marker on `ax` as a circle in display space: centre and radius in pixels."""
    scale = ax.figure.dpi / 72
    for line in ax.lines:
        if not line.get_visible() or line.get_marker() in (None, "None", "none", "", " "):
            continue
        radius = (line.get_markersize() / 2 + line.get_markeredgewidth() / 2) * scale
        vertices: Any = line.get_transform().transform_path(line.get_path()).vertices
        for x, y in vertices:
            if math.isfinite(x) and math.isfinite(y):
                yield float(x), float(y), radius


def _runs(vertices: Any, path_type: Any) -> Iterable[Path]:
    run: list[tuple[float, float]] = []
    for x, y in vertices:
        if math.isfinite(x) and math.isfinite(y):
            run.append((float(x), float(y)))
            continue
        if run:
            yield path_type(run)
        run = []
    if run:
        yield path_type(run)


def _touches(box: Bbox, x: float, y: float, radius: float) -> bool:
    nearest_x = min(max(x, box.x0), box.x1)
    nearest_y = min(max(y, box.y0), box.y1)
    return math.hypot(nearest_x - x, nearest_y - y) < radius


def _passes(stem: Path, x: float, y: float, radius: float) -> bool:
    """Whether the straight `stem` comes within `radius` of (x, y)."""
    ends: Any = stem.vertices
    (x0, y0), (x1, y1) = ends[0], ends[-1]
    dx, dy = x1 - x0, y1 - y0
    along = ((x - x0) * dx + (y - y0) * dy) / ((dx * dx + dy * dy) or 1.0)
    along = min(max(along, 0.0), 1.0)
    return math.hypot(x0 + along * dx - x, y0 + along * dy - y) < radius
