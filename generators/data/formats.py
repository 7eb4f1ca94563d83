"""How every figure and every day prints, and what each metric is called: one wording for the
site, the report, the PDF and the exports.

Percentages keep one decimal so that a figure just under its target never prints the same as
the target (47.6 % against 48.4 % must not both read "48 %"), and comparisons that decide a
status are made at this printed precision, so a status never contradicts the figures beside it.
"""

from __future__ import annotations

import re
from datetime import date

#: Each metric's name as a heading, a table row or a chart's legend shows it (the metrics are
#: `models.Metric`; the share of eligible people who took part in the year is drawn beside
#: participation).
METRIC_LABELS: dict[str, str] = {
    "participation": "Participation",
    "mentors": "Active mentors",
    "mentees": "Active mentees",
    "participants": "Active participants",
    "eligible": "Eligible people",
    "participation_year": "Took part in the year",
}
#: Each metric's unit: participation is a share of eligible people, the others count people.
METRIC_UNITS: dict[str, str] = {
    "participation": "%",
    "mentors": "people",
    "mentees": "people",
    "participants": "people",
    "eligible": "people",
    "participation_year": "%",
}
#: Each roadmap status as a label ("At risk": a table's cell, a badge, the start of a line);
#: running text has it in lower case (`status_words`). One for each `models.TimelineStatus`.
STATUS_LABELS: dict[str, str] = {
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "at-risk": "At risk",
    "missed": "Missed",
}
#: Decimals of a percentage, everywhere.
PERCENT_DIGITS = 1
#: What a missing figure prints as (nothing to divide by, no report yet).
MISSING = "—"


def is_fraction(metric: str) -> bool:
    """Participation is a fraction printed as a percentage; the other metrics count people."""
    return METRIC_UNITS.get(metric) == "%"


def status_label(status: str) -> str:
    """A roadmap status as a label: "At risk"."""
    return STATUS_LABELS[status]


def status_words(status: str) -> str:
    """A roadmap status in running text: "at risk"."""
    return STATUS_LABELS[status].lower()


def percent(fraction: float | None, digits: int = PERCENT_DIGITS) -> str:
    """0.4762 as "47.6 %": the number, a space, the sign. Only a chart's axis, whose ticks fall on
    whole percentages, asks for fewer `digits` ("40 %")."""
    if fraction is None:
        return MISSING
    return f"{fraction * 100:.{digits}f} %"


#: Month names as every output prints them, short ("Dec"): English, whatever the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


#: Weekday names as every output prints them ("Wednesday"): English, whatever the machine's
#: locale (Sphinx sets the user's locale, where `strftime` would print "Mittwoch").
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday(value: date) -> str:
    """A day's weekday name: "Wednesday"."""
    return WEEKDAYS[value.weekday()]


def day(value: date | None) -> str:
    """A day in prose and in tables, everywhere people read it: "5 Dec 2026".

    Day, short month, year reads the same to every reader (5/12 and 12/5 do not) and fits a
    table cell; ISO days (`machine_day`) are for what machines read: file names, exports,
    calendars, a PDF's metadata.
    """
    if value is None:
        return MISSING
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: date) -> str:
    """A month in prose or on a chart's axis: "Dec 2026"."""
    return f"{MONTHS[value.month - 1]} {value.year}"


def machine_day(value: date) -> str:
    """A day where a machine reads it (file names, exports, metadata): "2026-12-05"."""
    return value.isoformat()


def count(value: float | None) -> str:
    """A count of people; a pace between two counts keeps one decimal ("10.4")."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def metric_value(metric: str, value: float | None) -> str:
    """A metric's value as every output prints it."""
    return percent(value) if is_fraction(metric) else count(value)


def signed(value: float | None, unit: str = "", digits: int = 0) -> str:
    """A change with its sign: "+3", "−1", "±0"."""
    if value is None:
        return MISSING
    shown = f"{abs(value):.{digits}f}"
    if float(shown) == 0:
        return f"±{shown}{unit}"
    return f"{'+' if value > 0 else '−'}{shown}{unit}"


def points(delta: float | None) -> str:
    """A change of a fraction in percentage points: 0.031 as "+3.1 pts"."""
    return signed(None if delta is None else delta * 100, " pts", PERCENT_DIGITS)


def as_printed(metric: str, value: float) -> float:
    """`value` at the precision it prints with, so comparisons agree with what readers see."""
    if is_fraction(metric):
        scale = float(10 ** (2 + PERCENT_DIGITS))
        return round(value * scale) / scale
    return round(float(value), 1)


#: A percent sign right after a number ("50%"), not the start of an escape ("%20").
_BARE_PERCENT = re.compile(r"(?<=\d)%(?![0-9A-Fa-f]{2})")
#: A day written as ISO in running text, not part of a longer id ("2024-03-21-offsite").
_ISO_DAY = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
#: Straight quotes, and what decides their direction: an opening one follows a space, an
#: opening bracket or dash, or starts the text.
_OPENING = re.compile(r"(^|[\s(\[{\u2014\u2013-])([\"'])")


def in_format(text: str) -> str:
    """Text from the data with its figures in the one format: a percentage written "50%" as
    "50 %", a day written "2024-03-21" as "21 Mar 2024". Every output applies it to the text
    it shows (names, titles, prose), so a coordinator's wording never breaks the format."""
    text = _BARE_PERCENT.sub(" %", text)
    return _ISO_DAY.sub(_day_of, text) if "-" in text else text


def _day_of(match: re.Match[str]) -> str:
    try:
        return day(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:  # not a real day: leave it as written
        return match[0]


def typeset(text: str) -> str:
    """Prose from the data (a description, a story) as the pages set theirs: `in_format`, and
    curly quotes and apostrophes."""
    text = in_format(text)
    if "'" not in text and '"' not in text:
        return text
    text = _OPENING.sub(lambda m: m[1] + ("\u201c" if m[2] == '"' else "\u2018"), text)
    return text.replace('"', "\u201d").replace("'", "\u2019")
