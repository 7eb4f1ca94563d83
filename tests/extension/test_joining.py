"""The joining block: the next intake for the build's day and the coordinator's contact; the
downloads offer the calendar as a subscription once the site's address is known."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from extension.conftest import MakeProject, build, html_text

CONTACT = """\
contact:
  email: mentoring@example.org
  chat:
    name: "<b>#mentoring</b>"
    url: https://chat.example.org/mentoring
site_url: https://handbook.example.org/docs/
"""
# pilot takes sign-ups 2023-11-01 to 2023-12-15; autumn 2024-06-03 to 2024-07-26.
AUTUMN = """
  applications:
    opens: 2023-11-01
    closes: 2023-12-15
- id: autumn
  name: Autumn cohort
  start: 2024-09-02
  end: 2025-03-31
  applications:
    opens: 2024-06-03
    closes: 2024-07-26
"""
PAGE = "# Home\n\n```{handbook-joining}\n```\n\n```{handbook-downloads}\n```\n"


def _with_joining(program: Path) -> Path:
    info = program / "program.yaml"
    info.write_text(info.read_text() + CONTACT)
    cohorts = program / "cohorts.yaml"
    cohorts.write_text(cohorts.read_text().rstrip("\n") + AUTUMN)
    return program


def _block(build_html: str) -> str:
    soup = BeautifulSoup(build_html, "html.parser")
    found = soup.select_one(".handbook-joining")
    assert found is not None
    return " ".join(found.get_text(" ").split())


def test_the_next_intake_follows_the_build_s_day_and_the_contact_is_linked(
    make_project: MakeProject, program_copy: Path
) -> None:
    program = _with_joining(program_copy)
    srcdir = make_project({"index": PAGE}, program=program, as_of="2024-03-01")
    result = build(srcdir)
    assert "WARNING" not in result.warnings, result.warnings
    page = html_text(result)
    assert _block(page).startswith(
        "Next intake: 3 Jun 2024. Applications for Autumn cohort (starting 2 Sep 2024) open "
        "that day and close on 26 Jul 2024."
    )
    soup = BeautifulSoup(page, "html.parser")
    links = {a["href"]: a.get_text() for a in soup.select(".handbook-contact a")}
    assert links == {
        "mailto:mentoring@example.org": "mentoring@example.org",
        "https://chat.example.org/mentoring": "<b>#mentoring</b>",  # text, never markup
    }
    assert "<b>#mentoring</b>" not in page
    subscribe = soup.select_one('a[href^="webcal:"]')
    assert subscribe is not None
    assert subscribe["href"] == "webcal://handbook.example.org/docs/program.ics"

    # The same project on later days: the window is open, then no intake is known.
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace("2024-03-01", "2024-06-10"))
    during = build(srcdir, fresh=False)
    assert "applications are open now, until 26 Jul 2024, for Autumn cohort" in _block(
        html_text(during)
    )
    conf.write_text(conf.read_text().replace("2024-06-10", "2024-08-01"))
    after = build(srcdir, fresh=False)
    assert "Next intake: not announced yet" in _block(html_text(after))


def test_without_contact_or_site_address_the_block_says_so(make_project: MakeProject) -> None:
    srcdir = make_project({"index": PAGE}, as_of="2024-03-01")
    result = build(srcdir)
    text = _block(html_text(result))
    assert "Next intake: not announced yet" in text
    assert "no contact is recorded yet in program.yaml" in text
    assert 'href="webcal:' not in html_text(result)
