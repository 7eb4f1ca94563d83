"""Long chains (a deep organization, a long run of dependencies) are checked in linear time,
without recursion, and reported in lines of a readable length."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from generators.data.load import check_directory

DEPTH = 3000


def _append(path: Path, items: list[dict[str, Any]]) -> None:
    """Add `items` to the list in `path`, keeping what is there as written."""
    with path.open("a", encoding="utf-8") as stream:
        yaml.dump(items, stream, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def test_a_deep_organization_and_a_long_dependency_run(program_dir: Path) -> None:
    # c0 reports to dana, c1 to c0, ... c2999 to c2998: a chain 3,000 deep.
    _append(
        program_dir / "people.yaml",
        [
            {
                "id": f"c{n}",
                "name": f"Chain {n}",
                "team": "Deep",
                "joined": date(2015, 1, 1),
                "manager": f"c{n - 1}" if n else "dana",
                "capacity": 3,
            }
            for n in range(DEPTH)
        ],
    )
    # Pairings across the chain: c2999 with c0 (c0 is above it: one problem), and pairs of
    # people on separate branches (c1 mentors zoe: fine).
    _append(
        program_dir / "pairings.yaml",
        [
            {
                "mentor": "c0",
                "mentee": f"c{DEPTH - 1}",
                "start": date(2024, 1, 1),
                "status": "active",
            },
            {
                "mentor": f"c{DEPTH - 1}",
                "mentee": "zoe",
                "start": date(2024, 1, 1),
                "status": "active",
            },
        ],
    )
    # t0 depends on t1, t1 on t2, ...: listed first, t0 makes a search 3,000 deep.
    _append(
        program_dir / "timeline.yaml",
        [
            {
                "id": f"t{n}",
                "title": "Step",
                "kind": "milestone",
                "date": date(2030, 1, 1) - timedelta(days=n),
                **({"depends_on": [f"t{n + 1}"]} if n < DEPTH - 1 else {}),
            }
            for n in range(DEPTH)
        ],
    )
    started = time.perf_counter()
    problems = check_directory(program_dir, base=program_dir).problems
    elapsed = time.perf_counter() - started
    assert elapsed < 10  # quadratic walks took minutes here
    (problem,) = problems
    assert problem.file == "pairings.yaml"
    assert problem.message == (
        f"the mentor 'c0' is in the mentee's management chain (c{DEPTH - 1} → c{DEPTH - 2} → "
        f"c{DEPTH - 3} → c{DEPTH - 4} → ({DEPTH - 8} more) → c3 → c2 → c1 → c0)"
    )


def test_a_long_dependency_cycle_is_found_once(program_dir: Path) -> None:
    _append(
        program_dir / "timeline.yaml",
        [
            {
                "id": f"t{n}",
                "title": "Step",
                "kind": "milestone",
                "date": date(2030, 1, 1),
                "depends_on": [f"t{(n + 1) % DEPTH}"],
            }
            for n in range(DEPTH)
        ],
    )
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert problem.code == "cycle"
    assert problem.message.startswith("dependencies form a cycle: t0 → t1 → t2 → t3 → (")
    assert problem.message.endswith(f"t{DEPTH - 3} → t{DEPTH - 2} → t{DEPTH - 1} → t0")


def test_a_long_management_loop_is_found_once(program_dir: Path) -> None:
    _append(
        program_dir / "people.yaml",
        [
            {
                "id": f"c{n}",
                "name": f"Loop {n}",
                "team": "Loop",
                "joined": date(2015, 1, 1),
                "manager": f"c{(n + 1) % DEPTH}",
            }
            for n in range(DEPTH)
        ],
    )
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert problem.code == "manager-cycle"
    assert problem.message.startswith("the management chain loops: c0 → c1 → c2 → c3 → (")


def test_many_unknown_references_stay_quick(program_dir: Path) -> None:
    """Hints cost a pass over every id each: past a budget, references get the plain hint."""
    _append(
        program_dir / "people.yaml",
        [
            {"id": f"c{n}", "name": f"Many {n}", "team": "T", "joined": date(2015, 1, 1)}
            for n in range(DEPTH)
        ],
    )
    _append(
        program_dir / "pairings.yaml",
        [
            {
                "mentor": f"c{n}",
                "mentee": f"c{n}x",
                "start": date(2024, 1, 1),
                "status": "proposed",
            }
            for n in range(500)
        ],
    )
    started = time.perf_counter()
    problems = check_directory(program_dir, base=program_dir).problems
    assert time.perf_counter() - started < 10
    assert len(problems) == 500
    assert {p.message for p in problems} == {f"unknown person 'c{n}x'" for n in range(500)}
    hinted = [p for p in problems if p.hint.startswith("did you mean")]
    # 100,000 comparisons over 3,009 ids: 33 hints, the rest plain.
    assert len(hinted) == 33
    assert sum(p.hint == "it must be the id of an existing person" for p in problems) == 467
