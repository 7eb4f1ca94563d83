"""The program data as a build sees it: checked once, cached by data signature, as of a date.

The check runs before any page is read. Its result is kept beside the doctrees, keyed by the
data signature, so a build with unchanged data pays only for a few `stat` calls; the published
view is unpickled only when a page that reads it is read, or when the data or the day moved
and the pages' reads must be compared with it (`sources`).

Invalid data stops the build one way: each problem is logged as an error of type
`handbook.data` (`file:line:col: message`, as `handbook check` prints it), then `DataError`,
a `SphinxError`, is raised. `sphinx-build` reports it and exits with status 2; code that runs
Sphinx itself catches `SphinxError`, as it does for any other failed build.
"""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging

from generators.data.safefile import write_atomically
from generators.sphinxext.config import as_of, cache_dir, program_dir
from generators.sphinxext.signature import DataFiles, scan

if TYPE_CHECKING:  # the data layer is imported only when data must be read
    from generators.data.models import Program
    from generators.data.published import PublishedProgram
    from generators.data.reads import Sources

logger = logging.getLogger(__name__)


class DataError(SphinxError):
    """The program data failed its check; the problems were logged before this was raised."""

    category = "Invalid program data"


#: The data files as the current build of each environment found them: scanned as the build
#: starts, not once a block. Not pickled; a parallel build's workers, forked, share it.
_scanned: WeakKeyDictionary[BuildEnvironment, DataFiles] = WeakKeyDictionary()


def rescan(env: BuildEnvironment) -> DataFiles:
    """Scan the data files for the build starting now (when it starts, and again as it looks
    for outdated pages: one application may build more than once)."""
    files = _scanned[env] = scan(program_dir(env))
    return files


def data_files(env: BuildEnvironment) -> DataFiles:
    """The data files as this build found them."""
    files = _scanned.get(env)
    return files if files is not None else rescan(env)


def check_before_reading(app: Sphinx) -> None:
    """builder-inited: stop the build with the check's messages if the data is invalid."""
    env = app.env
    files = rescan(env)
    marker = cache_dir(env) / "checked.signature"
    checked = view_key(env)
    if not (marker.is_file() and marker.read_text() == checked):
        _load(files, as_of(env))  # stops the build if the data is invalid
        marker.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(marker, checked.encode())


#: The program checked by this process, by data signature and as-of day: checked once.
_checked: dict[tuple[str, date], Program] = {}


def _load(files: DataFiles, day: date) -> Program:
    """The checked program (once per process, data version and day), or the build stops.

    The day bounds the reporting series: a build for a later day has more update pages."""
    key = (files.signature, day)
    if key in _checked:
        return _checked[key]
    from generators.data.load import check_directory

    loaded = check_directory(files.directory, as_of=day)
    if loaded.problems or loaded.program is None:
        for problem in sorted(loaded.problems):
            logger.error(str(problem), type="handbook", subtype="data")
        raise DataError(
            f"{len(loaded.problems)} problem(s) in the program data; the handbook was not built "
            "(run `nox -s check` to see them without building)"
        )
    _checked.clear()
    _checked[key] = loaded.program
    return loaded.program


def program(env: BuildEnvironment) -> Program:
    """The checked program itself, for what the build writes besides pages (update stubs).

    Blocks never read it: they ask for derived figures (`Reads.derived`), which are noted.
    Whatever is made of it must still go through the data layer's consent rules.
    """
    return _load(data_files(env), as_of(env))


def view_key(env: BuildEnvironment) -> str:
    """The data's signature and the day: what the published view is a function of."""
    return f"{data_files(env).signature} {as_of(env).isoformat()}"


#: Where this process reads pages' paths: one `Sources` a published view.
_sources: dict[str, Sources] = {}


def sources(env: BuildEnvironment) -> Sources:
    """The published view and the checked program as blocks read them, values remembered by
    path across the pages of this build (and derived figures computed once)."""
    from generators.data.reads import Sources

    view, files = published(env)
    key = view_key(env)
    found = _sources.get(key)
    if found is None:
        _sources.clear()
        found = _sources[key] = Sources(view, lambda: _load(files, view.as_of))
    return found


#: The published view of this process's build, by `view_key`.
_published: dict[str, PublishedProgram] = {}


def published(env: BuildEnvironment) -> tuple[PublishedProgram, DataFiles]:
    """The published view (consent and suppression applied) as of the build's date.

    Kept beside the doctrees between builds. Only the published view is ever written there,
    never the raw program: a build writes nothing that names people who have not consented.
    """
    files, day, key = data_files(env), as_of(env), view_key(env)
    view = _published.get(key)
    if view is None:
        cache = cache_dir(env) / "published.pickle"
        view = _read_cache(cache, key)
        if view is None:
            from generators.data.published import publish

            view = publish(_load(files, day), day)
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cache, pickle.dumps((key, view), protocol=5))
        _published.clear()  # one data version at a time: memory stays flat across rebuilds
        _published[key] = view
    return view, files


def _read_cache(cache: Path, key: str) -> PublishedProgram | None:
    try:
        stored_key, view = pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    from generators.data.published import PublishedProgram

    return view if stored_key == key and isinstance(view, PublishedProgram) else None
