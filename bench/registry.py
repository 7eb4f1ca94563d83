"""The benchmarks `python -m bench` knows: each module `bench/*_bench.py` registers its own.

A benchmark measures something of ours against a reference measured in the same run, on the
same machine, and reports the ratio: absolute times on a shared machine mean little, ratios
measured side by side mean more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """What the command line asked for; each benchmark reads what it needs."""

    workdir: Path
    repeat: int = 5
    scales: tuple[str, ...] = ("small", "large", "huge")


@dataclass(frozen=True)
class Result:
    """One measured ratio (ours / reference), with a target when there is one."""

    name: str
    ratio: float
    target: float | None = None
    details: tuple[str, ...] = field(default=())

    @property
    def met(self) -> bool:
        return self.target is None or self.ratio <= self.target


BenchmarkFunction = Callable[[Settings], Iterable[Result]]


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    run: BenchmarkFunction


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str, description: str) -> Callable[[BenchmarkFunction], BenchmarkFunction]:
    """Register the decorated function as the benchmark `name` (`--only name` selects it)."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} is registered twice")
        BENCHMARKS[name] = Benchmark(name, description, function)
        return function

    return register
