"""Charts in the printed handbook keep their text readable: no chart is shrunk so far that
its smallest text prints under 8 pt.

The size is read from WeasyPrint's own layout of the book (the box each chart is placed in)
against the chart's drawn size, and the text sizes from the SVG, where matplotlib writes each
piece of text as glyph paths scaled by its font size over 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
import weasyprint
from conftest import REPO

from generators.pdf.book import make_book

#: The smallest type a printed handout may carry.
MIN_POINTS = 8.0
#: A text group in matplotlib's SVG: glyphs of 100 units to the point, flipped upright.
TEXT_SCALE = re.compile(r"scale\(([0-9.]+) -\1\)")


@dataclass(frozen=True)
class Placed:
    """A chart as it is set on a page of the book."""

    page: int
    svg: Path
    scale: float

    @property
    def smallest_text(self) -> float:
        """The smallest text in the chart, in points, as printed."""
        return smallest_drawn_text(self.svg.read_text(encoding="utf-8")) * self.scale


def smallest_drawn_text(svg: str) -> float:
    """The smallest font size matplotlib drew in `svg`, in points at the SVG's own size."""
    sizes = [float(s) * 100 for s in TEXT_SCALE.findall(svg)]
    assert sizes, "no text found in the chart"
    return min(sizes)


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def placed_charts(document: Any) -> list[Placed]:
    """Every generated chart in a rendered WeasyPrint document, with its print scale."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            replacement = getattr(box, "replacement", None)
            if element is None or replacement is None or element.tag != "img":
                continue
            if "handbook-chart" not in (element.get("class") or "").split():
                continue
            width, _, _ = replacement.get_intrinsic_size(1, 16)
            svg = Path(unquote(urlparse(replacement._base_url).path))
            found.append(Placed(number, svg, box.width / width))
    return found


@pytest.fixture(scope="module", params=["full", "offsite"])
def printed_charts(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch_module: pytest.MonkeyPatch,
) -> list[Placed]:
    """An edition on a day with a long survey, and the charts WeasyPrint placed in it."""
    rendered: list[Any] = []
    render = weasyprint.HTML.render

    def keep(self: Any, *args: Any, **kwargs: Any) -> Any:
        document = render(self, *args, **kwargs)
        rendered.append(document)
        return document

    monkeypatch_module.setattr(weasyprint.HTML, "render", keep)
    out = tmp_path_factory.mktemp("print-charts")
    make_book(
        REPO / "docs",
        out,
        program_dir=REPO / "program",
        environ={"HANDBOOK_AS_OF": "2026-11-25"},
        edition=request.param,
    )
    return placed_charts(rendered[-1])


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_smallest_text_is_read_from_matplotlib_svg() -> None:
    svg = '<g transform="translate(3 4) scale(0.085 -0.085)"/><g transform="scale(0.09 -0.09)"/>'
    assert smallest_drawn_text(svg) == pytest.approx(8.5)


@pytest.mark.slow
def test_every_chart_prints_its_text_at_8_pt_or_more(printed_charts: list[Placed]) -> None:
    assert printed_charts, "no chart found in the book"
    small = [
        f"{p.svg.name} on page {p.page}: {p.smallest_text:.1f} pt (scale {p.scale:.2f})"
        for p in printed_charts
        if p.smallest_text < MIN_POINTS - 0.05
    ]
    assert not small, "charts print text under 8 pt:\n" + "\n".join(small)
