"""`python -m bench`: run the registered benchmarks and print one `RATIO <name> <value>` each.

Exit 0 when every ratio with a target meets it, 1 when one misses, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import pkgutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import bench
from bench.measure import REPO
from bench.registry import BENCHMARKS, Result, Settings
from bench.synthetic import SCALES


def discover() -> None:
    """Import every `bench/*_bench.py`: each registers its benchmarks on import."""
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.endswith("_bench"):
            importlib.import_module(f"bench.{module.name}")


def main(argv: Sequence[str] | None = None) -> int:
    discover()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=f"run only these benchmarks (repeatable; known: {', '.join(sorted(BENCHMARKS))})",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each command (default: %(default)s)"
    )
    parser.add_argument(
        "--scales",
        default="small,large,huge",
        help="comma-separated program sizes for benchmarks that take one "
        f"(known: {', '.join(SCALES)}; default: %(default)s)",
    )
    args = parser.parse_args(argv)
    names = [n for item in args.only or sorted(BENCHMARKS) for n in item.split(",") if n]
    unknown = [n for n in names if n not in BENCHMARKS]
    scales = tuple(s for s in args.scales.split(",") if s)
    bad_scales = [s for s in scales if s not in SCALES]
    if unknown or bad_scales or args.repeat < 1:
        parser.error(
            "; ".join(
                [f"unknown benchmark {n!r}" for n in unknown]
                + [f"unknown scale {s!r}" for s in bad_scales]
                + (["--repeat must be at least 1"] if args.repeat < 1 else [])
            )
        )

    # Bytecode first, as any run leaves it where Python may write it: with
    # PYTHONDONTWRITEBYTECODE set (some CI images) a checkout is never compiled, and every
    # measured child would compile the package again, a cost no installed copy pays.
    compileall.compile_dir(REPO / "generators", quiet=1)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as workdir:
        settings = Settings(workdir=Path(workdir), repeat=args.repeat, scales=scales)
        for name in names:
            benchmark = BENCHMARKS[name]
            print(f"{name}: {benchmark.description}", flush=True)
            for result in benchmark.run(settings):
                results.append(result)
                verdict = (
                    ""
                    if result.target is None
                    else (f" (target ≤ {result.target:g}: {'met' if result.met else 'MISSED'})")
                )
                print(f"  {result.name}: ratio {result.ratio:.2f}{verdict}")
                for line in result.details:
                    print(f"    {line}")
                print(flush=True)
    for result in results:
        print(f"RATIO {result.name} {result.ratio:.2f}")
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
