"""Nobody who has not consented is named anywhere a build writes: the real handbook's site,
and every artifact of a small program after every sequence of builds a user can reach."""

from __future__ import annotations

import signal
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from conftest import REPO, Build
from pypdf import PdfReader
from sphinxext.conftest import build
from sphinxext.sample_site import (
    AS_OF,
    FLIPPED,
    FLIPPED_TOO,
    HIDDEN,
    kill_once_writing,
    make_site,
    withdraw_consent,
)

from generators.cli import main
from generators.coordinator.export import TABLES
from generators.data.load import load_program
from generators.pdf.book import make_book


def test_no_unpublished_name_or_id_in_any_built_file(handbook_site: Build) -> None:
    program = load_program(REPO / "program", today=date.today())
    hidden = [p for p in program.people if not p.publish]
    assert hidden, "the real data has people who have not consented"
    needles = {p.name for p in hidden} | {p.id for p in hidden}
    found = []
    for path in handbook_site.outdir.rglob("*"):
        if not path.is_file():
            continue  # doctrees and caches included: everything the build writes
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [(path.name, needle) for needle in needles if needle in text]
    assert found == []


def test_published_people_are_named(handbook_site: Build) -> None:
    program = load_program(REPO / "program", today=date.today())
    roster = (handbook_site.outdir / "roster.html").read_text(encoding="utf-8")
    mentors = [p for p in program.people if p.publish and "mentor" in p.roles and p.left is None]
    assert mentors
    assert all(p.name in roster for p in mentors)


# -- every artifact, after every build sequence ------------------------------------------------


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(file, readable text) of every file under `folder`; a PDF's text as a reader sees it."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".pdf":  # read with pypdf: the tests need no system tools
            text += "\n".join(page.extract_text() for page in PdfReader(path).pages)
        yield str(path.relative_to(folder)), unicodedata.normalize("NFC", text).casefold()


def _needles(*people: dict[str, str]) -> set[str]:
    """Each person's id and each word of their name, as a search index would hold them."""
    found = set()
    for person in people:
        found.add(person["id"])
        found.update(word.casefold() for word in person["name"].split())
    return found


def _leaks(root: Path, *people: dict[str, str]) -> list[tuple[str, str]]:
    needles = _needles(*people)
    return sorted((name, n) for name, text in _texts(root) for n in needles if n in text)


def _artifacts(srcdir: Path, program: Path, out: Path) -> None:
    """The PDF, the report, the calendar and both exports, next to the site's build."""
    make_book(srcdir, out / "pdf", environ={"HANDBOOK_AS_OF": AS_OF})
    common = ["--program", str(program), "--as-of", AS_OF]
    commands = [
        ["report", *common, "-o", str(out / "report.md")],
        ["calendar", *common, "-o", str(out / "program.ics")],
        ["export", *common, "--format", "json", "-o", str(out / "program.json")],
    ]
    commands += [
        ["export", *common, "--format", "csv", "--table", table, "-o", str(out / f"{table}.csv")]
        for table in TABLES
    ]
    for command in commands:
        assert main(command) == 0, command


def test_nobody_unpublished_is_named_in_any_artifact_after_any_build_sequence(
    tmp_path: Path,
) -> None:
    srcdir, program = make_site(tmp_path)
    everything = srcdir.parent  # site, doctrees, chart cache, update pages, PDF, exports

    def scan_everything(*hidden: dict[str, str]) -> list[tuple[str, str]]:
        return _leaks(everything / "project", *hidden) + _leaks(everything / "artifacts", *hidden)

    # A clean build: the consenting person is named (so the scan can see names), the other not.
    site = build(srcdir)
    assert site.warnings == ""
    _artifacts(srcdir, program, everything / "artifacts")
    assert FLIPPED["name"] in (site.outdir / "roster.html").read_text(encoding="utf-8")
    artifacts = dict(_texts(everything / "artifacts"))
    assert FLIPPED["name"].casefold() in artifacts["mentors.csv"]
    pdfs = [text for name, text in artifacts.items() if name.endswith(".pdf")]
    assert pdfs and all(FLIPPED["name"].casefold() in text for text in pdfs), "PDF text unread"
    assert scan_everything(HIDDEN) == []

    # Consent withdrawn: an incremental build, and every artifact made again in place.
    withdraw_consent(program, srcdir)
    build(srcdir, fresh=False)
    _artifacts(srcdir, program, everything / "artifacts")
    assert scan_everything(HIDDEN, FLIPPED) == []

    # Another consent withdrawn, and the build for it killed while writing pages.
    withdraw_consent(program, srcdir, FLIPPED_TOO)
    kill_once_writing(srcdir, site.outdir, signal.SIGKILL)
    build(srcdir, fresh=False)
    assert _leaks(srcdir, HIDDEN, FLIPPED, FLIPPED_TOO) == []

    # A parallel build of the same data.
    assert build(srcdir, outdir=srcdir / "_build" / "parallel", parallel=2).warnings == ""
    assert _leaks(srcdir, HIDDEN, FLIPPED, FLIPPED_TOO) == []
