"""Roster blocks: mentors with open slots, active pairings by cohort, who holds each role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils.parsers.rst import directives

from generators.sphinxext.blocks import Block, BlockOptionError

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram

MENTOR_COLUMNS = ("name", "team", "skills", "capacity", "open", "timezone")
ROLE_LABELS = {
    "coordinator": ("Program coordinator", "Program coordinators"),
    "wg-lead": ("Working-group lead", "Working-group leads"),
    "wg-member": ("Working-group member", "Working-group members"),
    "mentor": ("Mentor", "Mentors"),
    "mentee": ("Mentee", "Mentees"),
    "manager": ("Manager", "Managers"),
}


class Mentors(Block):
    """Mentors taking part now: capacity, open slots, skills. Unnamed mentors are counted."""

    template = "blocks/mentors.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "columns": directives.unchanged,
        "open-only": directives.flag,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        columns = self.choice_list(
            "columns", MENTOR_COLUMNS, ("name", "team", "skills", "capacity", "open")
        )
        mentors = list(view.mentors)
        unnamed: int | None = view.unnamed_mentors
        if "open-only" in self.options:
            mentors = [m for m in mentors if m.open_slots > 0]
            unnamed = None  # unnamed mentors' open slots are not published
        return {
            "mentors": mentors,
            "columns": columns,
            "unnamed_count": unnamed,
            "open_slots": sum(m.open_slots for m in view.mentors),
        }


class Pairings(Block):
    """Active pairings by cohort; a pairing is named only when both people consented."""

    template = "blocks/pairings.html"
    option_spec: ClassVar[dict[str, Any]] = {**Block.option_spec, "cohort": directives.unchanged}

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        cohorts = [c for c in view.cohorts if c.active_pairings]
        wanted = self.options.get("cohort")
        if wanted:
            known = [c.id for c in view.cohorts]
            if wanted not in known:
                raise BlockOptionError(f"unknown cohort '{wanted}' (known: {', '.join(known)})")
            cohorts = [c for c in view.cohorts if c.id == wanted]
        return {"cohorts": cohorts, "uncohorted": 0 if wanted else view.uncohorted_active}


class Roles(Block):
    """Who holds each role now; people who have not consented are counted, not named."""

    template = "blocks/roles.html"
    option_spec: ClassVar[dict[str, Any]] = {**Block.option_spec, "roles": directives.unchanged}

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.data.models import Role

        roles = self.choice_list("roles", get_args(Role), ("coordinator", "wg-lead", "wg-member"))
        return {
            "holders": [view.role(role) for role in roles],
            "labels": ROLE_LABELS,
        }
