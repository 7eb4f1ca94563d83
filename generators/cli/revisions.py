"""A version of the program's data to compare with: a folder, or a git revision's program
folder read with `git archive` (the working tree is left alone). `handbook diff` and
`handbook check --against/--git` read the other side the same way.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path


class RevisionError(Exception):
    """A git revision whose program cannot be read; the message says why."""


Source = Path | tuple[str, Path]  # a folder, or (revision, program folder in the working tree)


@contextlib.contextmanager
def folder(source: Source) -> Iterator[Path]:
    """A folder to read: the folder itself, or the revision's program written to a temp one."""
    if isinstance(source, Path):
        yield source
        return
    revision, program = source
    with tempfile.TemporaryDirectory(prefix="handbook-revision-") as temporary:
        yield _export(revision, program, Path(temporary))


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def _export(revision: str, program: Path, target: Path) -> Path:
    """`program` as committed at `revision`, written under `target` with `git archive`."""
    where = program if program.is_dir() else program.parent
    top = Path(_git(where, "rev-parse", "--show-toplevel").decode().strip())
    relative = program.resolve().relative_to(top.resolve()).as_posix()
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"{revision!r} is not a revision of {top}") from None
    listed = _git(top, "ls-tree", "--name-only", revision, "--", relative)
    if not listed.strip():
        raise RevisionError(f"{revision} has no {relative}/ folder")
    archive = _git(top, "archive", "--format=tar", revision, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and the 3.10 and 3.11 updates
            tar.extractall(target, members=members, filter="data")
        else:  # pragma: no cover
            tar.extractall(target, members=members)
    return target / relative
