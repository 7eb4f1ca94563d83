"""What a change to `program/` does to the published program, in words a reviewer reads.

Both sides are compared as published on one day, so consent and suppression apply as in
every other output: a change about someone who is not named is only counted. Both sides are
named as the newer one allows (`compared`): someone who withdrew consent, or whose record was
removed, is named on neither side, and people no longer named are only counted. The text
goes into a pull request's summary, which more people read than the data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from generators.coordinator.markdown import Markdown, escape, percent
from generators.data import formats, metrics
from generators.data.formats import METRIC_LABELS, metric_value
from generators.data.models import Pairing, Program
from generators.data.naming import Naming
from generators.data.published import (
    PublishedProgram,
    RecognitionEntry,
    TimelineEntry,
    named_people,
    publish,
)
from generators.data.status import program_on
from generators.data.targets import TargetStatus


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the checked program, what it publishes, and who it names
    (with how many people it named by its own consent but no longer does)."""

    program: Program
    published: PublishedProgram
    naming: Naming
    no_longer_named: int = 0


def side(program: Program, as_of: date, naming: Naming | None = None) -> Side:
    """The program as it stood on `as_of` (statuses from its dated facts), and as published."""
    naming = naming or Naming.of(program)
    return Side(program_on(program, as_of), publish(program, as_of, naming), naming)


def compared(base: Program, head: Program, as_of: date) -> tuple[Side, Side]:
    """Both sides of a change, each named only as far as the head (the change) allows."""
    head_naming = Naming.of(head)
    before = side(base, as_of, Naming.of(base, also=head))
    after = side(head, as_of, head_naming)
    gone = named_people(base, as_of, Naming.of(base)) - named_people(head, as_of, head_naming)
    return before, Side(after.program, after.published, after.naming, len(gone))


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Markdown, ...]


#: The headline figures a diff compares, each with the data layer's label.
FIGURES: tuple[tuple[str, str], ...] = tuple(
    (name, METRIC_LABELS[name]) for name in ("participation", "mentors", "mentees", "eligible")
)


def changes(before: Side, after: Side) -> list[Section]:
    """Every section with something to say, in the order a reviewer reads them."""
    return [
        Section(title, tuple(lines))
        for title, compare in SECTIONS
        if (lines := list(compare(before, after)))
    ]


def render_diff(before: Side, after: Side, base_label: str, head_label: str) -> str:
    """The comparison as Markdown, for a pull request's summary or a terminal."""
    day = after.published.as_of
    out = [
        "## What this change does to the published program",
        "",
        f"Published as of {formats.day(day)}: {_code(base_label)} → {_code(head_label)}.",
        "",
    ]
    found = changes(before, after)
    if not found:
        out += ["No change to what the handbook publishes.", ""]
    for section in found:
        out += [f"### {section.title}", "", *(f"- {line}" for line in section.lines), ""]
    return "\n".join(out)


def _code(label: str) -> str:
    """A folder or a revision as inline code (a backtick could not be shown in one)."""
    return "`" + label.replace("`", "") + "`"


# -- people and roles ---------------------------------------------------------------------


def _named_roles(published: PublishedProgram) -> dict[str, tuple[str, ...]]:
    roles: dict[str, list[str]] = {}
    for holders in published.roles:
        for name in holders.names:
            roles.setdefault(name, []).append(holders.role)
    return {name: tuple(found) for name, found in roles.items()}


def _roles_text(roles: Iterable[str]) -> str:
    return ", ".join(roles) or "no role"


def _people(before: Side, after: Side) -> Iterable[Markdown]:
    old, new = _named_roles(before.published), _named_roles(after.published)
    for name in sorted(new.keys() - old.keys(), key=str.casefold):
        yield Markdown(f"Named now: {escape(name)} ({escape(_roles_text(new[name]))})")
    gone = after.no_longer_named
    if gone:
        who = "1 person is" if gone == 1 else f"{gone} people are"
        yield Markdown(f"{who} no longer named")
    for holders in after.published.roles:
        was = before.published.role(holders.role).unnamed
        step = holders.unnamed - was
        if step:
            word = "more" if step > 0 else "fewer"
            yield Markdown(f"{abs(step)} {word} {_plural(holders.role, abs(step))}, not named")


def _roles(before: Side, after: Side) -> Iterable[Markdown]:
    old, new = _named_roles(before.published), _named_roles(after.published)
    for name in sorted(old.keys() & new.keys(), key=str.casefold):
        if set(old[name]) != set(new[name]):
            yield Markdown(
                f"{escape(name)}: {escape(_roles_text(old[name]))} → "
                f"{escape(_roles_text(new[name]))}"
            )


def _plural(role: str, count: int) -> str:
    return role if count == 1 else role + "s"


# -- pairings -------------------------------------------------------------------------------

PairKey = tuple[str, str, date]


def _pairings(program: Program) -> dict[PairKey, Pairing]:
    return {(p.mentor, p.mentee, p.start): p for p in program.pairings}


def _pair_name(naming: Naming, key: PairKey) -> str | None:
    """The pair as named, or None when either of the two is not to be named."""
    mentor, mentee = naming.name(key[0]), naming.name(key[1])
    return f"{mentor} with {mentee}" if mentor and mentee else None


def _pairing_lines(before: Side, after: Side) -> Iterable[Markdown]:
    old, new = _pairings(before.program), _pairings(after.program)
    unnamed: Counter[str] = Counter()

    def say(side: Side, key: PairKey, what: str) -> Iterable[Markdown]:
        name = _pair_name(side.naming, key)
        if name is None:
            unnamed[what] += 1
        else:
            yield Markdown(f"{escape(name)}: {escape(what)}")

    for key in sorted(new.keys() - old.keys()):
        yield from say(after, key, f"started {formats.day(key[2])} ({new[key].status})")
    for key in sorted(old.keys() - new.keys()):
        yield from say(before, key, "no longer listed")
    for key in sorted(old.keys() & new.keys()):
        was, now = old[key], new[key]
        if was.status != now.status:
            yield from say(after, key, f"{was.status} → {now.status}")
        elif was.end != now.end and now.end is not None:
            yield from say(after, key, f"ends {formats.day(now.end)}")
    for what, count in sorted(unnamed.items()):
        pairs = "pairing" if count == 1 else "pairings"
        yield Markdown(f"{count} {pairs} with someone not named: {escape(what)}")


# -- timeline, incentives, recognition, surveys ---------------------------------------------


def _when(entry: TimelineEntry) -> str:
    if entry.first_day == entry.last_day:
        return f"on {formats.day(entry.first_day)}"
    return f"{formats.day(entry.first_day)} to {formats.day(entry.last_day)}"


def _timeline(before: Side, after: Side) -> Iterable[Markdown]:
    old = {t.id: t for t in before.published.timeline}
    new = {t.id: t for t in after.published.timeline}
    for item in after.published.timeline:
        if item.id not in old:
            yield Markdown(
                f"Added: {escape(item.title)}, {escape(item.kind)} {_when(item)} ({item.status})"
            )
            continue
        was = old[item.id]
        if (was.first_day, was.last_day) != (item.first_day, item.last_day):
            yield Markdown(f"Moved: {escape(item.title)}, {_when(was)} → {_when(item)}")
        if was.status != item.status:
            verb = "Done" if item.status == "done" else "Status"
            yield Markdown(f"{verb}: {escape(item.title)}, {was.status} → {item.status}")
        if was.title != item.title:
            yield Markdown(f"Renamed: {escape(was.title)} → {escape(item.title)}")
    for item in before.published.timeline:
        if item.id not in new:
            yield Markdown(f"Removed: {escape(item.title)} ({escape(item.kind)} {_when(item)})")


def _incentives(before: Side, after: Side) -> Iterable[Markdown]:
    old = {i.id: i for i in before.published.incentives}
    new = {i.id: i for i in after.published.incentives}
    for item in after.published.incentives:
        was = old.get(item.id)
        if was is None:
            yield Markdown(f"Added: {escape(item.name)} ({item.status}, for {item.audience})")
        elif was.status != item.status:
            yield Markdown(f"{escape(item.name)}: {was.status} → {item.status}")
        elif was.name != item.name:
            yield Markdown(f"Renamed: {escape(was.name)} → {escape(item.name)}")
    for item in before.published.incentives:
        if item.id not in new:
            yield Markdown(f"Removed: {escape(item.name)}")


def _recognition(before: Side, after: Side) -> Iterable[Markdown]:
    def key(entry: RecognitionEntry) -> tuple[date, str]:
        return entry.date, entry.title

    old = {key(r): r for r in before.published.recognition}
    new = {key(r): r for r in after.published.recognition}
    for entry in after.published.recognition:
        if key(entry) not in old:
            people = ", ".join(entry.people)
            yield Markdown(
                f"Added: {escape(entry.title)} ({formats.day(entry.date)}; {escape(people)})"
            )
    for entry in before.published.recognition:
        if key(entry) not in new:
            yield Markdown(f"Removed: {escape(entry.title)} ({formats.day(entry.date)})")


def _surveys(before: Side, after: Side) -> Iterable[Markdown]:
    old = {s.id for s in before.published.surveys}
    new = {s.id for s in after.published.surveys}
    for survey in after.published.surveys:
        if survey.id not in old:
            rate = percent(survey.response_rate)
            yield Markdown(
                f"Added: {escape(survey.title)} ({escape(survey.date)}; response rate {rate})"
            )
    for survey in before.published.surveys:
        if survey.id not in new:
            yield Markdown(f"Removed: {escape(survey.title)}")


# -- targets and figures --------------------------------------------------------------------


def _targets(before: Side, after: Side) -> Iterable[Markdown]:
    """Targets kept, changed (the same metric with a new value, date or both), added and
    removed: an edited target reads as one change, not as a removal and an addition."""
    old, new = list(before.published.targets), list(after.published.targets)
    for was, now in _paired_targets(old, new):
        state = now.words  # the data layer's words: the one rule for a target's status
        states = state if was.words == state else f"{was.words} → {state}"
        a, b = was.target, now.target
        if was.goal == now.goal:
            if was.words != state:
                yield Markdown(f"{escape(now.goal)}: {states}")
            continue
        name, metric = now.label.lower(), a.metric
        value_a, value_b = metric_value(metric, a.value), metric_value(metric, b.value)
        if a.by == b.by:
            change = f"{name} by {formats.day(b.by)}: {value_a} → {value_b}"
        elif value_a == value_b:
            change = f"{name} {value_b}: by {formats.day(a.by)} → by {formats.day(b.by)}"
        else:
            due_a, due_b = formats.day(a.by), formats.day(b.by)
            change = f"{name}: {value_a} by {due_a} → {value_b} by {due_b}"
        yield Markdown(f"Changed: {escape(change)} ({states})")
    for progress in new:
        yield Markdown(f"Added: {escape(progress.goal)} ({progress.words})")
    for progress in old:
        yield Markdown(f"Removed: {escape(progress.goal)}")


def _paired_targets(
    old: list[TargetStatus], new: list[TargetStatus]
) -> list[tuple[TargetStatus, TargetStatus]]:
    """Pairs of the same target before and after, taken out of `old` and `new`: first those
    unchanged, then those of one metric that kept their date, then their value, then the
    rest of each metric in order of date. What remains was added or removed."""
    pairs: list[tuple[TargetStatus, TargetStatus]] = []
    keys: tuple[Callable[[TargetStatus], tuple[object, ...]], ...] = (
        lambda p: (p.target.metric, p.goal),
        lambda p: (p.target.metric, p.target.by),
        lambda p: (p.target.metric, metric_value(p.target.metric, p.target.value)),
        lambda p: (p.target.metric,),
    )
    for key in keys:
        for was in list(old):
            now = next((n for n in new if key(n) == key(was)), None)
            if now is not None:
                old.remove(was)
                new.remove(now)
                pairs.append((was, now))
    return sorted(pairs, key=lambda pair: (pair[1].target.by, pair[1].target.metric))


def _figure(snapshot: metrics.Snapshot | None, metric: str) -> Markdown:
    return Markdown(metric_value(metric, snapshot.value(metric) if snapshot else None))


def _figures(before: Side, after: Side) -> Iterable[Markdown]:
    old = before.published.snapshots[-1] if before.published.snapshots else None
    new = after.published.snapshots[-1] if after.published.snapshots else None
    for metric, label in FIGURES:
        was, now = _figure(old, metric), _figure(new, metric)
        if was != now:
            yield Markdown(f"{label} {was} → {now}")
    pairs_before = before.published.counts.get("active_pairings", 0)
    pairs_after = after.published.counts.get("active_pairings", 0)
    if pairs_before != pairs_after:
        yield Markdown(f"Pairings meeting {pairs_before} → {pairs_after}")


Compare = Callable[[Side, Side], Iterable[Markdown]]
SECTIONS: tuple[tuple[str, Compare], ...] = (
    ("People", _people),
    ("Roles", _roles),
    ("Pairings", _pairing_lines),
    ("Timeline", _timeline),
    ("Incentives", _incentives),
    ("Recognition", _recognition),
    ("Targets", _targets),
    ("Headline figures", _figures),
    ("Surveys", _surveys),
)
