"""The joining block: when the next intake opens and how to reach the program coordinator.

The facts come from the data layer (`generators.data.joining`), in the published view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives

from generators.sphinxext.blocks import Block

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram

PARTS = ("intake", "contact")


class Joining(Block):
    """`handbook-joining`: "Next intake: <date>" and the program's contact (`:show:` picks)."""

    template = "blocks/joining.html"
    option_spec: ClassVar[dict[str, Any]] = {
        **Block.option_spec,
        "show": directives.unchanged,
    }

    def context(self, view: PublishedProgram) -> dict[str, Any]:
        return {"joining": view.joining, "show": self.choice_list("show", PARTS, PARTS)}
