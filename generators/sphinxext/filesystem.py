"""A file the build cannot read or write stops it with the path and what to do, never with a
bare `OSError` and a traceback: a full disk says which folder is full.

Every event handler and directive of the extension is wrapped when it is registered (see
`setup`), so none can forget; what Sphinx itself fails to write is reported when the build
finishes with that error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError, SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from generators.data.safefile import explain

logger = logging.getLogger(__name__)

Handler = TypeVar("Handler", bound=Callable[..., Any])


class FileError(SphinxError):
    """A file of the build could not be read or written; the message says which, and why."""

    category = "Cannot write a file of the build"


def file_stamp(path: Path) -> str:
    """A file's size and modification time: it changed when this does. Empty if there is no
    such file; any other error reading it stops the build with its path (see `FileError`)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ""
    return f"{stat.st_size} {stat.st_mtime_ns}"


def naming_file_errors(handler: Handler) -> Handler:
    """`handler`, raising `FileError` where it would raise `OSError`."""

    @functools.wraps(handler)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except OSError as error:
            raise FileError(explain(error)) from error

    return wrapped  # type: ignore[return-value]


def directive_naming_file_errors(directive: type[SphinxDirective]) -> type[SphinxDirective]:
    """`directive`, whose `run` raises `FileError` where it would raise `OSError`."""

    class Named(directive):  # type: ignore[valid-type,misc]
        def run(self) -> list[nodes.Node]:
            try:
                return list(super().run())
            except OSError as error:
                raise FileError(explain(error)) from error

    Named.__name__ = Named.__qualname__ = directive.__name__
    Named.__doc__ = directive.__doc__
    return Named


def report_build_error(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: a file Sphinx could not write, named (the output folder if the error
    names none), with what to do."""
    error = (
        getattr(exception, "orig_exc", None) if isinstance(exception, ExtensionError) else exception
    )
    if isinstance(error, OSError) and not isinstance(exception, FileError):
        where = error.filename if error.filename is not None else Path(app.outdir)
        logger.error(explain(error, path=where), type="handbook", subtype="file")
