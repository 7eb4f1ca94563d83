"""The data files' signature: what changed in `program/`, found with `stat` alone.

Each kind of data (the people, the pairings, ...) gets a digest of its files' names, sizes and
modification times, and a stamp file that pages showing that kind depend on. A build whose
data did not change pays only for these `stat` calls.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sphinx.environment import BuildEnvironment

from generators import __version__
from generators.data.files import LIST_FILES, PROGRAM_FILE, RECORD_DIRS
from generators.data.safefile import write_atomically
from generators.sphinxext.config import cache_dir

#: Every kind of data a generated block may use, and the file names that hold it.
KINDS: dict[str, tuple[str, ...]] = {
    "program": (PROGRAM_FILE,),
    **{name: (filename,) for filename, name in LIST_FILES.items()},
}
for _folder, _name in RECORD_DIRS.items():
    KINDS[_name] = (*KINDS.get(_name, ()), f"{_folder}/")
CACHE_VERSION = f"{__version__}-1"


@dataclass(frozen=True)
class DataFiles:
    """A digest of each kind's data files (names, sizes, times) and of them all."""

    directory: Path
    digests: dict[str, str]
    signature: str


def scan(directory: Path) -> DataFiles:
    """Digest the data files of each kind (stat only, no reading)."""
    digests: dict[str, str] = {}
    whole = hashlib.sha256(CACHE_VERSION.encode())
    for kind, names in KINDS.items():
        found: list[Path] = []
        for name in names:
            if name.endswith("/"):
                folder = directory / name.rstrip("/")
                if folder.is_dir():
                    found.extend(sorted(folder.iterdir()))
            elif (directory / name).exists():
                found.append(directory / name)
        digest = hashlib.sha256(kind.encode())
        for path in found:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        digests[kind] = digest.hexdigest()
        whole.update(digests[kind].encode())
    # Unknown files are problems too (a misspelt file name): they change the signature.
    if directory.is_dir():
        whole.update("\0".join(sorted(p.name for p in directory.iterdir())).encode())
    return DataFiles(directory, digests, whole.hexdigest())


def stamp(env: BuildEnvironment, kind: str) -> Path:
    """The file pages depend on for data of `kind`: rewritten whenever that data changes.

    Pages depend on stamps rather than on the data files themselves, so that new files
    (one person a file) are noticed, and so that no data file name, which may be a person's
    id, is recorded in the build's environment.
    """
    return cache_dir(env) / "stamps" / f"{kind}.stamp"


def update_stamps(env: BuildEnvironment, files: DataFiles) -> None:
    """Rewrite the stamp of each kind whose digest changed (its pages are then re-read)."""
    for kind, digest in files.digests.items():
        path = stamp(env, kind)
        if not path.is_file() or path.read_text() != digest:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, digest.encode())
