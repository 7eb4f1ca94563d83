"""How the handbook is published: the Pages workflow, Read the Docs, review owners, and the
commands finding the handbook from the current folder, as a plain install runs them."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO

from generators.sphinxext.updates import PRINTED


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_pages_workflow_publishes_from_main_daily_and_by_hand() -> None:
    workflow = _yaml(REPO / ".github" / "workflows" / "pages.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [str(step.get("uses", "")) for step in steps]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages"))
    run = "\n".join(step.get("run", "") for step in steps)
    assert "nox -s publish" in run
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    publish = noxfile[noxfile.index("def publish(") :]
    publish = publish[: publish.index("\n@nox.session")]
    # The session builds into what is uploaded, with the editions linked and then written.
    assert f'BUILD / "{upload["with"]["path"].removeprefix("build/")}"' in publish
    assert '"handbook_printed=1"' in publish and '"generators.publish"' in publish
    assert set(PRINTED) == {"full", "offsite", "update"}


def test_read_the_docs_builds_a_plain_install_and_checks_the_data_first() -> None:
    config = _yaml(REPO / ".readthedocs.yaml")
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    assert config["sphinx"]["configuration"] == "docs/conf.py"
    assert config["sphinx"]["fail_on_warning"] is True
    assert "handbook check" in config["build"]["jobs"]["pre_build"]


def test_codeowners_names_an_owner_for_data_pages_and_code_and_only_real_paths() -> None:
    rules = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    files = [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if ".git" not in p.parts]

    def owners(path: str) -> list[str]:
        found: list[str] = []
        for pattern, *who in rules:  # the last matching line wins, as on GitHub
            anchored = pattern.lstrip("/")
            if pattern == "*" or path == anchored or path.startswith(anchored.rstrip("/") + "/"):
                found = who
        return found

    for pattern, *who in rules:
        assert who and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", w) for w in who), pattern
        anchored = pattern.lstrip("/").rstrip("/")
        assert pattern == "*" or any(
            f == anchored or f.startswith(anchored + "/") or fnmatch.fnmatch(f, anchored)
            for f in files
        ), f"CODEOWNERS names {pattern}, which does not exist"
    data, page, code = owners("program/people.yaml"), owners("docs/roles.md"), owners("noxfile.py")
    assert data and page and code and len({*map(tuple, (data, page, code))}) == 3


def _handbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it in `cwd`."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from generators.cli import main; sys.exit(main())",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_checks_the_program_of_the_folder_it_runs_in(tmp_path: Path) -> None:
    """A copied handbook is checked from its own folder or below, never the installing one."""
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "tests" / "fixtures" / "program-small", copy / "program")
    (copy / "program" / "people.yaml").write_text("- name: [not, a, person]\n", encoding="utf-8")
    below = copy / "program" / "surveys"
    done = _handbook("check", "--no-cache", "--as-of", "2024-03-01", cwd=below)
    assert done.returncode == 1, done.stderr
    assert f"handbook check: using {copy / 'program'}" in done.stderr.splitlines()[0]
    assert "people.yaml" in done.stdout


def test_outside_any_handbook_the_command_says_where_it_looked(tmp_path: Path) -> None:
    done = _handbook("check", cwd=tmp_path)
    assert done.returncode == 2
    assert f"no program/ folder in {tmp_path} or any folder above it" in done.stderr
    assert "Traceback" not in done.stderr
