"""The as-of date: the flag, then HANDBOOK_AS_OF, then SOURCE_DATE_EPOCH, then today."""

from __future__ import annotations

from datetime import date

import pytest

from generators.asof import AsOfError, resolve_as_of, unset_empty_epoch

EPOCH_2024_06_01_NOON = "1717243200"  # 2024-06-01T12:00:00Z


def never() -> date:
    raise AssertionError("today() must not be consulted")


def test_the_flag_wins_over_the_environment() -> None:
    env = {"HANDBOOK_AS_OF": "2025-01-01", "SOURCE_DATE_EPOCH": EPOCH_2024_06_01_NOON}
    assert resolve_as_of("2024-03-05", env, never) == date(2024, 3, 5)
    assert resolve_as_of(date(2024, 3, 6), env, never) == date(2024, 3, 6)


def test_handbook_as_of_wins_over_source_date_epoch() -> None:
    env = {"HANDBOOK_AS_OF": "2025-01-01", "SOURCE_DATE_EPOCH": EPOCH_2024_06_01_NOON}
    assert resolve_as_of(None, env, never) == date(2025, 1, 1)


def test_source_date_epoch_gives_the_utc_date() -> None:
    assert resolve_as_of(None, {"SOURCE_DATE_EPOCH": EPOCH_2024_06_01_NOON}, never) == date(
        2024, 6, 1
    )


def test_today_when_nothing_is_set() -> None:
    assert resolve_as_of(None, {"HANDBOOK_AS_OF": " "}, lambda: date(2030, 2, 3)) == date(
        2030, 2, 3
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HANDBOOK_AS_OF": "next tuesday"}, "HANDBOOK_AS_OF: expected a date as YYYY-MM-DD"),
        ({"HANDBOOK_AS_OF": "2024-02-30"}, "HANDBOOK_AS_OF: '2024-02-30' is not a real date"),
        ({"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH: expected whole seconds"),
        (
            {"HANDBOOK_AS_OF": "9999-12-31"},
            r"HANDBOOK_AS_OF: 9999-12-31 is after 2199-12-31, outside the years the handbook "
            r"can show \(1900 to 2199\)",
        ),
        ({"HANDBOOK_AS_OF": "1899-12-31"}, "HANDBOOK_AS_OF: 1899-12-31 is before 1900-01-01"),
        ({"SOURCE_DATE_EPOCH": "253402214400"}, "SOURCE_DATE_EPOCH: 9999-12-31 is after"),
    ],
)
def test_a_bad_environment_value_says_where_it_came_from(env: dict[str, str], message: str) -> None:
    with pytest.raises(AsOfError, match=message):
        resolve_as_of(None, env, never)


def test_an_out_of_range_source_date_epoch_is_an_error_even_when_not_used() -> None:
    env = {"HANDBOOK_AS_OF": "2025-01-01", "SOURCE_DATE_EPOCH": "99999999999999999"}
    with pytest.raises(AsOfError, match="SOURCE_DATE_EPOCH: 99999999999999999 is out of range"):
        resolve_as_of(None, env, never)


def test_an_empty_source_date_epoch_is_unset() -> None:
    env = {"SOURCE_DATE_EPOCH": " "}
    unset_empty_epoch(env)
    assert env == {}
    assert resolve_as_of(None, {"SOURCE_DATE_EPOCH": ""}, lambda: date(2030, 2, 3)) == date(
        2030, 2, 3
    )
