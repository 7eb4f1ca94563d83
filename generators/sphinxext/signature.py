"""The data files' signature: whether anything in `program/` changed, found with `stat` alone.

The signature digests every data file's name, size and modification time, and those of the
code the build makes outputs with from the data: the data layer, which decides what the
published view holds, and the coordinator's package (the update, the calendar,
`program.json`). An upgraded or edited handbook never
reuses a view, an update or a download an older one made. A build whose data did not change pays
only for these `stat` calls; one whose data did change checks and
publishes it again, and then reads again only the pages that read a value that changed
(see `tracking`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generators import __version__
from generators import data as data_layer
from generators.data.files import LIST_FILES, PROGRAM_FILE, RECORD_DIRS

CACHE_VERSION = f"{__version__}-2"
_NAMES = (PROGRAM_FILE, *LIST_FILES, *RECORD_DIRS)
#: The code the published view is made by.
_CODE = Path(data_layer.__file__).parent
#: The code the update pages and the downloads are made by, besides the data layer.
_COORDINATOR = Path(__file__).parent.parent / "coordinator"


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
    found.extend(coordinator_code())
    for path in found:
        stat = path.stat()
        whole.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Unknown files are problems too (a misspelt file name): they change the signature.
    if directory.is_dir():
        whole.update("\0".join(sorted(p.name for p in directory.iterdir())).encode())
    return DataFiles(directory, whole.hexdigest())


def coordinator_code() -> tuple[Path, ...]:
    """The coordinator's modules: the update pages, the calendar and `program.json` are made
    by some of them, and a `glob` of the package costs less than finding which (a `stat` each,
    where reading the imports took about 0.1 s a build)."""
    return tuple(sorted(_COORDINATOR.glob("*.py")))
