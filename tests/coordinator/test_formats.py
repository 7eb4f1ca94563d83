"""The words every output prints from `formats`: a weekday in English whatever the machine's
locale (Sphinx calls `locale.setlocale(LC_ALL, "")`, so `strftime` would print the reader's
language), and a label for every roadmap status the model allows."""

from __future__ import annotations

import calendar
import locale
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import get_args

import pytest

from coordinator.support import REPO
from generators.data import formats
from generators.data.models import TimelineStatus

#: A week from a Monday.
WEEK = [date(2024, 1, 8) + timedelta(days=offset) for offset in range(7)]
#: Locales that name weekdays in another language, if the machine has one.
OTHER_LANGUAGES = ("de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "es_ES.UTF-8")


@pytest.fixture
def c_time() -> Iterator[None]:
    previous = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "C")
    yield
    locale.setlocale(locale.LC_TIME, previous)


def test_weekday_matches_the_c_locale(c_time: None) -> None:
    """The fixed list is the C locale's, in Python's order (Monday first)."""
    assert [formats.weekday(day) for day in WEEK] == list(calendar.day_name)
    assert formats.weekday(date(2024, 1, 10)) == "Wednesday"


def test_weekday_is_english_under_another_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    for name in OTHER_LANGUAGES:
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert WEEK[2].strftime("%A") != "Wednesday"  # the locale does change strftime
            assert [formats.weekday(day) for day in WEEK] == list(formats.WEEKDAYS)
        finally:
            locale.setlocale(locale.LC_TIME, previous)
        return
    pytest.skip(f"no locale of {', '.join(OTHER_LANGUAGES)} on this machine")


def test_no_template_names_a_day_or_month_through_the_locale() -> None:
    """Templates name weekdays and months through `formats`' filters only: `%A`, `%a`, `%B` or
    `%b` would follow the machine's locale."""
    by_locale = re.compile(r"%[aAbB]")
    files = [
        path
        for pattern in ("*.j2", "*.html", "*.jinja")
        for path in (REPO / "_templates").rglob(pattern)
    ]
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_locale.search(line)
    ]
    assert files and found == []


def test_every_roadmap_status_has_its_label() -> None:
    assert sorted(formats.STATUS_LABELS) == sorted(get_args(TimelineStatus))
    assert formats.status_label("at-risk") == "At risk"
    assert formats.status_words("in-progress") == "in progress"
