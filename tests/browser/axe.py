"""axe-core, as bundled by the `axe-playwright-python` package, run in a page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

#: What the handbook must not have: anything a screen reader or keyboard user would trip over.
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    """One rule broken on one page, with the elements that break it."""

    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        shown = "\n".join(f"      {target}" for target in self.targets[:8])
        more = f"\n      ... and {len(self.targets) - 8} more" if len(self.targets) > 8 else ""
        head = f"{self.page}: {self.rule} [{self.impact}] {self.help}"
        return f"{head}\n{shown}{more}\n    {self.summary}"


@cache
def axe_source() -> str:
    """The axe-core script shipped inside the Python package: nothing is fetched at test time."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page: Page, name: str, options: dict[str, Any] | None = None) -> list[Violation]:
    """axe's violations on the page as loaded now, named `name` in reports."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    settings = {"resultTypes": ["violations"], **(options or {})}
    results = page.evaluate("options => window.axe.run(document, options)", settings)
    found = []
    for violation in results["violations"]:
        nodes = violation["nodes"]
        first = nodes[0].get("failureSummary", "") if nodes else ""
        found.append(
            Violation(
                page=name,
                rule=violation["id"],
                impact=violation.get("impact") or "unknown",
                help=violation["help"],
                targets=tuple(" ".join(map(str, node["target"])) for node in nodes),
                summary=" ".join(first.split()),
            )
        )
    return found


def report(violations: list[Violation]) -> str:
    """Violations one after another, readable in a failed assertion."""
    return "\n".join(str(violation) for violation in violations)
