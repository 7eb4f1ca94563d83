"""The program data as a build sees it: checked once, cached by file signature, as of a date.

The check runs before any page is read. Its result is kept beside the doctrees, keyed by the
data files' sizes and modification times, so a build with unchanged data pays only for a
few `stat` calls; the program itself is unpickled only when a page that uses it is read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from generators import __version__
from generators.asof import AsOfError, resolve_as_of
from generators.data.load import LIST_FILES, PROGRAM_FILE, RECORD_DIRS, check_directory
from generators.data.models import Program
from generators.data.published import PublishedProgram, publish
from generators.paths import TEMPLATES_DIR

logger = logging.getLogger(__name__)

#: Every kind of data a generated block may use, and the file names that hold it.
KINDS: dict[str, tuple[str, ...]] = {
    "program": (PROGRAM_FILE,),
    **{name: (filename,) for filename, (name, _, _) in LIST_FILES.items()},
}
for _folder, (_name, _) in RECORD_DIRS.items():
    KINDS[_name] = (*KINDS.get(_name, ()), f"{_folder}/")
CACHE_VERSION = f"{__version__}-1"


@dataclass(frozen=True)
class DataFiles:
    """The data files as found on disk, and a signature that changes when any of them does."""

    directory: Path
    files: dict[str, tuple[Path, ...]]
    signature: str

    def of(self, kinds: tuple[str, ...]) -> list[Path]:
        return [path for kind in kinds for path in self.files.get(kind, ())]


def scan(directory: Path) -> DataFiles:
    """Find the data files of each kind (stat only, no reading)."""
    files: dict[str, tuple[Path, ...]] = {}
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for kind, names in KINDS.items():
        found: list[Path] = []
        for name in names:
            if name.endswith("/"):
                folder = directory / name.rstrip("/")
                if folder.is_dir():
                    found.extend(
                        sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
                    )
            elif (directory / name).exists():
                found.append(directory / name)
        files[kind] = tuple(found)
    for path in sorted(p for group in files.values() for p in group):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Unknown files are problems too (a misspelt file name): they change the signature.
    if directory.is_dir():
        digest.update("\0".join(sorted(p.name for p in directory.iterdir())).encode())
    return DataFiles(directory, files, digest.hexdigest())


class DataInvalid(SystemExit):
    """Stops the build after the data check's messages: they, not a traceback, are the story."""


def resolve_paths(app: Sphinx, config: Config) -> None:
    """config-inited: make the data and template folders absolute, relative to conf.py."""
    confdir = Path(app.confdir)
    program = config.handbook_program_dir or "../program"
    config.handbook_program_dir = str((confdir / program).resolve())
    templates = config.handbook_templates_dir
    config.handbook_templates_dir = str(
        (confdir / templates).resolve() if templates else TEMPLATES_DIR
    )


def program_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_program_dir)


def templates_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_templates_dir)


def as_of(env: BuildEnvironment) -> date:
    return resolve_as_of(env.config.handbook_as_of or None)


def _cache_file(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / "handbook" / "program.pickle"


def check_before_reading(app: Sphinx) -> None:
    """builder-inited: stop the build with the check's messages if the data is invalid."""
    env = app.env
    try:
        as_of(env)
    except AsOfError as error:
        logger.error(str(error), type="handbook", subtype="as-of")
        raise DataInvalid(1) from None
    files = scan(program_dir(env))
    marker = _cache_file(env).with_suffix(".signature")
    if marker.is_file() and marker.read_text() == files.signature:
        return  # checked before, unchanged since
    _load(env, files)


def _load(env: BuildEnvironment, files: DataFiles) -> Program:
    loaded = check_directory(files.directory)
    if loaded.problems or loaded.program is None:
        for problem in sorted(loaded.problems):
            logger.error(str(problem), type="handbook", subtype="data")
        logger.error(
            f"{len(loaded.problems)} problem(s) in the program data; the handbook was not built "
            "(run `nox -s check` to see them without building)",
            type="handbook",
            subtype="data",
        )
        raise DataInvalid(1)
    cache = _cache_file(env)
    cache.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(cache, pickle.dumps((files.signature, loaded.program), protocol=5))
    _write_atomically(cache.with_suffix(".signature"), files.signature.encode())
    _memo_program.cache_clear()
    return loaded.program


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
    Path(temp).replace(path)


@lru_cache(maxsize=4)
def _memo_program(cache: Path, signature: str) -> Program | None:
    try:
        stored_signature, program = pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return program if stored_signature == signature else None


def program(env: BuildEnvironment) -> tuple[Program, DataFiles]:
    """The checked program for this build (unpickled once per process)."""
    files = scan(program_dir(env))
    cached = _memo_program(_cache_file(env), files.signature)
    if cached is None:
        cached = _load(env, files)
    return cached, files


_published: dict[tuple[str, date], PublishedProgram] = {}


def published(env: BuildEnvironment) -> tuple[PublishedProgram, DataFiles]:
    """The published view (consent and suppression applied) as of the build's date."""
    checked, files = program(env)
    key = (files.signature, as_of(env))
    view = _published.get(key)
    if view is None:
        _published.clear()  # one data version at a time: memory stays flat across rebuilds
        view = _published[key] = publish(checked, key[1])
    return view, files
