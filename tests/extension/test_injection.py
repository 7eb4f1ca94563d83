"""Values from YAML reach the page as text, whatever they contain."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from extension.conftest import MakeProject, build, html_text
from generators.data.formats import typeset

HOSTILE = {
    "script": "<script>alert('scriptword')</script>",
    "myst": "{eval-rst} .. raw:: html",
    "jinja": "{{ 7*7 }} {% if true %}x{% endif %}",
    "table": "a | b ` c",
    "link": "[x](javascript:alert(1))",
    "html": '<img src=x onerror="alert(1)">',
    "heading": "Fine print\n\n# Injected heading\n\n(injected-label)=\n## Injected section",
}
PAGES = {
    "index": (
        "# Home\n\n```{handbook-mentors}\n:columns: name, team, skills\n```\n\n"
        "```{handbook-incentives}\n```\n\n```{handbook-recognition}\n```\n\n"
        "```{handbook-rolling-agenda}\n```\n\n```{handbook-decisions}\n```\n\n"
        "```{handbook-feedback}\n```\n\n```{handbook-open-tasks}\n```\n"
    ),
}


def _hostile_program(program: Path) -> None:
    people = yaml.safe_load((program / "people.yaml").read_text())
    zoe = next(p for p in people if p["id"] == "zoe")
    zoe["name"] = HOSTILE["script"].replace("scriptword", "nameword")
    zoe["team"] = HOSTILE["table"]
    zoe["skills"] = [HOSTILE["myst"], HOSTILE["jinja"]]
    (program / "people.yaml").write_text(yaml.safe_dump(people, allow_unicode=True))
    incentives = yaml.safe_load((program / "incentives.yaml").read_text())
    incentives[0]["name"] = HOSTILE["jinja"]
    incentives[0]["summary"] = (
        HOSTILE["table"] + " " + HOSTILE["html"].replace(">", " x=summaryword>")
    )
    incentives[0]["description"] = (
        f"{HOSTILE['link']}\n\n{HOSTILE['html']}\n\n```{{eval-rst}}\n.. raw:: html\n\n"
        "   <b>raw</b>\n```\n"
    )
    incentives[0]["evidence"] = HOSTILE["myst"]
    incentives[1]["description"] = HOSTILE["heading"]
    (program / "incentives.yaml").write_text(yaml.safe_dump(incentives, allow_unicode=True))
    recognition = yaml.safe_load((program / "recognition.yaml").read_text())
    recognition[0]["title"] = HOSTILE["jinja"]
    recognition[0]["people"] = ["zoe"]
    recognition[0]["story"] = HOSTILE["link"] + " " + HOSTILE["script"]
    (program / "recognition.yaml").write_text(yaml.safe_dump(recognition, allow_unicode=True))
    first = program / "working-group" / "2024-01-10.yaml"
    meeting = yaml.safe_load(first.read_text())
    meeting["purpose"] = HOSTILE["heading"]
    meeting["agenda"][0]["title"] = HOSTILE["script"].replace("scriptword", "agendaword")
    meeting["agenda"][0]["pre_reading"] = [{"title": HOSTILE["myst"], "url": "https://x.example"}]
    meeting["agenda"][1]["pre_reading"][0]["title"] = HOSTILE["html"]
    meeting["decisions"][0]["title"] = HOSTILE["jinja"]
    meeting["decisions"][0]["changes"] = HOSTILE["html"].replace(">", " x=changesword>")
    meeting["tasks"][0]["title"] = HOSTILE["table"]
    first.write_text(yaml.safe_dump(meeting, allow_unicode=True))
    said = program / "feedback" / "remote-mentors.yaml"
    feedback = yaml.safe_load(said.read_text())
    feedback["said"] = HOSTILE["link"] + " feedbackword"
    feedback["from"] = HOSTILE["myst"]
    said.write_text(yaml.safe_dump(feedback, allow_unicode=True))


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
    assert "49" not in soup.select_one(".handbook-decisions").get_text()
    assert "Injected heading" in soup.select_one(".handbook-rolling-agenda").get_text()
    # Each hostile value is still there, as the words it is.
    text = soup.get_text()
    for value in (HOSTILE["script"], HOSTILE["table"], HOSTILE["myst"], HOSTILE["jinja"]):
        # As text, typeset as all prose from the data is (curly quotes in a description).
        assert value in text or typeset(value) in text, value
    assert "[x](javascript:alert(1))" in text


def _search_index(outdir: Path) -> dict[str, Any]:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    found = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, flags=re.DOTALL)
    assert found is not None, text[:200]
    index: dict[str, Any] = json.loads(found.group(1))
    return index


def test_the_search_index_holds_hostile_values_as_words_and_nothing_more(
    make_project: MakeProject, program_copy: Path
) -> None:
    """The index holds word stems and the titles of sections and objects: a value that became
    markup would have its words dropped (Sphinx indexes no script and no tag) or add a title."""
    _hostile_program(program_copy)
    result = build(make_project(PAGES, program=program_copy, as_of="2024-06-01"))
    assert result.warnings == ""
    index = _search_index(result.outdir)
    terms = set(index["terms"])
    # Words from inside tags (a name, a summary, a story) were indexed: each was shown as
    # text, not run or parsed.
    assert {"nameword", "summaryword", "scriptword", "agendaword", "changesword"} <= terms
    assert "feedbackword" in terms
    # Markdown headings and labels in a description stay inside it: no section, no target.
    assert index["titles"] == ["Home"]
    assert set(index["alltitles"]) == {"Home"}
    assert index["titleterms"].keys() == {"home"}
    assert index["objects"] == {} and index["indexentries"] == {}
