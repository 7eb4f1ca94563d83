"""What the next approval meeting is asked to decide, from the published view of a day.

The off-site edition of the handbook is the pack the working group puts in front of the people
who decide (a timeline entry's `decided_by`): its first page lists what they are asked to
approve. Everything here comes from the view, so people appear only as the view names them.

- **The meeting**: the first entry with `decided_by` that ends on or after the day.
- **Incentives**: those still proposed on the day, with owner and cost.
- **Stages**: the roadmap's phases not yet done that start before the approval meeting after
  this one (all of them when there is none): what the meeting approves the program to do.
- **Open decisions**: timeline entries at risk, missed, or past their date and not done, and
  targets behind pace or missed (a milestone about a target is said once, as its target).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generators.data.published import IncentiveEntry, PublishedProgram, TimelineEntry
from generators.data.targets import TargetStatus, target_title


@dataclass(frozen=True)
class Approval:
    """One approval meeting's agenda, as it stood on `as_of`."""

    as_of: date
    meeting: TimelineEntry | None
    incentives: tuple[IncentiveEntry, ...]
    stages: tuple[TimelineEntry, ...]
    at_risk: tuple[TimelineEntry, ...]
    targets: tuple[TargetStatus, ...]

    @property
    def decided_by(self) -> str | None:
        return self.meeting.decided_by if self.meeting else None


def approval(view: PublishedProgram) -> Approval:
    """What the next approval meeting after `view.as_of` is asked to decide."""
    day = view.as_of
    meetings = sorted(
        (t for t in view.timeline if t.decided_by and t.last_day >= day),
        key=lambda t: (t.first_day, t.id),
    )
    meeting = meetings[0] if meetings else None
    until = meetings[1].first_day if len(meetings) > 1 else date.max
    stages = tuple(
        t for t in view.timeline if t.kind == "phase" and t.status != "done" and t.first_day < until
    )
    targets = tuple(t for t in view.targets if t.state in ("behind", "missed"))
    said = {target_title(t.target) for t in targets}
    open_items = tuple(
        t
        for t in view.timeline
        if t.kind != "meeting"
        and t.status != "done"
        and (t.status in ("at-risk", "missed") or t.last_day < day)
        and t.title not in said
    )
    return Approval(
        as_of=day,
        meeting=meeting,
        incentives=tuple(i for i in view.incentives if i.status == "proposed"),
        stages=stages,
        at_risk=open_items,
        targets=targets,
    )
