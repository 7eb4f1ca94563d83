"""Where a handbook's folders are: found from the current folder, never from the package.

A plain `pip install .` puts the package in site-packages, and an editable one points at the
clone it was installed from; neither says which handbook the user means. As git finds `.git`,
the commands take the nearest folder at or above the current one that holds `program/`, and
the Sphinx extension takes its folders from `conf.py` (`generators.sphinxext.config`).
"""

from __future__ import annotations

from pathlib import Path

#: The program's data, as coordinators edit it.
PROGRAM = "program"
#: Jinja templates of generated blocks, the status report and the printed book.
TEMPLATES = "_templates"
#: The pages and the Sphinx configuration.
DOCS = "docs"
#: The JSON Schemas editors check program/ with (`handbook schema`).
SCHEMA = "schema"
#: What the commands build (`handbook pdf` writes into build/pdf/).
BUILD = "build"


class NoHandbookFolder(Exception):
    """No folder at or above the current one holds `program/`."""


def find_handbook(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (the current folder) that holds `program/`."""
    here = Path.cwd() if start is None else start
    here = here.absolute()
    for folder in (here, *here.parents):
        if (folder / PROGRAM).is_dir():
            return folder
    return None


def handbook_folder(start: Path | None = None) -> Path:
    """`find_handbook`, or `NoHandbookFolder` saying where it looked and what to do."""
    found = find_handbook(start)
    if found is None:
        here = (Path.cwd() if start is None else start).absolute()
        raise NoHandbookFolder(
            f"no {PROGRAM}/ folder in {here} or any folder above it: run the command inside "
            f"the handbook's folder (the one holding {PROGRAM}/ and {DOCS}/), or give --program"
        )
    return found


def templates_dir(start: Path | None = None) -> Path:
    """The handbook's `_templates/`, found from the current folder."""
    return handbook_folder(start) / TEMPLATES
