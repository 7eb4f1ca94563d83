"""Timeline blocks: the roadmap table and chart, the meetings in words, links to pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Tag
from conftest import REPO, SITE_AS_OF, Build
from site_checks import check_quarter, check_roadmap

from extension.conftest import MakeProject, build, html_text
from generators.data.load import load_program
from generators.data.published import publish

TIMELINE = "```{handbook-timeline}\n```\n"
INCENTIVES = "# Incentives\n\nThe proposal.\n"
INJECTION = "<script>alert(1)</script> {{ 7*7 }} | `x` [x](javascript:alert(1)) $x$ and \\frac"


def block(name: str, **options: str) -> str:
    lines = [f"```{{{name}}}"]
    lines += [f":{key.replace('_', '-')}: {value}" for key, value in options.items()]
    return "\n".join([*lines, "```", ""])


def soup_of(result_html: str) -> BeautifulSoup:
    return BeautifulSoup(result_html, "html.parser")


def table_rows(soup: BeautifulSoup, selector: str = ".handbook-timeline") -> list[list[str]]:
    table = soup.select_one(f"{selector} table.handbook-table:not(details table)")
    assert table is not None, "no timeline table"
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def chart_image(soup: BeautifulSoup) -> Tag:
    image = soup.select_one(".handbook-timeline img.handbook-chart")
    assert isinstance(image, Tag), "no chart image"
    return image


def edit_timeline(program: Path, item_id: str, **changes: object) -> None:
    path = program / "timeline.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        if item["id"] == item_id:
            item.update(changes)
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- the table ------------------------------------------------------------------------------


def test_table_lists_items_in_dependency_order_with_status_and_owners(
    make_project: MakeProject,
) -> None:
    result = build(make_project({"index": "# Plan\n\n" + TIMELINE, "incentives": INCENTIVES}))
    assert result.warnings == ""
    soup = soup_of(html_text(result))
    headers = [th.get_text() for th in soup.select(".handbook-timeline > div > table thead th")]
    assert headers == ["When", "Item", "Kind", "Status", "Owner", "Depends on"]
    # Research starts first; the meeting is ready at once and starts before the draft; each
    # item comes after what it depends on. Only Gus (who consented) owns anything here.
    # Statuses are those of the as-of day, 1 Mar 2024: the meeting runs until 27 Mar, the
    # off-site (21 Mar) and the pilot (from 1 Apr) lie ahead.
    assert table_rows(soup) == [
        ["8 Jan – 9 Feb 2024", "Research and analysis", "Phase", "Done", "Gus Coordinator", "—"],
        [
            "10 Jan – 27 Mar 2024",
            "Working group meeting",
            "Meeting (weekly)",
            "In progress",
            "Gus Coordinator",
            "—",
        ],
        [
            "23 Feb 2024",
            "Initial draft of the proposal",
            "Deliverable",
            "Done",
            "—",
            "Research and analysis",
        ],
        [
            "21 Mar 2024",
            "Approval at the SRE off-site",
            "Milestone",
            "Planned",
            "—",
            "Initial draft of the proposal",
        ],
        [
            "1 Apr – 30 Jun 2024",
            "Pilot cohort",
            "Phase",
            "Planned",
            "—",
            "Approval at the SRE off-site",
        ],
    ]
    caption = soup.select_one(".handbook-timeline > .handbook-table-scroll caption")
    assert caption is not None and caption.get_text() == "Timeline, as of 1 Mar 2024"


def test_an_open_item_past_its_date_is_flagged(make_project: MakeProject) -> None:
    page = "# Plan\n\n" + block("handbook-timeline", status="in-progress", show="table")
    result = build(make_project({"index": page}, as_of="2024-08-01"))
    assert result.warnings == ""
    assert table_rows(soup_of(html_text(result))) == [
        [
            "1 Apr – 30 Jun 2024",
            "Pilot cohort",
            "Phase",
            "In progress date passed",
            "—",
            "Approval at the SRE off-site",
        ]
    ]


# -- the chart ------------------------------------------------------------------------------


def test_chart_is_an_svg_with_alt_text_and_its_numbers(make_project: MakeProject) -> None:
    result = build(make_project({"index": "# Plan\n\n" + TIMELINE, "incentives": INCENTIVES}))
    soup = soup_of(html_text(result))
    image = chart_image(soup)
    svg = result.outdir / str(image["src"])
    assert svg.suffix == ".svg" and svg.is_file()
    assert svg.read_bytes().startswith(b"<?xml")
    assert image["alt"] == (
        "Gantt chart of 2 phases, 1 milestone, 1 deliverable and 1 meeting from Jan 2024 to "
        "Jun 2024, in dependency order. 2 done, 1 in progress and 2 planned. The as-of line, "
        "1 Mar 2024, falls between Initial draft of the proposal and Approval at the SRE off-site."
    )
    numbers = soup.select_one(".handbook-timeline details.handbook-numbers table")
    assert numbers is not None
    assert [th.get_text() for th in numbers.select("thead th")] == [
        "Item",
        "Kind",
        "Start",
        "End",
        "Status",
    ]
    assert [
        [c.get_text() for c in tr.find_all(["th", "td"])] for tr in numbers.select("tbody tr")
    ] == [
        ["Research and analysis", "phase", "8 Jan 2024", "9 Feb 2024", "done"],
        ["Working group meeting", "meeting", "10 Jan 2024", "27 Mar 2024", "in progress"],
        ["Initial draft of the proposal", "deliverable", "23 Feb 2024", "23 Feb 2024", "done"],
        ["Approval at the SRE off-site", "milestone", "21 Mar 2024", "21 Mar 2024", "planned"],
        ["Pilot cohort", "phase", "1 Apr 2024", "30 Jun 2024", "planned"],
    ]


def test_chart_bytes_are_identical_across_builds_and_not_redrawn(
    make_project: MakeProject,
) -> None:
    pages = {"index": "# Plan\n\n" + TIMELINE, "incentives": INCENTIVES}
    first = build(make_project(pages, name="one"))
    second = build(make_project(pages, name="two"))
    one = first.outdir / str(chart_image(soup_of(html_text(first)))["src"])
    two = second.outdir / str(chart_image(soup_of(html_text(second)))["src"])
    assert one.name == two.name
    assert one.read_bytes() == two.read_bytes()

    # Re-reading the page finds the chart drawn already: the cached file is not rewritten.
    cached = next((first.outdir.parent / "chart-cache").glob("timeline-*.svg"))
    drawn_at = cached.stat().st_mtime_ns
    index = first.outdir.parent.parent / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    again = build(first.outdir.parent.parent, fresh=False)
    assert "More words." in html_text(again)
    assert cached.stat().st_mtime_ns == drawn_at


# -- options --------------------------------------------------------------------------------


def test_kinds_status_and_show_options_filter(make_project: MakeProject) -> None:
    page = (
        "# Plan\n\n"
        + block("handbook-timeline", kinds="milestone, deliverable", show="table")
        + "\n"
        + block("handbook-timeline", status="in-progress", show="chart", **{"class": "only-chart"})
    )
    result = build(make_project({"index": page, "incentives": INCENTIVES}))
    assert result.warnings == ""
    soup = soup_of(html_text(result))
    first, second = soup.select(".handbook-timeline")
    assert [row[1] for row in table_rows(first, "")] == [
        "Initial draft of the proposal",
        "Approval at the SRE off-site",
    ]
    assert first.select("img") == []
    assert "only-chart" in (second.get("class") or [])
    assert second.select("table:not(details table)") == []
    image = second.select_one("img.handbook-chart")
    assert image is not None and str(image["alt"]).startswith("Gantt chart of 1 meeting from")


def test_a_window_shows_the_items_that_overlap_it(make_project: MakeProject) -> None:
    page = "# Quarter\n\n" + block(
        "handbook-timeline", **{"from": "2024-03-01", "until": "2024-03-31"}
    )
    result = build(make_project({"index": page}))
    assert result.warnings == ""
    soup = soup_of(html_text(result))
    assert [row[1] for row in table_rows(soup)] == [
        "Working group meeting",
        "Approval at the SRE off-site",
    ]
    assert str(chart_image(soup)["alt"]).startswith(
        "Gantt chart of 1 milestone and 1 meeting from Mar 2024 to Mar 2024"
    )
    caption = soup.select_one(".handbook-timeline > .handbook-table-scroll caption")
    assert caption is not None
    assert caption.get_text() == "Timeline from 1 Mar 2024 to 31 Mar 2024, as of 1 Mar 2024"


def test_mistyped_options_warn_at_the_directive(make_project: MakeProject) -> None:
    page = (
        "# Plan\n\n"
        + block("handbook-timeline", kinds="phases")
        + "\n"
        + block("handbook-timeline", **{"from": "2024-13-01"})
        + "\n"
        + block("handbook-timeline", **{"from": "2024-03-01", "until": "2024-02-01"})
    )
    result = build(make_project({"index": page}))
    assert "index.md:3: WARNING: handbook-timeline: unknown kinds 'phases'" in result.warnings
    assert "did you mean 'phase'?" in result.warnings
    assert "from: expected a date as YYYY-MM-DD; found '2024-13-01'" in result.warnings
    assert "from (2024-03-01) is after until (2024-02-01)" in result.warnings
    assert "Traceback" not in result.warnings


# -- meetings -------------------------------------------------------------------------------


def meetings_text(result_html: str) -> str:
    found = soup_of(result_html).select_one(".handbook-meetings ul")
    assert found is not None
    return " ".join(found.get_text(" ").split())


def test_meetings_are_summarized_in_words(make_project: MakeProject) -> None:
    # 10 Jan – 27 Mar 2024 weekly: four Wednesdays in each of January, February and March.
    result = build(
        make_project({"index": "# WG\n\n" + block("handbook-meetings")}, as_of="2024-06-01")
    )
    assert result.warnings == ""
    assert meetings_text(html_text(result)) == (
        "Working group meeting : weekly on Wednesdays, 30 min, 10 Jan – 27 Mar 2024 "
        "(12 meetings). Owner: Gus Coordinator."
    )


def test_an_ongoing_meeting_shows_how_many_were_held_and_the_next(
    make_project: MakeProject,
) -> None:
    result = build(make_project({"index": "# WG\n\n" + block("handbook-meetings")}))
    # As of Friday 1 Mar 2024: eight Wednesdays have passed; the next is 6 March.
    assert meetings_text(html_text(result)) == (
        "Working group meeting : weekly on Wednesdays, 30 min, from 10 Jan 2024 to "
        "27 Mar 2024 (12 meetings, 8 held so far). Owner: Gus Coordinator. Next: 6 Mar 2024."
    )


def test_meetings_outside_the_window_are_left_out(make_project: MakeProject) -> None:
    page = "# WG\n\n" + block("handbook-meetings", **{"from": "2024-04-01"})
    result = build(make_project({"index": page}))
    assert "No recurring meeting in this period." in html_text(result)


# -- links to pages -------------------------------------------------------------------------


def test_a_deliverable_links_to_its_page_from_any_builder(make_project: MakeProject) -> None:
    srcdir = make_project(
        {"index": "# Home\n", "plan/roadmap": "# Roadmap\n\n" + TIMELINE, "incentives": INCENTIVES}
    )
    expected = {
        "html": ("plan/roadmap.html", "../incentives.html"),
        "dirhtml": ("plan/roadmap/index.html", "../../incentives/"),
        "singlehtml": ("index.html", "#document-incentives"),
    }
    for builder, (page, href) in expected.items():
        result = build(srcdir, builder)
        assert result.warnings == "", builder
        soup = soup_of((result.outdir / page).read_text(encoding="utf-8"))
        link = soup.select_one(".handbook-timeline table a.reference")
        assert link is not None, builder
        assert link.get_text() == "Initial draft of the proposal"
        assert link["href"] == href, builder


def test_a_missing_page_warns_naming_the_item_and_links_once_the_page_exists(
    make_project: MakeProject,
) -> None:
    srcdir = make_project(
        {"index": "# Home\n", "plan": "# Plan\n\n" + TIMELINE, "other": "# Other\n"}
    )
    result = build(srcdir)
    assert (
        "plan.md:3: WARNING: timeline item 'draft' (Initial draft of the proposal): page "
        "'incentives' is not in the handbook"
    ) in result.warnings
    assert result.warnings.count("WARNING") == 1
    cell = soup_of(html_text(result, "plan")).find("th", string="Initial draft of the proposal")
    assert cell is not None and cell.find("a") is None

    # Adding the page re-reads the page that links to it (and no other): the text becomes a link.
    (srcdir / "incentives.md").write_text("---\norphan: true\n---\n" + INCENTIVES, encoding="utf-8")
    again = build(srcdir, fresh=False)
    assert again.warnings == ""
    assert "1 added, 1 changed, 0 removed" in again.status
    link = soup_of(html_text(again, "plan")).select_one(".handbook-timeline table a.reference")
    assert link is not None and link["href"] == "incentives.html"


# -- privacy and escaping -------------------------------------------------------------------


def test_an_unpublished_owner_is_never_named(make_project: MakeProject, program_copy: Path) -> None:
    edit_timeline(program_copy, "research", owner="bo")
    edit_timeline(program_copy, "wg-meeting", owner="di")
    page = "# Plan\n\n" + TIMELINE + "\n" + block("handbook-meetings")
    result = build(make_project({"index": page, "incentives": INCENTIVES}, program=program_copy))
    assert result.warnings == ""
    rows = table_rows(soup_of(html_text(result)))
    assert [row[4] for row in rows] == ["—", "—", "—", "—", "—"]
    assert "Owner:" not in meetings_text(html_text(result))
    for path in result.outdir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".svg"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Bo Hidden" not in text, path
            assert "Di Private" not in text, path


def test_hostile_values_are_text_in_the_table_and_in_the_chart(
    make_project: MakeProject, program_copy: Path
) -> None:
    edit_timeline(program_copy, "research", title=INJECTION)
    edit_timeline(program_copy, "draft", title="Draft with $x^2$ and a \\backslash")
    gus = program_copy / "people" / "gus.yaml"
    gus.write_text(
        gus.read_text(encoding="utf-8").replace(
            "name: Gus Coordinator", "name: '<img src=x onerror=\"alert(1)\">'"
        ),
        encoding="utf-8",
    )
    page = "# Plan\n\n" + TIMELINE + "\n" + block("handbook-meetings")
    result = build(make_project({"index": page, "incentives": INCENTIVES}, program=program_copy))
    assert result.warnings == ""
    html = html_text(result)
    soup = soup_of(html)
    assert not soup.select(".handbook-block script, .handbook-block img[onerror]")
    assert not [a for a in soup.find_all("a") if "javascript:" in str(a.get("href", ""))]
    rows = table_rows(soup)
    assert rows[0][1] == INJECTION
    assert rows[0][4] == '<img src=x onerror="alert(1)">'
    assert "Draft with $x^2$ and a \\backslash" in [row[1] for row in rows]
    table = soup.select_one(".handbook-timeline table")
    assert table is not None
    assert not [cell for cell in table.find_all(["td", "th"]) if "49" in cell.get_text()]
    assert 'Owner: <img src=x onerror="alert(1)">.' in meetings_text(html)
    image = chart_image(soup)
    assert str(image["alt"]).startswith("Gantt chart of 2 phases")
    svg = (result.outdir / str(image["src"])).read_text(encoding="utf-8")
    # Text is drawn as glyph paths: the dollar sign and backslash glyphs are there (mathtext
    # would have consumed them and set an italic x instead).
    assert 'id="DejaVuSans-24"' in svg
    assert 'id="DejaVuSans-5c"' in svg
    assert "Oblique" not in svg


def test_a_deliverable_on_its_own_page_is_not_a_link_to_itself(
    make_project: MakeProject,
) -> None:
    page = "# Incentives\n\n" + block("handbook-timeline", kinds="deliverable", show="table")
    result = build(make_project({"index": "# Home\n", "incentives": page}))
    assert result.warnings == ""
    soup = soup_of(html_text(result, "incentives"))
    assert table_rows(soup)[0][1] == "Initial draft of the proposal"
    assert soup.select(".handbook-timeline table a") == []


# -- the handbook ---------------------------------------------------------------------------


def test_handbook_pages_carry_the_roadmap_and_the_quarter(handbook_site: Build) -> None:
    """One roadmap row per phase, milestone and deliverable; the quarter's items and meetings,
    their owners named only with consent: counted from program/ on the build's day."""
    program = load_program(REPO / "program", today=date.today())
    check_roadmap(handbook_site, publish(program, SITE_AS_OF))
    check_quarter(handbook_site, publish(program, SITE_AS_OF))


def test_the_printed_chart_fills_landscape_pages_with_titles_at_body_size() -> None:
    """Each part of the real roadmap, drawn for paper, fits a landscape page's text (257 mm by
    about 150 mm beside its caption) at full size, so its titles print at the size drawn."""
    from datetime import date

    from generators.sphinxext import timeline_chart
    from generators.sphinxext.timeline import dependency_order

    as_of = date(2025, 3, 31)
    items = dependency_order(
        publish(load_program(REPO / "program", today=date.today()), as_of).timeline
    )
    parts = timeline_chart.parts(len(items), for_print=True)
    assert [n for part in parts for n in part] == list(range(len(items)))
    assert timeline_chart.PRINT.title_pt >= 9.5 and timeline_chart.PRINT.label > 0
    for part in parts:
        shown = [items[n] for n in part]
        data = timeline_chart.chart_data(shown, None, None, as_of, for_print=True)
        width, height = timeline_chart.size(data)
        assert 9.5 <= width <= 257 / 25.4 and height <= 150 / 25.4, (width, height)
    # On screen it stays one narrow chart.
    assert timeline_chart.parts(len(items), for_print=False) == [range(len(items))]
    screen = timeline_chart.chart_data(items, None, None, as_of)
    assert timeline_chart.size(screen)[0] == timeline_chart.WIDTH
