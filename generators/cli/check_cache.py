"""The outcome of a passing `handbook check`, remembered for the same bytes on the same day.

Editors and commit hooks run the check on every save and every commit, mostly on data that
was checked a moment before. Importing pydantic and building the models costs several times
what reading the files does, so an unchanged program that passed is answered from here
without importing either. The key covers everything the outcome depends on: every file's
path and bytes, the code of this package and the versions of the libraries that decide,
the interpreter, the working folder, the command's options, the as-of day and today (a fact
dated after today is an error). Only passing outcomes are kept; a failing check always runs.
Anything that is not a plain file or folder (a symlink, a FIFO) skips the cache, so the full
check reports it without this module ever opening it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import generators
from generators.data.safefile import write_atomically

#: Files larger than this are not hashed for the cache: the check refuses them anyway.
_MOST_BYTES = 64 * 1024 * 1024
#: Outcomes kept; the oldest go first.
_MOST_ENTRIES = 64
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "markdown_it")


@dataclass(frozen=True)
class Outcome:
    """What the check printed and how it exited."""

    stdout: str
    stderr: str
    code: int


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sre-mentorship-handbook" / "check"


def key(program: Path, options: tuple[str, ...], as_of: date, today: date) -> str | None:
    """The outcome's key, or None when the cache must not be used for this folder."""
    digest = hashlib.sha256()
    # Paths print relative to the working folder, so it is part of the outcome too.
    context = (sys.version, sys.executable, str(Path.cwd()), str(program), *options)
    for part in (*context, as_of.isoformat(), today.isoformat()):
        digest.update(part.encode() + b"\0")
    if not _add_tree(digest, program, program):
        return None
    package = Path(generators.__file__).parent
    if not _add_tree(digest, package, package, suffix=".py"):
        return None
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        if origin:
            info = Path(origin).stat()
            digest.update(f"{name}:{origin}:{info.st_mtime_ns}:{info.st_size}".encode())
    return digest.hexdigest()


def _add_tree(digest: hashlib._Hash, root: Path, folder: Path, suffix: str = "") -> bool:
    """Hash every file under `folder` by path and bytes; False on anything but plain files."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return False
    for entry in entries:
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            if entry.name == "__pycache__":
                continue
            if not _add_tree(digest, root, Path(entry.path), suffix):
                return False
        elif stat.S_ISREG(mode):
            if suffix and not entry.name.endswith(suffix):
                continue
            if entry.stat(follow_symlinks=False).st_size > _MOST_BYTES:
                return False
            with Path(entry.path).open("rb") as stream:
                data = stream.read(_MOST_BYTES + 1)
            if len(data) > _MOST_BYTES:
                return False
            relative = os.path.relpath(entry.path, root)
            digest.update(relative.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
        else:
            return False
    return True


def recall(entry: str) -> Outcome | None:
    try:
        stored = json.loads((cache_folder() / f"{entry}.json").read_text(encoding="utf-8"))
        return Outcome(str(stored["stdout"]), str(stored["stderr"]), int(stored["code"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(entry: str, outcome: Outcome) -> None:
    """Keep a passing outcome; a cache that cannot be written is no reason to fail."""
    if outcome.code != 0:
        return
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        record = {"stdout": outcome.stdout, "stderr": outcome.stderr, "code": outcome.code}
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        write_atomically(folder / f"{entry}.json", data)
        kept = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime)
        for old in kept[:-_MOST_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        return
