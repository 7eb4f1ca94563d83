"""Fixtures of the coordinator tools' tests: programs to run on, and the command run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from coordinator.support import REAL, SMALL, Run
from generators.cli import main
from generators.data.load import load_program
from generators.data.models import Program


@pytest.fixture
def handbook(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Run]:
    """Run `handbook ARGS` in-process; the environment's as-of settings are cleared first."""
    monkeypatch.delenv("HANDBOOK_AS_OF", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own usage errors and --help
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def small_copy(tmp_path: Path) -> Path:
    """A private copy of the small fixture program, free to change."""
    target = tmp_path / "program"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture(scope="session")
def small() -> Program:
    return load_program(SMALL, today=date.today())


@pytest.fixture(scope="session")
def real() -> Program:
    return load_program(REAL, today=date.today())


@pytest.fixture(scope="session")
def unpublished_names(real: Program) -> list[str]:
    """The ids and names of everyone in program/ without `publish: true`."""
    hidden = [p for p in real.people if not p.publish]
    assert hidden, "program/ has people who have not agreed to be named"
    return [text for p in hidden for text in (p.id, p.name)]
