"""Roster blocks: who is named, who is only counted."""

from __future__ import annotations

from bs4 import BeautifulSoup

from extension.conftest import MakeProject, build, html_text

PAGE = """\
# Roster

```{handbook-mentors}
:columns: name, skills, open, timezone
```

```{handbook-pairings}
```

```{handbook-roles}
:roles: coordinator, mentor, mentee
```
"""


def test_mentors_table_names_consenting_mentors_and_counts_the_rest(
    make_project: MakeProject,
) -> None:
    result = build(make_project({"index": PAGE}))
    assert result.warnings == ""
    soup = BeautifulSoup(html_text(result), "html.parser")
    table = soup.select_one(".handbook-mentors table")
    assert table is not None
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Mentor", "Can help with", "Open slots", "Time zone"]
    rows = [
        [cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")
    ]
    # As of 2024-03-01 Zoë (capacity 2) mentors José and Ed: no open slot.
    assert rows == [["Zoë Ångström", "Prometheus, incident review", "0", "Europe/Stockholm"]]
    unnamed = soup.select_one(".handbook-mentors .handbook-unnamed")
    assert unnamed is not None and "1 more mentor" in unnamed.get_text()


def test_unpublished_people_are_never_named(make_project: MakeProject) -> None:
    result = build(make_project({"index": PAGE}))
    for path in result.outdir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".svg"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Bo Hidden" not in text, path
            assert "Di Private" not in text, path
