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
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from generators import __version__
from generators.asof import AsOfError, resolve_as_of
from generators.data.files import LIST_FILES, PROGRAM_FILE, RECORD_DIRS
from generators.paths import TEMPLATES_DIR

if TYPE_CHECKING:  # the data layer is imported only when data must be read
    from generators.data.models import Program
    from generators.data.published import PublishedProgram

logger = logging.getLogger(__name__)

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


def _update_stamps(env: BuildEnvironment, files: DataFiles) -> None:
    for kind, digest in files.digests.items():
        path = stamp(env, kind)
        if not path.is_file() or path.read_text() != digest:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, digest.encode())


class DataInvalid(SystemExit):
    """Stops the build after the data check's messages: they, not a traceback, are the story."""


def resolve_paths(app: Sphinx, config: Config) -> None:
    """config-inited: make the data and template folders absolute, relative to conf.py."""
    confdir = Path(app.confdir)
    program = config.handbook_program_dir or "../program"
    config.handbook_program_dir = str((confdir / program).resolve())
    cache = config.handbook_chart_cache
    default_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    config.handbook_chart_cache = str(
        (confdir / cache).resolve()
        if cache
        else default_cache / "sre-mentorship-handbook" / "charts"
    )
    templates = config.handbook_templates_dir
    config.handbook_templates_dir = str(
        (confdir / templates).resolve() if templates else TEMPLATES_DIR
    )


def chart_cache(env: BuildEnvironment) -> Path:
    """Where drawn charts are kept, named by the hash of what they show.

    By default outside the build folder, in the user's cache, so that a clean build redraws
    only charts whose data changed. Charts show aggregates only, never a person.
    """
    return Path(env.config.handbook_chart_cache)


def program_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_program_dir)


def templates_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_templates_dir)


def as_of(env: BuildEnvironment) -> date:
    return resolve_as_of(env.config.handbook_as_of or None)


def cache_dir(env: BuildEnvironment) -> Path:
    """Where the build keeps its data stamps and caches: beside the doctrees."""
    return Path(env.doctreedir) / "handbook"


def check_before_reading(app: Sphinx) -> None:
    """builder-inited: stop the build with the check's messages if the data is invalid."""
    env = app.env
    try:
        as_of(env)
    except AsOfError as error:
        logger.error(str(error), type="handbook", subtype="as-of")
        raise DataInvalid(1) from None
    files = scan(program_dir(env))
    marker = cache_dir(env) / "checked.signature"
    if not (marker.is_file() and marker.read_text() == files.signature):
        _load(files)  # stops the build if the data is invalid
        marker.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(marker, files.signature.encode())
    _update_stamps(env, files)


#: The program checked by this process, by data signature: checked once, published from it.
_checked: dict[str, Program] = {}


def _load(files: DataFiles) -> Program:
    """The checked program (once per process and data version), or the build stops."""
    if files.signature in _checked:
        return _checked[files.signature]
    from generators.data.load import check_directory

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
    _checked.clear()
    _checked[files.signature] = loaded.program
    return loaded.program


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
    Path(temp).replace(path)


def program(env: BuildEnvironment) -> Program:
    """The checked program itself, for the few blocks that need more than the published view.

    Whatever they print must still go through the data layer's consent rules.
    """
    return _load(scan(program_dir(env)))


#: The published view of this process's build, by (data signature, as-of date).
_published: dict[tuple[str, date], PublishedProgram] = {}


def published(env: BuildEnvironment) -> tuple[PublishedProgram, DataFiles]:
    """The published view (consent and suppression applied) as of the build's date.

    Kept beside the doctrees between builds. Only the published view is ever written there,
    never the raw program: a build writes nothing that names people who have not consented.
    """
    files = scan(program_dir(env))
    key = (files.signature, as_of(env))
    view = _published.get(key)
    if view is None:
        cache = cache_dir(env) / "published.pickle"
        view = _read_cache(cache, key)
        if view is None:
            from generators.data.published import publish

            view = publish(_load(files), key[1])
            cache.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(cache, pickle.dumps((key, view), protocol=5))
        _published.clear()  # one data version at a time: memory stays flat across rebuilds
        _published[key] = view
    return view, files


def _read_cache(cache: Path, key: tuple[str, date]) -> PublishedProgram | None:
    try:
        stored_key, view = pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    from generators.data.published import PublishedProgram

    return view if stored_key == key and isinstance(view, PublishedProgram) else None
