"""The build's folders: one build at a time in an output folder (a second waits, and says
so), and a file it cannot write named, with what to do."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, messages_of
from filelock import FileLock

from extension.conftest import MakeProject, build
from generators.data import safefile
from generators.sphinxext import charts
from generators.sphinxext.filesystem import FileError
from generators.sphinxext.lock import lock_file

FULL = (
    "No space left on device (hint: free some space on that disk, or write the file somewhere else)"
)


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_build_waits_while_another_writes_its_folder(make_project: MakeProject) -> None:
    srcdir = make_project({"index": "# Home\n\n```{handbook-roles}\n```\n"})
    outdir = srcdir / "_build" / "html"
    outdir.mkdir(parents=True)
    other = FileLock(lock_file(outdir), thread_local=False)  # as a build in another process
    other.acquire()
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(outdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        said = process.stderr.readline()  # the notice, or "" once the build ended without it
        assert said == (
            f"handbook: another build is writing {outdir}; waiting for it to finish "
            f"(lock file {lock_file(outdir)})\n"
        )
        time.sleep(1)
        assert process.poll() is None
        assert not (outdir / "index.html").exists()
    finally:
        other.release()
    assert process.wait(timeout=120) == 0, process.stderr.read()
    assert (outdir / "index.html").is_file()
    assert lock_file(outdir).parent == outdir.parent  # nothing of the lock is published
    assert not [p for p in outdir.rglob("*") if p.name.endswith(".lock")]


def test_a_full_disk_names_the_file_the_build_could_not_write(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = make_project({"index": "# Home\n"})
    monkeypatch.setattr(safefile.os, "fsync", _full)
    with pytest.raises(FileError) as stopped:
        build(srcdir)
    marker = srcdir / "_build" / "html" / ".doctrees" / "handbook" / "checked.signature"
    assert str(stopped.value) == f"cannot write {marker}: {FULL}"


def test_a_block_that_cannot_write_its_chart_names_it(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(charts, "write_atomically", refuse)
    srcdir = make_project({"index": "# Home\n\n```{handbook-participation}\n```\n"})
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text().replace("_build/chart-cache", str(tmp_path / "charts"))
    )
    with pytest.raises(FileError, match=rf"^cannot write {tmp_path / 'charts'}/participation-"):
        build(srcdir)


def test_what_sphinx_cannot_write_is_named_too(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder

    monkeypatch.setattr(StandaloneHTMLBuilder, "handle_page", _full)
    srcdir = make_project({"index": "# Home\n"})
    with pytest.raises(OSError) as stopped:
        build(srcdir)
    outdir = srcdir / "_build" / "html"
    assert f"ERROR: cannot write {outdir}: {FULL}" in messages_of(stopped.value)
