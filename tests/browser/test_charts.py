"""Every chart says what it shows in words, and its numbers open by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

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


def test_every_chart_has_words_and_numbers_that_open_by_keyboard(site: Site, desktop: Page) -> None:
    charts = 0
    problems = []
    for name in site.pages:
        desktop.goto(site.page_url(name), wait_until="load")
        for index, chart in enumerate(desktop.evaluate(CHARTS)):
            charts += 1
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
    if charts == 0:
        pytest.skip("no page of this build has a chart")
    assert not problems, "\n".join(problems)
