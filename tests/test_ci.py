"""The pull request workflow runs what a contributor runs, and shows the reviewer the change."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "handbook.yml"


def _workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _steps() -> list[dict[str, Any]]:
    return [step for job in _workflow()["jobs"].values() for step in job["steps"]]


def test_every_nox_session_the_workflow_runs_exists() -> None:
    sessions = set(re.findall(r"^def (\w+)\(session", (REPO / "noxfile.py").read_text(), re.M))
    run = "\n".join(step.get("run", "") for step in _steps())
    used = set(re.findall(r"nox -s (\w+)", run))
    assert {"lint", "tests", "docs", "pdf", "browser"} <= used
    assert used <= sessions


def test_pull_requests_get_the_diff_in_their_summary_and_the_outputs_as_artifacts() -> None:
    triggers = _workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    checkout = next(s for s in _steps() if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base revision must be there to compare
    diff = next(s for s in _steps() if "handbook diff" in s.get("run", ""))
    assert "--git" in diff["run"] and "GITHUB_STEP_SUMMARY" in diff["run"]
    uploaded = {s["with"]["path"] for s in _steps() if "upload-artifact" in str(s.get("uses"))}
    assert {"build/html", "build/pdf/*.pdf"} <= uploaded


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Run the tests:\s*```\n([^\n]+)\n```", readme)
    assert command, "README.md gives no test command after 'Run the tests:'"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.split("#")[0] for line in ci.splitlines()]
    assert any(f" {command[1]} " in f" {line} " for line in commands), command[1]


def _release_step() -> dict[str, Any]:
    return next(s for s in _steps() if "handbook check --git" in s.get("run", ""))


def test_pull_requests_are_checked_against_their_base_release() -> None:
    step = _release_step()
    assert "pull_request" in step["if"]
    assert step["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    names = [s.get("name") for s in _steps()]
    assert names.index(step["name"]) < names.index("Lint")  # reported early, before the tests


@pytest.mark.parametrize("refused", [True, False])
def test_a_refused_release_fails_the_run_and_its_summary_says_why(
    tmp_path: Path, refused: bool
) -> None:
    """The step's own script, run with a stand-in `handbook` that answers as the check does."""
    problem = {
        "file": "program/surveys/pulse.yaml",
        "line": 6,
        "column": 5,
        "field": "questions[0]",
        "message": "survey 'pulse', question 'growth': this release changes a published figure",
        "hint": "wait until at least privacy.min_group_size more people have answered",
        "code": "release",
    }
    report = {"valid": not refused, "problems": [problem] if refused else []}
    stand_in = tmp_path / "bin" / "handbook"
    stand_in.parent.mkdir()
    (tmp_path / "report.json").write_text(json.dumps(report))
    stand_in.write_text(
        "#!/bin/sh\n"
        f'for arg; do [ "$arg" = json ] && {{ cat report.json; exit {int(refused)}; }}; done\n'
        f"echo 'the check, as people read it'; exit {int(refused)}\n"
    )
    stand_in.chmod(0o755)
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _release_step()["run"]],
        cwd=tmp_path,
        env={
            **os.environ,
            "PATH": f"{stand_in.parent}{os.pathsep}{os.environ['PATH']}",
            "BASE": "0123abc",
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == int(refused), done.stderr
    if refused:
        text = summary.read_text()
        assert text.startswith("### Survey release refused\n")
        assert f"- `program/surveys/pulse.yaml:6`: {problem['message']} ({problem['hint']})" in text
        assert "the check, as people read it" in done.stdout
    else:
        assert summary.read_text() == ""
