"""The working group's blocks on a small site, worked out by hand from the small program as of
2024-02-06 (its meetings and tasks are described in tests/coordinator/test_agenda.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, sphinx_build

from extension.conftest import CONF, SMALL_PROGRAM, MakeProject, build

PAGES = {
    "index": "# Home\n\n```{handbook-wg-agenda}\n```\n",
    "rolling-agenda": (
        "# Rolling agenda\n\n```{handbook-open-tasks}\n```\n\n```{handbook-rolling-agenda}\n```\n"
    ),
    "decisions": "# Decisions\n\n```{handbook-decisions}\n```\n\n```{handbook-feedback}\n```\n",
    "roadmap": (
        "# Roadmap\n\n```{handbook-timeline}\n:kinds: phase, milestone, deliverable\n:anchors:\n"
        ":show: table\n```\n\n```{handbook-decisions}\n:concerns: timeline\n:no-anchors:\n```\n"
    ),
    "incentives": (
        "# Incentives\n\n```{handbook-incentives}\n```\n\n```{handbook-decisions}\n"
        ":concerns: incentives\n:no-anchors:\n```\n"
    ),
    "charter": "# Charter\n\nThe charter.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = tmp_path_factory.mktemp("wg-site")
    (srcdir / "conf.py").write_text(CONF.format(program=str(SMALL_PROGRAM), as_of="2024-02-06"))
    toctree = "\n".join(name for name in PAGES if name != "index")
    for name, text in PAGES.items():
        extra = f"\n```{{toctree}}\n{toctree}\n```\n" if name == "index" else ""
        (srcdir / f"{name}.md").write_text(text + extra, encoding="utf-8")
    return sphinx_build(srcdir, srcdir / "_build" / "html")


def _page(site: Build, name: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def _text(tag: Tag | None) -> str:
    assert tag is not None
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


def test_the_site_builds_without_a_warning(site: Build) -> None:
    assert site.warnings == ""


def test_the_working_group_page_shows_the_next_agenda(site: Build) -> None:
    block = _page(site, "index").select_one(".handbook-wg-agenda")
    text = _text(block)
    assert text.startswith("Wednesday 7 Feb 2024 , 30 minutes")
    assert text.count("Not written yet.") == 3
    assert "Outline of the draft (proposed by Zoë Ångström)" in text
    assert block is not None
    carried = [_text(li) for li in block.select("li.handbook-task")]
    assert carried == [
        "Draft the research plan : Gus Coordinator, due 31 Jan 2024 overdue",
        "Cost the shared learning budget : a member, due 7 Feb 2024 blocked : Waiting for "
        "finance to share last year's training spend",
        "Outline the initial draft : Zoë Ångström, due 14 Feb 2024",
    ]


def test_the_open_tasks_table_puts_overdue_and_blocked_first(site: Build) -> None:
    rows = _page(site, "rolling-agenda").select(".handbook-open-tasks tbody tr")
    assert [[_text(cell) for cell in row.select("th, td")] for row in rows] == [
        ["Draft the research plan", "Gus Coordinator", "31 Jan 2024", "Overdue", "17 Jan 2024"],
        [
            "Cost the shared learning budget",
            "a member",
            "7 Feb 2024",
            "Blocked : Waiting for finance to share last year's training spend",
            "17 Jan 2024",
        ],
        ["Outline the initial draft", "Zoë Ångström", "14 Feb 2024", "Open", "1 Feb 2024"],
    ]


def test_the_rolling_agenda_lists_meetings_newest_first_with_a_contents_table(
    site: Build,
) -> None:
    page = _page(site, "rolling-agenda")
    sections = page.select("section.handbook-wg-meeting")
    assert [s["id"] for s in sections] == [
        "meeting-2024-02-07",
        "meeting-2024-01-31",
        "meeting-2024-01-17",
        "meeting-2024-01-10",
    ]
    titles = [_text(s.select_one("h3")) for s in sections]
    assert titles[0].startswith("Wednesday 7 Feb 2024: the next meeting")
    assert titles[1].startswith("Thursday 1 Feb 2024 (moved from Wednesday 31 Jan 2024)")
    # The next meeting shows its agenda only; a held one its decisions and tasks.
    assert "Decisions" not in _text(sections[0])
    held = _text(sections[1])
    assert "The initial draft is due on 23 February (by consensus)" in held
    assert "Outline the initial draft : Zoë Ångström, due 14 Feb 2024" in held
    contents = page.select(".handbook-rolling-agenda tbody tr a")
    assert [a["href"] for a in contents] == [f"#{s['id']}" for s in sections]


def test_the_decision_log_links_what_each_decision_concerns(site: Build) -> None:
    page = _page(site, "decisions")
    decisions = page.select("article.handbook-decision")
    assert [d["id"] for d in decisions] == [
        "decision-draft-by-february",
        "decision-shortlist-spotlight",
        "decision-meet-on-wednesdays",
    ]
    links = {
        a.get_text(): a["href"]
        for d in decisions
        for a in d.select(".handbook-decision-concerns a")
    }
    assert links == {
        "Initial draft of the proposal": "roadmap.html#timeline-draft",
        "Mentor spotlight goes on the shortlist": "#decision-shortlist-spotlight",
        "Mentor spotlight": "incentives.html#incentive-mentor-spotlight",
    }
    assert "by vote" in _text(decisions[1]) and "by consensus" in _text(decisions[0])


def test_the_incentives_and_roadmap_pages_link_to_their_decisions(site: Build) -> None:
    roadmap = _page(site, "roadmap")
    assert roadmap.select_one("tr#timeline-draft") is not None
    on_roadmap = roadmap.select(".handbook-decisions article")
    assert len(on_roadmap) == 1
    first = on_roadmap[0].select("a")
    assert first[0]["href"] == "decisions.html#decision-draft-by-february"
    incentives = _page(site, "incentives").select(".handbook-decisions article")
    assert [a["href"] for a in incentives[0].select("a")] == [
        "decisions.html#decision-shortlist-spotlight",
        "#incentive-mentor-spotlight",
    ]


def test_the_feedback_log_says_what_became_of_each_piece(site: Build) -> None:
    block = _page(site, "decisions").select_one(".handbook-feedback")
    text = _text(block)
    assert text.startswith(
        "3 pieces of stakeholder feedback as of 6 Feb 2024: 1 adopted, 1 declined, 1 open."
    )
    assert "Declined: It would reward the number of mentees, not good mentoring." in text
    assert block is not None
    adopted = block.select_one(".handbook-feedback-adopted")
    assert adopted is not None
    assert [a["href"] for a in adopted.select("a")] == [
        "roadmap.html#timeline-draft",
        "#decision-draft-by-february",
    ]


def test_nobody_unnamed_is_named_anywhere(site: Build) -> None:
    for path in Path(site.outdir).rglob("*"):
        if path.suffix in (".html", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "Bo Hidden" not in text and "Di Private" not in text, path


def test_the_meetings_block_counts_a_moved_meeting_on_its_new_day() -> None:
    """On 01-31, the series day moved to Thursday 02-01, the next meeting is on 02-01."""

    from generators.data.load import load_program
    from generators.data.published import publish
    from generators.sphinxext.timeline import _meeting

    view = publish(load_program(SMALL_PROGRAM, today=date.today()), date(2024, 1, 31))
    item = next(t for t in view.timeline if t.id == "wg-meeting")
    assert view.working_group is not None
    moved = dict(view.working_group.moved)
    assert _meeting(item, view.as_of, moved)["next"] == date(2024, 2, 1)
    assert _meeting(item, view.as_of, {})["next"] == date(2024, 1, 31)


def test_fifty_meetings_stay_easy_to_find(make_project: MakeProject, program_copy: Path) -> None:
    """A year of weekly meetings (49 with a file): the contents table lists each, newest first,
    each linked to its section; the page starts with the latest meeting, not the first."""
    from datetime import timedelta

    timeline = program_copy / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("end: 2024-03-27", "end: 2024-12-25", 1))
    first = date(2024, 1, 10)
    for n in range(4, 50):  # the fixture has the first four meetings' files
        day = first + timedelta(weeks=n)
        (program_copy / "working-group" / f"{day}.yaml").write_text(
            f"date: {day}\npurpose: Meeting {n + 1}.\nagenda:\n  - title: Item\n    proposer: gus\n"
        )
    (program_copy / "working-group" / "2024-02-07.yaml").unlink()
    (program_copy / "working-group" / "2024-02-07.yaml").write_text(
        "date: 2024-02-07\npurpose: Meeting 5.\n"
    )
    page = "# Rolling agenda\n\n```{handbook-rolling-agenda}\n```\n"
    srcdir = make_project(
        {"index": page, "charter": "# Charter\n"}, program=program_copy, as_of="2024-12-31"
    )
    result = build(srcdir)
    assert result.warnings == ""
    soup = BeautifulSoup((result.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select(".handbook-rolling-agenda tbody tr")
    sections = [s["id"] for s in soup.select("section.handbook-wg-meeting")]
    assert len(rows) == len(sections) == 49  # every series day with a file (not 01-24, 12-25)
    assert [r.select_one("a")["href"] for r in rows] == [f"#{s}" for s in sections]
    assert sections[0] == "meeting-2024-12-18" and sections[-1] == "meeting-2024-01-10"
