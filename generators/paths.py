"""Where the repository's shared folders are, found from the package itself."""

from __future__ import annotations

from pathlib import Path

#: The repository root when the package is used from a checkout (editable install).
REPO_ROOT = Path(__file__).resolve().parent.parent
#: Jinja templates of generated blocks; editors change how a block looks here.
TEMPLATES_DIR = REPO_ROOT / "_templates"
#: The program's data, as coordinators edit it.
PROGRAM_DIR = REPO_ROOT / "program"
