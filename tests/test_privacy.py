"""Nobody who has not consented is named anywhere a build or a command writes: the real
handbook's site, and every artifact of a small program after every sequence of builds a user
can reach, with every command's output beside them."""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, SITE_AS_OF, Build
from extension.conftest import build
from extension.sample_site import (
    AS_OF,
    FLIPPED,
    FLIPPED_TOO,
    HIDDEN,
    kill_once_writing,
    make_site,
    withdraw_consent,
)
from pypdf import PdfReader

from generators.cli import main
from generators.coordinator.export import TABLES
from generators.data.consent import WORD
from generators.data.load import load_program
from generators.data.readable import fold
from generators.pdf.book import make_book


def test_no_unpublished_name_or_id_in_any_built_file(handbook_site: Build) -> None:
    program = load_program(REPO / "program", today=date.today())
    hidden = [p for p in program.people if not p.publish]
    if not hidden:  # the sample program's test below covers the rule whatever program/ holds
        pytest.skip("everyone in program/ consents to be named: no name to look for")
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
    mentors = [
        p
        for p in program.people
        if p.publish and "mentor" in p.roles and p.employed_on(SITE_AS_OF)  # the site's day
    ]
    assert mentors
    assert all(p.name in roster for p in mentors)


# -- every artifact, after every build sequence ------------------------------------------------


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(file, text as a reader's key) of every file under `folder`; a PDF's text as a reader
    sees it. Folded as the consent check folds (look-alikes, accents, invisible characters
    and case), so that every spelling of a name a reader recognises is found."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".pdf":  # read with pypdf: the tests need no system tools
            text += "\n".join(page.extract_text() for page in PdfReader(path).pages)
        yield str(path.relative_to(folder)), fold(text)


def _needles(*people: dict[str, str]) -> set[str]:
    """Each person's id, first name and surname, as keys: any spelling of the full name, the
    name in either order, an initial and the surname, or the words joined in an id or an
    address holds one of them."""
    found = set()
    for person in people:
        found.add(fold(person["id"]))
        found.update(fold(word) for word in WORD.findall(person["name"]))
    return found


def _leaks(root: Path, *people: dict[str, str]) -> list[tuple[str, str]]:
    needles = _needles(*people)
    return sorted((name, n) for name, text in _texts(root) for n in needles if n in text)


#: A sign-up form whose manager's handle is a typo of a person's id (a letter left out, so the
#: form itself does not hold the id or the name): intake's hint names ids.
_FORM = (
    "### Handle\n\nkim-newcomer\n\n### Full name\n\nKim Newcomer\n\n### Team\n\nStorage\n\n"
    "### Joined the organization on\n\n2024-01-02\n\n### Your manager's handle\n\n{manager}\n\n"
    "### Time zone\n\nUTC\n\n### What you want to learn\n\nKafka\n\n"
    "### Consent to be named\n\n- [ ] I consent to be named in the published handbook.\n"
)


def _run(out: Path, *command: str) -> int:
    """A command whose output (both streams) is an artifact; it may succeed or refuse."""
    with (
        out.open("w", encoding="utf-8") as stream,
        contextlib.redirect_stdout(stream),
        contextlib.redirect_stderr(stream),
    ):
        code = main(list(command))
    assert code in (0, 1), (command, out.read_text(encoding="utf-8"))
    return code


def _artifacts(srcdir: Path, program: Path, out: Path, before: Path | None = None) -> None:
    """The PDF and every command's output, next to the site's build: the report, both
    calendars, both exports, match's table and JSON, the agenda, intake's messages, and
    (given the program `before` an edit) the diff of the edit."""
    out.mkdir(parents=True, exist_ok=True)
    make_book(srcdir, out / "pdf", environ={"HANDBOOK_AS_OF": AS_OF})
    common = ["--program", str(program), "--as-of", AS_OF]
    commands = [
        ["report", *common, "-o", str(out / "report.md")],
        ["calendar", *common, "-o", str(out / "program.ics")],
        ["calendar", *common, "--checkins", "-o", str(out / "checkins.ics")],
        ["export", *common, "--format", "json", "-o", str(out / "program.json")],
        ["match", *common, "-o", str(out / "match.txt")],
        ["match", *common, "--format", "json", "-o", str(out / "match.json")],
    ]
    commands += [
        ["export", *common, "--format", "csv", "--table", table, "-o", str(out / f"{table}.csv")]
        for table in TABLES
    ]
    for command in commands:
        assert main(command) == 0, command
    _run(out / "agenda.md", "agenda", *common)
    if before is not None:
        _run(out / "diff.md", "diff", str(before), str(program), "--as-of", AS_OF)
    issue = out.parent / "issue.md"
    for person in (FLIPPED, HIDDEN):
        typo = person["id"][:2] + person["id"][3:]
        issue.write_text(_FORM.format(manager=typo), encoding="utf-8")
        said = out / f"intake-{person['id']}.txt"
        assert _run(said, "intake", str(issue), "--program", str(program)) == 1  # unknown manager
    issue.write_text(
        _FORM.format(manager="mia").replace("Kim Newcomer", FLIPPED["name"]), encoding="utf-8"
    )
    said = out / "intake-same-name.txt"
    assert _run(said, "intake", str(issue), "--program", str(program)) == 1  # a name it has


def test_nobody_unpublished_is_named_in_any_artifact_after_any_build_sequence(
    tmp_path: Path,
) -> None:
    srcdir, program = make_site(tmp_path)
    everything = srcdir.parent  # site, doctrees, chart cache, update pages, PDF, outputs
    before = shutil.copytree(program, everything / "program-before")

    def scan_everything(*hidden: dict[str, str]) -> list[tuple[str, str]]:
        return _leaks(everything / "project", *hidden) + _leaks(everything / "artifacts", *hidden)

    # A clean build: the consenting person is named (so the scan can see names), the other not.
    site = build(srcdir)
    assert site.warnings == ""
    _artifacts(srcdir, program, everything / "artifacts")
    assert FLIPPED["name"] in (site.outdir / "roster.html").read_text(encoding="utf-8")
    artifacts = dict(_texts(everything / "artifacts"))
    named = fold(FLIPPED["name"])
    for name in ("mentors.csv", "program.json", "report.md", "checkins.ics", "program.ics"):
        assert named in artifacts[name], f"{name} does not name the consenting person"
    pdfs = [text for name, text in artifacts.items() if name.endswith(".pdf")]
    assert pdfs and all(named in text for text in pdfs), "PDF text unread"
    assert scan_everything(HIDDEN) == []

    # Consent withdrawn: an incremental build, and every artifact made again in place, the
    # diff of the withdrawal among them (it counts the person, and says nothing of who).
    withdraw_consent(program, srcdir)
    build(srcdir, fresh=False)
    shutil.rmtree(everything / "artifacts")
    _artifacts(srcdir, program, everything / "artifacts", before)
    assert "1 person is no longer named" in (everything / "artifacts" / "diff.md").read_text()
    assert scan_everything(HIDDEN, FLIPPED) == []

    # Another consent withdrawn, and the build for it killed while writing pages.
    withdraw_consent(program, srcdir, FLIPPED_TOO)
    kill_once_writing(srcdir, site.outdir, signal.SIGKILL)
    build(srcdir, fresh=False)
    assert _leaks(srcdir, HIDDEN, FLIPPED, FLIPPED_TOO) == []

    # A parallel build of the same data.
    assert build(srcdir, outdir=srcdir / "_build" / "parallel", parallel=2).warnings == ""
    assert _leaks(srcdir, HIDDEN, FLIPPED, FLIPPED_TOO) == []
