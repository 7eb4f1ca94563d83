"""The "as of" date of every output: a build made today shows the program as it is today.

Resolved in one order everywhere: an explicit value, then `HANDBOOK_AS_OF`, then
`SOURCE_DATE_EPOCH` (reproducible builds), then today (UTC).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


class AsOfError(ValueError):
    """An "as of" value that is not a date."""


def parse_date(text: str, source: str) -> date:
    """An ISO date from `source` (a flag or variable name), or a clear error."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise AsOfError(f"{source}: expected a date as YYYY-MM-DD; found {text!r}") from None


def resolve_as_of(explicit: str | date | None = None) -> date:
    """The "as of" date: explicit value, HANDBOOK_AS_OF, SOURCE_DATE_EPOCH, or today."""
    if isinstance(explicit, date):
        return explicit
    if explicit:
        return parse_date(explicit, "as of")
    env = os.environ.get("HANDBOOK_AS_OF", "").strip()
    if env:
        return parse_date(env, "HANDBOOK_AS_OF")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise AsOfError(
                f"SOURCE_DATE_EPOCH: expected seconds since 1970; found {epoch!r}"
            ) from None
    return datetime.now(tz=timezone.utc).date()
