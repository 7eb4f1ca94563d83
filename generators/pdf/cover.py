"""What the cover says: the program, its organization, which edition for which day (and for
the off-site edition, which meeting and who decides), and the revision; and the PDF's title,
which says the same."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generators.asof import AsOfError, resolve_as_of
from generators.data import formats
from generators.pdf.errors import PdfError

if TYPE_CHECKING:
    from generators.data.approval import Approval
    from generators.pdf.editions import Edition


@dataclass(frozen=True)
class Cover:
    """The facts printed on the cover; all plain text, escaped by the template."""

    title: str
    organization: str
    as_of: dt.date
    revision: str
    #: What the book is ("Off-site edition, for approval").
    edition: str = "Handbook"
    #: The cover's list of facts, as (label, value).
    facts: tuple[tuple[str, str], ...] = ()
    #: The PDF's title, which viewers show: the program, the edition, the meeting, the day.
    document_title: str = ""
    #: The staff meeting a status update is for.
    update_for: dt.date | None = None


def make_cover(
    title: str,
    organization: str,
    as_of: dt.date,
    revision: str,
    edition: Edition,
    approval: Approval | None = None,
    update_for: dt.date | None = None,
) -> Cover:
    """The cover of `edition` as of `as_of`; the off-site edition names its meeting, the
    status update the staff meeting it is for."""
    day = formats.day(as_of)
    label = edition.label + (", for approval" if edition.approval else "")
    facts: list[tuple[str, str]] = [("Edition", label)]
    document_title = f"{title}: {edition.label.lower()} as of {day}"
    if update_for is not None:
        meeting_day = formats.day(update_for)
        document_title = f"{title}: {edition.label.lower()} for {meeting_day} (as of {day})"
    meeting = approval.meeting if approval is not None else None
    if meeting is not None:
        on = formats.day(meeting.first_day)
        facts += [("Meeting", meeting.title), ("On", on)]
        if meeting.decided_by:
            facts.append(("Decided by", meeting.decided_by))
        document_title = f"{title}: {edition.label.lower()} for {meeting.title}, {on} (as of {day})"
    facts += [("As of", day), ("Source revision", revision)]
    return Cover(
        title, organization, as_of, revision, label, tuple(facts), document_title, update_for
    )


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
