"""`handbook export`: the published view as JSON and CSV, with the site's consent and
suppression."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from coordinator.support import SMALL, Run, assert_names_none_of
from generators.coordinator.export import TABLES, program_json, table_csv, write_program_json
from generators.data.models import Program
from generators.data.published import publish

AS_OF = date(2024, 5, 8)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_json_is_the_whole_published_view(handbook: Callable[..., Run], small: Program) -> None:
    result = handbook(
        "export", "--format", "json", "--program", str(SMALL), "--as-of", "2024-05-08"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["as_of"] == "2024-05-08"  # dates as ISO strings
    assert data["name"] == "Test Mentorship Program"
    assert [m["person"]["name"] for m in data["mentors"]] == ["Zoë Ångström"]  # bo is unnamed
    assert data["unnamed_mentors"] == 1
    assert data["mentors"][0]["open_slots"] == 1  # derived properties come along
    assert data["targets"][0]["target"] == {
        "by": "2024-12-31",
        "metric": "participation",
        "set_on": None,
        "value": 0.5,
    }
    assert result.out == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert result.out == program_json(publish(small, AS_OF))


def test_json_suppresses_small_survey_groups(small: Program) -> None:
    """pulse-2024: the mentor group has 3 answers (under 5), so both role groups are hidden
    (22 − 19 = 3 would give the mentors away)."""
    data = json.loads(program_json(publish(small, date(2024, 7, 1))))
    growth = data["surveys"][0]["questions"][0]
    assert growth["counts"] == [0, 1, 3, 10, 8]
    assert [(g["name"], g["counts"], g["suppressed"]) for g in growth["breakdowns"]["by_role"]] == [
        ("mentee", None, True),
        ("mentor", None, True),
    ]
    time = data["surveys"][0]["questions"][1]
    assert time["counts"] is None and time["suppressed"] is True  # 4 respondents
    themes = {t["theme"]: t["mentions"] for t in data["surveys"][0]["themes"]}
    assert themes == {
        "On-call load leaves little time for mentoring": 7,
        "Wants a mentor in another timezone": None,
    }


def test_the_same_data_gives_the_same_bytes(small: Program, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_program_json(publish(small, AS_OF), first)
    write_program_json(publish(small, AS_OF), second)
    assert first.read_bytes() == second.read_bytes()


def test_csv_pairings_lists_only_pairs_both_named(small: Program) -> None:
    rows = _rows(table_csv(publish(small, date(2024, 3, 1)), "pairings"))
    # on 03-01 two pilot pairings meet: zoe-jose (active) and bo-di (completed later, on
    # 04-30); only zoe-jose has both people named
    assert rows == [
        {
            "cohort": "Pilot cohort",
            "mentor": "Zoë Ångström",
            "mentee": "José Núñez",
            "start": "2024-01-10",
            "goals_done": "1",
            "goals_total": "2",
        }
    ]
    cohorts = _rows(table_csv(publish(small, date(2024, 3, 1)), "cohorts"))
    assert (cohorts[0]["id"], cohorts[0]["active_pairings"], cohorts[0]["unnamed_pairings"]) == (
        "pilot",
        "2",
        "1",
    )


def test_csv_snapshots_match_the_data_layer(small: Program) -> None:
    rows = _rows(table_csv(publish(small, AS_OF), "snapshots"))
    assert rows[0] == {
        "date": "2023-11-15",
        "source": "baseline",
        "eligible": "6",
        "mentors": "1",
        "mentees": "1",
        "participants": "2",
        "participation": str(2 / 6),
        "year_participants": "",  # a baseline row has no year of records
        "participation_year": "",
    }
    last = rows[-1]
    assert (last["date"], last["eligible"], last["participants"]) == ("2024-05-06", "8", "2")


def test_csv_survey_counts_are_empty_where_suppressed(small: Program) -> None:
    rows = _rows(table_csv(publish(small, date(2024, 7, 1)), "surveys"))
    mentor = [r for r in rows if r["group"] == "mentor"]
    assert len(mentor) == 5 and all(r["count"] == "" and r["suppressed"] == "true" for r in mentor)
    total = [r["count"] for r in rows if r["question"] == "growth" and r["breakdown"] == ""]
    assert total == ["0", "1", "3", "10", "8"]


def test_csv_cells_never_run_as_formulas(small: Program) -> None:
    incentives = tuple(
        i.model_copy(update={"name": '=HYPERLINK("http://x","y")', "summary": "@SUM(1)"})
        for i in small.incentives
    )
    rows = _rows(
        table_csv(publish(small.model_copy(update={"incentives": incentives}), AS_OF), "incentives")
    )
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["summary"] == "'@SUM(1)"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_has_a_header_and_rows_of_its_width(small: Program, table: str) -> None:
    text = table_csv(publish(small, date(2024, 7, 1)), table)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] and all(len(row) == len(rows[0]) for row in rows)


def test_csv_needs_a_table_and_json_takes_none(handbook: Callable[..., Run]) -> None:
    missing = handbook("export", "--format", "csv")
    assert missing.code == 2 and "--format csv needs --table" in missing.err
    extra = handbook("export", "--format", "json", "--table", "mentors")
    assert extra.code == 2
    assert handbook("export", "--format", "xml").code == 2


@pytest.mark.parametrize("as_of", ["2024-10-20", "2025-07-01", "2026-11-27", "2027-07-01"])
def test_no_export_names_an_unpublished_person(
    handbook: Callable[..., Run], unpublished_names: list[str], as_of: str
) -> None:
    outputs = [handbook("export", "--format", "json", "--as-of", as_of).out]
    outputs += [
        handbook("export", "--format", "csv", "--table", table, "--as-of", as_of).out
        for table in TABLES
    ]
    assert all(outputs)
    assert_names_none_of("\n".join(outputs), unpublished_names)


def test_hidden_themes_are_listed_alphabetically_as_on_the_pages(small: Program) -> None:
    """Listed by their true mentions, hidden themes would tell which was mentioned least."""
    themes = [("Zebra crossings", 4), ("Alpha tests", 1), ("Mid-sized worries", 3), ("Big", 9)]
    base = small.surveys[0]
    changed = base.model_copy(
        update={"themes": tuple(type(base.themes[0])(theme=t, mentions=m) for t, m in themes)}
    )
    program = small.model_copy(update={"surveys": (changed,)})
    data = json.loads(program_json(publish(program, date(2024, 7, 1))))
    listed = [(t["theme"], t["mentions"]) for t in data["surveys"][0]["themes"]]
    assert listed == [
        ("Big", 9),
        ("Alpha tests", None),
        ("Mid-sized worries", None),
        ("Zebra crossings", None),
    ]
