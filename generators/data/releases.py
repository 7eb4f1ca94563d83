"""Two releases of a survey, compared: neither may be subtracted from the other.

Each release is suppressed correctly on its own (`privacy.publish_survey`), but a pair can
still give people away. Add one late answer to a survey already published: the question's
total moves by one, and the new release minus the old is that person's answer. Or a group
the old release hid (four mentors) is published once a fifth answers: the new group minus
the late answer is the hidden group. So a new release of a survey is refused when, for any
question or theme (each release published as its own `min_group_size` says, and
`min_group_size` below being the larger of the two):

- a figure published in both (the question's total, or a breakdown group) changed by at
  least one answer and fewer than `min_group_size`;
- a figure the old release hid (or left out of its file) is published now with fewer than
  `min_group_size` answers added. A group left out has no counts to compare: the answers
  added to the whole question bound what it can have gained.

"Answers changed" is the fewest answers added, removed or moved that turn one row of counts
into the other; a theme's figure is its number of mentions. Which figures each release
publishes is `publish_survey`'s decision alone. The problems name the survey and the question
or theme, never a figure: they are printed in CI logs.
"""

from __future__ import annotations

from collections.abc import Sequence

from generators.data.loaded import Origin
from generators.data.models import Program, Question, Survey
from generators.data.privacy import QuestionResult, SurveyResult, publish_survey
from generators.data.problems import Problem

#: The key of a question's own total among its groups.
TOTAL = ("", "")


def answers_changed(before: Sequence[int], after: Sequence[int]) -> int:
    """The fewest answers added, removed or moved that turn `before` into `after`."""
    if len(before) != len(after):  # another scale: compare the numbers who answered
        return abs(sum(after) - sum(before))
    added = sum(max(0, new - old) for old, new in zip(before, after, strict=True))
    removed = sum(max(0, old - new) for old, new in zip(before, after, strict=True))
    return max(added, removed)


def release_problems(
    base: Program, head: Program, head_origins: Sequence[Origin], base_label: str
) -> list[Problem]:
    """Each question or theme of `head` whose release could be subtracted from `base`'s, at
    its line."""
    sizes = (base.info.privacy.min_group_size, head.info.privacy.min_group_size)
    earlier = {survey.id: survey for survey in base.surveys}
    problems: list[Problem] = []
    for survey, origin in zip(head.surveys, head_origins, strict=True):
        before = earlier.get(survey.id)
        if before is None:
            continue
        for where, what, why in _subtractable(before, survey, *sizes):
            problems.append(
                origin.problem(
                    where,
                    f"survey '{survey.id}', {what}: this release {why} since {base_label}, so "
                    "subtracting one release from the other would show what those people "
                    "answered",
                    "wait until at least privacy.min_group_size more people have answered, or "
                    "keep the published release of this survey",
                    "release",
                )
            )
    return problems


def _subtractable(
    before: Survey, after: Survey, k_before: int, k_after: int
) -> list[tuple[list[str | int], str, str]]:
    """(where in `after`, what, why) of each question and theme whose release subtracts from
    `before`'s."""
    published_before, published_after = (
        publish_survey(before, k_before),
        publish_survey(after, k_after),
    )
    shown_before, shown_after = _by_id(published_before), _by_id(published_after)
    k = max(k_before, k_after)
    earlier = {q.id: q for q in before.questions}
    found: list[tuple[list[str | int], str, str]] = []
    for index, question in enumerate(after.questions):
        old = earlier.get(question.id)
        if old is None:
            continue  # a new question: nothing of it was released before
        why = _why(old, question, shown_before[question.id], shown_after[question.id], k)
        if why:
            found.append((["questions", index], f"question '{question.id}'", why))
    mentions_before = {t.theme: t.mentions for t in before.themes}
    was_shown = {t.theme for t in published_before.themes if t.mentions is not None}
    now_shown = {t.theme for t in published_after.themes if t.mentions is not None}
    for index, theme in enumerate(after.themes):
        old_mentions = mentions_before.get(theme.theme)
        if theme.theme not in now_shown or old_mentions is None:
            continue  # hidden now, or a new theme: nothing of it to subtract
        why = _changed_or_revealed(theme.theme in was_shown, abs(theme.mentions - old_mentions), k)
        if why:
            found.append((["themes", index], f"theme '{theme.theme}'", why))
    return found


def _changed_or_revealed(published_before: bool, change: int, k: int) -> str | None:
    """Why a figure published now subtracts from the last release, if it does: it moved by a
    few answers, or the last release hid it and few answers were added."""
    if published_before:
        return f"changes a published figure by fewer than {k} answers" if 0 < change < k else None
    if change < k:
        return f"publishes a figure the last release hid, with fewer than {k} answers added"
    return None


def _why(
    old: Question, new: Question, was: QuestionResult, now: QuestionResult, k: int
) -> str | None:
    published_before = _published(was)
    total_change = answers_changed(old.counts, new.counts)
    for key in sorted(_published(now)):
        counts = _counts(new, key)
        previous = _counts(old, key)
        if counts is None:  # pragma: no cover - a published figure has its counts
            continue
        if key in published_before:
            change = answers_changed(previous, counts) if previous is not None else 0
        elif previous is None:
            if key != TOTAL and key[0] not in old.breakdowns:
                continue  # a new breakdown: none of its groups was released, hidden or not
            change = total_change  # left out of the old file: bounded by the whole question
        else:
            change = answers_changed(previous, counts)
        why = _changed_or_revealed(key in published_before, change, k)
        if why:
            return why
    return None


def _published(result: QuestionResult) -> set[tuple[str, str]]:
    """The figures of a question a release shows: its total, and its groups by breakdown."""
    if result.suppressed:
        return set()
    return {TOTAL} | {
        (name, group.name)
        for name, groups in result.breakdowns.items()
        for group in groups
        if not group.suppressed
    }


def _counts(question: Question, key: tuple[str, str]) -> tuple[int, ...] | None:
    if key == TOTAL:
        return tuple(question.counts)
    groups = question.breakdowns.get(key[0]) or {}
    counts = groups.get(key[1])
    return None if counts is None else tuple(counts)


def _by_id(result: SurveyResult) -> dict[str, QuestionResult]:
    return {question.id: question for question in result.questions}
