"""The days the handbook can show: every date in the data, and every "as of" day, falls here.

Python's dates end in year 9999, and the program computes past a date (the next meeting, a
month's end, a reporting date after the last), so a date near that end crashes the build, the
calendar and the exports. Long before that, a timeline or a reporting series reaching
centuries ahead would fill every chart with an axis of centuries. Three centuries are more
than any program plans, and leave all the room those computations need.
"""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why `day` cannot be shown (a sentence without the field), or None when it can."""
    if day < FIRST_DAY:
        return f"{day.isoformat()} is before {FIRST_DAY.isoformat()}"
    if day > LAST_DAY:
        return f"{day.isoformat()} is after {LAST_DAY.isoformat()}"
    return None


#: What a message about such a day adds: which days are allowed.
ALLOWED = f"outside the years the handbook can show ({FIRST_DAY.year} to {LAST_DAY.year})"
#: And what to do instead.
HINT = "give the day as planned now (a meeting's last planned day, say), and move it later"
