"""The check that a setting of program.yaml names a meeting of the timeline, one rule for
`reporting.meeting` and `working_group.meeting`."""

from __future__ import annotations

from collections.abc import Sequence

from generators.data.loaded import Loaded, Origin
from generators.data.models import Program
from generators.data.problems import Problem
from generators.data.yamlfile import PathPart


def not_a_meeting(
    program: Program, loaded: Loaded, origin: Origin, path: Sequence[PathPart], wanted: str
) -> list[Problem]:
    """The problem when `wanted` is not the id of a timeline meeting. None when that cannot
    be told: the timeline is unreadable, or an entry of it failed its own check (it may be
    the one meant, and its own error is the one to fix)."""
    if "timeline" in loaded.unreadable or loaded.declared.get("timeline"):
        return []
    found = next((t for t in program.timeline if t.id == wanted), None)
    if found is not None and found.kind == "meeting":
        return []
    what = "no timeline entry" if found is None else f"a {found.kind}"
    known = ", ".join(t.id for t in program.timeline if t.kind == "meeting")
    return [
        origin.problem(
            path,
            f"expected the id of a meeting in timeline.yaml; found {what} '{wanted}'",
            f"meetings: {known or 'none in timeline.yaml'}",
            "unknown-reference",
        )
    ]
