"""Values from YAML reach the page as text, whatever they contain."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from sphinxext.conftest import MakeProject, build, html_text

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "myst": "{eval-rst} .. raw:: html",
    "jinja": "{{ 7*7 }} {% if true %}x{% endif %}",
    "table": "a | b ` c",
    "link": "[x](javascript:alert(1))",
    "html": '<img src=x onerror="alert(1)">',
}
PAGES = {
    "index": (
        "# Home\n\n```{handbook-mentors}\n:columns: name, team, skills\n```\n\n"
        "```{handbook-incentives}\n```\n\n```{handbook-recognition}\n```\n"
    ),
}


def _hostile_program(program: Path) -> None:
    people = yaml.safe_load((program / "people.yaml").read_text())
    zoe = next(p for p in people if p["id"] == "zoe")
    zoe["name"] = HOSTILE["script"]
    zoe["team"] = HOSTILE["table"]
    zoe["skills"] = [HOSTILE["myst"], HOSTILE["jinja"]]
    (program / "people.yaml").write_text(yaml.safe_dump(people, allow_unicode=True))
    incentives = yaml.safe_load((program / "incentives.yaml").read_text())
    incentives[0]["name"] = HOSTILE["jinja"]
    incentives[0]["summary"] = HOSTILE["table"] + " " + HOSTILE["html"]
    incentives[0]["description"] = (
        f"{HOSTILE['link']}\n\n{HOSTILE['html']}\n\n```{{eval-rst}}\n.. raw:: html\n\n"
        "   <b>raw</b>\n```\n"
    )
    incentives[0]["evidence"] = HOSTILE["myst"]
    (program / "incentives.yaml").write_text(yaml.safe_dump(incentives, allow_unicode=True))
    recognition = yaml.safe_load((program / "recognition.yaml").read_text())
    recognition[0]["title"] = HOSTILE["jinja"]
    recognition[0]["people"] = ["zoe"]
    recognition[0]["story"] = HOSTILE["link"] + " " + HOSTILE["script"]
    (program / "recognition.yaml").write_text(yaml.safe_dump(recognition, allow_unicode=True))


def test_hostile_values_show_as_text_and_do_nothing_else(
    make_project: MakeProject, program_copy: Path
) -> None:
    _hostile_program(program_copy)
    result = build(make_project(PAGES, program=program_copy, as_of="2024-06-01"))
    assert result.warnings == ""
    page = html_text(result)
    soup = BeautifulSoup(page, "html.parser")
    body = soup.select_one("div.body, article, body")
    assert body is not None
    # Nothing executable or injected reached the page.
    assert not soup.select(".handbook-block script, .handbook-block img[onerror]")
    assert not [a for a in soup.find_all("a") if "javascript:" in str(a.get("href", ""))]
    assert "<b>raw</b>" not in page
    assert "49" not in soup.select_one(".handbook-incentives").get_text()
    # Each hostile value is still there, as the words it is.
    text = soup.get_text()
    for value in (HOSTILE["script"], HOSTILE["table"], HOSTILE["myst"], HOSTILE["jinja"]):
        assert value in text, value
    assert "[x](javascript:alert(1))" in text


def test_hostile_values_stay_out_of_the_search_index_markup(
    make_project: MakeProject, program_copy: Path
) -> None:
    _hostile_program(program_copy)
    result = build(make_project(PAGES, program=program_copy, as_of="2024-06-01"))
    index = (result.outdir / "searchindex.js").read_text()
    assert "<script>" not in index
