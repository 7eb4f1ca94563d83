"""A passing check is remembered for the same bytes on the same day, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SMALL = REPO / "tests" / "fixtures" / "program-small"
DAY = "2026-11-27"
COMMAND = (sys.executable, "-m", "generators", "check")


def check(program: Path, cache: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(cache)}
    for name in ("HANDBOOK_AS_OF", "SOURCE_DATE_EPOCH", "HANDBOOK_DEBUG"):
        env.pop(name, None)
    return subprocess.run(
        [*COMMAND, "--program", str(program), "--as-of", DAY, *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_pass_is_answered_again_and_any_edit_is_checked_in_full(tmp_path: Path) -> None:
    program, cache = tmp_path / "program", tmp_path / "cache"
    shutil.copytree(SMALL, program)
    first = check(program, cache)
    assert first.returncode == 0, first.stderr
    kept = list((cache / "sre-mentorship-handbook" / "check").glob("*.json"))
    assert len(kept) == 1
    again = check(program, cache)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, first.stderr)

    # One changed byte in one file is a new program: the whole check runs and finds it.
    people = program / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "- id: Not A Slug\n", "utf-8")
    broken = check(program, cache)
    assert broken.returncode == 1
    assert "people.yaml" in broken.stdout
    # A failing outcome is never kept, so fixing the file is checked in full as well.
    assert len(list((cache / "sre-mentorship-handbook" / "check").glob("*.json"))) == 1
    assert check(program, cache, "--format", "json").returncode == 1


def test_a_program_with_a_fifo_is_checked_in_full_without_hanging(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    program, cache = tmp_path / "program", tmp_path / "cache"
    shutil.copytree(SMALL, program)
    os.mkfifo(program / "surveys" / "pipe.yaml")
    done = check(program, cache)
    assert done.returncode == 1
    assert "pipe.yaml" in done.stdout + done.stderr
    assert not (cache / "sre-mentorship-handbook" / "check").exists()


def test_the_cache_answers_a_pass_without_checking_and_a_new_day_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counted: the second check of the same files on the same day runs no check at all; the
    next day (a fact dated then may no longer be in the future) or an edit runs it again."""
    from datetime import date

    from generators.cli import check as command
    from generators.cli import main

    program = tmp_path / "program"
    shutil.copytree(SMALL, program)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs: list[date] = []
    real = command._check

    def counted(args: object, as_of: date, today: date) -> object:
        runs.append(today)
        return real(args, as_of, today)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "_check", counted)
    days = iter([date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 28)])
    monkeypatch.setattr(command, "_today", lambda: next(days))

    def check() -> tuple[int, str]:
        code = main(["check", "--program", str(program), "--as-of", DAY])
        return code, capsys.readouterr().out

    first = check()
    assert first[0] == 0 and len(runs) == 1
    assert check() == first and len(runs) == 1  # a hit: answered without a check
    assert check() == first and runs[-1] == date(2026, 11, 28)  # another today: a miss
    (program / "baseline.yaml").write_text(
        (program / "baseline.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    check()
    assert len(runs) == 3  # a changed byte: a miss
