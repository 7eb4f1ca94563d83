"""The Sphinx build with generated blocks against the same content written as static MyST.

Both projects are built in child processes (each pays interpreter and Sphinx start-up) in
interleaved rounds; the ratios compare medians measured in one run. The static project is
written by this module from the same published view the blocks render: pipe tables, headings
and paragraphs, and the same chart files as images.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.synthetic import SCALES, write_program

AS_OF = "2026-11-27"

#: Pages of the generated project: each places the blocks a handbook page places.
GENERATED = {
    "roster": "# Roster\n\n## Mentors\n\n```{handbook-mentors}\n:columns: name, team, skills, "
    "open, timezone\n```\n\n## Pairings\n\n```{handbook-pairings}\n```\n",
    "roles": "# Roles\n\n```{handbook-roles}\n:roles: coordinator, wg-lead, wg-member, mentor, "
    "mentee, manager\n```\n",
    "incentives": "# Incentives\n\n```{handbook-incentives}\n```\n",
    "celebrations": "# Celebrations\n\n```{handbook-recognition}\n```\n",
}
OPTIONAL = {  # pages whose directives exist only once their modules are registered
    "handbook-timeline": ("roadmap", "# Roadmap\n\n```{handbook-timeline}\n```\n"),
    "handbook-participation": (
        "evaluation",
        "# Evaluation\n\n```{handbook-participation}\n```\n\n```{handbook-before-after}\n```\n"
        "\n```{handbook-survey}\n```\n",
    ),
}


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int
    read: int


def _conf(program: Path | None) -> str:
    lines = ['extensions = ["myst_parser"' + (', "generators.sphinxext"' if program else "") + "]"]
    if program:
        lines.append(f"handbook_program_dir = {str(program)!r}")
    lines.append('exclude_patterns = ["_build"]')
    return "\n".join(lines) + "\n"


def write_generated(root: Path, program: Path) -> Path:
    from generators.sphinxext import DIRECTIVES

    pages = dict(GENERATED)
    for directive, (name, text) in OPTIONAL.items():
        if directive in DIRECTIVES:
            pages[name] = text
    return _write_project(root, _conf(program), pages)


def write_static(root: Path, program: Path, charts_from: Path) -> Path:
    """The generated project's content as hand-written MyST, from the same published view."""
    from generators.data.load import load_program
    from generators.data.published import publish

    view = publish(load_program(program), date.fromisoformat(AS_OF))
    pages: dict[str, str] = {}
    mentors = "\n".join(
        f"| {m.person.name} | {m.person.team} | {', '.join(m.person.skills)} | {m.open_slots} "
        f"| {m.person.timezone or '—'} |"
        for m in view.mentors
    )
    cohorts = []
    for cohort in view.cohorts:
        if not cohort.active_pairings:
            continue
        rows = "\n".join(
            f"| {p.mentor} | {p.mentee} | {p.start.isoformat()} | {p.goals_done} of "
            f"{p.goals_total} |"
            for p in cohort.named
        )
        cohorts.append(
            f"**{cohort.name}**: {cohort.active_pairings} active pairings\n\n"
            f"| Mentor | Mentee | Since | Goals done |\n|---|---|---|---|\n{rows}\n\n"
            f"and {cohort.unnamed} more pairings whose members are not all named.\n"
        )
    pages["roster"] = (
        "# Roster\n\n## Mentors\n\n| Mentor | Team | Can help with | Open slots | Time zone |\n"
        f"|---|---|---|---|---|\n{mentors}\n\nand {view.unnamed_mentors} more mentors.\n\n"
        "## Pairings\n\n" + "\n".join(cohorts)
    )
    pages["roles"] = "# Roles\n\n" + "\n".join(
        f"{holder.role}\n: {', '.join(holder.names)}, and {holder.unnamed} more not named\n"
        for holder in view.roles
    )
    catalog = []
    for incentive in view.incentives:
        catalog.append(
            f"### {incentive.name}\n\n**{incentive.status}**, for {incentive.audience}, cost "
            f"{incentive.cost}\n\n**{incentive.summary}**\n\n{incentive.description}\n\n"
            f"Why we think it works: {incentive.evidence or ''}\n"
        )
    pages["incentives"] = "# Incentives\n\n" + "\n".join(catalog)
    pages["celebrations"] = "# Celebrations\n\n" + "\n".join(
        f"**{entry.title}**, {entry.date.isoformat()}, {', '.join(entry.people)}\n\n"
        f"{entry.story or ''}\n"
        for entry in view.recognition
    )
    charts = sorted(charts_from.glob("*.svg")) if charts_from.is_dir() else []
    srcdir = _write_project(root, _conf(None), pages)
    images = srcdir / "charts"
    images.mkdir(exist_ok=True)
    figures = []
    for chart in charts:
        shutil.copy(chart, images / chart.name)
        figures.append(f"```{{image}} charts/{chart.name}\n:alt: chart\n```\n")
    if "roadmap" in _optional_pages():
        rows = "\n".join(
            f"| {t.first_day.isoformat()} | {t.title} | {t.kind} | {t.status} | {t.owner or '—'} |"
            for t in view.timeline
        )
        pages["roadmap"] = (
            "# Roadmap\n\n| When | What | Kind | Status | Owner |\n|---|---|---|---|---|\n"
            f"{rows}\n\n" + "\n".join(f for f in figures if "gantt" in f or "timeline" in f)
        )
    if "evaluation" in _optional_pages():
        rows = "\n".join(
            f"| {s.date.isoformat()} | {s.eligible} | {s.mentors} | {s.mentees} | "
            f"{(s.participation or 0) * 100:.0f} % |"
            for s in view.snapshots
        )
        pages["evaluation"] = (
            "# Evaluation\n\n| Date | Eligible | Mentors | Mentees | Participation |\n"
            f"|---|---|---|---|---|\n{rows}\n\n"
            + "\n".join(f for f in figures if "gantt" not in f and "timeline" not in f)
        )
    return _write_project(root, _conf(None), pages)


def _optional_pages() -> set[str]:
    from generators.sphinxext import DIRECTIVES

    return {name for directive, (name, _) in OPTIONAL.items() if directive in DIRECTIVES}


def _write_project(root: Path, conf: str, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    toctree = "\n".join(pages)
    (root / "index.md").write_text(f"# Bench\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


_CHILD = """
import resource, sys, time
from sphinx.cmd.build import build_main
start = time.perf_counter()
code = build_main(sys.argv[1:])
seconds = time.perf_counter() - start
print("BENCH", code, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def build(srcdir: Path, outdir: Path, *, fresh: bool) -> Run:
    """One build in a child process: wall time, peak memory, pages read."""
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    env = {**os.environ, "HANDBOOK_AS_OF": AS_OF}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "-b", "html", "-j", "1", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH")), None)
    if done.returncode or line is None or line.split()[1] != "0":
        raise RuntimeError(
            f"build of {srcdir} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    read = done.stdout.count("reading sources...") and len(
        [ln for ln in done.stdout.splitlines() if "reading sources" in ln and "%]" in ln]
    )
    return Run(seconds=seconds, max_rss_kb=int(line.split()[3]), read=read)


def _median(runs: list[Run], key: Callable[[Run], float]) -> float:
    return statistics.median(key(r) for r in runs)


def run(scales: tuple[str, ...] = ("large", "huge"), rounds: int = 3) -> dict[str, float]:
    """Measure and print the build ratios; returns them by name."""
    ratios: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temp:
        root = Path(temp)
        for scale in scales:
            program = write_program(root / scale / "program", SCALES[scale])
            generated = write_generated(root / scale / "generated", program)
            out_g, out_s = root / scale / "out-generated", root / scale / "out-static"
            build(generated, out_g, fresh=True)  # draws the charts the static project copies
            static = write_static(
                root / scale / "static", program, out_g / ".doctrees" / "handbook" / "charts"
            )
            full_g: list[Run] = []
            full_s: list[Run] = []
            noop_g: list[Run] = []
            noop_s: list[Run] = []
            for _ in range(rounds if scale != "huge" else 1):
                full_g.append(build(generated, out_g, fresh=True))
                full_s.append(build(static, out_s, fresh=True))
                noop_g.append(build(generated, out_g, fresh=False))
                noop_s.append(build(static, out_s, fresh=False))
            seconds = _median(full_g, lambda r: r.seconds) / _median(full_s, lambda r: r.seconds)
            memory = _median(full_g, lambda r: r.max_rss_kb) / _median(
                full_s, lambda r: r.max_rss_kb
            )
            noop = _median(noop_g, lambda r: r.seconds) / _median(noop_s, lambda r: r.seconds)
            print(
                f"build {scale}: generated {_median(full_g, lambda r: r.seconds):.2f} s, "
                f"{_median(full_g, lambda r: r.max_rss_kb) / 1024:.0f} MB; static "
                f"{_median(full_s, lambda r: r.seconds):.2f} s, "
                f"{_median(full_s, lambda r: r.max_rss_kb) / 1024:.0f} MB; no-op "
                f"{_median(noop_g, lambda r: r.seconds):.2f} s vs "
                f"{_median(noop_s, lambda r: r.seconds):.2f} s",
                flush=True,
            )
            ratios[f"build-{scale}"] = seconds
            ratios[f"build-memory-{scale}"] = memory
            ratios[f"noop-{scale}"] = noop
            if scale == "large":
                people = program / "people.yaml"
                people.write_text(
                    people.read_text(encoding="utf-8").replace(
                        "team: Storage", "team: Storage Engineering", 1
                    ),
                    encoding="utf-8",
                )
                edit = build(generated, out_g, fresh=False)
                print(
                    f"build {scale}: rebuild after editing people.yaml: {edit.seconds:.2f} s, "
                    f"{edit.read} of {len(list(generated.glob('*.md')))} pages re-read "
                    f"(full build {_median(full_g, lambda r: r.seconds):.2f} s)",
                    flush=True,
                )
                ratios[f"edit-{scale}"] = edit.seconds / _median(full_g, lambda r: r.seconds)
    return ratios


if __name__ == "__main__":
    results = run(tuple(sys.argv[1:]) or ("large", "huge"))
    print(json.dumps(results))
    for name, value in results.items():
        print(f"RATIO {name} {value:.2f}")
