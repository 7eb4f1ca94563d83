"""`handbook check`: exit codes, the report's two formats, and no traceback on any input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generators.cli import main

from .edits import Edit, delete, sub, write

REPO = Path(__file__).resolve().parent.parent.parent


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """The command as people run it: a separate interpreter, its output captured."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("HANDBOOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "generators", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- in-process ----------------------------------------------------------------------------


def test_a_valid_program_exits_0_with_a_one_line_summary(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # On 2024-01-20 no active pairing has gone without a check-in long enough to warn.
    assert main(["check", "--program", str(program_dir), "--as-of", "2024-01-20"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{program_dir.as_posix()}: valid (people: 9, cohorts: 1, pairings: 5, timeline "
        "entries: 5, incentives: 2, recognition entries: 1, baseline rows: 1, surveys: 1, "
        "working-group meetings: 4, feedback entries: 3)"
    ]
    assert err == ""


def test_a_finished_pairing_without_an_end_is_valid_with_a_warning(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """bo-di completed, its `end` left out: it counts as meeting every day since 02-01, which
    is valid; the check says so on line 16, where the status is, and exits 0."""
    sub("pairings.yaml", "  end: 2024-04-30\n  status: completed\n", "  status: completed\n")(
        program_dir
    )
    args = ["check", "--program", str(program_dir), "--as-of", "2024-01-20", "--no-cache"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out.endswith("feedback entries: 3)\n")
    assert err.splitlines() == [
        f"{program_dir.as_posix()}/pairings.yaml:16:11: pairings[1].status: warning: completed "
        "without an end, so the pairing counts as meeting on every day since its start "
        "(2024-02-01) (hint: add end: YYYY-MM-DD, the last session)"
    ]
    assert main([*args, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and [w["code"] for w in report["warnings"]] == ["no-end"]


def test_an_active_pairing_past_its_end_is_valid_with_a_warning(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """zoe-jose still written active with an end of 01-28: on 01-29 it counts as completed
    everywhere; the check says so where the status is, and exits 0. On its end day, nothing."""
    sub(
        "pairings.yaml",
        "  start: 2024-01-10\n  status: active\n",
        "  start: 2024-01-10\n  end: 2024-01-28\n  status: active\n",
    )(program_dir)
    args = ["check", "--program", str(program_dir), "--no-cache", "--as-of"]
    assert main([*args, "2024-01-28"]) == 0
    assert "past-end" not in capsys.readouterr().err
    assert main([*args, "2024-01-29", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (warning,) = [w for w in report["warnings"] if w["code"] == "past-end"]
    assert warning["line"] == 6 and warning["field"] == "pairings[0].status"
    assert "was 2024-01-28, so every figure and page counts it as completed" in warning["message"]


def test_a_consenting_person_s_name_as_plain_text_is_valid_with_a_warning(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Zoë consented, and a milestone's title writes her name: valid, and the check suggests
    the mention that would follow her consent if she withdrew it."""
    sub("timeline.yaml", "title: Pilot cohort", "title: Pilot cohort with Zoe Angstrom")(
        program_dir
    )
    args = ["check", "--program", str(program_dir), "--as-of", "2024-01-20", "--no-cache"]
    assert main(args) == 0
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{program_dir.as_posix()}/timeline.yaml:33:10: timeline[4].title: warning: names "
        "Zoë Ångström as plain text, which stays if they withdraw consent (hint: write "
        "@zoe: it shows their name while they agree, and 'a mentor' if they withdraw)"
    ]


def test_an_invalid_program_exits_1_with_a_line_a_problem(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub("people.yaml", "  capacity: 2\n", "  capasity: 2\n")(program_dir)
    sub("cohorts.yaml", "end: 2024-06-30", "end: 2024-02-30")(program_dir)
    assert main(["check", "--program", str(program_dir)]) == 1
    out, err = capsys.readouterr()
    where = program_dir.as_posix()
    assert out.splitlines() == [
        f"{where}/cohorts.yaml:4:8: cohorts[0].end: 2024-02-30 is not a real date "
        "(day is out of range for month)",
        f"{where}/people.yaml:20:3: people[2].capasity: unknown key 'capasity' "
        "(hint: did you mean 'capacity'?)",
    ]
    assert err == f"2 problem(s) found in {where}\n"


def test_paths_are_shown_relative_to_the_working_directory(
    program_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sub("people.yaml", "  capacity: 2\n", "  capasity: 2\n")(program_dir)
    monkeypatch.chdir(program_dir.parent)
    assert main(["check", "--program", "program"]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith("program/people.yaml:20:3: ")


def test_json_report_of_a_valid_program(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--program", str(program_dir), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert report["problems"] == []
    assert report["summary"]["people"] == 9
    assert report["summary"]["pairings"] == 5


def test_json_report_of_an_invalid_program(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub("pairings.yaml", "  status: active\n", "  status: actve\n")(program_dir)
    assert main(["check", "--program", str(program_dir), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["summary"] is None
    assert report["problems"] == [
        {
            "file": f"{program_dir.as_posix()}/pairings.yaml",
            "line": 5,
            "column": 11,
            "field": "pairings[0].status",
            "message": "expected one of proposed, active, completed, ended-early, paused; "
            "found 'actve'",
            "hint": "did you mean 'active'?",
            "code": "literal_error",
        }
    ]


def test_json_keeps_non_ascii_text_readable(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub("people.yaml", "timezone: Europe/Stockholm", "timezone: Zoë/Town")(program_dir)
    assert main(["check", "--program", str(program_dir), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "'Zoë/Town'" in out
    assert json.loads(out)["problems"][0]["line"] == 22


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--no-such-option"],
        ["check", "--program"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "usage: handbook" in capsys.readouterr().err


def test_a_missing_program_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    assert main(["check", "--program", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"--program {missing.as_posix()} does not exist" in err


def test_a_file_given_as_the_program_folder_is_a_usage_error(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--program", str(program_dir / "people.yaml")]) == 2
    assert "is not a folder" in capsys.readouterr().err


# -- as a separate process -----------------------------------------------------------------


def test_the_real_program_is_valid() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("program: valid (people: ")
    # Which folder it checked (found from the current folder), then only warnings (a pairing
    # without check-ins, depending on the day).
    found, *rest = result.stderr.splitlines()
    assert found == f"handbook check: using {REPO / 'program'}", found
    assert all(": warning: " in line for line in rest), result.stderr


def test_exit_codes_as_a_process(program_dir: Path, tmp_path: Path) -> None:
    assert run_cli("check", "--program", str(program_dir)).returncode == 0
    assert run_cli("check", "--program", str(tmp_path / "missing")).returncode == 2
    assert run_cli("check", "--format", "yaml").returncode == 2
    sub("people.yaml", "  team: Leadership\n", "\tteam: Leadership\n")(program_dir)
    broken = run_cli("check", "--program", "program", cwd=program_dir.parent)
    assert broken.returncode == 1
    assert broken.stdout.startswith(
        "program/people.yaml:3:1: not valid YAML: a tab character where YAML expects spaces"
    )
    assert broken.stderr == "1 problem(s) found in program\n"


@pytest.mark.parametrize(
    ("edit", "file"),
    [
        (write("people.yaml", bytes(range(256)) * 4), "people.yaml"),
        (write("people.yaml", ""), "people.yaml"),
        (write("program.yaml", b""), "program.yaml"),
        (delete("program.yaml"), "program.yaml"),
        (write("people/fay.yaml", "name: Fa\xff\n".encode("latin-1")), "people/fay.yaml"),
        (write("timeline.yaml", b"\xff\xfe- \x00i\x00d\x00"), "timeline.yaml"),
    ],
    ids=["binary", "empty", "empty-program", "missing", "undecodable", "utf-16"],
)
def test_never_a_traceback(program_dir: Path, edit: Edit, file: str) -> None:
    edit(program_dir)
    result = run_cli("check", "--program", "program", cwd=program_dir.parent)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.startswith(f"program/{file}:1:")
    assert result.stdout.count("\n") == 1  # one problem: the file, nothing in its wake


def test_utf16_is_named_as_such(program_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = program_dir / "cohorts.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert main(["check", "--program", str(program_dir)]) == 1
    assert "cohorts.yaml:1:1: not UTF-8 text: the file is UTF-16 (hint: save it as UTF-8)" in (
        capsys.readouterr().out
    )


def test_control_characters_from_the_data_are_shown_not_obeyed(
    program_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub("cohorts.yaml", "  name: Pilot cohort\n", '  "\\e[2Jname": Pilot cohort\n')(program_dir)
    assert main(["check", "--program", str(program_dir)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "unknown key '\\x1b[2Jname'" in out
