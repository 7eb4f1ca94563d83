"""The survey block: response rates, suppression that cannot be undone by subtraction, escaping.

The small program's survey pulse-2024 (30 invited) has two questions: "growth", answered by
22 people, of whom 3 are mentors and 19 mentees; and "time", answered by 4. Its themes were
mentioned 7 and 2 times. The minimum group size is 5.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build

from extension.conftest import MakeProject, build, html_text
from generators.sphinxext import survey_charts
from generators.sphinxext.updates import PRINT_VARIABLE

PAGE = """\
# Survey

```{handbook-survey}
:breakdown: by_role
```
"""
AS_OF = "2024-07-01"
K = 5


def _survey(result: Build) -> Tag:
    soup = BeautifulSoup(html_text(result), "html.parser")
    block = soup.select_one(".handbook-survey")
    assert block is not None
    return block


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def _numbers(block: Tag) -> list[list[str]]:
    """The numbers table behind the survey chart: question, group, answers, each scale point."""
    rows = []
    for table in block.select("details table"):
        for tr in table.select("tbody tr"):
            rows.append([_text(cell) for cell in tr.find_all(["th", "td"])])
    return rows


def _svg_texts(result: Build) -> list[str]:
    """Every text drawn in the charts (matplotlib keeps each as a comment beside its paths)."""
    texts = []
    for path in sorted((result.outdir / "_images").glob("survey-*.svg")):
        comments = re.findall(r"<!--(.*?)-->", path.read_text(encoding="utf-8"), re.S)
        texts.extend(html.unescape(c.strip()) for c in comments)
    return texts


def _published(block: Tag) -> str:
    """Everything the block publishes: its text, every attribute value (alt, style, ...)."""
    values = [_text(block)]
    for tag in block.find_all(True):
        for value in tag.attrs.values():
            values.append(" ".join(value) if isinstance(value, list) else str(value))
    return "\n".join(values)


def _write_survey(program: Path, text: str) -> None:
    (program / "surveys" / "pulse-2024.yaml").write_text(text, encoding="utf-8")


def test_response_rate_and_suppressed_groups(make_project: MakeProject) -> None:
    result = build(make_project({"index": PAGE}, as_of=AS_OF))
    assert result.warnings == ""
    block = _survey(result)
    # Respondents: the most answers any question had, 22, of 30 invited: 73.3 %.
    summary = block.select_one(".handbook-summary")
    assert summary is not None
    assert _text(summary) == "Pulse survey, 28 Jun 2024. Response rate: 22 of 30 invited, 73.3 %."
    # growth: 22 answers are published. Mentors (3 < 5) are hidden; so are mentees (19),
    # because 22 − 19 would give the mentors' 3 back.
    hidden = "hidden (fewer than 5, or would reveal one)"
    assert _numbers(block) == [
        ["Mentorship helped my professional growth.", "All", "22", "0", "1", "3", "10", "8"],
        ["Mentorship helped my professional growth.", "Mentees", hidden, *["—"] * 5],
        ["Mentorship helped my professional growth.", "Mentors", hidden, *["—"] * 5],
    ]
    texts = _svg_texts(result)
    assert texts.count(hidden) == 2
    assert "Mentors" in texts and "Mentees" in texts
    assert "All (22)" in texts
    # The question answered by 4 people is listed, without any of its figures.
    hidden_questions = [_text(li) for li in block.select(".handbook-hidden-questions li")]
    assert hidden_questions == ["I had enough time for mentoring."]
    assert "I had enough time for mentoring." not in texts
    # Themes: 7 mentions is published; 2 is not.
    themes = [_text(li) for li in block.select(".handbook-themes li")]
    assert themes == [
        "On-call load leaves little time for mentoring — 7 mentions",
        "Wants a mentor in another timezone — fewer than 5 mentions",
    ]


def test_suppressed_figures_appear_nowhere(make_project: MakeProject) -> None:
    result = build(make_project({"index": PAGE}, as_of=AS_OF))
    block = _survey(result)
    published = _published(block)
    image = block.select_one("img.handbook-chart")
    assert image is not None
    alt = str(image["alt"])
    drawn = "\n".join(_svg_texts(result))
    # The mentees' 19 and the "time" question's 4 answers (1 No, 3 Yes) and the theme's 2
    # mentions are in none of what is published: page text, attributes, alt text, chart.
    for where in (published, alt, drawn):
        assert not re.search(r"\b19\b", where)
        assert not re.search(r"\b2 mentions\b|\(3\)|\(4\)|\(19\)|\b4 answers\b", where)
    # Every number drawn in the chart is one the numbers table publishes for a shown bar.
    shown = {cell for row in _numbers(block) for cell in row[2:] if cell.isdigit()} | {"22"}
    drawn_numbers = set(re.findall(r"\b\d+\b", drawn)) - {"0", "50", "100", "5"}
    assert drawn_numbers <= shown
    # The hidden rows carry no digit but the minimum group size.
    for row in _numbers(block)[1:]:
        assert re.findall(r"\d+", " ".join(row[1:])) == ["5"]
    assert "Mentorship helped my professional growth" in alt
    assert "2 group bars are hidden" in alt


def _recoverable(rows: list[list[str]], k: int) -> list[str]:
    """Problems a reader could find by subtracting published groups from a published total."""
    problems = []
    by_question: dict[str, list[list[str]]] = {}
    for row in rows:
        by_question.setdefault(row[0], []).append(row)
    for question, group_rows in by_question.items():
        total = [int(c) for c in group_rows[0][3:]]
        shown = [r for r in group_rows[1:] if r[2].isdigit()]
        hidden = [r for r in group_rows[1:] if not r[2].isdigit()]
        remainder = [t - sum(int(r[3 + i]) for r in shown) for i, t in enumerate(total)]
        if hidden and 0 < sum(remainder) < k:
            problems.append(f"{question}: hidden groups together are {sum(remainder)} < {k}")
    return problems


GROUPS_SURVEY = """\
id: pulse-2024
title: Pulse survey
date: 2024-06-28
invited: 40
questions:
  - id: three-and-nineteen
    text: Three mentors and nineteen mentees, nobody else.
    scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    counts: [1, 2, 4, 9, 6]
    by_role:
      mentor: [0, 1, 1, 1, 0]
      mentee: [1, 1, 3, 8, 6]
  - id: plus-eight-without-role
    text: The same groups, and eight people who gave no role.
    scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    counts: [2, 4, 6, 11, 7]
    by_role:
      mentor: [0, 1, 1, 1, 0]
      mentee: [1, 1, 3, 8, 6]
  - id: three-groups
    text: Three groups of 3, 19 and 8.
    scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    counts: [2, 4, 6, 11, 7]
    by_role:
      mentor: [0, 1, 1, 1, 0]
      mentee: [1, 1, 3, 8, 6]
      both: [1, 2, 2, 2, 1]
"""
#: The true sizes of each question's groups, which the page must not let a reader recover.
TRUE_GROUPS = {
    "Three mentors and nineteen mentees, nobody else.": {"Mentors": [0, 1, 1, 1, 0]},
    "The same groups, and eight people who gave no role.": {"Mentors": [0, 1, 1, 1, 0]},
    "Three groups of 3, 19 and 8.": {
        "Mentors": [0, 1, 1, 1, 0],
        "Mentors and mentees": [1, 2, 2, 2, 1],
    },
}


def test_complementary_suppression_cannot_be_undone(
    make_project: MakeProject, program_copy: Path
) -> None:
    _write_survey(program_copy, GROUPS_SURVEY)
    result = build(make_project({"index": PAGE}, program=program_copy, as_of=AS_OF))
    assert result.warnings == ""
    rows = _numbers(_survey(result))
    shown = {(r[0], r[1]): r[2] for r in rows}
    hidden = "hidden (fewer than 5, or would reveal one)"
    # 22 = 3 + 19: both groups hidden, since 22 − 19 = 3.
    assert shown[("Three mentors and nineteen mentees, nobody else.", "Mentees")] == hidden
    assert shown[("Three mentors and nineteen mentees, nobody else.", "Mentors")] == hidden
    # 30 = 3 + 19 + 8 without a role: 30 − 19 = 11 mixes the 3 mentors with 8 others, so
    # the mentees' 19 may be published (this is what proves the rule is not "hide all").
    assert shown[("The same groups, and eight people who gave no role.", "Mentees")] == "19"
    assert shown[("The same groups, and eight people who gave no role.", "Mentors")] == hidden
    # 30 = 3 + 19 + 8 in three groups: hiding 3 leaves 30 − 19 − 8 = 3, so the next smallest
    # group (8) is hidden too; 30 − 19 = 11 is then all a reader can compute.
    assert shown[("Three groups of 3, 19 and 8.", "Mentees")] == "19"
    assert shown[("Three groups of 3, 19 and 8.", "Mentors")] == hidden
    assert shown[("Three groups of 3, 19 and 8.", "Mentors and mentees")] == hidden

    # From everything published, no hidden group can be worked out: what the total leaves
    # after the shown groups is 0 or at least 5, and never equals one hidden group's answers.
    assert _recoverable(rows, K) == []
    for question, groups in TRUE_GROUPS.items():
        question_rows = [r for r in rows if r[0] == question]
        total = [int(c) for c in question_rows[0][3:]]
        published = [r for r in question_rows[1:] if r[2].isdigit()]
        remainder = [t - sum(int(r[3 + i]) for r in published) for i, t in enumerate(total)]
        for name, counts in groups.items():
            assert remainder != counts, (question, name)


def test_a_survey_with_every_question_suppressed(
    make_project: MakeProject, program_copy: Path
) -> None:
    _write_survey(
        program_copy,
        "id: pulse-2024\ntitle: Pulse survey\ndate: 2024-06-28\ninvited: 30\nquestions:\n"
        "  - id: growth\n    text: Mentorship helped my professional growth.\n"
        "    scale: ['No', 'Yes']\n    counts: [1, 3]\n"
        "  - id: time\n    text: I had enough time for mentoring.\n"
        "    scale: ['No', 'Yes']\n    counts: [2, 1]\n"
        "themes:\n  - theme: On-call load\n    mentions: 3\n",
    )
    result = build(make_project({"index": PAGE}, program=program_copy, as_of=AS_OF))
    assert result.warnings == ""
    block = _survey(result)
    assert block.select("img") == []
    assert "fewer than 5 of 30 invited answered, so no answer is shown" in _text(block)
    assert "Fewer than 5 people answered each question" in _text(block)
    assert [_text(li) for li in block.select(".handbook-themes li")] == [
        "On-call load — fewer than 5 mentions"
    ]
    assert not re.search(r"\b[1-4]\b", _published(block))


INJECTION = "<script>alert(1)</script> {{ 7*7 }} $x$ | [x](javascript:alert(1)) $\\badcommand$"


def test_question_theme_and_scale_texts_are_text(
    make_project: MakeProject, program_copy: Path
) -> None:
    quoted = INJECTION.replace("\\", "\\\\").replace('"', '\\"')
    _write_survey(
        program_copy,
        "id: pulse-2024\ntitle: Pulse survey\ndate: 2024-06-28\ninvited: 30\nquestions:\n"
        f'  - id: growth\n    text: "{quoted}"\n'
        f'    scale: ["No $\\\\badcommand$", "<b>Yes</b>"]\n    counts: [4, 6]\n'
        f'    by_team:\n      "<i>team</i> $y$": [2, 4]\n      other: [2, 2]\n'
        f'themes:\n  - theme: "{quoted}"\n    mentions: 6\n',
    )
    page = PAGE.replace("by_role", "by_team")
    result = build(make_project({"index": page}, program=program_copy, as_of=AS_OF))
    assert result.warnings == ""
    raw = html_text(result)
    assert "<script>alert(1)</script>" not in raw
    assert "<b>Yes</b>" not in raw and "<i>team</i>" not in raw
    assert "javascript:" not in " ".join(
        str(a.get("href", "")) for a in BeautifulSoup(raw, "html.parser").find_all("a")
    )
    block = _survey(result)
    assert "49" not in _text(block)
    theme = block.select_one(".handbook-themes li .handbook-theme")
    assert theme is not None and theme.get_text() == INJECTION
    # The chart was drawn with every text as written (mathtext would have failed on
    # \badcommand); both team groups are hidden (4 < 5, and 10 − 4 = 6 would reveal it),
    # but the names are drawn.
    texts = _svg_texts(result)
    assert INJECTION in " ".join(texts)  # drawn on two lines
    assert "$\\badcommand$" in texts and "<b>Yes</b>" in texts  # the legend, wrapped
    assert texts.count("hidden (fewer than 5, or would reveal one)") == 2
    assert any(t.startswith("<i>team</i> $") for t in texts)  # the group label, shortened
    image = block.select_one("img.handbook-chart")
    assert image is not None and INJECTION[:40] in str(image["alt"])


def test_options_choose_survey_questions_and_themes(
    make_project: MakeProject, program_copy: Path
) -> None:
    later = (program_copy / "surveys" / "pulse-2024.yaml").read_text()
    later = (
        later.replace("id: pulse-2024", "id: pulse-2025")
        .replace("date: 2024-06-28", "date: 2025-01-15")
        .replace("title: Pulse survey", "title: Pulse survey 2025")
    )
    (program_copy / "surveys" / "pulse-2025.yaml").write_text(later)
    page = (
        "# Survey\n\n```{handbook-survey}\n```\n\n"
        "```{handbook-survey}\n:survey: pulse-2024\n:questions: growth\n:themes: hide\n```\n\n"
        "```{handbook-survey}\n:survey: pulse-2042\n```\n\n"
        "```{handbook-survey}\n:breakdown: by_rol\n```\n\n"
        "```{handbook-survey}\n:themes: maybe\n```\n"
    )
    result = build(make_project({"index": page}, program=program_copy, as_of=AS_OF))
    # As of 2024-07-01 the 2025 survey is not out yet: the default is the latest so far.
    blocks = BeautifulSoup(html_text(result), "html.parser").select(".handbook-survey")
    assert [_text(b.select_one("strong")) for b in blocks] == ["Pulse survey", "Pulse survey"]  # type: ignore[arg-type]
    assert blocks[1].select(".handbook-themes") == []
    assert blocks[1].select(".handbook-hidden-questions") == []  # "time" was not asked for
    found = result.warnings
    assert "no survey 'pulse-2042' dated on or before 2024-07-01" in found
    assert "did you mean 'pulse-2024'?" in found
    assert "unknown breakdown 'by_rol'" in found and "did you mean 'by_role'?" in found
    assert "themes: expected show or hide; found 'maybe'" in found

    # Named, but dated after the "as of" day: a note, not a warning.
    early = build(
        make_project(
            {"index": "# S\n\n```{handbook-survey}\n:survey: pulse-2025\n```\n"},
            program=program_copy,
            name="early",
        )
    )
    assert early.warnings == ""
    assert _text(_survey(early)) == "The results of this survey are not out yet as of 1 Mar 2024."

    later_result = build(
        make_project(
            {"index": "# S\n\n```{handbook-survey}\n```\n"},
            program=program_copy,
            as_of="2025-02-01",
            name="later",
        )
    )
    assert "Pulse survey 2025" in _text(_survey(later_result))


def test_two_point_scale_gets_its_own_chart(make_project: MakeProject, program_copy: Path) -> None:
    path = program_copy / "surveys" / "pulse-2024.yaml"
    path.write_text(path.read_text().replace("counts: [1, 3]", "counts: [2, 5]"))
    result = build(make_project({"index": PAGE}, program=program_copy, as_of=AS_OF))
    assert result.warnings == ""
    block = _survey(result)
    assert len(block.select("img.handbook-chart")) == 2
    assert block.select(".handbook-hidden-questions") == []
    assert ["I had enough time for mentoring.", "All", "7", "2", "5"] in _numbers(block)


def _many_questions(count: int) -> str:
    """`count` questions of one line each, answered by 5 mentors and 5 mentees."""
    questions = "".join(
        f"""\
  - id: q{n}
    text: Question {n}.
    scale: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]
    counts: [2, 2, 2, 2, 2]
    by_role:
      mentor: [1, 1, 1, 1, 1]
      mentee: [1, 1, 1, 1, 1]
"""
        for n in range(1, count + 1)
    )
    return (
        "id: pulse-2024\ntitle: Pulse survey\ndate: 2024-06-28\ninvited: 30\n"
        f"questions:\n{questions}themes: []\n"
    )


def test_print_parts_fit_the_printed_height_at_full_size() -> None:
    # Each question: a line of text and three bars (All, Mentees, Mentors), 1.20 in with its
    # gap; a chart adds 0.95 in for the legend and axis. Ten questions are 12.95 in, over the
    # 8.07 in (205 mm) that prints at full size; two charts of five are 6.95 in each.
    drawn = [{"lines": ["Question"], "rows": [{}, {}, {}]} for _ in range(10)]
    assert survey_charts.chart_height(drawn) == pytest.approx(12.95)
    assert survey_charts.parts(drawn, for_print=False) == [range(10)]
    assert survey_charts.parts(drawn, for_print=True) == [range(5), range(5, 10)]
    # A tall question first: the cut falls where the taller chart is shortest.
    tall = [{"lines": ["Q"] * 4, "rows": [{}] * 12}, *drawn[:6]]
    split = survey_charts.parts(tall, for_print=True)
    assert split == [range(2), range(2, 7)]
    assert all(
        survey_charts.chart_height(tall[p.start : p.stop]) <= survey_charts.PRINT_HEIGHT_INCHES
        for p in split
    )
    # What fits stays whole on paper too.
    assert survey_charts.parts(drawn[:5], for_print=True) == [range(5)]


def test_a_tall_survey_prints_in_parts_each_with_alt_text(
    make_project: MakeProject, program_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_survey(program_copy, _many_questions(10))
    site = build(make_project({"index": PAGE}, program=program_copy, as_of=AS_OF, name="site"))
    monkeypatch.setenv(PRINT_VARIABLE, "1")
    printed = build(make_project({"index": PAGE}, program=program_copy, as_of=AS_OF, name="pdf"))
    assert site.warnings == printed.warnings == ""
    on_site, on_paper = _survey(site), _survey(printed)
    # The site keeps one chart; print has two of five questions each, one numbers table.
    assert [img["alt"][:44] for img in on_site.select("img.handbook-chart")] == [
        "Stacked bars of the answers to 10 questions "
    ]
    alts = [str(img["alt"]) for img in on_paper.select("img.handbook-chart")]
    assert [alt[:43] for alt in alts] == ["Stacked bars of the answers to 5 questions "] * 2
    captions = [_text(c) for c in on_paper.select("figcaption")]
    assert [c[-8:] for c in captions] == ["(1 of 2)", "(2 of 2)"]
    assert len(on_paper.select("details.handbook-numbers")) == 1
    assert _numbers(on_paper) == _numbers(on_site)
    assert len(_numbers(on_site)) == 30


def _add_survey(program: Path, survey_id: str, day: str, title: str) -> None:
    text = (program / "surveys" / "pulse-2024.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("id: pulse-2024", f"id: {survey_id}")
        .replace("date: 2024-06-28", f"date: {day}")
        .replace("title: Pulse survey", f"title: {title}")
    )
    (program / "surveys" / f"{survey_id}.yaml").write_text(text, encoding="utf-8")


def test_every_survey_appears_by_itself_newest_first(
    make_project: MakeProject, program_copy: Path
) -> None:
    """The listing shows each survey out by the day under a heading of its own, the newest
    first; a survey file added later appears without any edit to the page, in an
    incremental build as in a clean one."""
    _add_survey(program_copy, "pulse-2025", "2025-01-15", "Pulse survey 2025")
    _add_survey(program_copy, "pulse-2026", "2026-01-15", "Pulse survey 2026")  # not out yet
    page = "# Results\n\nWhat people said.\n\n```{handbook-surveys}\n:breakdown: by_role\n```\n"
    srcdir = make_project({"index": page}, program=program_copy, as_of="2025-06-01")
    result = build(srcdir)
    assert result.warnings == ""

    def shown(result: Build) -> list[tuple[str, str, str]]:
        soup = BeautifulSoup(html_text(result), "html.parser")
        return [
            (
                str(section["id"]),
                _text(section.find("h2")).removesuffix("¶"),  # type: ignore[arg-type]
                _text(section.select_one(".handbook-survey .handbook-summary strong")),  # type: ignore[arg-type]
            )
            for section in soup.select("section section")
        ]

    assert shown(result) == [
        ("survey-pulse-2025", "Pulse survey 2025", "Pulse survey 2025"),
        ("survey-pulse-2024", "Pulse survey", "Pulse survey"),
    ]
    soup = BeautifulSoup(html_text(result), "html.parser")
    for block in soup.select("section section .handbook-survey"):  # the option reaches each
        assert "Mentees" in [group for _, group, *_ in _numbers(block)]

    _add_survey(program_copy, "pulse-2025-spring", "2025-04-01", "Spring pulse 2025")
    again = build(srcdir, fresh=False)
    assert again.warnings == ""
    assert [title for _, title, _ in shown(again)] == [
        "Spring pulse 2025",
        "Pulse survey 2025",
        "Pulse survey",
    ]
    clean = build(srcdir, outdir=srcdir / "_build" / "clean")
    assert html_text(clean) == html_text(again)


def test_a_listing_before_any_survey_says_so(make_project: MakeProject) -> None:
    page = "# Results\n\n```{handbook-surveys}\n```\n"
    result = build(make_project({"index": page}, as_of="2024-03-01"))
    assert result.warnings == ""
    block = BeautifulSoup(html_text(result), "html.parser").select_one(".handbook-surveys")
    assert block is not None
    assert _text(block) == "No survey results yet as of 1 Mar 2024."
