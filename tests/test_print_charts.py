"""The printed handbook as of one late day (a long survey out, cohort 4 under way): the rules
every edition keeps, its charts' text as text in the book's fonts, at 8 pt or more as printed
(`edition_rules.test_no_text_prints_under_8_pt` reads every letter's printed size, charts
included), and the roadmap that agrees with the targets.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import REPO
from edition_rules import *  # noqa: F403 (the rules every edition keeps, run here as of DAY)
from printed import printed

from generators.data.load import load_program
from generators.data.published import publish
from generators.data.targets import MILESTONE_STATUS, target_title
from generators.sphinxext import chart_fonts
from generators.sphinxext.charts import CHART_WIDTH, _draw
from generators.sphinxext.metric_charts import draw_before_after

DAY = "2026-12-05"


def test_charts_for_print_set_their_text_as_text_in_the_books_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the site a chart's text is outlines; for the printed book it is SVG text in the
    family print.css declares, measured by matplotlib from the same bundled files."""
    data = {
        "before": {
            "label": "Before",
            "mentors": 1,
            "mentees": 2,
            "participants": 3,
            "participation": 0.1,
        },
        "after": {
            "label": "Latest",
            "mentors": 4,
            "mentees": 5,
            "participants": 9,
            "participation": 0.45,
        },
    }

    def svg() -> str:
        return _draw(data, draw_before_after, (CHART_WIDTH, 2.6)).decode()

    monkeypatch.delenv(chart_fonts.PRINT_VARIABLE, raising=False)
    assert "<text" not in svg()
    monkeypatch.setenv(chart_fonts.PRINT_VARIABLE, "1")
    printed_svg = svg()
    families = set(re.findall(r"font-family: '([^']+)'", printed_svg))
    assert families == {chart_fonts.PRINT_FAMILY}
    assert "45.0 %" in re.findall(r"<text[^>]*>([^<]+)</text>", printed_svg)
    css = (REPO / "_templates" / "pdf" / "print.css").read_text(encoding="utf-8")
    for name in chart_fonts.PRINT_FILES:
        assert f'font-family: "{chart_fonts.PRINT_FAMILY}"; src: url(handbook-fonts/{name})' in css


@pytest.mark.slow
def test_the_roadmap_and_the_targets_agree_in_print(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Each milestone about a target prints with the target's value and the target's status:
    the update never calls at risk what its targets table calls met or on track."""
    update = printed(tmp_path_factory, "update", DAY)
    text = " ".join(" ".join(page.split()) for page in update.texts)
    real = load_program(REPO / "program", today=dt.date.today())
    view = publish(real, dt.date.fromisoformat(DAY))
    assert view.targets
    for status in view.targets:
        title = target_title(status.target)
        on_the_roadmap = [t for t in view.timeline if t.title == title]
        for milestone in on_the_roadmap:
            assert milestone.status == MILESTONE_STATUS[status.state], title
        if status.state in ("met", "on-track"):
            assert f"At risk: {title}" not in text
            assert f"Missed: {title}" not in text
    assert re.search(r"\b\d+%", text) is None
