"""What the cover says: the program, its organization, the "as of" date and the revision."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generators.asof import AsOfError, resolve_as_of
from generators.pdf.errors import PdfError


@dataclass(frozen=True)
class Cover:
    """The facts printed on the cover; all plain text, escaped by the template."""

    title: str
    organization: str
    as_of: dt.date
    revision: str


def as_of_date(value: str | None, environ: Mapping[str, str] = os.environ) -> dt.date:
    """The given date, else `HANDBOOK_AS_OF`, else `SOURCE_DATE_EPOCH` (UTC), else today."""
    try:
        return resolve_as_of(value, environ)
    except AsOfError as error:
        raise PdfError(f"as-of date: {error} (a date like 2025-03-31)", 2) from None


def source_revision(where: Path) -> str:
    """The short commit the sources come from, or "unversioned" outside git."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return "unversioned"
    revision = done.stdout.strip()
    return revision if done.returncode == 0 and revision else "unversioned"
