"""How every figure prints, and what each metric is called: one wording for the site, the
report, the PDF and the exports.

Percentages keep one decimal so that a figure just under its target never prints the same as
the target (47.6 % against 48.4 % must not both read "48 %"), and comparisons that decide a
status are made at this printed precision, so a status never contradicts the figures beside it.
"""

from __future__ import annotations

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
#: Decimals of a percentage, everywhere.
PERCENT_DIGITS = 1
#: What a missing figure prints as (nothing to divide by, no report yet).
MISSING = "—"


def is_fraction(metric: str) -> bool:
    """Participation is a fraction printed as a percentage; the other metrics count people."""
    return METRIC_UNITS.get(metric) == "%"


def percent(fraction: float | None) -> str:
    """0.4762 as "47.6 %"."""
    if fraction is None:
        return MISSING
    return f"{fraction * 100:.{PERCENT_DIGITS}f} %"


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
