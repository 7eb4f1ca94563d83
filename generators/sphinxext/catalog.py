"""The incentive catalog and the celebrating-successes list.

Every incentive gets an anchor, `incentive-<id>`, registered as a label so any page can
link to it with {ref}`incentive-<id>`; recognition entries link back to their incentive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, get_args

from docutils.parsers.rst import directives

from generators.sphinxext.blocks import Block, BlockOptionError

if TYPE_CHECKING:
    from generators.data.published import IncentiveEntry, PublishedProgram

#: How each category is headed; the categories themselves are the data contract's.
CATEGORY_LABELS = {
    "recognition": "Recognition",
    "professional-development": "Professional development",
    "career": "Career",
    "time": "Time",
    "community": "Community",
}
#: Adopted incentives first; any status not named here sorts last.
STATUS_ORDER = ("adopted", "piloting", "proposed")


def anchor(incentive_id: str) -> str:
    return f"incentive-{incentive_id}"


class Incentives(Block):
    """The catalog, grouped by category, each incentive with its own anchor."""

    template = "blocks/incentives.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "category": directives.unchanged,
        "status": directives.unchanged,
        "audience": directives.unchanged,
        "heading-level": lambda value: directives.choice(value, ("2", "3", "4", "5")),
        "no-anchors": directives.flag,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        from generators.data.models import Audience, Category, IncentiveStatus

        every_category = get_args(Category)
        categories = self.choice_list("category", every_category, every_category)
        statuses = self.choice_list("status", get_args(IncentiveStatus), get_args(IncentiveStatus))
        audiences = self.choice_list("audience", get_args(Audience), get_args(Audience))
        chosen = [
            i
            for i in view.incentives
            if i.category in categories
            and i.status in statuses
            and (i.audience in audiences or (i.audience == "both" and audiences != ["both"]))
        ]
        level = int(self.options.get("heading-level", 3))
        anchors = "no-anchors" not in self.options
        if anchors:
            self._register(chosen)
        groups = [
            (
                key,
                CATEGORY_LABELS.get(key, key),
                sorted((i for i in chosen if i.category == key), key=_order),
            )
            for key in every_category
            if key in categories
        ]
        return {
            "groups": [g for g in groups if g[2]],
            "grouped": len(categories) > 1,
            "level": level,
            "anchors": anchors,
            "anchor": anchor,
        }

    def _register(self, chosen: list[IncentiveEntry]) -> None:
        std = self.env.domains.standard_domain
        for incentive in chosen:
            name = anchor(incentive.id)
            if name in std.labels and std.labels[name][0] != self.env.docname:
                raise BlockOptionError(
                    f"incentive '{incentive.id}' already has its anchor on page "
                    f"'{std.labels[name][0]}'; add :no-anchors: to this copy of the catalog"
                )
            std.note_hyperlink_target(name, self.env.docname, name, incentive.name)


def _order(incentive: IncentiveEntry) -> tuple[int, str]:
    rank = STATUS_ORDER.index(incentive.status) if incentive.status in STATUS_ORDER else 99
    return rank, incentive.name.casefold()


class Recognition(Block):
    """Celebrating successes, newest first; people who have not consented are not named."""

    template = "blocks/recognition.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "limit": directives.positive_int,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        entries = list(view.recognition)[: self.options.get("limit")]
        catalog = {i.id for i in view.incentives}
        links = {
            e.incentive: self.link(anchor(e.incentive), e.incentive_name or e.incentive)
            for e in entries
            if e.incentive in catalog
        }
        return {"entries": entries, "links": links}
