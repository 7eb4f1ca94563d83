"""Outputs the build writes besides the pages go when what they came from goes: an
incremental build then writes what a clean one writes, and names nobody a clean one would not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extension.conftest import build
from extension.sample_site import (
    FLIPPED,
    differences,
    later,
    make_site,
    site_files,
    withdraw_consent,
)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    return make_site(tmp_path)


def _clean(srcdir: Path) -> Path:
    return build(srcdir, outdir=srcdir / "_build" / "clean").outdir


def test_downloads_no_page_offers_leave_the_site_with_the_names_they_held(
    site: tuple[Path, Path],
) -> None:
    srcdir, program = site
    first = build(srcdir)
    assert FLIPPED["name"].encode() in (first.outdir / "program.json").read_bytes()
    page = srcdir / "downloads.md"
    page.write_text("# Downloads\n\nNothing to download any more.\n", encoding="utf-8")
    later(page)
    withdraw_consent(program, srcdir)
    incremental = build(srcdir, fresh=False)
    assert not (incremental.outdir / "program.json").exists()
    assert not (incremental.outdir / "program.ics").exists()
    assert differences(incremental.outdir, _clean(srcdir)) == []
    named = [
        name
        for name, data in site_files(incremental.outdir).items()
        if FLIPPED["name"].encode() in data or FLIPPED["id"].encode() in data
    ]
    assert named == []
