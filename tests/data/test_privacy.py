"""Consent and suppression: nobody unconsenting is named, no small group is shown or recoverable."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest

from generators.data.load import check_directory, load_program
from generators.data.models import Role, Survey
from generators.data.privacy import publish_survey
from generators.data.published import PublishedProgram, publish

from .edits import sub, write

SCALE = ["No", "Yes"]


def survey(questions: list[dict[str, Any]], invited: int = 40, **more: Any) -> Survey:
    data = {"id": "s", "title": "S", "date": "2024-06-01", "invited": invited}
    data["questions"] = [
        {"id": f"q{n}", "text": f"Question {n}", "scale": SCALE, **q}
        for n, q in enumerate(questions)
    ]
    return Survey.model_validate({**data, **more})


def groups(result: Any, breakdown: str = "by_team") -> dict[str, Any]:
    return {g.name: g.counts for g in result.questions[0].breakdowns[breakdown]}


def test_a_question_under_the_minimum_is_suppressed() -> None:
    # q0: 3 + 4 = 7 respondents (shown); q1: 1 + 3 = 4 < 5 (suppressed)
    result = publish_survey(survey([{"counts": [3, 4]}, {"counts": [1, 3]}]), 5)
    assert result.questions[0].counts == (3, 4)
    assert result.questions[1].counts is None
    assert result.questions[1].suppressed


def test_a_question_of_exactly_the_minimum_is_shown() -> None:
    result = publish_survey(survey([{"counts": [2, 3]}]), 5)  # 2 + 3 = 5
    assert result.questions[0].counts == (2, 3)


def test_a_group_under_the_minimum_and_its_complement_are_suppressed() -> None:
    # The fixture's pulse survey: mentor 0+0+1+1+1 = 3 (< 5, hidden). The total is 22, so
    # showing mentee (19) would reveal mentor as 22 - 19 = 3: mentee is hidden as well.
    (result,) = publish(load_program(_fixture(), today=date.today()), date(2024, 7, 1)).surveys
    growth = result.questions[0]
    assert growth.counts == (0, 1, 3, 10, 8)
    assert {g.name: g.counts for g in growth.breakdowns["by_role"]} == {
        "mentee": None,
        "mentor": None,
    }


def test_complementary_suppression_hides_the_next_smallest_group_only() -> None:
    # a = 2 (hidden, < 5). Shown b + c = 10 + 12 = 22 of 24 would give a = 24 - 22 = 2:
    # hide the next smallest, b (10). Then the remainder is 2 + 10 = 12 ≥ 5: c stays.
    q = {"counts": [10, 14], "by_team": {"a": [1, 1], "b": [4, 6], "c": [5, 7]}}
    assert groups(publish_survey(survey([q]), 5)) == {"a": None, "b": None, "c": (5, 7)}


def test_people_in_no_group_count_as_a_hidden_remainder() -> None:
    # Groups a = 6 and b = 6 of 14: both ≥ 5, but 14 - 12 = 2 people are in no group, and
    # showing both would describe those 2. Hiding the smaller (a, by name on a tie) leaves
    # a remainder of 2 + 6 = 8 ≥ 5.
    q = {"counts": [7, 7], "by_team": {"a": [3, 3], "b": [3, 3]}}
    assert groups(publish_survey(survey([q]), 5)) == {"a": None, "b": (3, 3)}


def test_a_count_of_one_inside_a_published_group_is_published() -> None:
    # min_group_size is the crowd an answer hides in, not the size of a count: team a's five
    # people are published with their single "No", which says that one of the five answered
    # no, never which one. A group of one is hidden, with its complement.
    q = {"counts": [1, 9], "by_team": {"a": [1, 4], "b": [0, 5]}}
    result = publish_survey(survey([q]), 5)
    assert result.questions[0].counts == (1, 9)
    assert groups(result) == {"a": (1, 4), "b": (0, 5)}
    alone = {"counts": [1, 9], "by_team": {"a": [1, 0], "b": [0, 9]}}
    assert groups(publish_survey(survey([alone]), 5)) == {"a": None, "b": None}


def test_groups_that_are_all_large_enough_are_all_shown() -> None:
    q = {"counts": [7, 7], "by_team": {"a": [3, 3], "b": [4, 4]}}  # 6 + 8 = 14: remainder 0
    assert groups(publish_survey(survey([q]), 5)) == {"a": (3, 3), "b": (4, 4)}


@pytest.mark.parametrize(
    ("paused_on", "parts"),
    [
        # Met from 02-01, paused on 04-01: di was bo's mentee before the story (05-02).
        ("2024-04-01", ("a mentor", "a mentee")),
        # Paused on its first day, the pairing never met: di is described by roles alone.
        ("2024-02-01", ("a mentor", "a mentor")),
    ],
    ids=["met-then-paused", "never-met"],
)
def test_an_unnamed_person_s_part_comes_from_pairings_that_had_met_by_the_story(
    program_dir: Path, paused_on: str, parts: tuple[str, str]
) -> None:
    """bo mentors di (both unnamed); di is listed as mentor first, then mentee."""
    sub(
        "people.yaml",
        "  roles: [mentee]\n  manager: dana\n  publish: false\n",
        "  roles: [mentor, mentee]\n  manager: dana\n  publish: false\n",
    )(program_dir)
    sub(
        "pairings.yaml",
        "  end: 2024-04-30\n  status: completed\n",
        f"  status: paused\n  paused_on: {paused_on}\n",
    )(program_dir)
    loaded = check_directory(program_dir, today=date(2024, 12, 31))
    assert loaded.program is not None, loaded.problems
    (story,) = publish(loaded.program, date(2024, 5, 2)).recognition
    assert story.people == parts


@pytest.mark.parametrize(
    ("counts", "teams"),
    [
        ([10, 14], {"a": [1, 1], "b": [4, 6], "c": [5, 7]}),
        ([7, 7], {"a": [3, 3], "b": [3, 3]}),
        ([9, 9], {"a": [1, 0], "b": [0, 2], "c": [4, 4], "d": [4, 3]}),
        ([20, 20], {"a": [2, 2], "b": [2, 2], "c": [2, 2], "d": [2, 2], "e": [10, 10]}),
    ],
)
def test_no_hidden_group_can_be_recovered(counts: list[int], teams: dict[str, Any]) -> None:
    """Whatever a reader subtracts from the total, what is left describes 0 or ≥ 5 people."""
    result = groups(publish_survey(survey([{"counts": counts, "by_team": teams}]), 5))
    shown = sum(sum(c) for c in result.values() if c is not None)
    hidden = [name for name, c in result.items() if c is None]
    remainder = sum(counts) - shown
    assert remainder == 0 or remainder >= 5
    assert len(hidden) != 1 or remainder != sum(teams[hidden[0]])  # not one group exactly
    for c in result.values():
        if c is not None:
            assert sum(c) >= 5


def test_themes_under_the_minimum_are_suppressed() -> None:
    themes = [{"theme": "Time", "mentions": 7}, {"theme": "Timezones", "mentions": 4}]
    result = publish_survey(survey([{"counts": [10, 10]}], themes=themes), 5)
    assert [(t.theme, t.mentions) for t in result.themes] == [("Time", 7), ("Timezones", None)]


def test_response_rate() -> None:
    # respondents: the most-answered question, 10 + 12 = 22 of 40 invited = 0.55
    result = publish_survey(survey([{"counts": [10, 12]}, {"counts": [5, 5]}]), 5)
    assert result.respondents == 22
    assert result.response_rate == pytest.approx(22 / 40)


def test_too_few_respondents_hide_the_whole_survey() -> None:
    themes = [{"theme": "Time", "mentions": 4}]
    result = publish_survey(survey([{"counts": [1, 3]}], themes=themes), 5)
    assert result.respondents is None
    assert result.response_rate is None
    assert result.questions[0].suppressed
    assert result.themes[0].mentions is None


def _fixture() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures" / "program-small"


def _strings(value: Any) -> list[str]:
    """Every string inside a published value, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for item in value for s in _strings(item)]
    return []


def test_the_published_program_names_nobody_who_has_not_consented() -> None:
    program = load_program(_fixture(), today=date.today())
    hidden = [p.name for p in program.people if not p.publish]
    assert hidden == ["Bo Hidden", "Di Private"]
    for as_of in (date(2024, 3, 1), date(2024, 5, 2), date(2024, 7, 1)):
        published = publish(program, as_of)
        text = repr(published) + "\n".join(_strings(dataclasses.asdict(published)))
        for name in hidden:
            assert name not in text
        assert "Zoë Ångström" in text  # named people are named: the test can see names


def test_unconsenting_people_are_counted_and_described_by_their_part() -> None:
    published = publish(load_program(_fixture(), today=date.today()), date(2024, 5, 2))
    (story,) = published.recognition
    assert story.people == ("a mentor", "a mentee")  # bo mentored di: neither consented
    # Mentors on 2024-05-02: zoe (named) and bo (not); ed has left, fay is a mentee.
    assert [m.person.name for m in published.mentors] == ["Zoë Ångström"]
    assert published.unnamed_mentors == 1


def test_every_role_has_its_holders_published() -> None:
    """The roles the view lists are the model's (`Role`): a role added there is published."""
    published = publish(load_program(_fixture(), today=date(2025, 1, 15)), date(2024, 5, 2))
    assert sorted(r.role for r in published.roles) == sorted(get_args(Role))


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "field"),
    [
        ("recognition.yaml", "title: First", "title: Di Private's first", 3, "title"),
        (
            "incentives.yaml",
            "evidence: Recognition",
            "evidence: BO HIDDEN says recognition",
            11,
            "evidence",
        ),
        ("incentives.yaml", "A training budget", "Bo Hidden's training budget", 16, "summary"),
        (
            "pairings.yaml",
            "Run a storage failover drill",
            "Shadow Bo  Hidden",
            19,
            "goals[0].title",
        ),
        ("timeline.yaml", "Research and analysis", "Research with Di Private", 12, "title"),
        (
            "surveys/pulse-2024.yaml",
            "On-call load",
            "Di Private said on-call load",
            18,
            "themes[0].theme",
        ),
        (
            "incentives.yaml",
            "Each month one mentor's",
            "Each month (like Di-Private)",
            6,
            "description",
        ),
    ],
)
def test_a_free_text_naming_someone_without_consent_is_a_problem(
    program_dir: Path, file: str, old: str, new: str, line: int, field: str
) -> None:
    sub(file, old, new)(program_dir)
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert (problem.file, problem.line, problem.code) == (file, line, "consent")
    assert problem.field.endswith(field)
    assert "who has not consented to be named" in problem.message


def test_named_people_and_partial_names_may_appear_in_free_text(program_dir: Path) -> None:
    # Zoë consented; "Bo" alone and "Hidden" alone are not a full name, in a text whose
    # record lists neither.
    sub(
        "timeline.yaml",
        "title: Research and analysis",
        "title: Zoë Ångström, Bo and the Hidden research",
    )(program_dir)
    loaded = check_directory(program_dir)
    assert loaded.problems == []
    (warning,) = loaded.warnings  # Zoë as plain text: a mention would follow her consent
    assert (warning.field, warning.code) == ("timeline[1].title", "plain-name")
    assert "write @zoe" in warning.hint


def test_a_record_that_lists_someone_unnamed_has_no_word_of_their_name(
    program_dir: Path,
) -> None:
    """The story lists bo and di: "Bo" alone is bo, and a mention is the way to write him."""
    sub("recognition.yaml", "The drill ran in", "Bo set out to learn, and the drill ran in")(
        program_dir
    )
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert (problem.file, problem.line, problem.code) == ("recognition.yaml", 4, "consent")
    assert "a word of their name" in problem.message
    assert problem.hint.startswith("write @bo")
    sub("recognition.yaml", "Bo set out", "In March @bo set out")(program_dir)
    assert check_directory(program_dir, base=program_dir).problems == []


UNSEEN = "name: Will Unseen\nteam: Storage\njoined: 2020-01-01\n"


@pytest.mark.parametrize(
    ("person_id", "text", "found"),
    [
        ("will", "We will meet after the drill", False),  # an id that is an ordinary word
        ("will", "Sessions with `will` ran weekly", True),  # ... written as an id
        ("will", "Thanks to @will for the drill", True),
        ("will", "Will Unseen led the drill", True),  # the name, whatever the id
        ("sam-2", "Research with sam-2 ran weekly", True),  # an id unlike any word
        ("sam-2", "Research with SAM-2, then more", True),
        ("sam-2", "Sam 2 and sam-20 are other things", False),
        ("q7", "Paired with q7 in March", True),
    ],
)
def test_ids_are_found_where_they_are_ids_and_only_there(
    program_dir: Path, person_id: str, text: str, found: bool
) -> None:
    write(f"people/{person_id}.yaml", UNSEEN)(program_dir)
    sub("baseline.yaml", "source: Staff survey, November 2023", f"source: {text}")(program_dir)
    problems = check_directory(program_dir, base=program_dir).problems
    assert [(p.file, p.line, p.field) for p in problems] == (
        [("baseline.yaml", 5, "baseline[0].source")] if found else []
    )
    if found:
        assert f"person '{person_id}'" in problems[0].message


def test_a_name_split_over_two_views_or_records_is_not_joined(program_dir: Path) -> None:
    """Each field is read on its own: "Bo" ending one title and "Hidden" starting the next
    name nobody."""
    sub("timeline.yaml", "title: Research and analysis", "title: Research led by Bo")(program_dir)
    sub("timeline.yaml", "title: Initial draft", "title: Hidden teams drafted")(program_dir)
    assert check_directory(program_dir, base=program_dir).problems == []


def test_markdown_decides_what_readers_see(program_dir: Path) -> None:
    """In a code span a character reference stays as written: no name is shown."""
    text = "The `ask Bo Hi&#100;den` drill: each month one"
    sub("incentives.yaml", "Each month one", text)(program_dir)
    assert check_directory(program_dir, base=program_dir).problems == []


STORY = (
    '\n- date: 2024-05-03\n  people: [zoe, jose]\n  title: "@jose\'s first failover drill"\n'
    "  story: |\n    In March @jose set out to learn how failover works.\n\n"
    "    @zoe and @jose ran the drill; @jose wrote the runbook.\n"
)


#: José (the mentee the story is about) withdraws his consent to be named.
JOSE_WITHDRAWS = sub(
    "people.yaml",
    "  interests: [Prometheus]\n  timezone: Europe/Madrid\n  publish: true",
    "  interests: [Prometheus]\n  timezone: Europe/Madrid\n  publish: false",
)


def _with_story(program_dir: Path, story: str = STORY) -> None:
    path = program_dir / "recognition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + story, encoding="utf-8")


def test_mentions_show_the_name_while_the_person_agrees_and_their_part_after(
    program_dir: Path,
) -> None:
    _with_story(program_dir)
    loaded = check_directory(program_dir, base=program_dir)
    assert loaded.problems == [] and loaded.warnings == []
    assert loaded.program is not None
    story = publish(loaded.program, date(2024, 7, 1)).recognition[0]
    assert story.title == "José Núñez's first failover drill"
    assert story.story == (
        "In March José Núñez set out to learn how failover works.\n\n"
        "Zoë Ångström and José Núñez ran the drill; José Núñez wrote the runbook.\n"
    )
    JOSE_WITHDRAWS(program_dir)
    loaded = check_directory(program_dir, base=program_dir)
    assert loaded.problems == [] and loaded.program is not None
    published = publish(loaded.program, date(2024, 7, 1))
    withdrawn = published.recognition[0]
    assert withdrawn.people == ("Zoë Ångström", "a mentee")
    assert withdrawn.title == "A mentee's first failover drill"
    assert withdrawn.story == (
        "In March a mentee set out to learn how failover works.\n\n"
        "Zoë Ångström and the mentee ran the drill; the mentee wrote the runbook.\n"
    )
    text = "\n".join(_strings(dataclasses.asdict(published))).casefold()
    for needle in ("josé", "jose", "núñez", "nunez"):
        assert needle not in text


def test_a_story_that_names_someone_unnamed_in_its_own_words_is_left_out(
    program_dir: Path,
) -> None:
    """José withdrew, and the story still calls him by his first name: the check refuses it,
    and a view made without the check shows the entry without its story."""
    _with_story(program_dir, STORY.replace("In March @jose set", "In March José set"))
    JOSE_WITHDRAWS(program_dir)
    loaded = check_directory(program_dir, base=program_dir)
    (problem,) = loaded.problems
    assert problem.field == "recognition[1].story" and "a word of their name" in problem.message
    assert loaded.program is not None
    entry = publish(loaded.program, date(2024, 7, 1)).recognition[0]
    assert (entry.title, entry.story) == ("A mentee's first failover drill", None)
    titled = STORY.replace("\"@jose's first", "\"Núñez's first")
    loaded = check_directory(_fresh(program_dir, titled), base=program_dir)
    assert loaded.program is not None
    assert [r.title for r in publish(loaded.program, date(2024, 7, 1)).recognition] == [
        "First storage failover drill led by a mentee"
    ]


def _fresh(program_dir: Path, story: str) -> Path:
    path = program_dir / "recognition.yaml"
    kept = path.read_text(encoding="utf-8").split("\n- date: 2024-05-03")[0]
    path.write_text(kept + story, encoding="utf-8")
    return program_dir


#: A mention of di (not named), written into every kind of field where mentions are rendered.
MENTIONED = [
    ("incentives.yaml", "summary: A mentor's story", "summary: By @di, a mentor's story"),
    (
        "incentives.yaml",
        "  description: |\n    Each month",
        "  description: |\n    @di: each month",
    ),
    ("incentives.yaml", "evidence: Recognition", "evidence: Asked for by @di; recognition"),
    ("timeline.yaml", "title: Research and analysis", "title: Research with @di"),
    # A decision concerns this entry: its link shows the title as the timeline publishes it.
    ("timeline.yaml", "title: Initial draft of", "title: Initial draft by @di of"),
    ("pairings.yaml", "title: Run a storage failover drill", "title: Run a drill with @di"),
    ("working-group/2024-01-10.yaml", "purpose: Start", "purpose: With @di, start"),
    ("working-group/2024-01-10.yaml", "objective: Agree", "objective: With @di, agree"),
    ("working-group/2024-01-10.yaml", "process: A round", "process: With @di, a round"),
    ("working-group/2024-01-10.yaml", "title: How we work together", "title: How @di works"),
    ("working-group/2024-01-10.yaml", "title: The charter", "title: The charter, by @di"),
    ("working-group/2024-01-10.yaml", "changes: The group's", "changes: For @di, the group's"),
    ("working-group/2024-01-10.yaml", "title: Summarize the", "title: With @di, summarize the"),
    ("feedback/pay-per-mentee.yaml", "said: Pay mentors", "said: As @di says, pay mentors"),
    ("feedback/pay-per-mentee.yaml", "reason: It would", "reason: For @di too, it would"),
]


def test_a_mention_is_rendered_in_every_field_that_takes_one(program_dir: Path) -> None:
    """Each field where the check accepts a mention shows the person's part in every output
    (the view, the status update, the agenda), never their id."""
    for file, old, new in MENTIONED:
        sub(file, old, new)(program_dir)
    sub(
        "people.yaml",
        "  roles: [mentee]\n  manager: dana\n  publish: false\n",
        "  roles: [mentee, wg-member]\n  manager: dana\n  publish: false\n",
    )(program_dir)
    loaded = check_directory(program_dir, base=program_dir, today=date(2024, 12, 31))
    assert loaded.problems == [] and loaded.program is not None
    program = loaded.program
    from generators.coordinator.agenda import NoAgenda, agenda_json, next_agenda
    from generators.coordinator.report import build_report, render_report

    texts = []
    for day in (date(2024, 1, 9), date(2024, 1, 11), date(2024, 2, 1), date(2024, 7, 1)):
        published = publish(program, day)
        texts += _strings(dataclasses.asdict(published))
        texts.append(render_report(build_report(program, day)))
        if published.working_group is not None:
            with contextlib.suppress(NoAgenda):  # after the group's last meeting
                texts.append(agenda_json(next_agenda(published.working_group, day, None)))
    text = "\n".join(texts)
    assert "a member" in text and "a mentee" in text  # the mentions were rendered
    assert "@di" not in text and "Di Private" not in text


#: Di is a mentor too: her roles alone would show her as "a mentor".
DI_MENTORS = (
    "people.yaml",
    "Di Private\n  team: Networking\n  joined: 2023-01-09\n  roles: [mentee]",
)


@pytest.mark.parametrize(
    ("edit", "field", "shown", "published"),
    [
        (  # the group's records show everyone not named as a member
            ("working-group/2024-01-10.yaml", "Summarize the staff survey", "Ask {bo}"),
            "tasks[0].title",
            "a member",
            lambda p: [t.title for t in p.working_group.tasks],
        ),
        (  # a story shows di by her part in the pairing it tells of, not by her first role
            ("recognition.yaml", "The drill ran in", "With {di}, the drill ran in"),
            "recognition[0].story",
            "a mentee",
            lambda p: [r.story for r in p.recognition],
        ),
        (  # elsewhere, by the part their roles give them
            ("timeline.yaml", "Research and analysis", "Research with {bo}"),
            "timeline[1].title",
            "a mentor",
            lambda p: [t.title for t in p.timeline],
        ),
    ],
)
def test_the_checks_hint_shows_the_part_the_mention_renders_to(
    program_dir: Path,
    edit: tuple[str, str, str],
    field: str,
    shown: str,
    published: Callable[[PublishedProgram], list[str | None]],
) -> None:
    """Where a text names someone who has not consented, the check suggests a mention and
    says what it shows: the words the published view then prints for that mention."""
    file, old, new = edit
    sub(DI_MENTORS[0], DI_MENTORS[1], DI_MENTORS[1].replace("[mentee]", "[mentor, mentee]"))(
        program_dir
    )
    named = new.format(bo="Bo Hidden", di="Di Private")
    sub(file, old, named)(program_dir)
    (problem,) = check_directory(program_dir, base=program_dir, today=date(2025, 1, 15)).problems
    assert (problem.field, problem.code) == (field, "consent")
    assert f"it shows '{shown}' while they are not named" in problem.hint

    sub(file, named, new.format(bo="@bo", di="@di"))(program_dir)
    program = load_program(program_dir, today=date(2025, 1, 15))
    texts = published(publish(program, date(2024, 12, 31)))
    written = new.format(bo=shown, di=shown)
    assert any(text is not None and written in text for text in texts), texts
