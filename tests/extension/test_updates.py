"""The Updates section: a generated page per reporting date, and the site's downloads."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
from bs4 import BeautifulSoup

from extension.conftest import MakeProject, build, html_text

INDEX = """\
# Home

```{handbook-updates}
```

```{toctree}
sub/downloads
```
"""
DOWNLOADS = "# Downloads\n\n```{handbook-downloads}\n```\n"


def _project(make_project: MakeProject, program: Path, as_of: str) -> Path:
    srcdir = make_project(
        {"index": INDEX, "sub/downloads": DOWNLOADS}, program=program, as_of=as_of
    )
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'handbook_updates_dir = "updates"\n')
    # make_project lists its pages in a toctree of its own: the one above is the one tested.
    (srcdir / "index.md").write_text(INDEX)
    return srcdir


def test_one_page_per_reporting_date_with_that_dates_update(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = _project(make_project, program_copy, "2024-03-01")
    result = build(srcdir)
    assert result.warnings == ""
    # First reporting date 2024-01-01, every 14 days, up to the as-of date 2024-03-01.
    stubs = sorted(p.name for p in (srcdir / "updates").glob("*.md"))
    assert stubs == [
        "2024-01-01.md",
        "2024-01-15.md",
        "2024-01-29.md",
        "2024-02-12.md",
        "2024-02-26.md",
        "2024.md",  # the year's page, which lists them
    ]
    page = BeautifulSoup(html_text(result, "updates/2024-02-12"), "html.parser")
    assert page.h1 is not None and page.h1.get_text().startswith("Update for 12 Feb 2024")
    text = page.select_one(".handbook-report").get_text(" ", strip=True)
    # The period 2024-01-30 … 2024-02-12 saw bo (unpublished) start with di (unpublished) on
    # 02-01: counted, not named; and zoe start with ed on 02-15 falls in the next period.
    assert "Period 30 Jan 2024 to 12 Feb 2024" in text
    assert "a mentor with a mentee" in text
    assert "Ed Leaver" not in text
    for hidden in ("Bo Hidden", "Di Private"):
        assert all(hidden not in p.read_text() for p in result.outdir.rglob("*.html"))
    # Newest first in the section's table of contents.
    home = html_text(result)
    assert home.index("updates/2024-02-26.html") < home.index("updates/2024-01-01.html")


def test_unchanged_data_rewrites_no_update_page(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = _project(make_project, program_copy, "2024-03-01")
    build(srcdir)
    stamps = {p: p.stat().st_mtime_ns for p in (srcdir / "updates").glob("*.md")}
    again = build(srcdir, fresh=False)
    assert "0 added, 0 changed, 0 removed" in again.status
    assert {p: p.stat().st_mtime_ns for p in (srcdir / "updates").glob("*.md")} == stamps


def test_a_later_date_adds_its_update_page(make_project: MakeProject, program_copy: Path) -> None:
    srcdir = _project(make_project, program_copy, "2024-03-01")
    build(srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace("2024-03-01", "2024-03-12"))
    result = build(srcdir, fresh=False)
    assert (result.outdir / "updates" / "2024-03-11.html").is_file()
    assert "updates/2024-03-11.html" in html_text(result)


def test_calendar_and_data_are_offered_from_any_page_depth(
    make_project: MakeProject, program_copy: Path
) -> None:
    result = build(_project(make_project, program_copy, "2024-03-01"))
    page = BeautifulSoup(html_text(result, "sub/downloads"), "html.parser")
    links = [a["href"] for a in page.select(".handbook-downloads a")]
    assert links == ["../program.ics", "../program.json"]
    for link in links:
        assert (result.outdir / "sub" / link).resolve().is_file()
    calendar = icalendar.Calendar.from_ical((result.outdir / "program.ics").read_bytes())
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert "wg-meeting@test-mentorship-program" in uids
    data = json.loads((result.outdir / "program.json").read_text())
    assert data["name"] == "Test Mentorship Program"
    assert "Bo Hidden" not in json.dumps(data)
