"""The "as of" date every output is computed for, resolved the same way everywhere.

Order: an explicit value (the `--as-of` flag, or a Sphinx setting), then `HANDBOOK_AS_OF`,
then `SOURCE_DATE_EPOCH` (reproducible builds), then today. A build or report made twice from
the same data and the same resolved date is identical.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, MutableMapping
from datetime import date, datetime, timezone

from generators.data import years

AS_OF_ENV = "HANDBOOK_AS_OF"
EPOCH_ENV = "SOURCE_DATE_EPOCH"


class AsOfError(ValueError):
    """An as-of date that cannot be read; the message says where it came from."""


def parse_date(text: str) -> date:
    """`YYYY-MM-DD` as a date, or `AsOfError` saying what was found."""
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            raise AsOfError(f"{value!r} is not a real date ({error})") from None
        return _shown(day)
    raise AsOfError(f"expected a date as YYYY-MM-DD; found {text!r}")


def _shown(day: date) -> date:
    """`day`, if the handbook can show it (see `generators.data.years`)."""
    why = years.out_of_range(day)
    if why is not None:
        raise AsOfError(f"{why}, {years.ALLOWED}")
    return day


def unset_empty_epoch(environ: MutableMapping[str, str] | None = None) -> None:
    """Drop an empty SOURCE_DATE_EPOCH: it means unset here, and Sphinx would refuse it."""
    env = os.environ if environ is None else environ
    if EPOCH_ENV in env and not env[EPOCH_ENV].strip():
        del env[EPOCH_ENV]


def source_date_epoch(environ: Mapping[str, str] | None = None) -> datetime | None:
    """`SOURCE_DATE_EPOCH` as an aware UTC datetime, None when unset or empty."""
    env = os.environ if environ is None else environ
    raw = env.get(EPOCH_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise AsOfError(f"{EPOCH_ENV}: expected whole seconds since 1970-01-01; found {raw!r}")
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise AsOfError(
            f"{EPOCH_ENV}: {raw} is out of range (expected seconds up to year 9999)"
        ) from None


def resolve_as_of(
    explicit: date | str | None = None,
    environ: Mapping[str, str] | None = None,
    today: Callable[[], date] = date.today,
) -> date:
    """The as-of date: `explicit`, else HANDBOOK_AS_OF, else SOURCE_DATE_EPOCH, else today.

    A malformed or out-of-range SOURCE_DATE_EPOCH is an error even when it is not the source
    of the date: Sphinx and matplotlib read it too, and would fail later with less to go on.
    """
    env = os.environ if environ is None else environ
    epoch = source_date_epoch(env)
    if isinstance(explicit, date):
        return explicit
    if explicit is not None and explicit.strip():
        return parse_date(explicit)
    from_env = env.get(AS_OF_ENV, "").strip()
    if from_env:
        try:
            return parse_date(from_env)
        except AsOfError as error:
            raise AsOfError(f"{AS_OF_ENV}: {error}") from None
    if epoch is not None:
        try:
            return _shown(epoch.date())
        except AsOfError as error:
            raise AsOfError(f"{EPOCH_ENV}: {error}") from None
    return today()
