"""Shared fixtures: Sphinx's own testing fixtures, and a build of the real handbook."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Build:
    """What one Sphinx build wrote, and what it said."""

    outdir: Path
    warnings: str
    status: str


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    builder: str = "html",
    *,
    fresh: bool = True,
    parallel: int = 0,
    **overrides: object,
) -> Build:
    """Build `srcdir` with Sphinx in-process, capturing its messages instead of failing on them."""
    status, warning = io.StringIO(), io.StringIO()
    # docutils keeps directives, roles and node classes globally: without a fresh namespace a
    # second build in one process warns that each is "already registered".
    with docutils_namespace():
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(srcdir),
            outdir=str(outdir),
            doctreedir=str(outdir / ".doctrees"),
            buildername=builder,
            confoverrides=dict(overrides),
            status=status,
            warning=warning,
            freshenv=fresh,
            keep_going=True,
            parallel=parallel,
        )
        app.build()
    return Build(
        outdir=outdir, warnings=_plain(warning.getvalue()), status=_plain(status.getvalue())
    )


def _plain(text: str) -> str:
    """Sphinx's messages without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def handbook_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real handbook built once as HTML for every test that reads the site."""
    outdir = tmp_path_factory.mktemp("handbook-html")
    shutil.rmtree(outdir)
    return sphinx_build(REPO / "docs", outdir)
