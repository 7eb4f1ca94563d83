"""Releases cannot be subtracted: a new release of a survey is refused where, taken from the
last, it would show what a few people answered.

The fixture's survey `pulse-2024`, with `min_group_size` 5, as worked by hand:

- `growth`: counts [0, 1, 3, 10, 8], 22 answers; by_role mentor [0, 0, 1, 1, 1] (3, hidden)
  and mentee [0, 1, 2, 9, 7] (19, hidden too: the total minus it would give the mentors).
  Published: the total alone.
- `time`: counts [1, 3], 4 answers: hidden.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generators.cli import main
from generators.data.load import check_directory
from generators.data.models import Program
from generators.data.releases import answers_changed, release_problems

from .edits import sub

SURVEY = "surveys/pulse-2024.yaml"
AS_OF = ("--as-of", "2024-07-01")
GROWTH = "    counts: [0, 1, 3, 10, 8]\n    by_role:\n      mentor: [0, 0, 1, 1, 1]\n"
GROWTH += "      mentee: [0, 1, 2, 9, 7]\n"
CHANGED = (
    "survey 'pulse-2024', question '{question}': this release changes a published figure by "
    "fewer than 5 answers since base, so subtracting one release from the other would show "
    "what those people answered"
)
REVEALED = (
    "survey 'pulse-2024', question '{question}': this release publishes a figure the last "
    "release hid, with fewer than 5 answers added since base, so subtracting one release "
    "from the other would show what those people answered"
)
HINT = (
    "wait until at least privacy.min_group_size more people have answered, or keep the "
    "published release of this survey"
)


def _growth(total: str, mentor: str | None, mentee: str | None) -> str:
    lines = f"    counts: [{total}]\n    by_role:\n"
    if mentor is not None:
        lines += f"      mentor: [{mentor}]\n"
    if mentee is not None:
        lines += f"      mentee: [{mentee}]\n"
    return lines


def _compare(base: Path, head: Path) -> list[tuple[int, str]]:
    """(line, message) of each problem with `head`'s release against `base`'s."""
    before, after = check_directory(base), check_directory(head)
    assert before.problems == [] and after.problems == []
    assert isinstance(before.program, Program) and isinstance(after.program, Program)
    problems = release_problems(before.program, after.program, after.origins["surveys"], "base")
    assert all(p.file.endswith(SURVEY) and p.hint == HINT for p in problems)
    return [(p.line, p.message) for p in problems]


@pytest.fixture
def head(program_dir: Path, tmp_path: Path) -> Path:
    """A second copy of the program, the release after `program_dir`."""
    import shutil

    return Path(shutil.copytree(program_dir, tmp_path / "head"))


def test_answers_changed_counts_added_removed_and_moved_answers() -> None:
    assert answers_changed([0, 1, 3], [0, 1, 3]) == 0
    assert answers_changed([0, 1, 3], [0, 1, 4]) == 1  # one late answer
    assert answers_changed([0, 1, 3], [1, 0, 3]) == 1  # one answer moved
    assert answers_changed([0, 1, 3], [0, 0, 2]) == 2  # two withdrawn
    assert answers_changed([0, 1, 3], [3, 3, 3]) == 5
    assert answers_changed([1, 3], [1, 1, 3]) == 1  # another scale: the numbers who answered


def test_the_same_survey_again_is_no_problem(program_dir: Path, head: Path) -> None:
    assert _compare(program_dir, head) == []


def test_one_late_answer_is_refused_at_its_question(program_dir: Path, head: Path) -> None:
    # The total moves from 22 to 23: the new release minus the last is that person's answer.
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 9", "0, 0, 1, 1, 2", "0, 1, 2, 9, 7"))(head)
    assert _compare(program_dir, head) == [(6, CHANGED.format(question="growth"))]


def test_one_answer_moved_is_refused_too(program_dir: Path, head: Path) -> None:
    sub(SURVEY, GROWTH, _growth("0, 2, 3, 9, 8", "0, 0, 1, 1, 1", "0, 2, 2, 8, 7"))(head)
    assert _compare(program_dir, head) == [(6, CHANGED.format(question="growth"))]


def test_a_hidden_group_published_with_few_answers_added_is_refused(
    program_dir: Path, head: Path
) -> None:
    # Five more answers (the total may move), but the mentors gain 2 and reach 5: published
    # now, they would give away the three the last release hid.
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 12, 11", "0, 0, 1, 2, 2", "0, 1, 2, 10, 9"))(head)
    assert _compare(program_dir, head) == [(6, REVEALED.format(question="growth"))]
    # The question hidden whole (4 answers) and published with one more.
    sub(SURVEY, "    counts: [1, 3]\n", "    counts: [1, 4]\n")(head)
    assert [line for line, _ in _compare(program_dir, head)] == [6, 13]


def test_enough_new_answers_in_every_published_figure_is_a_release(
    program_dir: Path, head: Path
) -> None:
    # Ten more answers: five mentors and five mentees, each group published now.
    sub(SURVEY, "invited: 30", "invited: 40")(head)
    sub(SURVEY, GROWTH, _growth("0, 1, 5, 14, 12", "0, 0, 2, 3, 3", "0, 1, 3, 11, 9"))(head)
    assert _compare(program_dir, head) == []


def test_a_group_left_out_of_the_last_file_counts_as_hidden(program_dir: Path, head: Path) -> None:
    # The last release published the total and the mentees (14; the 8 others were left out of
    # its file, as the import leaves out what it hides). The new file gives the mentors with
    # no answer added to the question: what they gained is at most that, none.
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 8", None, "0, 0, 1, 8, 5"))(program_dir)
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 8", "0, 1, 2, 2, 3", "0, 0, 1, 8, 5"))(head)
    assert _compare(program_dir, head) == [(6, REVEALED.format(question="growth"))]


def test_a_smaller_group_size_cannot_publish_what_the_last_release_hid(
    program_dir: Path, head: Path
) -> None:
    sub("program.yaml", "min_group_size: 5", "min_group_size: 3")(head)
    # With 3, the mentors (3) and then the mentees are published: nothing was added to them.
    assert _compare(program_dir, head) == [
        (6, REVEALED.format(question="growth")),
        (13, REVEALED.format(question="time")),
    ]


def test_new_surveys_questions_and_breakdowns_have_nothing_to_subtract_from(
    program_dir: Path, head: Path
) -> None:
    sub(SURVEY, "id: pulse-2024\n", "id: pulse-2025\n")(head)
    (head / SURVEY).rename(head / "surveys" / "pulse-2025.yaml")
    assert _compare(program_dir, head) == []


THEMES = (
    "  - theme: On-call load leaves little time for mentoring\n    mentions: 7\n"
    "  - theme: Wants a mentor in another timezone\n    mentions: 2\n"
)


def _themes(on_call: int, timezone: int) -> str:
    return THEMES.replace("mentions: 7", f"mentions: {on_call}").replace(
        "mentions: 2", f"mentions: {timezone}"
    )


def test_a_theme_is_a_figure_too(program_dir: Path, head: Path) -> None:
    # On-call (7 mentions, published) gains one: that late answer mentioned it. The time-zone
    # theme (2, hidden) reaches 5 with 3 added: the new count minus them is the hidden 2.
    on_call = "theme 'On-call load leaves little time for mentoring'"
    timezone = "theme 'Wants a mentor in another timezone'"
    sub(SURVEY, THEMES, _themes(8, 5))(head)
    assert _compare(program_dir, head) == [
        (18, CHANGED.replace("question '{question}'", on_call)),
        (20, REVEALED.replace("question '{question}'", timezone)),
    ]
    # Five more mentions each: both may be published; a theme still hidden is no figure.
    sub(SURVEY, _themes(8, 5), _themes(12, 4))(head)
    assert _compare(program_dir, head) == []
    sub(SURVEY, _themes(12, 4), _themes(12, 7))(head)
    assert _compare(program_dir, head) == []


# -- the command -----------------------------------------------------------------------------


def test_check_against_a_folder_prints_each_refusal_at_its_line(
    program_dir: Path, head: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 9", "0, 0, 1, 1, 2", "0, 1, 2, 9, 7"))(head)
    code = main(["check", "--program", str(head), "--against", str(program_dir), *AS_OF])
    out, err = capsys.readouterr()
    assert code == 1
    message = CHANGED.format(question="growth").replace("since base", f"since {program_dir}")
    assert out == f"{head / SURVEY}:6:5: questions[0]: {message} (hint: {HINT})\n"
    assert err == f"1 problem(s) found in {head}\n"
    words = out.split(": questions[0]: ")[1].replace(str(program_dir), "BASE")
    for figure in ("22", "23", "1, 2", "mentor"):
        assert figure not in words  # a public CI log: no figure, and no group's name
    assert (
        main(["check", "--program", str(program_dir), "--against", str(program_dir), *AS_OF]) == 0
    )
    capsys.readouterr()
    code = main(
        ["check", "--program", str(head), "--against", str(program_dir), "--format", "json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["valid"] is False
    assert [(p["line"], p["code"]) for p in report["problems"]] == [(6, "release")]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        check=True,
    )


def test_check_against_a_git_revision_reads_it_with_git_archive(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = program_dir.parent
    _git(repo, "init", "-q")
    _git(repo, "add", "program")
    _git(repo, "commit", "-q", "-m", "The published release")
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 9", "0, 0, 1, 1, 2", "0, 1, 2, 9, 7"))(program_dir)
    code = main(["check", "--program", str(program_dir), "--git", "HEAD", *AS_OF])
    out, _ = capsys.readouterr()
    assert code == 1
    assert f"{program_dir / SURVEY}:6:5: questions[0]: survey 'pulse-2024'" in out
    assert "since HEAD, so subtracting" in out
    assert main(["check", "--program", str(program_dir), "--git", "no-such-branch", *AS_OF]) == 2
    assert "'no-such-branch' is not a revision of" in capsys.readouterr().err
    # A base whose data fails the check published nothing: there is nothing to keep.
    _git(repo, "checkout", "--", "program/surveys")
    cohorts = (program_dir / "cohorts.yaml").read_bytes()
    (program_dir / "cohorts.yaml").write_text("- id: Not A Slug\n")
    _git(repo, "commit", "-q", "-am", "A broken base")
    (program_dir / "cohorts.yaml").write_bytes(cohorts)
    sub(SURVEY, GROWTH, _growth("0, 1, 3, 10, 9", "0, 0, 1, 1, 2", "0, 1, 2, 9, 7"))(program_dir)
    assert main(["check", "--program", str(program_dir), "--git", "HEAD", *AS_OF]) == 0
    assert capsys.readouterr().err.startswith(
        "handbook check: HEAD has problems of its own, so nothing was published from it; "
        "surveys were not compared with it\n"
    )
