"""The pull request workflow runs what a contributor runs, and shows the reviewer the change."""

from __future__ import annotations

import re
from typing import Any

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
