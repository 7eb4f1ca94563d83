"""`handbook match` against `handbook check` on the same program, at 2,000 and 20,000 people,
so the ratio is what matching adds on top of reading and checking the data.

At 20,000 people the target is at most twice the check's time and a peak under 1 GiB: the
candidates are built sparsely (profiles of time zone and topics), never as a full matrix.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from bench.measure import in_child, interleaved, median_seconds, peak_mib
from bench.registry import Result, Settings, benchmark
from bench.synthetic import SCALES

AS_OF = "2026-11-27"
#: Ratio targets (match / check) and peak memory limits by scale.
TARGETS = {"huge": 2.0}
PEAK_LIMIT_MIB = {"huge": 1024.0}


@benchmark("match", "handbook match vs handbook check on the large and huge synthetic programs")
def match_benchmark(settings: Settings) -> Iterator[Result]:
    for scale_name in ("large", "huge"):
        if scale_name not in settings.scales:
            continue
        yield from _measure(settings, scale_name)


def _measure(settings: Settings, scale_name: str) -> Iterator[Result]:
    scale = SCALES[scale_name]
    program = settings.workdir / f"program-match-{scale_name}"
    in_child("bench.synthetic:write_scale", str(program), scale_name)
    base = [sys.executable, "-m", "generators"]
    runs = interleaved(
        {
            "match": [*base, "match", "--program", str(program), "--as-of", AS_OF],
            # The whole check each time, not an answer remembered from the run before.
            "check": [*base, "check", "--program", str(program), "--no-cache"],
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
    match_peak, check_peak = peak_mib(runs["match"]), peak_mib(runs["check"])
    limit = PEAK_LIMIT_MIB.get(scale_name)
    summary = runs["match"][0].stdout.strip().splitlines()[-3:]
    yield Result(
        f"match-{scale_name}",
        match / check,
        TARGETS.get(scale_name),
        (
            f"handbook match: {match:.2f} s (median of {settings.repeat}), "
            f"handbook check: {check:.2f} s; {scale.people:,} people, "
            f"{scale.pairings:,} pairings",
            f"peak memory: match {_mib(match_peak)}, check {_mib(check_peak)}"
            + (f" (limit {limit:,.0f} MiB)" if limit else ""),
            *summary,
        ),
    )
    if limit is not None and match_peak is not None:
        # Peak memory as a share of its limit: met at 1.0 or below.
        yield Result(
            f"match-{scale_name}-peak",
            match_peak / limit,
            1.0,
            (f"peak memory of handbook match: {_mib(match_peak)} of {limit:,.0f} MiB",),
        )


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MiB"
