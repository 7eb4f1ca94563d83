"""Sign-up forms into people files: a "Become a mentor" or "Find a mentor" issue's body into
`program/people/<id>.yaml`.

GitHub renders an issue form's answers as `### Label` sections followed by the answer
(`_No response_` when left empty, `- [X] ...` for a ticked box). The questions and their
labels are defined here once; the forms in `.github/ISSUE_TEMPLATE/` ask exactly these (a
test holds them to it). Consent is read only as GitHub shows it: HTML comments (which GitHub
hides) removed, one consent section, holding exactly the box the form offers (its label read
from the form's own file), ticked. Anything else is no consent: the file says `publish:
false`, and intake says why. A new file is written only when the person passes the check,
never over an existing one, and never for a name the program already has.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from generators.data.consent import WORD
from generators.data.load import check_directory
from generators.data.messages import describe, explain
from generators.data.models import Person
from generators.data.naming import Naming
from generators.data.problems import Problem, display_path
from generators.data.readable import fold
from generators.data.safefile import naming
from generators.data.yamlfile import did_you_mean
from generators.paths import find_handbook

#: The handbook's consent wording (the evaluation page's "Consent to be named").
CONSENT = (
    "A person is named in the published handbook only if they have consented. Everyone else "
    "is never named anywhere the handbook is published, but still counts in every figure. In "
    'celebrations, a person who has not consented appears as "a mentor" or "a mentee".'
)
CONSENT_BOX = "I consent to be named in the published handbook."
NO_RESPONSE = "_No response_"
#: Where a repository keeps its issue forms; intake reads the consent box from there.
FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
#: An HTML comment, as GitHub hides it (one left open hides the rest of the text).
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
#: A task-list line as GitHub writes a checkbox answer: `- [X] label` or `- [ ] label`.
_BOX = re.compile(r"- \[([ xX])\] (.*)")

Kind = Literal["text", "list", "number", "consent"]
Form = Literal["mentor", "mentee"]
FORM_TITLES: dict[Form, str] = {"mentor": "Become a mentor", "mentee": "Find a mentor"}
#: Each form's file in the repository's `.github/ISSUE_TEMPLATE/`: its address on GitHub.
FORM_FILES: dict[Form, str] = {"mentor": "become-a-mentor.yml", "mentee": "find-a-mentor.yml"}


def form_address(repository: str, form: Form) -> str:
    """Where GitHub opens `form` of `repository` (https://github.com/owner/name) to be filled."""
    return f"{repository.rstrip('/')}/issues/new?template={FORM_FILES[form]}"


@dataclass(frozen=True)
class Question:
    key: str  # the person field it fills
    label: str
    kind: Kind
    required: bool
    forms: tuple[Form, ...]
    description: str


BOTH: tuple[Form, ...] = ("mentor", "mentee")
QUESTIONS: tuple[Question, ...] = (
    Question(
        "id",
        "Handle",
        "text",
        True,
        BOTH,
        "Lowercase letters, digits and hyphens, "
        "for example ada-lovelace; it names your file in program/people/.",
    ),
    Question("name", "Full name", "text", True, BOTH, "As it would appear in the handbook."),
    Question("team", "Team", "text", True, BOTH, "Your team within the organization."),
    Question(
        "joined",
        "Joined the organization on",
        "text",
        True,
        BOTH,
        "The day you joined, as YYYY-MM-DD.",
    ),
    Question(
        "manager",
        "Your manager's handle",
        "text",
        False,
        BOTH,
        "So that your mentor is never in your reporting line.",
    ),
    Question(
        "timezone",
        "Time zone",
        "text",
        True,
        BOTH,
        "An IANA name such as Europe/Berlin: pairs share at least two working hours.",
    ),
    Question(
        "capacity", "How many mentees at once", "number", True, ("mentor",), "One is a good start."
    ),
    Question(
        "skills",
        "Skills and experience you can offer",
        "list",
        True,
        ("mentor",),
        "One a line, or separated by commas.",
    ),
    Question(
        "prefers",
        "Topics you would most like to mentor in",
        "list",
        False,
        ("mentor",),
        "Optional: matching favours mentees who want these.",
    ),
    Question(
        "interests",
        "What you want to learn",
        "list",
        True,
        ("mentee",),
        "One a line, or separated by commas.",
    ),
    Question("publish", "Consent to be named", "consent", False, BOTH, CONSENT),
)
ROLE_OF: dict[Form, str] = {"mentor": "mentor", "mentee": "mentee"}


def questions(form: Form) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if form in q.forms)


@dataclass(frozen=True)
class Answer:
    label: str
    line: int  # of the heading
    value: str
    value_line: int


class IntakeRefused(Exception):
    """Every reason the form cannot become a people file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s)")


def read_answers(text: str) -> list[Answer]:
    """The `### Label` sections of an issue body, in order, each with its answer."""
    answers: list[Answer] = []
    lines = text.splitlines()
    heads = [
        (n, m[1].strip()) for n, line in enumerate(lines) if (m := re.match(r"^###\s+(.*)$", line))
    ]
    for index, (n, label) in enumerate(heads):
        end = heads[index + 1][0] if index + 1 < len(heads) else len(lines)
        body = [(k, lines[k]) for k in range(n + 1, end) if lines[k].strip()]
        value = "\n".join(line.strip() for _, line in body)
        answers.append(Answer(label, n + 1, value, body[0][0] + 1 if body else n + 1))
    return answers


def as_github_shows(text: str) -> str:
    """The body without its HTML comments, which GitHub does not show (each line of one
    left blank, so line numbers stay those of the file)."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]+", " ", m.group()), text)


@dataclass(frozen=True)
class Consent:
    """Whether the form shows consent to be named, and if not, why not."""

    given: bool
    why: str = ""


def form_boxes(form: Form, program_dir: Path) -> tuple[str, ...] | str:
    """The labels of the consent boxes the form offers, read from its file (`FORM_FILES`) in
    the repository that holds `program_dir`, or else in the handbook the current folder is
    in; or why they can't be."""
    here = find_handbook()
    places = (program_dir.resolve(), *program_dir.resolve().parents, *([here] if here else []))
    found = next(
        (path for place in places if (path := place / FORMS_DIR / FORM_FILES[form]).is_file()),
        None,
    )
    if found is None:
        return f"no {FORMS_DIR.as_posix()}/{FORM_FILES[form]} was found"
    try:
        document = yaml.safe_load(found.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return f"{display_path(found)} cannot be read ({error})"
    body = document.get("body") if isinstance(document, dict) else None
    for item in body if isinstance(body, list) else []:
        if isinstance(item, dict) and item.get("id") == "publish":
            options = (item.get("attributes") or {}).get("options") or []
            labels = tuple(str(o.get("label", "")) for o in options if isinstance(o, dict))
            if labels:
                return labels
    return f"{display_path(found)} asks no consent question (id: publish)"


def read_consent(text: str, form: Form, program_dir: Path) -> Consent:
    """Consent as GitHub shows it in `text` (comments removed): one consent section, holding
    exactly the form's boxes, the first (the consent) ticked."""
    boxes = form_boxes(form, program_dir)
    if isinstance(boxes, str):
        return Consent(False, f"the form's consent box could not be read: {boxes}")
    label = _label("publish")
    sections = [a for a in read_answers(text) if a.label == label]
    if not sections:
        return Consent(False, f"the form has no '{label}' section")
    if len(sections) > 1:
        return Consent(False, f"the form has {len(sections)} '{label}' sections, not one")
    lines = [line.strip() for line in sections[0].value.splitlines()]
    found = [_BOX.fullmatch(line) for line in lines]
    shown = [(m.group(2).strip(), m.group(1) != " ") for m in found if m is not None]
    if None in found or [text for text, _ in shown] != list(boxes):
        return Consent(
            False,
            f"the '{label}' section holds something other than the form's box ('- [X] {boxes[0]}')",
        )
    if not shown[0][1]:
        return Consent(False, "the consent box is not ticked")
    return Consent(True)


def name_key(name: str) -> tuple[str, ...]:
    """A name as a reader tells it apart: the words of its fold (accents, look-alike
    letters, invisible characters and case aside), in any case."""
    return tuple(sorted(WORD.findall(fold(name.casefold()))))


def person_from_issue(text: str, shown: str) -> tuple[dict[str, Any], dict[str, Answer], Form]:
    """The person the answers describe, as data for `Person`, and where each answer is.

    Raises `IntakeRefused` with every problem of shape: unknown or missing questions, an
    unreadable number, a form that is neither of the two."""
    answers = read_answers(text)
    by_label = {a.label: a for a in answers}
    form = _form_of(by_label)
    if form is None:
        raise IntakeRefused(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "expected the answers of the 'Become a mentor' or 'Find a mentor' form; "
                    f"found {len(answers)} '### ' section(s) and neither "
                    f"'{_label('skills')}' nor '{_label('interests')}'",
                    hint="pass the issue's body as GitHub shows it (Edit, then copy the text)",
                )
            ]
        )
    asked = questions(form)
    labels = [q.label for q in asked]
    problems: list[Problem] = []
    for given in answers:
        if given.label not in labels:
            problems.append(
                Problem(
                    shown,
                    given.line,
                    1,
                    f"unknown question '{given.label}' in the '{FORM_TITLES[form]}' form",
                    hint=did_you_mean(given.label, labels) or "expected: " + ", ".join(labels),
                )
            )
    data: dict[str, Any] = {"roles": [ROLE_OF[form]]}
    where: dict[str, Answer] = {}
    for question in asked:
        if question.kind == "consent":
            continue  # read as GitHub shows it, against the form (`read_consent`)
        answer = by_label.get(question.label)
        value = None if answer is None or answer.value == NO_RESPONSE else answer.value
        if answer is not None:
            where[question.key] = answer
        if answer is None or value is None or value == "":
            if question.required:
                line = answer.line if answer else 1
                problems.append(
                    Problem(
                        shown,
                        line,
                        1,
                        f"expected an answer to '{question.label}'; found "
                        + ("no answer" if answer else "no such question"),
                        field=question.key,
                        hint=question.description,
                    )
                )
            continue
        converted = _convert(question, value)
        if isinstance(converted, Problem):
            problems.append(
                Problem(
                    shown, answer.value_line, 1, converted.message, question.key, converted.hint
                )
            )
            continue
        data[question.key] = converted
    if problems:
        raise IntakeRefused(problems)
    return data, where, form


def validate(
    data: dict[str, Any], where: dict[str, Answer], shown: str, program_dir: Path
) -> Person:
    """The person, checked field by field and against the program (a new id, a known manager)."""
    problems: list[Problem] = []
    person: Person | None = None
    try:
        person = Person.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            key = str(detail["loc"][0]) if detail["loc"] else ""
            answer = where.get(key)
            message, hint = explain(detail, Person)
            problems.append(
                Problem(shown, answer.value_line if answer else 1, 1, message, key, hint)
            )
    loaded = check_directory(program_dir)
    if loaded.program is None or loaded.problems:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"the program in {display_path(program_dir)} has problems of its own",
                hint=f"run handbook check --program {display_path(program_dir)} and fix them first",
            )
        )
        raise IntakeRefused(problems)
    people = loaded.program.person
    named = Naming.of(loaded.program)
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        spelt = name_key(name)
        if any(name_key(p.name) == spelt for p in loaded.program.people):
            problems.append(
                Problem(
                    shown,
                    where["name"].value_line,
                    1,
                    "someone in the program already has this name (or one a reader cannot "
                    "tell from it)",
                    "name",
                    "an existing person is changed by pull request, not here; if this is "
                    "someone else, tell the two apart (a middle name or initial)",
                )
            )
    handle = data.get("id")
    if isinstance(handle, str) and handle in people:
        problems.append(
            Problem(
                shown,
                where["id"].value_line,
                1,
                f"the handle '{handle}' is taken by someone already in the program",
                "id",
                "choose another handle; an existing person is changed by pull request, not here",
            )
        )
    manager = data.get("manager")
    if isinstance(manager, str) and manager not in people:
        problems.append(
            Problem(
                shown,
                where["manager"].value_line,
                1,
                f"expected the handle of someone in the program; found {describe(manager)}",
                "manager",
                # Only the handles of people who may be named are ever suggested.
                did_you_mean(manager, list(named.names))
                or "leave it empty if they are not listed yet",
            )
        )
    if problems or person is None:
        raise IntakeRefused(problems)
    return person


def person_yaml(person: Person, form: Form) -> str:
    """The people file's text: a comment saying where it came from, then the fields."""
    data: dict[str, Any] = {}
    for key in (
        "id",
        "name",
        "team",
        "joined",
        "roles",
        "manager",
        "capacity",
        "skills",
        "prefers",
        "interests",
        "timezone",
        "publish",
    ):
        value = getattr(person, key)
        if key in ("roles", "skills", "prefers", "interests"):
            value = list(value)
        if value in (None, []) or (key == "capacity" and form != "mentor"):
            continue
        data[key] = value
    header = (
        "# One person a file: program/people/<id>.yaml (the file name is the id).\n"
        f"# From the '{FORM_TITLES[form]}' form (handbook intake). Format: see the data "
        "contract (program/people.yaml).\n"
    )
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    return header + body


def write_new(path: Path, text: str) -> None:
    """Write `path` in one step, refusing if it exists (`FileExistsError`), even in a race.

    Any other `OSError` names `path`."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise naming(error, path) from None
    temporary = Path(name)
    try:
        temporary.chmod(0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.link(temporary, path)  # fails if `path` exists: never an overwrite
    except FileExistsError:
        raise
    except OSError as error:
        raise naming(error, path) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


@dataclass(frozen=True)
class Written:
    """The people file intake wrote, and the consent it read."""

    path: Path
    consent: Consent


def intake(issue: Path, program_dir: Path) -> Written:
    """Turn the issue body in `issue` into `program_dir/people/<id>.yaml`.

    Raises `IntakeRefused` with every problem found; nothing is written then."""
    shown = display_path(issue)
    try:
        text = issue.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IntakeRefused(
            [Problem(shown, 1, 1, f"cannot read the file: {error}", hint="pass a UTF-8 text file")]
        ) from None
    text = as_github_shows(text)
    data, where, form = person_from_issue(text, shown)
    consent = read_consent(text, form, program_dir)
    data["publish"] = consent.given
    person = validate(data, where, shown, program_dir)
    target = program_dir / "people" / f"{person.id}.yaml"
    if target.exists():
        raise IntakeRefused(
            [
                Problem(
                    shown,
                    where["id"].value_line,
                    1,
                    f"{display_path(target)} exists already; it is never overwritten",
                    "id",
                    "change the existing file by pull request, or choose another handle",
                )
            ]
        )
    target.parent.mkdir(exist_ok=True)
    try:
        write_new(target, person_yaml(person, form))
    except FileExistsError:
        raise IntakeRefused(
            [Problem(shown, 1, 1, f"{display_path(target)} appeared while writing; not changed")]
        ) from None
    after = check_directory(program_dir)
    if after.problems:  # the guard of "passes the check": take the new file back out
        target.unlink()
        raise IntakeRefused(after.problems)
    return Written(target, consent)


def _label(key: str) -> str:
    return next(q.label for q in QUESTIONS if q.key == key)


def _form_of(by_label: dict[str, Answer]) -> Form | None:
    if _label("skills") in by_label and _label("interests") not in by_label:
        return "mentor"
    if _label("interests") in by_label and _label("skills") not in by_label:
        return "mentee"
    return None


def _convert(question: Question, value: str) -> Any:
    if question.kind == "list":
        items = [re.sub(r"^[-*]\s+", "", part).strip() for part in re.split(r"[\n,]", value)]
        return [item for item in items if item]
    if question.kind == "number":
        if not re.fullmatch(r"\d+", value.strip()):
            return Problem(
                "",
                0,
                0,
                f"expected a whole number; found {describe(value)}",
                hint="write the number alone, for example 1",
            )
        return int(value.strip())
    return value.strip()
