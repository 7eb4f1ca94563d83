"""Refusing a YAML alias bomb against reading an ordinary data file.

Nine levels of nine aliases would expand to 387 million values: the reader must refuse the
bomb in about the time it takes to read a data file of a busy program (64 KB without
aliases), not after expanding it. Both are read in this process, so the ratio holds
whatever the machine's load.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator

from bench.registry import Result, Settings, benchmark
from generators.data.yamlfile import read_yaml

#: Refusing the bomb may take at most this many times reading the ordinary file.
TARGET = 3.0
#: The ordinary file's size: about a year of pairings of a large organization.
PLAIN_BYTES = 64 * 1024


def bomb_text() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def plain_text(size: int) -> str:
    """A mapping of lists with no alias, at least `size` characters long."""
    lines, length, n = [], 0, 0
    while length < size:
        line = f"k{n}: [lol, lol, lol, lol, lol, lol, lol, lol, lol]"
        lines.append(line)
        length += len(line) + 1
        n += 1
    return "\n".join(lines) + "\n"


def _median_seconds(read: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@benchmark("alias-bomb", "read_yaml refusing an alias bomb vs reading a 64 KB file")
def alias_bomb_benchmark(settings: Settings) -> Iterator[Result]:
    bomb, plain = settings.workdir / "bomb.yaml", settings.workdir / "plain.yaml"
    bomb.write_text(bomb_text(), encoding="utf-8")
    plain.write_text(plain_text(PLAIN_BYTES), encoding="utf-8")
    codes = [p.code for p in read_yaml(bomb, "bomb.yaml").problems]
    if codes != ["alias-bomb"]:
        raise RuntimeError(f"the alias bomb was not refused: {codes}")
    repeat = max(20, settings.repeat * 10)
    refused = _median_seconds(lambda: read_yaml(bomb, "bomb.yaml"), repeat)
    read = _median_seconds(lambda: read_yaml(plain, "plain.yaml"), repeat)
    yield Result(
        "alias-bomb",
        refused / read,
        TARGET,
        (f"refused in {refused * 1e3:.1f} ms; 64 KB without aliases read in {read * 1e3:.1f} ms",),
    )
