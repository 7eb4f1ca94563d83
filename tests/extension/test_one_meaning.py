"""One meaning for every figure: the site, its single page (the PDF's source) and the status
report say the same of each target on each day, and a past day shows what was true then."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, sphinx_build

from extension.conftest import MakeProject, build
from generators.coordinator.report import build_report, render_report
from generators.data.load import load_program
from generators.data.status import program_on

TARGETS = """targets:
  - metric: participation
    value: 0.5
    by: 2024-12-31
    set_on: 2024-03-20
  - metric: mentors
    value: 2
    by: 2024-05-15
    set_on: 2024-01-10
  - metric: eligible
    value: 10
    by: 2024-04-20
"""
#: Days before, between and after the targets' dates, each a reporting date or not.
DAYS = ("2024-03-01", "2024-04-10", "2024-05-08", "2024-05-16", "2024-07-01")
PAGE = "# Targets\n\n```{handbook-targets}\n```\n"


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _site_rows(html: Path) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    rows = []
    for row in soup.select(".handbook-targets tbody tr"):
        head, value, status = (
            row.select_one("th"),
            row.select_one(".handbook-target-value"),
            (row.select_one(".handbook-status")),
        )
        assert head is not None and value is not None and status is not None
        name = _space(head.get_text(" ")).rsplit(" by ", 1)[0]
        rows.append((name, _space(value.get_text()), _space(status.get_text())))
    return rows


def _report_rows(text: str) -> list[tuple[str, str, str]]:
    section = text.split("## Targets", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("Target", "---"):
            measured = cells[2].split(" (")[0]
            rows.append((cells[0], measured, cells[4]))
    return rows


def test_site_pdf_source_and_report_agree_on_every_target_each_day(
    make_project: MakeProject, program_copy: Path
) -> None:
    info = program_copy / "program.yaml"
    info.write_text(info.read_text().split("targets:")[0] + TARGETS)
    program = load_program(program_copy, today=date.today())
    states: set[str] = set()
    for day in DAYS:
        srcdir = make_project({"index": PAGE}, program=program_copy, as_of=day, name=day)
        site = _site_rows(build(srcdir).outdir / "index.html")
        single = _site_rows(build(srcdir, "singlehtml").outdir / "index.html")
        report = _report_rows(render_report(build_report(program, date.fromisoformat(day))))
        assert site == single == report, day
        # Only targets agreed by the day are shown.
        agreed = [t for t in program.info.targets if t.set_on is None or str(t.set_on) <= day]
        assert len(site) == len(agreed), day
        states.update(state for *_, state in site)
    # The days reach every state, so the comparison is not between empty tables.
    assert {"met", "missed", "on track", "behind pace"} <= states


def test_a_past_day_shows_each_timeline_entry_and_incentive_as_it_stood(
    make_project: MakeProject,
) -> None:
    day = date(2024, 3, 15)
    page = "# Then\n\n```{handbook-timeline}\n:show: table\n```\n\n```{handbook-incentives}\n```\n"
    result = build(make_project({"index": page}, program=REPO / "program", as_of=str(day)))
    soup = BeautifulSoup((result.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = _space(soup.get_text(" "))
    program = program_on(load_program(REPO / "program", today=date.today()), day)
    labels = {
        "done": "Done",
        "in-progress": "In progress",
        "planned": "Planned",
        "at-risk": "At risk",
        "missed": "Missed",
    }
    rows = {
        _space(tr.select("td, th")[1].get_text(" ")): _space(tr.get_text(" "))
        for tr in soup.select(".handbook-timeline table tbody tr")
    }
    assert rows, "the timeline table is empty"
    for item in program.timeline:
        if item.title in rows:
            assert labels[item.status] in rows[item.title], (item.id, rows[item.title])
    # Whatever was done after the day is not shown done, and there is such an entry.
    later = [
        t
        for t in load_program(REPO / "program", today=date.today()).timeline
        if t.done_on and t.done_on > day
    ]
    assert later
    for entry in later:
        if entry.title in rows:
            assert "Done" not in rows[entry.title].split(), rows[entry.title]
    # Nothing that happened later is dated "since" a later day.
    for since in re.findall(r"Since: (\d+ \w+ (\d{4}))", text):
        assert int(since[1]) <= day.year, since
    assert all(i.since is None or i.since <= day for i in program.incentives)


def test_the_report_before_an_entry_lists_it_as_coming() -> None:
    program = load_program(REPO / "program", today=date.today())
    day = date(2024, 3, 20)
    report = build_report(program, day)
    then = program_on(program, day)
    coming = [
        t
        for t in then.timeline
        if t.kind != "meeting"
        and t.status not in ("done", "missed")
        and report.period.last < t.last_day <= (report.period.next or report.period.end)
    ]
    assert coming, "no entry falls due in the next period: pick another day"
    assert [n.id for n in report.due_next] == [
        t.id for t in sorted(coming, key=lambda t: (t.last_day, t.id))
    ]
    assert all(t.last_day > day or t.status != "done" for t in coming)


def _dated_files(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


def test_two_builds_on_different_days_are_identical_for_one_as_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH is what Sphinx takes as "now": two values are two build days."""
    srcdir = tmp_path / "docs"
    srcdir.mkdir()
    shutil.copy(REPO / "docs" / "conf.py", srcdir / "conf.py")
    shutil.copytree(REPO / "docs" / "_static", srcdir / "_static")
    (srcdir / "index.md").write_text(
        "# Home\n\n```{handbook-figures}\n```\n\n```{handbook-targets}\n```\n", encoding="utf-8"
    )
    monkeypatch.setenv("HANDBOOK_AS_OF", "2025-03-15")
    builds = []
    for name, now in (("a", "1735689600"), ("b", "1796083200")):  # 2025-01-01, 2026-12-01
        monkeypatch.setenv("SOURCE_DATE_EPOCH", now)
        result = sphinx_build(
            srcdir,
            tmp_path / name,
            handbook_program_dir=str(REPO / "program"),
            handbook_templates_dir=str(REPO / "_templates"),
            handbook_updates_dir="",
        )
        assert "error" not in result.warnings.lower(), result.warnings
        builds.append(_dated_files(tmp_path / name))
    assert builds[0] == builds[1]
    page = builds[0]["index.html"].decode()
    assert "2025, SRE Mentorship Working Group" in page
    assert "Last updated on 15 Mar 2025" in page
    # An empty SOURCE_DATE_EPOCH is unset: the build runs.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    empty = sphinx_build(
        srcdir,
        tmp_path / "c",
        handbook_program_dir=str(REPO / "program"),
        handbook_templates_dir=str(REPO / "_templates"),
        handbook_updates_dir="",
    )
    assert _dated_files(tmp_path / "c") == builds[0], empty.warnings


def test_every_vocabulary_is_the_models_own() -> None:
    """Labels and option lists cover exactly what the models' types allow: a value added to a
    `Literal` gets its words, or this fails."""
    from typing import get_args

    from generators.data.formats import METRIC_LABELS, METRIC_UNITS, STATUS_LABELS
    from generators.data.models import Breakdown, Metric, Question, TimelineStatus
    from generators.sphinxext import metrics, surveys, timeline

    assert set(METRIC_LABELS) == set(METRIC_UNITS) == {*get_args(Metric), "participation_year"}
    assert set(metrics.figure_labels()) == {*get_args(Metric), *metrics.FIGURE_EXTRAS}
    assert set(STATUS_LABELS) == set(timeline.STATUS_BADGES) == set(get_args(TimelineStatus))
    fields = {name for name in Question.model_fields if name.startswith("by_")}
    assert fields == set(get_args(Breakdown)) == set(surveys.breakdown_names())
