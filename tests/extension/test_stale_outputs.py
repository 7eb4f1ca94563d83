"""Outputs the build writes besides the pages go when what they came from goes: an
incremental build then writes what a clean one writes, and names nobody a clean one would not.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from conftest import REPO
from sphinx.application import Sphinx

from extension.conftest import build
from extension.sample_site import (
    FLIPPED,
    differences,
    later,
    make_site,
    site_files,
    withdraw_consent,
)
from generators.sphinxext import cleanup


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


def test_an_edit_to_the_updates_markdown_template_reaches_the_update_pages(
    site: tuple[Path, Path],
) -> None:
    """The update pages are rendered from `report/status.md.j2` as well as their block's
    HTML template: the Markdown template is a dependency of theirs too."""
    srcdir, _program = site
    templates = srcdir.parent / "templates"
    shutil.copytree(REPO / "_templates", templates)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace(str(REPO / "_templates"), str(templates)))
    build(srcdir)
    status = templates / "report" / "status.md.j2"
    status.write_text(status.read_text().replace("## Targets\n", "## Against the targets\n"))
    later(status)
    incremental = build(srcdir, fresh=False)
    update = (incremental.outdir / "updates" / "2024-07-01.html").read_text(encoding="utf-8")
    assert "Against the targets" in update
    assert differences(incremental.outdir, _clean(srcdir)) == []


def test_the_code_that_renders_the_update_and_the_downloads_is_in_the_data_signature() -> None:
    """The coordinator's package, whose modules make the update pages and the downloads."""
    from generators.coordinator import calendar, export, markdown, report
    from generators.sphinxext import signature

    code = signature.coordinator_code()
    for module in (report, markdown, calendar, export):
        assert Path(module.__file__ or "") in code, module.__name__


def test_a_removed_page_takes_its_source_copy_and_no_dotted_siblings(tmp_path: Path) -> None:
    """Page `notes` goes, `notes.old` stays. (A build writes every page again when one goes,
    copying `notes.old`'s source back, so this is checked on the cleanup itself.)"""
    sources = tmp_path / "html" / "_sources"
    sources.mkdir(parents=True)
    for name in ("notes.md.txt", "notes.old.md.txt", "notes.txt", "notes.rst.txt"):
        (sources / name).write_text("# Notes\n")
    app = SimpleNamespace(
        outdir=str(tmp_path / "html"),
        doctreedir=str(tmp_path / "doctrees"),
        builder=SimpleNamespace(),
        config=SimpleNamespace(
            source_suffix={".rst": "restructuredtext", ".md": "markdown", ".txt": "markdown"},
            html_sourcelink_suffix=".txt",
        ),
    )
    cleanup.remove_pages(cast(Sphinx, app), ["notes"])
    assert sorted(p.name for p in sources.iterdir()) == ["notes.old.md.txt"]
