"""Edits where an editor makes them: the handbook's own pages, built with the large synthetic
program, rebuilt after one edit against a full build of the same handbook.

The handbook is `docs/` as it is in this checkout (every page, the glossary, every block, an
update page for each reporting date) with `_templates/`, built against the large synthetic
program (2,000 people). Each round builds it in full, then with nothing changed, then after
one person's team changed and after a typo fixed in one page's prose, each build a child
process as the editor's `sphinx-build` is; ratios compare medians measured in one run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from bench.build_bench import (
    AS_OF,
    TARGETS,
    checked,
    named_mentors_team,
    pages_read,
    sphinx_command,
    toggle,
)
from bench.measure import REPO, Run, in_child, median_seconds, run_child
from bench.registry import Result, Settings, benchmark

#: The page whose prose `edit-one-page` corrects: the one with the largest generated tables,
#: so the figure is the dearest a typo gets.
TYPO_PAGE = "roster.md"


def write_handbook(root: Path) -> Path:
    """A copy of the handbook's pages and templates in `root`, without generated pages, beside
    an empty place for `program/` (conf.py names `../program`); returns its `docs/`."""
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("updates", "_build"))
    shutil.copytree(REPO / "_templates", root / "_templates")
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")  # included by a page
    return docs


def typo(page: Path) -> tuple[str, str]:
    """The page's first paragraph of prose, and the same with two letters of its first long
    word swapped."""
    text = page.read_text(encoding="utf-8")
    for paragraph in text.split("\n\n"):
        if not paragraph[:1].isalpha():
            continue  # headings, labels, fences, tables
        found = re.search(r"\b[a-z]{7,}\b", paragraph)
        if found:
            word = found[0]
            wrong = word[0] + word[2] + word[1] + word[3:]
            return paragraph, paragraph[: found.start()] + wrong + paragraph[found.end() :]
    raise RuntimeError(f"{page} has no paragraph of prose")


@benchmark("edit", "an edit to the handbook (its pages, the large program) vs a full build")
def edit_benchmark(settings: Settings) -> Iterator[Result]:
    if "large" not in settings.scales:
        return
    os.environ.setdefault("HANDBOOK_AS_OF", AS_OF)  # children inherit it: one date for all
    root = settings.workdir / "handbook"
    docs = write_handbook(root)
    program = root / "program"
    in_child("bench.synthetic:write_scale", str(program), "large")
    outdir, charts = root / "out", root / "chart-cache"
    # Serial, with its progress shown (pages re-read): see `sphinx_command`.
    command = sphinx_command(
        docs, outdir, quiet=False, defines={"handbook_chart_cache": str(charts)}
    )
    checked("the first build", run_child(command))  # draws the charts into the cache
    page = docs / TYPO_PAGE
    fix = typo(page)
    toggle(page, *fix)  # the page as written has the typo; each round fixes or makes it
    team = named_mentors_team(program / "people.yaml")
    rounds = settings.repeat
    print(f"  {rounds} round(s) of a full build, a no-op and two edits ...", flush=True)
    runs: dict[str, list[Run]] = {"full": [], "noop": [], "team": [], "typo": []}
    for _ in range(rounds):
        shutil.rmtree(outdir)
        runs["full"].append(checked("the full build", run_child(command)))
        runs["noop"].append(checked("the no-op build", run_child(command)))
        toggle(program / "people.yaml", *team)
        runs["team"].append(checked("the rebuild", run_child(command)))
        toggle(page, *fix)
        runs["typo"].append(checked("the rebuild", run_child(command)))
    full, noop = median_seconds(runs["full"]), median_seconds(runs["noop"])
    pages = pages_read(runs["full"][0])
    floor = f"a no-op rebuild takes {noop:.2f} s ({noop / full:.2f} of a full build)"
    for name, key, what in (
        ("edit-large", "team", "one named mentor's team changed in people.yaml"),
        ("edit-one-page", "typo", f"a typo fixed or made in the prose of {TYPO_PAGE}"),
    ):
        seconds = median_seconds(runs[key])
        yield Result(
            name,
            seconds / full,
            TARGETS.get(name),
            (
                f"the handbook ({pages} pages, the large program): {what}: {seconds:.2f} s "
                f"against a full build's {full:.2f} s (medians of {rounds})",
                f"pages re-read: {', '.join(str(pages_read(r)) for r in runs[key])} of {pages}; "
                f"{floor}",
            ),
        )
