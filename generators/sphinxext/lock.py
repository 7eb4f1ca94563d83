"""One build at a time in an output folder: a second build waits for the first, and says so.

Two builds writing one folder at once (a save in `nox -s serve` while `nox -s docs` runs, two
CI jobs on one runner) replace each other's files half-way: Sphinx renames its search index
into place from a temporary name both use, and our own stamps, stubs and downloads race the
same way. So a build takes an exclusive lock on its output folder (and on its doctree folder,
when that lies elsewhere) before it reads anything, and lets go when it has finished.

The lock file sits beside the folder (`build/.html.lock` for `build/html`), never inside it:
the output folder is what gets published. The operating system releases the lock when the
process ends, however it ends (a build killed by CI leaves no stale lock).
"""

from __future__ import annotations

import sys
from pathlib import Path

from filelock import FileLock, Timeout
from sphinx.application import Sphinx
from sphinx.config import Config

#: The locks this process holds, by lock file. A build that stopped before it finished (a
#: data error, in a test's process) still holds its lock, and a later build in the same
#: process takes it over: two builds never run at once in one process.
_held: dict[Path, FileLock] = {}


def lock_file(folder: Path) -> Path:
    """The lock file of a build folder: beside it, named after it."""
    return folder.parent / f".{folder.name}.lock"


def folders(app: Sphinx) -> list[Path]:
    """The folders a build writes: its output, and its doctrees unless they lie inside it."""
    outdir = Path(app.outdir).resolve()
    doctrees = Path(app.doctreedir).resolve()
    found = [outdir]
    if not doctrees.is_relative_to(outdir):
        found.append(doctrees)
    return sorted(found)  # one order for every build: two builds never wait on each other


def acquire(app: Sphinx, config: Config) -> None:
    """config-inited: wait until no other build writes this build's folders, then hold them."""
    for folder in folders(app):
        path = lock_file(folder)
        if path in _held:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path, thread_local=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            # Printed, not logged: `-q` hides Sphinx's messages, and `-W` would make this one
            # an error though nothing is wrong.
            print(
                f"handbook: another build is writing {folder}; waiting for it to finish "
                f"(lock file {path})",
                file=sys.stderr,
                flush=True,
            )
            lock.acquire()
        _held[path] = lock


def release(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: let the next build in."""
    for folder in folders(app):
        lock = _held.pop(lock_file(folder), None)
        if lock is not None:
            lock.release(force=True)
