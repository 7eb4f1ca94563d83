"""What a target's status is on a day: the one rule the site, the report, the PDF and the
exports all use.

The rule, as docs/evaluation.md states it:

- A target exists from the day it was agreed (`set_on`); before, it is not shown.
- It is judged by the last figure on or before the day, and never by one after its `by` date.
- **met**: that figure reaches the target's value (compared as printed);
- **missed**: the day is after `by` and the figure did not reach it;
- otherwise the pace is a straight line from the figure when the target was set (the last
  figure on or before `set_on`, or, for a target without `set_on`, on or before the day
  incentives took effect; the first figure if there is none that early) to the value at `by`:
  **on track** when the figure is at or above the pace on the figure's own date, **behind**
  when below it, both compared at the precision they print with;
- **no figure yet** when there is no figure on or before the day.

A roadmap milestone that is a target (`target:` in timeline.yaml) is the target on the roadmap:
its title says the target's value and its status on a day is the target's state that day
(`milestone_status`), so the roadmap and the targets table never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from generators.data.formats import (
    METRIC_LABELS,
    METRIC_UNITS,
    as_printed,
    day,
    is_fraction,
    metric_value,
)

if TYPE_CHECKING:  # the site imports this module at start-up: no pydantic before a page needs it
    from generators.data.metrics import Snapshot
    from generators.data.models import Program, Target, TimelineItem, TimelineStatus

TargetState = Literal["met", "on-track", "behind", "missed", "no-data"]
#: Each state in words, as every output prints it.
STATE_WORDS: dict[TargetState, str] = {
    "met": "met",
    "on-track": "on track",
    "behind": "behind pace",
    "missed": "missed",
    "no-data": "no report yet",
}


@dataclass(frozen=True)
class TargetStatus:
    """A target on one day: the figure it is judged by, the pace, and the resulting state."""

    target: Target
    state: TargetState
    #: The figure judged, and its date (the last report on or before the day and `by`).
    measured: float | None
    measured_on: date | None
    #: The pace's value on `measured_on`; None once the target is met or past its date.
    expected: float | None
    #: The figure the pace starts from.
    base: Snapshot | None

    @property
    def metric(self) -> str:
        return self.target.metric

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.target.metric]

    @property
    def goal(self) -> str:
        """The target in running text, as every output words it: "active mentors 12 by 31 Dec
        2026"."""
        value = metric_value(self.target.metric, self.target.value)
        return f"{self.label.lower()} {value} by {day(self.target.by)}"

    @property
    def words(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def is_fraction(self) -> bool:
        return is_fraction(self.target.metric)

    @property
    def met(self) -> bool:
        return self.state == "met"

    @property
    def on(self) -> date | None:
        """The date of the figure judged (the name older exports used)."""
        return self.measured_on

    @property
    def measured_text(self) -> str:
        return metric_value(self.target.metric, self.measured)

    @property
    def expected_text(self) -> str:
        return metric_value(self.target.metric, self.expected)


def target_statuses(program: Program, series: Sequence[Snapshot], day: date) -> list[TargetStatus]:
    """Every target agreed by `day`, judged on `day`, in order of their dates."""
    agreed = [t for t in program.info.targets if t.is_set_on(day)]
    start = program.info.incentives_start
    return [
        target_status(t, series, day, start)
        for t in sorted(agreed, key=lambda t: (t.by, t.metric, t.value))
    ]


def target_status(
    target: Target, series: Sequence[Snapshot], day: date, incentives_start: date
) -> TargetStatus:
    """`target` on `day`, judged from the snapshots in `series` (see the module's rule)."""
    judged = _last_on_or_before(series, min(day, target.by))
    base_day = target.set_on or incentives_start
    base = _last_on_or_before(series, base_day) or (series[0] if series else None)
    measured = judged.value(target.metric) if judged else None
    if judged is None or measured is None:
        return TargetStatus(target, "no-data", None, None, None, base)
    metric = target.metric
    if as_printed(metric, measured) >= as_printed(metric, target.value):
        return TargetStatus(target, "met", measured, judged.date, None, base)
    if day > target.by:
        return TargetStatus(target, "missed", measured, judged.date, None, base)
    expected = pace(target, base, judged.date)
    behind = expected is not None and as_printed(metric, measured) < as_printed(metric, expected)
    return TargetStatus(
        target, "behind" if behind else "on-track", measured, judged.date, expected, base
    )


def pace(target: Target, base: Snapshot | None, on: date) -> float:
    """The straight line from `base` to the target's value at `by`, read on `on`.

    A program already at or past the target at the start is expected to stay there.
    """
    first = base.value(target.metric) if base is not None else None
    if base is None or first is None or base.date >= target.by:
        return float(target.value)
    if first >= target.value:
        return float(target.value)
    share = max(0.0, min(1.0, (on - base.date).days / (target.by - base.date).days))
    return first + (target.value - first) * share


#: A milestone about a target is as far along as the target: its roadmap status by the
#: target's state (not yet agreed, or no figure yet: planned).
MILESTONE_STATUS: dict[TargetState, TimelineStatus] = {
    "met": "done",
    "on-track": "in-progress",
    "behind": "at-risk",
    "missed": "missed",
    "no-data": "planned",
}


def target_title(target: Target) -> str:
    """What a milestone about `target` is called: "Participation reaches 50.0 %"."""
    label = METRIC_LABELS[target.metric]
    verb = "reach" if METRIC_UNITS.get(target.metric) == "people" else "reaches"
    return f"{label} {verb} {metric_value(target.metric, target.value)}"


def target_of(item: TimelineItem, targets: Sequence[Target]) -> Target | None:
    """The target a milestone is about: its metric, due on the milestone's date."""
    if item.target is None:
        return None
    return next((t for t in targets if t.metric == item.target and t.by == item.date), None)


def milestone_status(
    target: Target, series: Sequence[Snapshot], day: date, incentives_start: date
) -> TimelineStatus:
    """The roadmap status on `day` of the milestone that is `target`."""
    if not target.is_set_on(day):
        return "planned"
    return MILESTONE_STATUS[target_status(target, series, day, incentives_start).state]


def _last_on_or_before(series: Sequence[Snapshot], day: date) -> Snapshot | None:
    found = [s for s in series if s.date <= day]
    return found[-1] if found else None
