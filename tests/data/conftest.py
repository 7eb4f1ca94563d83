"""Fixtures of the data tests: a fresh, writable copy of the small program for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parent.parent / "fixtures" / "program-small"


@pytest.fixture
def program_dir(tmp_path: Path) -> Path:
    """A copy of `tests/fixtures/program-small` that a test may break."""
    target = tmp_path / "program"
    shutil.copytree(SMALL, target)
    return target
