"""Every chart says what it shows in words, and its numbers open by keyboard."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import REPO

from browser.conftest import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: Each chart: its alternative text, and the toggle that holds its numbers, marked for the test.
CHARTS = """() => Array.from(document.querySelectorAll("img.handbook-chart"), (img, index) => {
  const figure = img.closest("figure") || img;
  let numbers = figure.nextElementSibling;
  if (!(numbers && numbers.matches("details"))) {
    numbers = img.parentElement.querySelector("details");
  }
  if (numbers) numbers.dataset.chartIndex = String(index);
  // Or the numbers are already in sight: a table in the chart's own block, in no toggle.
  const block = img.closest(".handbook-block");
  const shownTable = block && Array.from(block.querySelectorAll("table"))
    .find(table => !table.closest("details") && table.querySelectorAll("tbody tr").length > 0);
  return {
    src: img.getAttribute("src"),
    alt: img.getAttribute("alt"),
    numbers: numbers ? numbers.className : null,
    rows: numbers ? numbers.querySelectorAll("tbody tr").length : 0,
    table: shownTable ? shownTable.querySelector("caption")?.textContent || "a table" : null,
    loaded: img.complete && img.naturalWidth > 0,
  };
})"""


#: Blocks that draw a chart unless told to `:show: table` only.
CHART_BLOCK = re.compile(
    r"^```\{handbook-(?:participation|before-after|timeline|survey)\}\n(.*?)^```", re.M | re.S
)


def pages_placing_charts() -> set[str]:
    """The built pages whose source places a block that draws a chart."""
    return {
        source.relative_to(REPO / "docs").with_suffix(".html").as_posix()
        for source in (REPO / "docs").rglob("*.md")
        if any(
            ":show: table" not in options
            for options in CHART_BLOCK.findall(source.read_text(encoding="utf-8"))
        )
    }


def test_every_chart_has_words_and_numbers_that_open_by_keyboard(site: Site, desktop: Page) -> None:
    charts: dict[str, int] = {}
    problems = []
    for name in site.checked:
        desktop.goto(site.page_url(name), wait_until="load")
        for index, chart in enumerate(desktop.evaluate(CHARTS)):
            charts[name] = charts.get(name, 0) + 1
            where = f"{name}: chart {chart['src']}"
            if not chart["loaded"]:
                problems.append(f"{where} does not load")
            alt = (chart["alt"] or "").strip()
            if len(alt) < 20:
                problems.append(f"{where} has no alternative text worth reading: {alt!r}")
            if chart["numbers"] is None:
                if chart["table"] is None:
                    problems.append(f"{where} has neither a toggle nor a table with its numbers")
                continue  # its numbers are a table in plain sight beside it
            if chart["rows"] == 0:
                problems.append(f"{where}: its numbers table has no rows")
            summary = desktop.locator(f"details[data-chart-index='{index}'] > summary")
            summary.focus()
            if not summary.evaluate("el => el === document.activeElement && el.tabIndex >= 0"):
                problems.append(f"{where}: its numbers toggle cannot be focused")
                continue
            desktop.keyboard.press("Enter")
            table = desktop.locator(f"details[data-chart-index='{index}'] table")
            if not (summary.evaluate("el => el.parentElement.open") and table.is_visible()):
                problems.append(f"{where}: Enter on its toggle does not show the numbers")
    expected = pages_placing_charts()
    assert expected, "no page of the handbook places a chart: nothing was tested"
    problems += [f"{page}: places a chart, and shows none" for page in expected - charts.keys()]
    assert not problems, "\n".join(problems)
