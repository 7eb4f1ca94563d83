"""A warm `nox -s check` against the `handbook check` it runs, in the same environment.

Every session of the noxfile starts by making sure its environment is installed; once it is,
that step should cost next to nothing, so a contributor's `nox -s check lint tests docs`
spends its time on the checks themselves.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.measure import REPO, interleaved, median_seconds, run_child
from bench.registry import Result, Settings, benchmark

TARGET = 3.0


@benchmark("nox", "a warm nox -s check vs the handbook check it runs")
def nox_benchmark(settings: Settings) -> Iterator[Result]:
    envdir = settings.workdir / "nox-envs"
    nox = [sys.executable, "-m", "nox", "--noxfile", str(REPO / "noxfile.py"), "--envdir"]
    # Both run the whole check, as on a first save of new data; a remembered pass would make
    # nox's own start-up look large next to a command that did almost nothing.
    session = [*nox, str(envdir), "-s", "check", "--", "--no-cache"]
    print("  preparing the check session's environment once ...", flush=True)
    first = run_child(session)
    if first.returncode != 0:
        message = f"nox -s check failed (exit {first.returncode}):\n{first.stderr[-3000:]}"
        raise RuntimeError(message)
    handbook = _script(envdir / "check", "handbook")
    command = [str(handbook), "check", "--no-cache"]
    runs = interleaved({"nox": session, "handbook": command}, settings.repeat)
    for name, measured in runs.items():
        failed = [run for run in measured if run.returncode != 0]
        if failed:
            raise RuntimeError(f"{name} failed (exit {failed[0].returncode}):\n{failed[0].stderr}")
    warm, direct = median_seconds(runs["nox"]), median_seconds(runs["handbook"])
    backend = "uv" if shutil.which("uv") or _has_uv() else "virtualenv"
    yield Result(
        "nox-warm",
        warm / direct,
        TARGET,
        (
            f"nox -s check, warm: {warm:.2f} s; handbook check in the same environment: "
            f"{direct:.2f} s (medians of {settings.repeat}); first run {first.seconds:.1f} s "
            f"with the {backend} backend",
        ),
    )


def _script(venv: Path, name: str) -> Path:
    """A console script of a virtual environment, on POSIX or Windows."""
    for folder in ("bin", "Scripts"):
        for candidate in (venv / folder / name, venv / folder / f"{name}.exe"):
            if candidate.exists():
                return candidate
    raise RuntimeError(f"{name} is not installed in {venv}")


def _has_uv() -> bool:
    try:
        import uv  # noqa: F401
    except ImportError:
        return False
    return True
