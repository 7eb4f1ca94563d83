"""Suppression, applied once, here, so that no renderer can forget it (who may be named is
decided in `naming.Naming`).

- A survey figure is about a group: the people who answered a question, a breakdown group,
  the people who mentioned a theme. A group of fewer than `min_group_size` is shown as
  "fewer than N", and enough further groups are hidden that none can be recovered by
  subtracting published figures from a published total.
- Inside a published question or group, each scale point's count is shown as it is, 1
  included: it says that one of at least `min_group_size` people gave that answer, not who.

Two releases of a survey are compared with these same decisions in `releases`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.data.models import Question, Survey


class _Counted:
    """Counts per scale point, or None where they are suppressed."""

    counts: tuple[int, ...] | None

    @property
    def suppressed(self) -> bool:
        return self.counts is None

    @property
    def respondents(self) -> int | None:
        return None if self.counts is None else sum(self.counts)


@dataclass(frozen=True)
class GroupResult(_Counted):
    """One breakdown group (e.g. role = mentor): its counts, or None when suppressed."""

    name: str
    counts: tuple[int, ...] | None


@dataclass(frozen=True)
class QuestionResult(_Counted):
    """A question as it may be published."""

    id: str
    text: str
    scale: tuple[str, ...]
    counts: tuple[int, ...] | None
    breakdowns: dict[str, tuple[GroupResult, ...]]


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    mentions: int | None  # None: fewer than the minimum group size


@dataclass(frozen=True)
class SurveyResult:
    """A survey as it may be published: every figure safe for the minimum group size."""

    id: str
    title: str
    date: str
    invited: int
    respondents: int | None  # None: fewer than the minimum responded at all
    min_group_size: int
    questions: tuple[QuestionResult, ...]
    themes: tuple[ThemeResult, ...]

    @property
    def response_rate(self) -> float | None:
        if self.respondents is None or not self.invited:
            return None
        return self.respondents / self.invited


def publish_survey(survey: Survey, min_group_size: int) -> SurveyResult:
    """`survey` with suppression and complementary suppression applied."""
    k = min_group_size
    overall = survey.respondents
    questions = tuple(_question(q, k) if overall >= k else _hidden(q) for q in survey.questions)
    themes = _themes(survey, k)
    return SurveyResult(
        id=survey.id,
        title=survey.title,
        date=survey.date.isoformat(),
        invited=survey.invited,
        respondents=overall if overall >= k else None,
        min_group_size=k,
        questions=questions,
        themes=themes,
    )


def _themes(survey: Survey, k: int) -> tuple[ThemeResult, ...]:
    """Published themes by mentions, most first; hidden ones after them, alphabetically.

    Listed in the order of their true mentions, hidden themes would tell a reader which of
    them was mentioned least: every view (pages, PDF, exports) takes this one order.
    """
    published = survey.respondents >= k
    shown = sorted(
        (t for t in survey.themes if published and t.mentions >= k),
        key=lambda t: (-t.mentions, t.theme),
    )
    hidden = sorted(
        (t for t in survey.themes if not (published and t.mentions >= k)),
        key=lambda t: (t.theme.casefold(), t.theme),
    )
    return (
        *(ThemeResult(t.theme, t.mentions) for t in shown),
        *(ThemeResult(t.theme, None) for t in hidden),
    )


def _hidden(question: Question) -> QuestionResult:
    return QuestionResult(question.id, question.text, question.scale, None, {})


def _question(question: Question, k: int) -> QuestionResult:
    total = question.respondents
    if total < k:
        return _hidden(question)
    breakdowns = {name: _groups(groups, total, k) for name, groups in question.breakdowns.items()}
    return QuestionResult(question.id, question.text, question.scale, question.counts, breakdowns)


def _groups(groups: dict[str, tuple[int, ...]], total: int, k: int) -> tuple[GroupResult, ...]:
    """Hide groups under `k`, then more until what the total leaves over is 0 or at least `k`.

    The remainder (total minus the published groups) is what a reader can compute; it holds
    the hidden groups and anyone in no group. If it is a small positive number it describes
    fewer than `k` people, and if it is exactly one hidden group it recovers that group: hiding
    the next smallest group closes both holes.
    """
    sizes = {name: sum(counts) for name, counts in groups.items()}
    hidden = {name for name, size in sizes.items() if size < k}
    remainder = total - sum(size for name, size in sizes.items() if name not in hidden)
    while 0 < remainder < k:
        shown = sorted((size, name) for name, size in sizes.items() if name not in hidden)
        if not shown:
            break
        size, name = shown[0]
        hidden.add(name)
        remainder += size
    return tuple(
        GroupResult(name, None if name in hidden else counts)
        for name, counts in sorted(groups.items())
    )
