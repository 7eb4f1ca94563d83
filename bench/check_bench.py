"""`handbook check` against PyYAML's C loader alone, on synthetic programs of three sizes.

Both run as separate processes, so both pay the interpreter's start-up; ours also pays for
importing pydantic and for everything the check does beyond parsing (validation, the
cross-record rules). The reference loads the same files with
`yaml.load(stream, Loader=yaml.CSafeLoader)`, exactly as a script would.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from bench.measure import in_child, interleaved, median_seconds, peak_mib, run_child
from bench.registry import Result, Settings, benchmark
from bench.synthetic import SCALES

#: Ratio targets: the check may take at most this many times the C loader's time.
TARGETS = {"small": 3.0, "large": 2.0, "huge": 2.0, "small-unchanged": 3.0}

_LOAD = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    with path.open("rb") as stream:
        yaml.load(stream, Loader=yaml.CSafeLoader)
"""
# The same, with the cyclic garbage collector paused as the check pauses it: for comparison.
_LOAD_GC_PAUSED = "import gc; gc.disable()\n" + _LOAD
# The least any pydantic-validated check can cost: the same loading, then one tiny model.
_LOAD_AND_PYDANTIC = (
    _LOAD
    + """
from pydantic import BaseModel
class One(BaseModel):
    id: str
One.model_validate({"id": "x"})
"""
)


@benchmark("check", "handbook check vs yaml.load(CSafeLoader) on synthetic programs")
def check_benchmark(settings: Settings) -> Iterator[Result]:
    for scale_name in settings.scales:
        scale = SCALES[scale_name]
        program = settings.workdir / f"program-{scale_name}"
        in_child("bench.synthetic:write_scale", str(program), scale_name)
        size = sum(p.stat().st_size for p in program.rglob("*.yaml"))
        print(
            f"  {scale_name}: {scale.people:,} people, {scale.pairings:,} pairings, "
            f"{size / 1e6:.1f} MB of YAML; {settings.repeat} interleaved runs each ...",
            flush=True,
        )
        check = [sys.executable, "-m", "generators", "check", "--program", str(program)]
        commands = {
            "check": [*check, "--no-cache"],
            "yaml.load": [sys.executable, "-c", _LOAD, str(program)],
            "yaml.load, GC paused": [sys.executable, "-c", _LOAD_GC_PAUSED, str(program)],
        }
        if scale_name == "small":
            commands["yaml.load + pydantic"] = [
                sys.executable,
                "-c",
                _LOAD_AND_PYDANTIC,
                str(program),
            ]
            # What an editor's or a hook's repeated check of unchanged data costs: the data
            # passed once before the measured runs, into a cache folder of the benchmark's own.
            os.environ["XDG_CACHE_HOME"] = str(settings.workdir / "cache")
            run_child(check)
            commands["check, passed before"] = check
        runs = interleaved(commands, settings.repeat)
        for name, measured in runs.items():
            failed = [run for run in measured if run.returncode != 0]
            if failed:
                raise RuntimeError(
                    f"{name} failed on the {scale_name} program (exit {failed[0].returncode}):\n"
                    f"{failed[0].stdout[-2000:]}{failed[0].stderr[-2000:]}"
                )
        ours = median_seconds(runs["check"])
        reference = median_seconds(runs["yaml.load"])
        paused = median_seconds(runs["yaml.load, GC paused"])
        lines = [
            f"{name:<22} median {median_seconds(measured):7.3f} s   "
            f"(runs: {', '.join(f'{r.seconds:.2f}' for r in measured)})   "
            f"peak memory {_mib(peak_mib(measured))}"
            for name, measured in runs.items()
        ]
        lines.append(
            "both as subprocesses (each pays interpreter start-up); ratio = check / yaml.load"
        )
        lines.append(f"for comparison, check / yaml.load with the GC paused: {ours / paused:.2f}")
        if "yaml.load + pydantic" in runs:
            floor = median_seconds(runs["yaml.load + pydantic"])
            lines.append(
                f"the floor of a pydantic-validated check: yaml.load, importing pydantic and "
                f"validating one model takes {floor / reference:.2f}x yaml.load"
            )
        details = tuple(lines)
        yield Result(f"check-{scale_name}", ours / reference, TARGETS.get(scale_name), details)
        if "check, passed before" in runs:
            again = median_seconds(runs["check, passed before"])
            yield Result(
                f"check-{scale_name}-unchanged",
                again / reference,
                TARGETS.get(f"{scale_name}-unchanged"),
                (f"check of data that passed before: {again:.3f} s; yaml.load {reference:.3f} s",),
            )


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MiB"
