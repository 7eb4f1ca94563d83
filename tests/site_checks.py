"""What must hold of any build of the handbook, computed from the program it was built from.

Nothing here knows how many people, items or surveys the real program has: each check reads
the program as published on the build's day and compares the pages with it, so a valid edit
to `program/` or another day can never make one fail.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from bs4 import BeautifulSoup, Tag
from conftest import Build

from generators.data import metrics
from generators.data.formats import in_format
from generators.data.models import Program
from generators.data.published import PublishedProgram, publish

ROADMAP_KINDS = ("phase", "milestone", "deliverable")
#: The working group's quarter, as `docs/working-group.md` sets its blocks' window.
QUARTER = (date(2024, 1, 1), date(2024, 3, 31))


def soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def text_of(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ", strip=True).split())


def timeline_rows(page: BeautifulSoup) -> list[list[str]]:
    table = page.select_one(".handbook-timeline table.handbook-table:not(details table)")
    assert table is not None, "no timeline table"
    return [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in table("tr")[1:]]


def chart_alt(page: BeautifulSoup, block: str) -> str:
    image = page.select_one(f".{block} img.handbook-chart")
    assert isinstance(image, Tag), f"no chart in {block}"
    return str(image["alt"])


def assert_kind_counts(alt: str, kinds: Counter[str]) -> None:
    """The chart's words give the number of items of each kind it draws."""
    for kind, count in kinds.items():
        assert re.search(rf"\b{count} {kind}s?\b", alt), (kind, count, alt)


def check_roadmap(site: Build, published: PublishedProgram) -> None:
    """One roadmap row per phase, milestone and deliverable, titled as on the day (a
    milestone about a target by the target's value); meetings left out."""
    items = [t for t in published.timeline if t.kind in ROADMAP_KINDS]
    page = soup(site, "roadmap")
    rows = timeline_rows(page)
    assert sorted(row[1] for row in rows) == sorted(in_format(t.title) for t in items)
    assert not [row for row in rows if row[2].startswith("Meeting")]
    assert_kind_counts(chart_alt(page, "handbook-timeline"), Counter(t.kind for t in items))


def check_quarter(site: Build, published: PublishedProgram) -> None:
    """The working group's page: the items of its quarter, its meetings with named owners."""
    first, last = QUARTER
    inside = [t for t in published.timeline if t.first_day <= last and t.last_day >= first]
    page = soup(site, "working-group")
    assert sorted(row[1] for row in timeline_rows(page)) == sorted(t.title for t in inside)
    assert_kind_counts(chart_alt(page, "handbook-timeline"), Counter(t.kind for t in inside))
    meetings = {
        text_of(li.find("strong")): text_of(li) for li in page.select(".handbook-meetings li")
    }
    expected = [t for t in inside if t.kind == "meeting" and t.repeat]
    assert sorted(meetings) == sorted(t.title for t in expected)
    for item in expected:
        if item.owner is None:
            assert "Owner:" not in meetings[item.title]
        else:
            assert f"Owner: {item.owner}." in meetings[item.title]


def check_roster(site: Build, published: PublishedProgram) -> None:
    """Every named mentor and named pairing appears; the unnamed are counted."""
    page = soup(site, "roster")
    mentors = page.select_one(".handbook-mentors table")
    assert mentors is not None
    names = [text_of(row.find(["th", "td"])) for row in mentors("tr")[1:]]
    assert names == [m.person.name for m in published.mentors]
    if published.unnamed_mentors:
        assert f"{published.unnamed_mentors} more mentor" in text_of(page.select_one("article"))
    pairings = text_of(page.select_one(".handbook-pairings"))
    for cohort in published.cohorts:
        for pair in cohort.named:
            assert f"{pair.mentor} {pair.mentee}" in pairings, pair


def check_evaluation(site: Build, published: PublishedProgram) -> None:
    """Every target has a status; each survey shown is in the data, with its response rate;
    every recognition story of the day is there, newest first."""
    page = soup(site, "evaluation")
    targets = page.select(".handbook-targets tbody tr")
    assert len(targets) == len(published.targets)
    for row in targets:
        assert text_of(row.select_one(".handbook-status")), text_of(row)
    surveys = {s.title: s for s in published.surveys}
    shown = []
    for block in page.select(".handbook-survey"):
        summary = text_of(block.select_one(".handbook-summary"))
        title = text_of(block.select_one(".handbook-summary strong"))
        assert title in surveys, title
        shown.append(title)
        survey = surveys[title]
        if survey.respondents is not None:
            assert f"Response rate: {survey.respondents} of {survey.invited} invited" in summary
    # Every survey out by the day is shown, the newest first, without editing the page.
    newest_first = sorted(published.surveys, key=lambda s: (s.date, s.id), reverse=True)
    assert shown == [s.title for s in newest_first]
    stories = [text_of(head.find("strong")) for head in page.select(".handbook-recognition-head")]
    assert stories == [entry.title for entry in published.recognition]


def check_home_and_updates(site: Build, program: Program, published: PublishedProgram) -> None:
    """The home page's figures are the day's; one update page per reporting date so far."""
    figures = [text_of(li) for li in soup(site, "index").select(".handbook-figures li")]
    assert figures and all(re.match(r"^[+−±]?[\d—]", figure) for figure in figures), figures
    pairs = published.counts["active_pairings"]
    assert f"{pairs} active pairing{'s' if pairs != 1 else ''}" in figures
    days = metrics.reporting_dates(program, published.as_of)
    updates = sorted(path.stem for path in (site.outdir / "updates").glob("????-??-??.html"))
    assert updates == [day.isoformat() for day in days]
    # A page a year lists them, newest first; the navigation lists the years.
    years = sorted(path.stem for path in (site.outdir / "updates").glob("????.html"))
    assert years == sorted({str(day.year) for day in days})
    for year in years:
        listed = [
            str(a["href"]).removesuffix(".html")
            for a in soup(site, f"updates/{year}").select("article .toctree-wrapper a[href]")
        ]
        assert listed == [d.isoformat() for d in reversed(days) if str(d.year) == year], year


def check_incentives(site: Build, program: Program) -> None:
    anchors = {str(tag["id"]) for tag in soup(site, "incentives").find_all(id=True)}
    assert {f"incentive-{i.id}" for i in program.incentives} <= anchors


def check_nobody_unnamed(site: Build, program: Program) -> None:
    """No name or id of anyone without consent in anything the build wrote."""
    hidden = [p for p in program.people if not p.publish]
    needles = {p.name for p in hidden} | {p.id for p in hidden}
    found = [
        (path.name, needle)
        for path in site.outdir.rglob("*")
        if path.is_file()
        for needle in needles
        if needle in path.read_bytes().decode("utf-8", errors="replace")
    ]
    assert found == []


def check_site(site: Build, program: Program, as_of: date) -> None:
    """Every check above, on one build of the handbook from `program` on `as_of`."""
    assert site.warnings == ""
    published = publish(program, as_of)
    check_roadmap(site, published)
    check_quarter(site, published)
    check_roster(site, published)
    check_evaluation(site, published)
    check_home_and_updates(site, program, published)
    check_incentives(site, program)
    check_nobody_unnamed(site, program)
