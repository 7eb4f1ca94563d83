"""The data files' signature: whether anything in `program/` changed, found with `stat` alone.

The signature digests every data file's name, size and modification time, and those of the
code the build makes outputs with from the data: the data layer, which decides what the
published view holds, and the coordinator's modules the extension imports (the update, the
calendar, `program.json`), found from its imports. An upgraded or edited handbook never
reuses a view, an update or a download an older one made. A build whose data did not change pays
only for these `stat` calls; one whose data did change checks and
publishes it again, and then reads again only the pages that read a value that changed
(see `tracking`).
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generators import __version__
from generators import data as data_layer
from generators.data.files import LIST_FILES, PROGRAM_FILE, RECORD_DIRS

CACHE_VERSION = f"{__version__}-2"
_NAMES = (PROGRAM_FILE, *LIST_FILES, *RECORD_DIRS)
#: The code the published view is made by.
_CODE = Path(data_layer.__file__).parent
#: The extension, whose imports name the coordinator's modules the build uses.
_EXTENSION = Path(__file__).parent
_COORDINATOR = "generators.coordinator"


@dataclass(frozen=True)
class DataFiles:
    """The program's folder and a digest of its files' names, sizes and times."""

    directory: Path
    signature: str


def scan(directory: Path) -> DataFiles:
    """Digest the data files (stat only, no reading)."""
    whole = hashlib.sha256(CACHE_VERSION.encode())
    found: list[Path] = []
    for name in _NAMES:
        path = directory / name
        if name in RECORD_DIRS and path.is_dir():
            found.extend(sorted(path.iterdir()))
        elif path.exists():
            found.append(path)
    found.extend(sorted(_CODE.glob("*.py")))
    found.extend(coordinator_code(*sorted(_EXTENSION.glob("*.py"))))
    for path in found:
        stat = path.stat()
        whole.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Unknown files are problems too (a misspelt file name): they change the signature.
    if directory.is_dir():
        whole.update("\0".join(sorted(p.name for p in directory.iterdir())).encode())
    return DataFiles(directory, whole.hexdigest())


@cache
def coordinator_code(*files: Path) -> tuple[Path, ...]:
    """The coordinator's modules `files` import (in a function too), and those these import in
    turn: read once a process, as the code does not change under a running build."""
    package = Path(__file__).parent.parent / "coordinator"
    found: set[Path] = set()
    todo = list(files)
    while todo:
        tree = ast.parse(todo.pop().read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if not name.startswith(_COORDINATOR + "."):
                    continue
                path = package.joinpath(*name.split(".")[2:]).with_suffix(".py")
                if path.is_file() and path not in found:
                    found.add(path)
                    todo.append(path)
    return tuple(sorted(found))
