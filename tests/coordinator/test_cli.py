"""What every coordinator command promises: help, exit codes, clear errors, program/ untouched."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coordinator.support import REPO, SMALL, Run

COMMANDS = {
    "report": ["report"],
    "calendar": ["calendar"],
    "match": ["match"],
    "export": ["export", "--format", "json"],
}


@pytest.mark.parametrize(
    "argv",
    [["report"], ["calendar"], ["match"], ["export"], ["survey"], ["survey", "import"]],
)
def test_every_command_has_help(handbook: Callable[..., Run], argv: list[str]) -> None:
    result = handbook(*argv, "--help")
    assert result.code == 0
    assert result.out.startswith("usage: handbook " + " ".join(argv))


def test_match_help_says_how_it_treats_consent(handbook: Callable[..., Run]) -> None:
    text = " ".join(handbook("match", "--help").out.split())
    assert "only people with publish: true are named" in text
    assert "uses ids, including ids of people who have not agreed to be named" in text


def test_survey_import_help_documents_the_spec_format(handbook: Callable[..., Run]) -> None:
    text = handbook("survey", "import", "--help").out
    for key in ("id:", "title:", "date:", "invited:", "column:", "scale:", "breakdowns:"):
        assert key in text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_invalid_program_gives_the_checks_messages_and_exit_1(
    handbook: Callable[..., Run], small_copy: Path, name: str
) -> None:
    people = small_copy / "people.yaml"
    people.write_text(people.read_text().replace("capacity: 2", "capacity: two"))
    result = handbook(*COMMANDS[name], "--program", str(small_copy), "--as-of", "2024-05-08")
    assert result.code == 1
    assert "people.yaml:" in result.err
    assert "capacity: expected a whole number; found 'two'" in result.err
    assert result.out == ""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_missing_program_folder_is_reported(
    handbook: Callable[..., Run], tmp_path: Path, name: str
) -> None:
    result = handbook(*COMMANDS[name], "--program", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert "the program data folder does not exist" in result.err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_bad_as_of_is_a_usage_error(handbook: Callable[..., Run], name: str) -> None:
    result = handbook(*COMMANDS[name], "--as-of", "2024-02-30")
    assert result.code == 2
    assert "is not a real date" in result.err


def test_a_bad_handbook_as_of_is_a_usage_error(
    handbook: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_AS_OF", "soon")
    result = handbook("report")
    assert result.code == 2
    assert "HANDBOOK_AS_OF: expected a date as YYYY-MM-DD; found 'soon'" in result.err


def test_handbook_as_of_is_used_when_no_flag_is_given(
    handbook: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_AS_OF", "2024-05-08")
    result = handbook("report", "--program", str(REPO / "tests/fixtures/program-small"))
    assert result.code == 0
    assert "status update for 20 May 2024" in result.out  # the next meeting on or after it


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_into_the_program_folder_is_refused(
    handbook: Callable[..., Run], small_copy: Path, name: str
) -> None:
    before = _digest(small_copy)
    target = small_copy / "people.yaml"
    result = handbook(
        *COMMANDS[name], "--program", str(small_copy), "--as-of", "2024-05-08", "-o", str(target)
    )
    assert result.code == 2
    assert "refusing to write" in result.err
    assert _digest(small_copy) == before


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_commands_write_their_file_and_leave_the_program_alone(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, name: str
) -> None:
    before = _digest(small_copy)
    target = tmp_path / f"out-{name}"
    args = [*COMMANDS[name], "--program", str(small_copy), "--as-of", "2024-05-08"]
    result = handbook(*args, "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == ""
    assert target.stat().st_size > 0
    assert _digest(small_copy) == before
    assert handbook(*args).out.encode() == target.read_bytes()  # -o writes what stdout shows


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    """Bad input through the real entry point: one-line errors, never a Python traceback."""
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_DEBUG"}
    cases = [
        (["report", "--program", str(tmp_path)], 1),
        (["match", "--cohort", "no-such-cohort", "--as-of", "2026-11-27"], 2),
        (["export", "--format", "csv"], 2),
        (["survey", "import", str(tmp_path / "missing.csv"), "--spec", "x.yaml"], 2),
        (["calendar", "--meeting-time", "25:00"], 2),
    ]
    for argv, expected in cases:
        done = subprocess.run(
            [sys.executable, "-m", "generators", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=False,
        )
        assert done.returncode == expected, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr.strip()


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_date_the_handbook_cannot_show_is_a_problem_at_its_line(
    handbook: Callable[..., Run], small_copy: Path, name: str
) -> None:
    timeline = small_copy / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("  end: 2024-03-27\n", "  end: 9999-12-31\n", 1))
    result = handbook(*COMMANDS[name], "--program", str(small_copy), "--as-of", "2024-05-08")
    assert result.code == 1, result.err
    assert re.search(r"timeline\.yaml:5:\d+: timeline\[0\]\.end: 9999-12-31 is after", result.err)
    assert "internal error" not in result.err
    far = handbook(*COMMANDS[name], "--program", str(SMALL), "--as-of", "9999-12-31")
    assert far.code == 2
    assert "9999-12-31 is after 2199-12-31" in far.err
