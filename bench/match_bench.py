"""`handbook match` at 2,000 people: the whole command against `handbook check` on the same
program, so the ratio is what matching adds on top of reading and checking the data."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from bench.measure import in_child, interleaved, median_seconds
from bench.registry import Result, Settings, benchmark

AS_OF = "2026-11-27"


@benchmark("match", "handbook match vs handbook check on the large synthetic program")
def match_benchmark(settings: Settings) -> Iterator[Result]:
    program = settings.workdir / "program-match"
    in_child("bench.synthetic:write_scale", str(program), "large")
    base = [sys.executable, "-m", "generators"]
    runs = interleaved(
        {
            "match": [*base, "match", "--program", str(program), "--as-of", AS_OF],
            "check": [*base, "check", "--program", str(program)],
        },
        settings.repeat,
    )
    for name, measured in runs.items():
        if any(run.returncode not in (0,) for run in measured):
            failed = next(run for run in measured if run.returncode)
            raise RuntimeError(
                f"{name} failed (exit {failed.returncode}):\n{failed.stderr[-2000:]}"
            )
    match, check = median_seconds(runs["match"]), median_seconds(runs["check"])
    proposals = runs["match"][0].stdout.count("\n")
    yield Result(
        "match-large",
        match / check,
        None,
        (
            f"handbook match: {match:.2f} s (median of {settings.repeat}), "
            f"handbook check: {check:.2f} s; 2,000 people, 1,000 pairings",
            f"the table printed {proposals} lines",
        ),
    )
