"""The days a recurring meeting takes place: the calendar, the timeline and the reporting
dates (which follow the staff meeting) all count them the same way."""

from __future__ import annotations

from datetime import date
from typing import Protocol


class Recurring(Protocol):
    """What `occurrences` needs: a timeline item, raw or published."""

    @property
    def kind(self) -> str: ...
    @property
    def repeat(self) -> str | None: ...
    @property
    def first_day(self) -> date: ...
    @property
    def last_day(self) -> date: ...


def occurrences(item: Recurring) -> list[date]:
    """Every day a recurring meeting takes place (one day for anything else)."""
    if item.kind != "meeting" or item.repeat is None:
        return [item.first_day]
    days: list[date] = []
    day = item.first_day
    month_day = day.day
    while day <= item.last_day:
        days.append(day)
        if item.repeat == "monthly":
            month = day.month % 12 + 1
            year = day.year + (day.month == 12)
            day = _clamped(year, month, month_day)
        else:
            day = date.fromordinal(day.toordinal() + (7 if item.repeat == "weekly" else 14))
    return days


def _clamped(year: int, month: int, day: int) -> date:
    for candidate in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
