"""The benchmark runner: its synthetic programs are valid, and it reports ratios by name."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.__main__ import main as bench_main
from bench.edit_bench import typo
from bench.registry import BENCHMARKS, Result, Settings, benchmark
from bench.synthetic import SCALES, write_program
from generators.data.load import check_directory

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_small_synthetic_program_is_valid(tmp_path: Path) -> None:
    program = write_program(tmp_path / "program", SCALES["small"])
    loaded = check_directory(program)
    assert [str(p) for p in loaded.problems] == []
    assert loaded.program is not None
    assert len(loaded.program.people) == 50


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Benchmarks registered by a test are gone after it."""
    saved = dict(BENCHMARKS)
    yield
    BENCHMARKS.clear()
    BENCHMARKS.update(saved)


@pytest.mark.usefixtures("scratch_registry")
def test_a_registered_benchmark_runs_alone_and_prints_its_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    @benchmark("noop", "a benchmark that measures nothing")
    def noop(settings: Settings) -> list[Result]:
        return [Result("noop-one", 0.5, target=1.0), Result("noop-two", 3.0)]

    assert bench_main(["--only", "noop"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == ["RATIO noop-one 0.50", "RATIO noop-two 3.00"]
    assert "check:" not in out  # --only ran nothing else


@pytest.mark.usefixtures("scratch_registry")
def test_a_missed_target_exits_1() -> None:
    @benchmark("slow", "a benchmark over its target")
    def slow(settings: Settings) -> list[Result]:
        return [Result("slow-one", 2.5, target=2.0)]

    assert bench_main(["--only", "slow"]) == 1


def test_unknown_names_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        bench_main(["--only", "nothing-by-this-name", "--scales", "enormous"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "unknown benchmark 'nothing-by-this-name'" in err
    assert "unknown scale 'enormous'" in err


def test_the_check_benchmark_end_to_end_at_the_small_scale() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "check", "--scales", "small", "--repeat", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # 1 says a ratio missed its target: a fact about this machine's load, not a failure here.
    assert result.returncode in (0, 1), result.stdout + result.stderr
    lines = result.stdout.splitlines()
    ratios = dict(line.split()[1:] for line in lines if line.startswith("RATIO"))
    assert set(ratios) == {"check-small", "check-small-unchanged"}
    assert all(float(value) > 0 for value in ratios.values())
    assert "both as subprocesses" in result.stdout
    assert "peak memory" in result.stdout


def test_the_edit_benchmark_fixes_a_typo_in_the_first_paragraph_of_prose(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "(label)=\n# A heading with longword\n\n```{handbook-roles}\n```\n\n"
        "| a table | of mentors |\n\nThe mentor program page, written longhand.\n\n"
        "A second paragraph.\n",
        encoding="utf-8",
    )
    right, wrong = typo(page)
    assert right == "The mentor program page, written longhand."
    assert wrong == "The mentor porgram page, written longhand."
