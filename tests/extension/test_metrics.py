"""Metric blocks: figures worked out by hand from the small program, charts and their tables.

The small program (tests/fixtures/program-small) reports every 14 days from 2024-01-01:
Jan 1, Jan 15, Jan 29, Feb 12, Feb 26, Mar 11, Mar 25, Apr 8, ... Its roster's history starts
on 2024-01-10 (zoe–jose), so Jan 1 is not a snapshot and the baseline row of 2023-11-15
(6 eligible, 1 mentor, 1 mentee) comes first. Incentives start on 2024-04-01.

People: dana, mia, zoe, bo, jose, di, gus (all joined long before), ed (left 2024-05-01) and
fay (joined 2024-03-01). Pairings that count: zoe–jose from Jan 10 (active), bo–di Feb 1 to
Apr 30 (completed), zoe–ed Feb 15 to May 1 (ended early); bo–fay is paused and zoe–fay only
proposed, so neither counts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO, SITE_AS_OF, Build
from site_checks import check_evaluation, check_home_and_updates

from extension.conftest import MakeProject, build, html_text
from generators.data.load import load_program
from generators.data.published import publish
from generators.sphinxext import charts

ALL_BLOCKS = """\
# Metrics

```{handbook-figures}
```

```{handbook-participation}
:series: participation, mentors, mentees
```

```{handbook-before-after}
```

```{handbook-targets}
```

```{handbook-survey}
:breakdown: by_role
```
"""


def _soup(result: Build, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup(html_text(result, page), "html.parser")


def _block(soup: BeautifulSoup, name: str) -> Tag:
    block = soup.select_one(f".handbook-{name}")
    assert block is not None, name
    return block


def _rows(table: Tag) -> list[list[str]]:
    return [
        [" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def _svgs(result: Build) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((result.outdir / "_images").glob("*.svg"))}


def test_participation_before_incentives_start(make_project: MakeProject) -> None:
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2024-03-01"))
    assert result.warnings == ""
    block = _block(_soup(result), "participation")
    # The latest report is 2024-02-26: eligible = 8 (everyone but fay, who joins on Mar 1);
    # active mentors {zoe, bo} = 2, mentees {jose, di, ed} = 3, participants 5;
    # participation = 5 / 8 = 62.5 %.
    summary = block.select_one(".handbook-summary")
    assert summary is not None
    assert _text(summary) == (
        "Participation was 62.5 % on 26 Feb 2024, the latest report; "
        "incentives take effect on 1 Apr 2024."
    )
    table = block.select_one("details table")
    assert table is not None
    assert _rows(table) == [
        # Baseline: 1 + 1 participants of 6 eligible = 33 %.
        # The year's figure (took part in the year up to the date) has no baseline value.
        ["15 Nov 2023", "6", "1", "1", "2", "33.3 %", "—", "baseline: Staff survey, November 2023"],
        # Jan 15 and Jan 29: only zoe–jose; 2 / 8 = 25 %, in the year too.
        ["15 Jan 2024", "8", "1", "1", "2", "25.0 %", "25.0 %", "roster"],
        ["29 Jan 2024", "8", "1", "1", "2", "25.0 %", "25.0 %", "roster"],
        # Feb 12: bo–di started Feb 1; 4 / 8 = 50 %.
        ["12 Feb 2024", "8", "2", "2", "4", "50.0 %", "50.0 %", "roster"],
        # Feb 26: zoe–ed started Feb 15; zoe counts once; 5 / 8.
        ["26 Feb 2024 (last before incentives)", "8", "2", "3", "5", "62.5 %", "62.5 %", "roster"],
    ]
    image = block.select_one("img.handbook-chart")
    assert image is not None
    assert str(image["alt"]).startswith("Line chart. Participation was 62.5 % on 26 Feb 2024")
    assert "Hollow points are baseline figures" in str(image["alt"])

    before_after = _block(_soup(result), "before-after")
    assert before_after.select_one("img") is None
    assert "Incentives take effect on 1 Apr 2024" in _text(before_after)


def test_before_and_after_incentives(make_project: MakeProject) -> None:
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01"))
    assert result.warnings == ""
    soup = _soup(result)
    block = _block(soup, "before-after")
    table = block.select_one("table")
    assert table is not None
    headers = [_text(th) for th in table.select("thead th")]
    assert headers == ["Figure", "Before: 25 Mar 2024", "Latest: 1 Jul 2024", "Change"]
    # Before: 2024-03-25, the last report before Apr 1: eligible 9 (fay joined Mar 1),
    # mentors {zoe, bo} 2, mentees {jose, di, ed} 3, participants 5, 5 / 9 = 55.6 %.
    # Latest: 2024-07-01: ed left May 1 → eligible 8; bo–di ended Apr 30 and zoe–ed May 1,
    # so only zoe–jose: 1 mentor, 1 mentee, 2 / 8 = 25 %. Change: 25 − 55.6 = −30.6 pts.
    assert _rows(table) == [
        ["Eligible people", "9", "8", "−1"],
        ["Active mentors", "2", "1", "−1"],
        ["Active mentees", "3", "1", "−2"],
        ["Active participants", "5", "2", "−3"],
        ["Participation", "55.6 %", "25.0 %", "−30.6 pts"],
    ]
    assert "Before: the report of 25 Mar 2024 (roster)" in _text(block)
    image = block.select_one("img.handbook-chart")
    assert image is not None
    assert "active mentors 2 and 1" in str(image["alt"])

    participation = _block(soup, "participation")
    # The headline compares who took part in the year up to each report, so a gap between
    # cohorts is not read as a fall: to Mar 25, {zoe, jose, bo, di, ed} of 9 = 55.6 %; to
    # Jul 1, the same people but ed, who left, of 8 = 50.0 % (bo–fay is paused from its start).
    assert _text(participation.select_one(".handbook-summary")) == (  # type: ignore[arg-type]
        "Over the year to 25 Mar 2024, the last report before incentives, 55.6 % of eligible "
        "people took part in a pairing; over the year to 1 Jul 2024, the latest report, "
        "50.0 %. On 1 Jul 2024 itself, 25.0 % were in a pairing that was meeting."
    )

    figures = _block(soup, "figures")
    items = [_text(li) for li in figures.select("li")]
    # Active pairings as of Jul 1: zoe–jose (bo–fay is paused) = 1.
    assert items == [
        "1 active pairings",
        "1 active mentors",
        "1 active mentees",
        "25.0 % participation",
        # The headline follows the same rule: 55.6 % → 50.0 % of who took part in the year,
        # not the day's 55.6 % → 25.0 % that a gap between cohorts makes.
        "−5.6 pts took part in the year, since incentives began",
    ]


TARGETS = """\
targets:
  - metric: participation
    value: 0.5
    by: 2024-12-31
  - metric: mentees
    value: 6
    by: 2024-06-28
  - metric: mentors
    value: 4
    by: 2024-03-31
  - metric: eligible
    value: 10
    by: 2024-02-20
"""


def test_target_status_met_on_track_behind_missed(
    make_project: MakeProject, program_copy: Path
) -> None:
    info = program_copy / "program.yaml"
    text = info.read_text().replace("incentives_start: 2024-04-01", "incentives_start: 2024-01-20")
    info.write_text(text.split("targets:")[0] + TARGETS)
    result = build(make_project({"index": ALL_BLOCKS}, program=program_copy, as_of="2024-03-01"))
    assert result.warnings == ""
    table = _block(_soup(result), "targets").select_one("table")
    assert table is not None
    # Targets without set_on pace from the last report on or before incentives (Jan 20):
    # 2024-01-15 (8 eligible, 1 mentor, 1 mentee, 25 %). Latest: 2024-02-26 (8 eligible,
    # 2 mentors, 3 mentees, 62.5 %), 42 days later. In order of their dates:
    # - eligible 10 by Feb 20: judged by the last report on or before it (Feb 12: 8) → missed.
    # - mentors 4 by Mar 31 (76 days): pace 1 + 3 × 42/76 = 2.66, printed "2.7"; 2 < 2.7
    #   → behind.
    # - mentees 6 by Jun 28 (165 days from Jan 15): pace 1 + 5 × 42/165 = 2.27, "2.3";
    #   3 ≥ 2.3 → on track.
    # - participation 50 % by Dec 31: 62.5 % ≥ 50 % → met.
    assert _rows(table) == [
        ["Eligible people 10 by 20 Feb 2024", "8 on 12 Feb 2024", "missed"],
        [
            "Active mentors 4 by 31 Mar 2024",
            "2 on 26 Feb 2024",
            "behind pace needed 2.7 on 26 Feb 2024",
        ],
        [
            "Active mentees 6 by 28 Jun 2024",
            "3 on 26 Feb 2024",
            "on track needed 2.3 on 26 Feb 2024",
        ],
        ["Participation 50.0 % by 31 Dec 2024", "62.5 % on 26 Feb 2024", "met"],
    ]
    classes = [tr["class"] for tr in table.select("tbody tr")]
    assert [c[-1] for c in classes] == [
        "handbook-target-missed",
        "handbook-target-behind",
        "handbook-target-on-track",
        "handbook-target-met",
    ]
    # The bars say the same as the text: 3 of 6 is half, 62.5 % of a 50 % target is full.
    fills = [str(span["style"]) for span in table.select(".handbook-progress-fill")]
    assert fills[2:] == ["width: 50.0%", "width: 100.0%"]


def test_target_behind_when_starting_above_it(make_project: MakeProject) -> None:
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01"))
    table = _block(_soup(result), "targets").select_one("table")
    assert table is not None
    # 50 % by Dec 31; the pace starts at 55.6 % (Mar 25), already above the target, so the
    # expected value is the target itself: 25 % < 50 % → behind.
    assert _rows(table) == [
        [
            "Participation 50.0 % by 31 Dec 2024",
            "25.0 % on 1 Jul 2024",
            "behind pace needed 50.0 % on 1 Jul 2024",
        ]
    ]


def test_figures_show_option_picks_and_orders(make_project: MakeProject) -> None:
    page = "# Home\n\n```{handbook-figures}\n:show: participation, eligible\n```\n"
    result = build(make_project({"index": page}, as_of="2024-07-01"))
    assert result.warnings == ""
    items = [_text(li) for li in _block(_soup(result), "figures").select("li")]
    assert items == ["25.0 % participation", "8 eligible people"]
    note = _block(_soup(result), "figures").select_one(".handbook-note")
    assert note is not None and _text(note) == "From the report of 1 Jul 2024."


def test_mistyped_options_warn_at_the_directive(make_project: MakeProject) -> None:
    page = (
        "# Home\n\n```{handbook-participation}\n:series: participaton\n```\n\n"
        "```{handbook-figures}\n:show: pairing\n```\n"
    )
    result = build(make_project({"index": page}))
    assert "unknown series 'participaton'" in result.warnings
    assert "did you mean 'participation'?" in result.warnings
    assert "unknown show 'pairing'" in result.warnings
    assert "did you mean 'pairings'?" in result.warnings


def test_no_report_yet(make_project: MakeProject) -> None:
    # 2023-01-01 is before the baseline row and the roster's history: nothing to show.
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2023-01-01"))
    assert result.warnings == ""
    soup = _soup(result)
    assert soup.select("img") == []
    assert _text(_block(soup, "participation")) == "No report yet as of 1 Jan 2023."
    assert "No report yet as of 1 Jan 2023" in _text(_block(soup, "before-after"))
    assert "no report yet" in _text(_block(soup, "targets"))
    assert [_text(li) for li in _block(soup, "figures").select("li")][1:4] == [
        "— active mentors",
        "— active mentees",
        "— participation",
    ]
    assert _text(_block(soup, "survey")) == "No survey results yet as of 1 Jan 2023."


def test_all_zero_counts_still_draw(make_project: MakeProject, program_copy: Path) -> None:
    # One pairing that met for two days before the first snapshot: every snapshot after it
    # has 0 mentors, 0 mentees and 0 % participation, and so does the baseline.
    (program_copy / "pairings.yaml").write_text(
        "- mentor: zoe\n  mentee: jose\n  start: 2024-01-10\n  end: 2024-01-12\n"
        "  status: completed\n"
    )
    (program_copy / "baseline.yaml").write_text(
        "- date: 2023-11-15\n  eligible: 6\n  mentors: 0\n  mentees: 0\n  source: Survey\n"
    )
    result = build(make_project({"index": ALL_BLOCKS}, program=program_copy, as_of="2024-07-01"))
    assert result.warnings == ""
    soup = _soup(result)
    assert len(soup.select(".handbook-participation img, .handbook-before-after img")) == 2
    summary = _block(soup, "participation").select_one(".handbook-summary")
    assert summary is not None
    # zoe–jose met Jan 10–12: in the year to Mar 25, 2 of 9 eligible took part (22.2 %); in
    # the year to Jul 1, 2 of 8 (25.0 %), while nobody was meeting on either day.
    assert _text(summary) == (
        "Over the year to 25 Mar 2024, the last report before incentives, 22.2 % of eligible "
        "people took part in a pairing; over the year to 1 Jul 2024, the latest report, "
        "25.0 %. On 1 Jul 2024 itself, 0.0 % were in a pairing that was meeting."
    )
    table = _block(soup, "before-after").select_one("table")
    assert table is not None
    assert _rows(table)[-1] == ["Participation", "0.0 %", "0.0 %", "±0.0 pts"]


def test_every_chart_has_alt_text_and_its_numbers(make_project: MakeProject) -> None:
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01"))
    soup = _soup(result)
    images = soup.select("img.handbook-chart")
    assert len(images) == 3  # participation, before/after, survey
    for image in images:
        assert len(str(image.get("alt", ""))) > 40
        block = image.find_parent(class_="handbook-block")
        assert block is not None and block.select_one("table tbody tr") is not None


def test_charts_are_identical_across_builds_and_not_redrawn(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01", name="one"))
    second = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01", name="two"))
    assert len(_svgs(first)) == 3
    assert _svgs(first) == _svgs(second)

    drawn: list[str] = []
    original = charts._draw

    def counting(data: object, draw: charts.Drawer, size: tuple[float, float]) -> bytes:
        drawn.append(getattr(draw, "__name__", "?"))
        return original(data, draw, size)

    monkeypatch.setattr(charts, "_draw", counting)
    srcdir = first.outdir.parent.parent
    index = srcdir / "index.md"
    index.write_text(index.read_text() + "\nA new closing sentence.\n")
    again = build(srcdir, fresh=False)
    assert "A new closing sentence." in html_text(again)
    assert drawn == []  # the page was read again; its unchanged charts were not redrawn

    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text().replace("2024-07-01", "2024-07-15")
    )
    build(srcdir, fresh=False)
    # A new "as of" date adds a report: the participation and before/after charts change;
    # the survey did not.
    assert sorted(drawn) == ["draw_before_after", "draw_participation"]


def test_metric_pages_name_nobody_unpublished(make_project: MakeProject) -> None:
    result = build(make_project({"index": ALL_BLOCKS}, as_of="2024-07-01"))
    for path in result.outdir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".svg"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Bo Hidden" not in text, path
            assert "Di Private" not in text, path


def test_handbook_pages_carry_the_metric_blocks(handbook_site: Build) -> None:
    """Participation and before/after on the evaluation page; every target with a status and
    every survey with its response rate, as program/ has them on the build's day."""
    evaluation = BeautifulSoup(
        (handbook_site.outdir / "evaluation.html").read_text(encoding="utf-8"), "html.parser"
    )
    participation = _block(evaluation, "participation")
    image = participation.select_one("img.handbook-chart")
    assert image is not None and str(image["alt"]).startswith("Line chart. ")
    assert "articipation" in str(image["alt"]) or "took part" in str(image["alt"])
    assert _block(evaluation, "before-after").select_one("table") is not None
    program = load_program(REPO / "program", today=date.today())
    published = publish(program, SITE_AS_OF)
    check_evaluation(handbook_site, published)
    check_home_and_updates(handbook_site, program, published)
