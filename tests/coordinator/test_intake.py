"""`handbook intake` and the sign-up forms: a filled form becomes a people file that passes the
check; a broken one is refused with every problem, located, and nothing is written."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from coordinator.support import REPO, SMALL, Run, assert_names_none_of
from generators.coordinator.intake import (
    CONSENT,
    CONSENT_BOX,
    FORM_FILES,
    FORM_TITLES,
    questions,
)
from generators.data.load import load_program
from generators.data.messages import explain
from generators.data.models import SLUG_PATTERN, Person

FILLED = """\
### Handle

ada-lovelace

### Full name

Ada Lovelace

### Team

Observability

### Joined the organization on

2023-02-01

### Your manager's handle

mia

### Time zone

Europe/London

### What you want to learn

Prometheus
- capacity planning, SLO design

### Consent to be named

- [X] I consent to be named in the published handbook.
"""

BROKEN = """\
### Handle

Ada Lovelace

### Full name

_No response_

### Team

Observability

### Joined the organization on

1 Feb 2023

### Your manager's handle

mya

### Time zone

Europe/Londn

### How many mentees at once

two

### Skills and experience you can offer

Prometheus

### Favourite colour

blue
"""


@pytest.mark.parametrize("form", ["mentor", "mentee"])
def test_each_form_asks_exactly_the_contract_s_questions_with_the_consent_wording(
    form: str,
) -> None:
    document = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / FORM_FILES[form]).read_text())
    assert document["name"] == FORM_TITLES[form]  # type: ignore[index]
    fields = [item for item in document["body"] if item["type"] != "markdown"]
    asked = questions(form)  # type: ignore[arg-type]
    assert [f["attributes"]["label"] for f in fields] == [q.label for q in asked]
    assert [f["id"] for f in fields] == [q.key for q in asked]
    for field, question in zip(fields, asked, strict=True):
        required = field.get("validations", {}).get("required", False)
        assert required == question.required, question.label
    consent = fields[-1]
    assert consent["type"] == "checkboxes"
    assert consent["attributes"]["description"] == CONSENT
    assert [o["label"] for o in consent["attributes"]["options"]] == [CONSENT_BOX]
    # the wording is the handbook's own
    evaluation = " ".join((REPO / "docs" / "evaluation.md").read_text().split())
    assert CONSENT in evaluation.replace(": A person", "A person")


def test_a_filled_form_becomes_a_people_file_that_passes_the_check(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED, encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 0, result.err
    written = small_copy / "people" / "ada-lovelace.yaml"
    assert yaml.safe_load(written.read_text()) == {
        "id": "ada-lovelace",
        "name": "Ada Lovelace",
        "team": "Observability",
        "joined": __import__("datetime").date(2023, 2, 1),
        "roles": ["mentee"],
        "manager": "mia",
        "interests": ["Prometheus", "capacity planning", "SLO design"],
        "timezone": "Europe/London",
        "publish": True,
    }
    program = load_program(small_copy, today=date.today())
    assert program.person["ada-lovelace"].publish is True
    before = written.read_bytes()
    again = handbook("intake", str(issue), "--program", str(small_copy))
    assert again.code == 1
    assert "the handle 'ada-lovelace' is taken" in again.err
    assert written.read_bytes() == before  # never overwritten


def test_an_unticked_consent_box_means_not_named(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED.replace("- [X] I consent", "- [ ] I consent"), encoding="utf-8")
    assert handbook("intake", str(issue), "--program", str(small_copy)).code == 0
    assert load_program(small_copy, today=date.today()).person["ada-lovelace"].publish is False


def test_a_broken_form_is_refused_with_every_problem_located(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    issue = tmp_path / "broken.md"
    issue.write_text(BROKEN, encoding="utf-8")
    before = sorted(p.name for p in (small_copy / "people").iterdir())
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[-1] == "3 problem(s): nothing was written"
    problems = lines[:-1]
    # shape problems first: an unknown question, a missing answer, a number in words
    assert any(
        re.match(r".*broken\.md:33:1: unknown question 'Favourite colour'", p) for p in problems
    )
    assert any(
        re.match(r".*broken\.md:5:1: name: expected an answer to 'Full name'", p) for p in problems
    )
    assert any(
        re.match(r".*broken\.md:27:1: capacity: expected a whole number; found 'two'", p)
        for p in problems
    )
    assert sorted(p.name for p in (small_copy / "people").iterdir()) == before
    # once the shape is right, the values are checked, each at its line
    fixed = BROKEN.replace("_No response_", "Ada Lovelace").replace("two", "1")
    fixed = fixed.replace("### Favourite colour\n\nblue\n", "")
    issue.write_text(fixed, encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    err = result.err
    assert "broken.md:3:1: id: expected an id of lowercase letters" in err
    assert "(hint: for example 'ada-lovelace')" in err
    assert "broken.md:15:1: joined: expected a date as YYYY-MM-DD; found '1 Feb 2023'" in err
    assert "broken.md:23:1: timezone: expected an IANA time zone name" in err
    assert "broken.md:19:1: manager: expected the handle of someone in the program" in err
    assert "did you mean 'mia'" in err
    assert sorted(p.name for p in (small_copy / "people").iterdir()) == before


def test_a_text_that_is_no_form_is_refused(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    issue = tmp_path / "note.md"
    issue.write_text("Hi, I'd like a mentor please!\n", encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    assert "expected the answers of the 'Become a mentor' or 'Find a mentor' form" in result.err


CONSENT_SECTION = (
    "### Consent to be named\n\n- [X] I consent to be named in the published handbook.\n"
)


@pytest.mark.parametrize(
    ("consent", "why"),
    [
        (
            "### Consent to be named\n\n- [X] I do NOT consent to be named.\n",
            "holds something other than the form's box",
        ),
        (
            "### Consent to be named\n\n- [ ] I consent to be named in the published handbook."
            "\n<!--\n- [X] I consent to be named in the published handbook.\n-->\n",
            "the consent box is not ticked",
        ),
        (
            "### Consent to be named\n\n- [ ] I consent to be named in the published handbook."
            "\n\n" + CONSENT_SECTION,
            "2 'Consent to be named' sections, not one",
        ),
        (
            "<!-- " + CONSENT_SECTION + " -->\n",
            "the form has no 'Consent to be named' section",
        ),
        (
            CONSENT_SECTION + "- [X] Also, publish my manager's name.\n",
            "holds something other than the form's box",
        ),
        (
            "### Consent to be named\n\n- [<!-- -->X] I consent to be named in the published "
            "handbook.\n",
            "holds something other than the form's box",
        ),
    ],
    ids=[
        "not-the-form-s-box",
        "ticked-in-a-comment",
        "two-sections",
        "all-in-a-comment",
        "another-box",
        "a-comment-inside-the-box",
    ],
)
def test_consent_is_read_only_as_the_form_shows_it(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, consent: str, why: str
) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED.replace(CONSENT_SECTION, consent), encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 0, result.err
    assert load_program(small_copy, today=date.today()).person["ada-lovelace"].publish is False
    (said,) = [line for line in result.out.splitlines() if line.startswith("publish: false: ")]
    assert why in said


def test_the_consent_box_is_the_one_the_form_file_offers(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    """A repository whose form words its box otherwise: only that wording is consent."""
    repo = tmp_path / "repo"
    shutil.copytree(SMALL, repo / "program")
    forms = repo / ".github" / "ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    form = (REPO / ".github" / "ISSUE_TEMPLATE" / FORM_FILES["mentee"]).read_text(encoding="utf-8")
    assert form.count(CONSENT_BOX) == 1
    forms.joinpath(FORM_FILES["mentee"]).write_text(
        form.replace(CONSENT_BOX, "Name me in the handbook."), encoding="utf-8"
    )
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED, encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(repo / "program"))
    assert result.code == 0, result.err
    assert "publish: false: the 'Consent to be named' section holds something other" in result.out
    assert "('- [X] Name me in the handbook.')" in result.out
    (repo / "program" / "people" / "ada-lovelace.yaml").unlink()
    issue.write_text(FILLED.replace(CONSENT_BOX, "Name me in the handbook."), encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(repo / "program"))
    assert "publish: true" in result.out
    assert load_program(repo / "program", today=date.today()).person["ada-lovelace"].publish is True


@pytest.mark.parametrize(
    "name", ["Di Private", "Dí Prívate", "DI PRIVATE", "Private Di", "Dі Private"]
)
def test_a_name_the_program_has_is_refused_without_saying_whose(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, name: str
) -> None:
    """Di Private (id di) has not consented; a reader cannot tell any of these from her name
    (the last writes a Cyrillic і)."""
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED.replace("Ada Lovelace", name), encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    assert "issue.md:7:1: name: someone in the program already has this name" in result.err
    assert_names_none_of(result.err + result.out, ["'di'", "people/di"])
    assert not (small_copy / "people" / "ada-lovelace.yaml").exists()


def test_a_manager_hint_suggests_only_people_who_may_be_named(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    """'bo' (not named) is closest to 'boo'; it is never suggested."""
    issue = tmp_path / "issue.md"
    issue.write_text(FILLED.replace("\nmia\n", "\nboo\n"), encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    assert "manager: expected the handle of someone in the program; found 'boo'" in result.err
    assert "'bo'" not in result.err


@pytest.mark.parametrize(
    ("handle", "hint"),
    [
        ("Tomasz Nowak!", "(hint: for example 'tomasz-nowak')"),
        ("Zoë Ångström", "(hint: for example 'zoe-angstrom')"),
        ("--Ada__Lovelace (she/her)", "(hint: for example 'ada-lovelace-she-her')"),
        ("李静", None),  # nothing in letters a handle may use: no example rather than a wrong one
    ],
)
def test_the_handle_hint_is_always_a_valid_handle(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path, handle: str, hint: str | None
) -> None:
    issue = tmp_path / "form.md"
    issue.write_text(FILLED.replace("ada-lovelace", handle), encoding="utf-8")
    result = handbook("intake", str(issue), "--program", str(small_copy))
    assert result.code == 1
    (line, summary) = result.err.splitlines()
    assert "id: expected an id of lowercase letters" in line and summary.startswith("1 problem")
    if hint is None:
        assert "hint:" not in line
    else:
        assert line.endswith(hint)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_no_text_gets_an_invalid_handle_as_its_hint(text: str) -> None:
    try:
        Person.model_validate({"id": text, "name": "X", "team": "T", "joined": "2020-01-01"})
    except ValidationError as error:
        for detail in error.errors():
            _, hint = explain(detail, Person)
            if detail["loc"] == ("id",) and hint:
                suggested = re.fullmatch(r"for example '(.*)'", hint)
                assert suggested and SLUG_PATTERN.fullmatch(suggested[1]), hint
