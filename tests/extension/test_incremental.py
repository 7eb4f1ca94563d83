"""An incremental build writes what a clean build of the same data writes, whatever came before:
after a build that was killed while writing, after a parallel read, after a page is retitled
or a heading renamed. Every kind of data edit is the differential test's (`differential.py`).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Build
from sphinx.search import IndexBuilder

from extension.conftest import build
from extension.sample_site import (
    FLIPPED,
    LINKED_EDITS,
    PAGES,
    build_as_make_mode,
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
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page is written again; the search index is fed again only the pages whose text
    shows the title (the page, and the home page's table of contents), and keeps the index
    entries of the others."""
    srcdir, _ = site
    notes = srcdir / "notes.md"
    notes.write_text(notes.read_text() + "\n```{index} single: mentoring; notes\n```\n")
    build(srcdir)
    fed: list[str] = []
    feed = IndexBuilder.feed

    def counting(self: IndexBuilder, docname: str, *args: Any, **kwargs: Any) -> None:
        fed.append(docname)
        feed(self, docname, *args, **kwargs)

    monkeypatch.setattr(IndexBuilder, "feed", counting)
    prose = srcdir / "prose.md"
    _rename(prose, "# Prose", "# Plain prose")
    incremental = build(srcdir, fresh=False)
    assert "Plain prose" in (incremental.outdir / "roster.html").read_text(encoding="utf-8")
    assert set(_written(incremental)) >= set(PAGES)
    assert sorted(fed) == ["index", "prose"]
    assert differences(incremental.outdir, _clean(srcdir)) == []

    # An index the kept digests do not describe (another build's, or touched) is fed anew.
    index = incremental.outdir / "searchindex.js"
    os.utime(index, ns=(index.stat().st_atime_ns, index.stat().st_mtime_ns + 10**9))
    fed.clear()
    _rename(prose, "# Plain prose", "# Prose")
    again = build(srcdir, fresh=False)
    assert sorted(fed) == _written(again)
    assert differences(again.outdir, _clean(srcdir)) == []


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


def _written(result: Build) -> list[str]:
    return sorted(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", result.status))


def _rename(page: Path, old: str, new: str) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_renamed_heading_rewrites_the_pages_that_show_it_when_the_navigation_does_not(
    site: tuple[Path, Path],
) -> None:
    """Under furo the navigation lists page titles alone: a heading shows on its own page, in
    the text of the tables of contents above it (a grandparent's too) and in links to it."""
    srcdir, _ = site
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "furo"\n')
    index = srcdir / "index.md"
    _rename(index, "prose\n", "prose\nsection\n")
    (srcdir / "section.md").write_text("# Section\n\n```{toctree}\nsub\n```\n")
    (srcdir / "sub.md").write_text("# Sub\n\n(sub-heading)=\n## First heading\n\nText.\n")
    # In no table of contents: nothing but its link brings it to be written.
    (srcdir / "links.md").write_text(
        "---\norphan: true\n---\n# Links\n\nThe heading: [](sub-heading).\n"
    )
    # In parallel: the page whose navigation is recorded is written by the main process.
    first = build(srcdir, parallel=2)
    assert first.warnings == ""

    _rename(srcdir / "sub.md", "First heading", "Second heading")
    renamed = build(srcdir, fresh=False)
    assert renamed.warnings == ""
    assert _written(renamed) == ["index", "links", "section", "sub"]
    assert "Second heading" in (renamed.outdir / "links.html").read_text(encoding="utf-8")
    assert differences(renamed.outdir, _clean(srcdir)) == []

    # Without a record of what the navigation shows, every page is written again.
    (renamed.outdir / ".doctrees" / "handbook" / "navigation.json").unlink()
    _rename(srcdir / "sub.md", "Second heading", "First heading")
    again = build(srcdir, fresh=False)
    assert set(_written(again)) >= set(PAGES) | {"section", "sub", "links"}
    assert differences(again.outdir, _clean(srcdir)) == []


def test_a_renamed_heading_rewrites_every_page_when_the_navigation_shows_headings(
    site: tuple[Path, Path],
) -> None:
    """Alabaster's sidebar, every branch open, lists each page's headings: every page shows
    the new one."""
    srcdir, _ = site
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme_options = {"sidebar_collapse": False}\n')
    prose = srcdir / "prose.md"
    prose.write_text(prose.read_text(encoding="utf-8") + "\n## First heading\n\nText.\n")
    build(srcdir)
    _rename(prose, "First heading", "Second heading")
    renamed = build(srcdir, fresh=False)
    assert set(_written(renamed)) >= set(PAGES)
    assert "Second heading" in (renamed.outdir / "roster.html").read_text(encoding="utf-8")
    assert differences(renamed.outdir, _clean(srcdir)) == []


def test_a_builder_sharing_the_doctrees_writes_what_another_builder_read(
    site: tuple[Path, Path],
) -> None:
    """`sphinx-build -M html` and `-M latexpdf` share one doctree folder: a LaTeX build that
    read the pages a withdrawal changed leaves the next html build nothing to read, yet its
    pages must stop naming the person. (Not `text`: Sphinx reads pages for it without smart
    quotes, which the html pages written from them then keep.)"""
    srcdir, program = site
    build_dir = srcdir / "_build" / "make"
    build_as_make_mode(srcdir, "html", build_dir)
    withdraw_consent(program, srcdir)
    latex = build_as_make_mode(srcdir, "latex", build_dir)
    assert FLIPPED["name"] not in "".join(p.read_text() for p in latex.outdir.glob("*.tex"))
    again = build_as_make_mode(srcdir, "html", build_dir)
    assert again.warnings == ""
    assert FLIPPED["name"] not in (again.outdir / "roster.html").read_text(encoding="utf-8")
    assert differences(again.outdir, _clean(srcdir)) == []


def test_a_glossary_entry_removed_leaves_no_link_to_it_behind(site: tuple[Path, Path]) -> None:
    """A page linking to a term is not read again when the glossary on another page loses
    it: it is written again, and warns as a clean build does."""
    srcdir, _ = site
    glossary = (
        "\n```{glossary}\nShadowing\n  Watching a mentor at work.\n\nPairing\n  A match.\n```\n"
    )
    charter = srcdir / "charter.md"
    charter.write_text(charter.read_text(encoding="utf-8") + glossary, encoding="utf-8")
    prose = srcdir / "prose.md"
    prose.write_text(prose.read_text(encoding="utf-8") + "\nSee {term}`shadowing`.\n")
    first = build(srcdir)
    assert first.warnings == ""
    assert 'href="charter.html#term-Shadowing"' in (first.outdir / "prose.html").read_text()

    _rename(charter, "Shadowing\n  Watching a mentor at work.\n\n", "")
    incremental = build(srcdir, fresh=False)
    assert "prose" in _written(incremental)
    assert "term not in glossary: 'shadowing'" in incremental.warnings
    clean = build(srcdir, outdir=srcdir / "_build" / "clean")
    assert "term not in glossary: 'shadowing'" in clean.warnings
    assert differences(incremental.outdir, clean.outdir) == []
