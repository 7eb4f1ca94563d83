"""Charts as SVG files named by a hash of their data and options.

matplotlib is imported only when a chart must be drawn: an unchanged chart is never redrawn,
and a build with nothing to draw never imports it. Output bytes are identical for identical
data (fixed hash salt, no date, text as paths on screen), so two builds of one commit match.
In the printed book the text is text, in the book's font (`chart_fonts`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generators.data.safefile import write_atomically
from generators.sphinxext import chart_fonts
from generators.sphinxext.render import node_slot

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Bump when how charts look changes outside the drawing modules (which are keyed by their
#: own source, see `_drawing_code`), so cached charts are redrawn.
CHART_STYLE_VERSION = "3"
#: The width charts are drawn at, in inches: a phone's column on the site, and on paper exactly
#: this wide, so that their 8 pt text prints at 8 pt.
CHART_WIDTH = 4.2
#: The tallest a chart prints, in mm (a taller survey chart is drawn in parts for print).
PRINT_HEIGHT_MM = 205


def print_sizes_css() -> str:
    """The print stylesheet's chart sizes, written from the numbers the charts are drawn to."""
    return (
        "\n/* Chart sizes, from generators/sphinxext/charts.py. */\n"
        f"img.handbook-chart {{ max-height: {PRINT_HEIGHT_MM}mm; }}\n"
        ".handbook-participation img.handbook-chart,\n"
        ".handbook-before-after img.handbook-chart,\n"
        f".handbook-survey img.handbook-chart {{ max-width: {CHART_WIDTH:g}in !important; }}\n"
    )


#: A cached chart's time is refreshed when a page uses it and it is older than this.
REFRESH_AFTER = 24 * 3600
#: Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A diverging scale for agreement questions, negative to positive.
AGREEMENT = ("#B2182B", "#EF8A62", "#BDBDBD", "#67A9CF", "#2166AC")
STATUS_COLOURS = {
    "done": "#009E73",
    "in-progress": "#0072B2",
    "planned": "#9E9E9E",
    "at-risk": "#E69F00",
    "missed": "#D55E00",
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: where it is, how to describe it, and the numbers behind it."""

    index: int
    path: Path
    uri: str
    alt: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def slot(self) -> Markup:
        """Placed by a template where the chart goes."""
        return node_slot(self.index)


Drawer = Callable[["Figure", Any], None]


def chart_file(
    directory: Path, kind: str, data: Any, draw: Drawer, *, size: tuple[float, float] = (7.0, 3.0)
) -> Path:
    """The SVG for `data`, drawn with `draw` only if no file of that hash exists yet."""
    payload = json.dumps(
        [
            kind,
            data,
            size,
            CHART_STYLE_VERSION,
            _matplotlib_version(),
            _drawing_code(draw),
            chart_fonts.family(),
        ],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()[:20]
    path = directory / f"{kind}-{digest}.svg"
    try:
        drawn = path.stat().st_mtime
    except FileNotFoundError:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomically(path, _draw(data, draw, size))
        return path
    if time.time() - drawn > REFRESH_AFTER:
        os.utime(path)  # still in use: the cache keeps recently used charts (see cleanup)
    return path


@cache
def _drawing_code(draw: Drawer) -> str:
    """A digest of the code that draws: the drawer's module, this one and label placement.

    A change to any of them redraws the charts it made, without anyone remembering to bump
    a version.
    """
    from generators.sphinxext import chart_labels

    drawer = sys.modules.get(getattr(draw, "__module__", None) or __name__, chart_labels)
    modules = {drawer, sys.modules[__name__], chart_labels, chart_fonts}
    digest = hashlib.sha256()
    for module in sorted(modules, key=lambda m: m.__name__):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def _matplotlib_version() -> str:
    try:
        return version("matplotlib")
    except Exception:  # pragma: no cover - matplotlib is a dependency
        return "unknown"


def _draw(data: Any, draw: Drawer, size: tuple[float, float]) -> bytes:
    with _style():
        figure = drawn(data, draw, size)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def drawn(data: Any, draw: Drawer, size: tuple[float, float]) -> Figure:
    """The figure `draw` makes of `data`, as it will be saved: tests measure what is on it."""
    from matplotlib.figure import Figure

    with _style():
        figure = Figure(figsize=size, layout="constrained")
        draw(figure, data)
    return figure


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib  # imported here: most builds draw nothing

    matplotlib.use("Agg", force=False)
    from cycler import cycler

    style: Any = {
        "svg.hashsalt": "sre-mentorship-handbook",
        **chart_fonts.style(),
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.titleweight": "bold",
        "figure.facecolor": "white",
        "axes.facecolor": "white",
    }
    with matplotlib.rc_context(style):
        yield


def percent_ticks() -> Any:
    """Tick labels of a share axis in the one percentage format, whole percentages ("40 %")."""
    from matplotlib.ticker import FuncFormatter

    from generators.data.formats import percent

    return FuncFormatter(lambda value, _: percent(value, 0))


def relative_uri(path: Path, srcdir: Path, docname: str) -> str:
    """`path` as Sphinx's image collector resolves it from page `docname`."""
    return Path(os.path.relpath(path, (srcdir / docname).parent)).as_posix()


def table_rows(rows: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(cell) for cell in row) for row in rows)
