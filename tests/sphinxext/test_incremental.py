"""An incremental build writes what a clean build of the same data writes, whatever came before:
after a build that was killed while writing, after a parallel read, after a page is retitled.
Every kind of data edit is the differential test's (`differential.py`).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinxext.conftest import build
from sphinxext.sample_site import (
    FLIPPED,
    LINKED_EDITS,
    PAGES,
    differences,
    kill_once_writing,
    make_site,
    move_as_of,
    withdraw_consent,
)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    return make_site(tmp_path)


def _clean(srcdir: Path) -> Path:
    return build(srcdir, outdir=srcdir / "_build" / "clean").outdir


@pytest.mark.parametrize("edit", LINKED_EDITS, ids=lambda edit: edit.__name__)
def test_an_edit_shown_by_links_on_other_pages_reaches_them(
    site: tuple[Path, Path], edit: Callable[[Path, Path], None]
) -> None:
    srcdir, program = site
    build(srcdir)
    edit(program, srcdir)
    incremental = build(srcdir, fresh=False)
    assert incremental.warnings == ""
    assert differences(incremental.outdir, _clean(srcdir)) == []


def test_moving_the_as_of_date_lists_the_new_update_in_every_pages_navigation(
    site: tuple[Path, Path],
) -> None:
    """The navigation lists the updates' years; into a new year, every page lists it."""
    srcdir, program = site
    build(srcdir)
    move_as_of("2025-01-15")(program, srcdir)
    result = build(srcdir, fresh=False)
    for page in PAGES:
        html = (result.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert "updates/2025.html" in html, page
    year = (result.outdir / "updates" / "2025.html").read_text(encoding="utf-8")
    assert "2025-01-13.html" in year


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_while_writing_leaves_no_stale_page_behind(
    site: tuple[Path, Path], how: signal.Signals
) -> None:
    srcdir, program = site
    outdir = build(srcdir).outdir
    withdraw_consent(program, srcdir)
    said = kill_once_writing(srcdir, outdir, how)
    assert "pickling environment" in said
    # The killed build left pages that were read for the new data but never written.
    stale = [
        p for p in ("index", "roster") if FLIPPED["name"] in (outdir / f"{p}.html").read_text()
    ]
    assert stale, "the build finished writing before it was killed"

    rebuilt = build(srcdir, fresh=False)
    assert rebuilt.warnings == ""
    assert differences(rebuilt.outdir, _clean(srcdir)) == []


def test_a_parallel_read_keeps_every_pages_bookkeeping_for_the_next_build(
    site: tuple[Path, Path],
) -> None:
    srcdir, program = site
    first = build(srcdir, parallel=2)
    assert first.warnings == ""
    # The downloads are written when some page offers them: known from the merged bookkeeping.
    assert (first.outdir / "program.json").is_file()
    move_as_of("2024-08-15")(program, srcdir)
    incremental = build(srcdir, fresh=False, parallel=2)
    assert differences(incremental.outdir, _clean(srcdir)) == []


def test_a_retitled_page_is_shown_by_its_new_title_in_every_pages_navigation(
    site: tuple[Path, Path],
) -> None:
    srcdir, _ = site
    build(srcdir)
    prose = srcdir / "prose.md"
    prose.write_text(prose.read_text(encoding="utf-8").replace("# Prose", "# Plain prose"))
    incremental = build(srcdir, fresh=False)
    assert "Plain prose" in (incremental.outdir / "roster.html").read_text(encoding="utf-8")
    assert differences(incremental.outdir, _clean(srcdir)) == []


def test_an_edit_to_the_data_layers_code_is_a_new_signature(
    site: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached published view is made by the data layer: upgraded code never reuses it."""
    from generators.sphinxext import signature

    _, program = site
    code = tmp_path / "code"
    code.mkdir()
    module = code / "published.py"
    module.write_text("A = 1\n")
    monkeypatch.setattr(signature, "_CODE", code)
    before = signature.scan(program).signature
    assert signature.scan(program).signature == before
    module.write_text("A = 22\n")
    assert signature.scan(program).signature != before
