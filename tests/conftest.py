"""Shared fixtures: Sphinx's own testing fixtures, and a build of the real handbook.

Every test pins its own day: the environment's as-of settings are cleared for the whole run
(a test that wants one sets it itself), and the real handbook is built as of `SITE_AS_OF`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from browser.handbook_site import copy_handbook
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

pytest_plugins = ("sphinx.testing.fixtures",)
# The site's checks live in a module of their own: their failures should say what differed.
pytest.register_assert_rewrite("site_checks")

REPO = Path(__file__).resolve().parent.parent
#: The day the real handbook is built for in tests, whatever the calendar says.
SITE_AS_OF = date(2026, 11, 25)
AMBIENT_DAY = ("HANDBOOK_AS_OF", "SOURCE_DATE_EPOCH")


@dataclass(frozen=True)
class Build:
    """What one Sphinx build wrote, and what it said."""

    outdir: Path
    warnings: str
    status: str
    #: The root the pages were built from (a copy of the repository's layout), when known.
    root: Path | None = None


def messages_of(stopped: BaseException) -> str:
    """What a build that stopped (a data error, say) had said by then."""
    return str(getattr(stopped, "build_messages", ""))


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    builder: str = "html",
    *,
    fresh: bool = True,
    parallel: int = 0,
    **overrides: object,
) -> Build:
    """Build `srcdir` with Sphinx in-process, capturing its messages instead of failing on them.

    A build that stops raises as it did, carrying its messages (`messages_of`)."""
    status, warning = io.StringIO(), io.StringIO()
    # docutils keeps directives, roles and node classes globally: without a fresh namespace a
    # second build in one process warns that each is "already registered".
    try:
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
    except (SystemExit, Exception) as stop:  # a data error, or a file it could not write
        stop.build_messages = _plain(warning.getvalue())  # type: ignore[union-attr]
        raise
    return Build(
        outdir=outdir, warnings=_plain(warning.getvalue()), status=_plain(status.getvalue())
    )


def _plain(text: str) -> str:
    """Sphinx's messages without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def build_handbook(root: Path, program: Path, as_of: date) -> Build:
    """The handbook's pages copied under `root` and built as HTML from `program` on `as_of`.

    A copy, because the build writes its update pages beside the pages: two builds for two
    days or two programs must not share them, nor write into the repository.
    """
    copy_handbook(root)
    build = sphinx_build(
        root / "docs",
        root / "html",
        handbook_program_dir=str(program),
        handbook_as_of=as_of.isoformat(),
    )
    return Build(build.outdir, build.warnings, build.status, root)


@pytest.fixture(scope="session", autouse=True)
def _no_ambient_day() -> Iterator[None]:
    """No test reads the day from the environment it happens to run in."""
    with pytest.MonkeyPatch.context() as patch:
        for name in AMBIENT_DAY:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def handbook_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real handbook built once as HTML, as of `SITE_AS_OF`, for every test that reads it."""
    return build_handbook(tmp_path_factory.mktemp("handbook"), REPO / "program", SITE_AS_OF)
