"""Small Sphinx projects around the generated blocks, built for real."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Build, sphinx_build

SMALL_PROGRAM = REPO / "tests" / "fixtures" / "program-small"

CONF = f"""\
extensions = ["myst_parser", "generators.sphinxext"]
handbook_program_dir = {{program!r}}
handbook_templates_dir = {str(REPO / "_templates")!r}
handbook_as_of = {{as_of!r}}
handbook_chart_cache = "_build/chart-cache"
exclude_patterns = ["_build"]
"""

MakeProject = Callable[..., Path]


@pytest.fixture
def program_copy(tmp_path: Path) -> Path:
    """A writable copy of the small program (test roots are read-only)."""
    target = tmp_path / "program"
    shutil.copytree(SMALL_PROGRAM, target)
    return target


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a project of MyST pages (name → text) using `program` as of `as_of`."""

    def make(
        pages: dict[str, str],
        *,
        program: Path = SMALL_PROGRAM,
        as_of: str = "2024-03-01",
        name: str = "project",
    ) -> Path:
        srcdir = tmp_path / name
        srcdir.mkdir(parents=True, exist_ok=True)
        (srcdir / "conf.py").write_text(CONF.format(program=str(program), as_of=as_of))
        toctree = "\n".join(n for n in pages if n != "index")
        pages = dict(pages)
        index = pages.pop("index", "# Home\n")
        if toctree:
            index += f"\n```{{toctree}}\n{toctree}\n```\n"
        (srcdir / "index.md").write_text(index, encoding="utf-8")
        for page, text in pages.items():
            path = srcdir / f"{page}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return srcdir

    return make


def build(
    srcdir: Path,
    builder: str = "html",
    *,
    fresh: bool = True,
    parallel: int = 0,
    outdir: Path | None = None,
) -> Build:
    """Build `srcdir` into `srcdir/_build/<builder>`; `fresh=False` builds incrementally."""
    outdir = outdir or srcdir / "_build" / builder
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    return sphinx_build(srcdir, outdir, builder, fresh=fresh, parallel=parallel)


def html_text(build: Build, page: str = "index") -> str:
    return (build.outdir / f"{page}.html").read_text(encoding="utf-8")
