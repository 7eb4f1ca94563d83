"""Timing child processes: wall time and peak memory of each, runs interleaved, medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kib: int | None  # the child's own peak resident memory (Linux: ru_maxrss, KiB)
    returncode: int
    stdout: str
    stderr: str


def child_env() -> dict[str, str]:
    """The environment of measured children: this checkout's code first, whatever is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("HANDBOOK_DEBUG", None)
    return env


def run_child(command: Sequence[str], cwd: Path = REPO) -> Run:
    """Run `command` to the end; its time from start to exit and its own peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=child_env(), stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            peak: int | None = int(usage.ru_maxrss)
        else:  # pragma: no cover - not on Linux or macOS
            process.wait()
            seconds = time.perf_counter() - started
            peak = None
        if sys.platform == "darwin" and peak is not None:  # pragma: no cover - bytes there
            peak //= 1024
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            peak,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def interleaved(commands: Mapping[str, Sequence[str]], repeat: int) -> dict[str, list[Run]]:
    """Each command `repeat` times, taking turns (and turning the order round every round),
    so that a burst of load from elsewhere on the machine falls on all of them alike."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else reversed(names):
            runs[name].append(run_child(commands[name]))
    return runs


def in_child(function: str, *args: str) -> None:
    """Run `module:function(*args)` in a child process and wait for it.

    Work that grows this process (writing a synthetic program, loading it) is done in a
    child: a measured child inherits its parent's peak memory as its own starting peak on
    Linux, so the parent must stay small for peak figures to mean anything.
    """
    module, name = function.split(":")
    code = f"import sys; from {module} import {name}; {name}(*sys.argv[1:])"
    done = run_child([sys.executable, "-c", code, *args])
    if done.returncode != 0:
        raise RuntimeError(f"{function} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def median_seconds(runs: Sequence[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def peak_mib(runs: Sequence[Run]) -> float | None:
    peaks = [run.peak_kib for run in runs if run.peak_kib is not None]
    return max(peaks) / 1024 if peaks else None
