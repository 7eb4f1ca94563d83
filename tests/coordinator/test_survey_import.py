"""`handbook survey import`: counts only, small groups dropped, nothing overwritten or copied."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from coordinator.support import Run
from generators.data.load import load_program
from generators.data.privacy import publish_survey

SPEC = """\
id: pulse-2025
title: Pulse survey 2025
date: 2025-01-31
invited: 30
categories:
  Role: [mentor, mentee]
breakdowns:
  by_role: Role
questions:
  - id: growth
    column: Mentorship helped me grow
    text: Mentorship helped my professional growth.
    scale: [Disagree, Neutral, Agree]
  - id: time
    column: Enough time?
    text: I had enough time for mentoring.
    scale: ["No", "Yes"]
    breakdowns: {}
themes:
  - theme: Wants protected time
    mentions: 6
"""
SECRET = "my manager Bo never lets me go to sessions"
# 12 respondents: 9 mentees, 3 mentors. growth: Disagree 2, Neutral 3, Agree 7.
# The mentor group (3) is under 5, and the mentee group (9) would then be the total minus
# nothing else: 12 − 9 = 3 recovers the mentors, so both groups are dropped.
ROWS = [
    ("mentee", "Agree", "Yes"),
    ("mentee", "agree ", "Yes"),
    ("Mentee", "Agree", ""),
    ("mentee", "Neutral", "No"),
    ("mentee", "Agree", "Yes"),
    ("mentee", "Disagree", "No"),
    ("mentee", "Agree", "Yes"),
    ("mentee", "Neutral", "Yes"),
    ("mentee", "Agree", "No"),
    ("mentor", "Agree", "Yes"),
    ("mentor", "Neutral", "Yes"),
    ("mentor", "Disagree", ""),
]


def _write_csv(
    path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            header or ("Timestamp", "Role", "Mentorship helped me grow", "Enough time?", "Comments")
        )
        for n, row in enumerate(rows):
            writer.writerow((f"2025-01-{n + 1:02d} 10:00", *row, f"{SECRET} (#{n})"))
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return _write_csv(tmp_path / "responses.csv", ROWS), spec


def _import(
    handbook: Callable[..., Run], program: Path, csv_path: Path, spec: Path, *extra: str
) -> Run:
    return handbook(
        "survey", "import", str(csv_path), "--spec", str(spec), "--program", str(program), *extra
    )


def test_counts_are_written_and_the_program_stays_valid(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    result = _import(handbook, small_copy, *inputs)
    assert result.code == 0, result.err
    target = small_copy / "surveys" / "pulse-2025.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    growth, time = data["questions"]
    assert growth["counts"] == [2, 3, 7]  # answers match the scale ignoring case and spaces
    assert time["counts"] == [3, 7]  # two empty cells are no answer
    assert data["invited"] == 30 and data["themes"] == [
        {"theme": "Wants protected time", "mentions": 6}
    ]
    program = load_program(small_copy, today=date.today())
    survey = next(s for s in program.surveys if s.id == "pulse-2025")
    assert survey.respondents == 12
    assert "wrote" in result.out and "12 respondent(s) of 30 invited (40.0 %)" in result.out


def test_small_groups_are_dropped_and_the_import_says_so(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    result = _import(handbook, small_copy, *inputs)
    assert "dropped by_role group 'mentor' (3 respondent(s), fewer than 5)" in result.out
    assert "dropped by_role group 'mentee' (9 respondents, but it could be worked out" in result.out
    data = yaml.safe_load((small_copy / "surveys" / "pulse-2025.yaml").read_text())
    assert "by_role" not in data["questions"][0]


def test_groups_big_enough_are_kept_and_publishable(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    rows = [*ROWS, ("mentor", "Agree", "Yes"), ("mentor", "Agree", "No")]
    csv_path = _write_csv(tmp_path / "more.csv", rows)
    result = _import(handbook, small_copy, csv_path, inputs[1])
    assert result.code == 0, result.err
    data = yaml.safe_load((small_copy / "surveys" / "pulse-2025.yaml").read_text())
    # 14 respondents: mentees 9 (Disagree 1, Neutral 2, Agree 6), mentors 5 (1, 1, 3)
    assert data["questions"][0]["counts"] == [2, 3, 9]
    assert data["questions"][0]["by_role"] == {"mentee": [1, 2, 6], "mentor": [1, 1, 3]}
    assert "dropped" not in result.out
    survey = next(
        s for s in load_program(small_copy, today=date.today()).surveys if s.id == "pulse-2025"
    )
    groups = publish_survey(survey, 5).questions[0].breakdowns["by_role"]
    assert [g.suppressed for g in groups] == [False, False]  # the site shows what was kept


def test_a_group_the_total_would_reveal_is_dropped(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    """One respondent without a role: 15 − 9 − 5 = 1 would describe one person, so the
    smaller group goes too (the data layer's complementary suppression)."""
    rows = [*ROWS, ("mentor", "Agree", "Yes"), ("mentor", "Agree", "No"), ("", "Neutral", "Yes")]
    result = _import(handbook, small_copy, _write_csv(tmp_path / "more.csv", rows), inputs[1])
    assert result.code == 0, result.err
    assert "dropped by_role group 'mentor' (5 respondents, but it could be worked out" in result.out
    data = yaml.safe_load((small_copy / "surveys" / "pulse-2025.yaml").read_text())
    assert data["questions"][0]["counts"] == [2, 4, 9]
    assert data["questions"][0]["by_role"] == {"mentee": [1, 2, 6]}


def test_free_text_is_never_copied(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    result = _import(handbook, small_copy, *inputs)
    written = (small_copy / "surveys" / "pulse-2025.yaml").read_text(encoding="utf-8")
    for text in (written, result.out, result.err):
        assert "manager Bo" not in text
        assert "2025-01-0" not in text  # nor the timestamps
    assert "columns not read: 'Timestamp', 'Comments'" in result.out


def test_an_existing_survey_is_not_overwritten_without_force(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    target = small_copy / "surveys" / "pulse-2025.yaml"
    existing = (small_copy / "surveys" / "pulse-2024.yaml").read_text(encoding="utf-8")
    existing = "# kept\n" + existing.replace("id: pulse-2024", "id: pulse-2025")
    target.write_text(existing, encoding="utf-8")
    result = _import(handbook, small_copy, *inputs)
    assert result.code == 1
    assert "already exists; pass --force to replace it" in result.err
    assert target.read_text(encoding="utf-8") == existing
    assert _import(handbook, small_copy, *inputs, "--force").code == 0
    assert "counts: [2, 3, 7]" in target.read_text()


def test_the_csv_is_left_untouched(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    csv_path = inputs[0]
    os.utime(csv_path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = (csv_path.read_bytes(), csv_path.stat().st_mtime_ns, csv_path.stat().st_mode)
    assert _import(handbook, small_copy, *inputs).code == 0
    assert (csv_path.read_bytes(), csv_path.stat().st_mtime_ns, csv_path.stat().st_mode) == before


def test_the_write_leaves_no_temporary_file(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    assert _import(handbook, small_copy, *inputs).code == 0
    assert sorted(p.name for p in (small_copy / "surveys").iterdir()) == [
        "pulse-2024.yaml",
        "pulse-2025.yaml",
    ]


def test_an_unknown_column_is_reported_at_the_header(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    csv_path, spec = inputs
    spec.write_text(SPEC.replace("column: Enough time?", "column: Enough time"))
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert (
        f"{csv_path}:1: unknown column 'Enough time' (named by question 'time' in the spec) "
        "(hint: did you mean 'Enough time?'?)"
    ) in result.err
    assert "nothing was written" in result.err
    assert not (small_copy / "surveys" / "pulse-2025.yaml").exists()


def test_answers_off_the_scale_are_reported_with_their_line(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    path = tmp_path / "bad.csv"
    rows = list(ROWS)
    rows[1] = ("mentee", "Agreed", "Yes")  # line 3
    rows[4] = ("mentee", "Agree", "Maybe")  # line 6, then 7 after the quoted newline
    _write_csv(path, rows)
    text = path.read_text().replace(f"{SECRET} (#2)", f'"{SECRET}\nover two lines"')
    path.write_text(text)  # a quoted newline: the records after it start a line later
    result = _import(handbook, small_copy, path, inputs[1])
    assert result.code == 1
    assert (
        f"{path}:3: question 'growth' (column 'Mentorship helped me grow'): 'Agreed' is not on "
        "its scale (Disagree, Neutral, Agree) (hint: did you mean 'Agree'?)"
    ) in result.err
    assert (
        f"{path}:7: question 'time' (column 'Enough time?'): 'Maybe' is not on its scale (No, Yes)"
        in result.err
    )
    assert not (small_copy / "surveys" / "pulse-2025.yaml").exists()


def test_rows_of_the_wrong_width_are_reported(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    path = tmp_path / "short.csv"
    path.write_text("Role,Mentorship helped me grow,Enough time?\nmentee,Agree,Yes\nmentor,Agree\n")
    result = _import(handbook, small_copy, path, inputs[1])
    assert result.code == 1
    assert f"{path}:3: expected 3 fields, found 2" in result.err


def test_spec_problems_are_located_in_the_spec(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    csv_path, spec = inputs
    spec.write_text(
        SPEC.replace("invited: 30", "invited: many").replace(
            '    scale: ["No", "Yes"]\n', '    scale: ["No", "Yes"]\n    colour: blue\n'
        )
    )
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert f"{spec}:4: invited: expected a whole number; found 'many'" in result.err
    assert f"{spec}:18: questions[1].colour: unknown key 'colour'" in result.err


def test_more_respondents_than_invited_is_refused(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    csv_path, spec = inputs
    spec.write_text(SPEC.replace("invited: 30", "invited: 10"))
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert "question 'growth' has 12 respondents, more than the 10 invited" in result.err


def test_missing_input_files_are_usage_errors(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    result = _import(handbook, small_copy, tmp_path / "none.csv", inputs[1])
    assert result.code == 2
    assert "no such file" in result.err
    assert handbook("survey").code == 2


def test_a_spreadsheet_export_with_bom_semicolons_and_crlf_reads(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    spec = inputs[1]
    spec.write_text(SPEC.replace("invited: 30", 'invited: 30\ndelimiter: ";"'))
    lines = ["Role;Mentorship helped me grow;Enough time?"]
    lines += [f"{role};{growth};{time}" for role, growth, time in ROWS]
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n")
    result = _import(handbook, small_copy, path, spec)
    assert result.code == 0, result.err
    data = yaml.safe_load((small_copy / "surveys" / "pulse-2025.yaml").read_text())
    assert data["questions"][0]["counts"] == [2, 3, 7]


def test_an_empty_csv_is_reported(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = _import(handbook, small_copy, path, inputs[1])
    assert result.code == 1
    assert f"{path}:1: the file is empty; expected a header row" in result.err


def _nothing_written(program: Path) -> bool:
    return sorted(p.name for p in (program / "surveys").iterdir()) == ["pulse-2024.yaml"]


def test_a_survey_the_check_would_reject_is_not_written(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    """A theme naming someone who has not consented: the whole check runs before writing."""
    csv_path, spec = inputs
    spec.write_text(SPEC.replace("Wants protected time", "Bo Hidden wants protected time"))
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert _nothing_written(small_copy)
    shown = small_copy / "surveys" / "pulse-2025.yaml"
    assert f"{shown}:" in result.err
    assert "themes[0].theme: names 'Bo Hidden', who has not consented" in result.err
    assert "1 problem(s) in the survey as it would be written; nothing was written" in result.err


def test_only_a_declared_category_column_can_break_answers_down(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    """A free-text column as a breakdown would make each answer (a name, say) a group."""
    csv_path, spec = inputs
    spec.write_text(SPEC.replace("  by_role: Role\n", "  by_role: Comments\n"))
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert (
        f"{spec}:8: breakdowns.by_role: the column 'Comments' is not declared under "
        "categories, so it cannot break answers down"
    ) in result.err
    assert SECRET not in result.err and _nothing_written(small_copy)


def test_an_answer_outside_the_categories_is_reported_at_its_line(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    rows = [*ROWS, ("Quirinus Surname", "Agree", "Yes"), ("mentro", "Agree", "No")]
    csv_path = _write_csv(tmp_path / "more.csv", rows)
    result = _import(handbook, small_copy, csv_path, inputs[1])
    assert result.code == 1
    assert f"{csv_path}:14: column 'Role': 'Quirinus Surname' is not one of its categories" in (
        result.err
    )
    assert f"{csv_path}:15: column 'Role': 'mentro' is not one" in result.err
    assert "did you mean 'mentor'?" in result.err
    assert _nothing_written(small_copy)


def test_every_spec_rule_is_reported_in_one_run(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    """Too many categories, a label twice and a question id twice: all three, together."""
    csv_path, spec = inputs
    many = ", ".join(f"team-{n}" for n in range(13))
    text = (
        SPEC.replace("Role: [mentor, mentee]", f"Role: [mentor, mentee]\n  Team: [{many}]")
        .replace("scale: [Disagree, Neutral, Agree]", "scale: [Disagree, Neutral, disagree ]")
        .replace("  - id: time\n", "  - id: growth\n")
    )
    spec.write_text(text)
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 1
    assert f"{spec}:7: categories.Team: 13 categories; a breakdown column has at most 12" in (
        result.err
    )
    assert f"{spec}:14: questions[0].scale[2]: the scale label 'disagree' is given twice" in (
        result.err
    )
    assert f"{spec}:15: questions[1].id: the question id 'growth' is given twice" in result.err
    assert "3 problem(s); nothing was written" in result.err


def test_a_yes_no_scale_needs_no_quotes(
    handbook: Callable[..., Run], small_copy: Path, inputs: tuple[Path, Path]
) -> None:
    csv_path, spec = inputs
    spec.write_text(SPEC.replace('scale: ["No", "Yes"]', "scale: [No, Yes]"))
    result = _import(handbook, small_copy, csv_path, spec)
    assert result.code == 0, result.err
    data = yaml.safe_load((small_copy / "surveys" / "pulse-2025.yaml").read_text())
    assert data["questions"][1]["scale"] == ["No", "Yes"]
