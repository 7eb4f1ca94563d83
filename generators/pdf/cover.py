"""What the cover says: the program, its organization, the "as of" date and the revision."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def program_identity(program_dir: Path | None, title: str, organization: str) -> tuple[str, str]:
    """Name and organization from `program/program.yaml` when it says them, else the fallbacks.

    Only these two keys are read, so a cover never depends on the rest of the data being valid.
    """
    path = program_dir / "program.yaml" if program_dir else None
    if path is None or not path.is_file():
        return title, organization
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise PdfError(f"{path}: cannot read the program's name: {error}".splitlines()[0]) from None
    if not isinstance(data, dict):
        return title, organization
    name = data.get("name")
    org = data.get("organization")
    return (
        name.strip() if isinstance(name, str) and name.strip() else title,
        org.strip() if isinstance(org, str) and org.strip() else organization,
    )
