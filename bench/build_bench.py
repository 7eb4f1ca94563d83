"""The Sphinx build with generated blocks against the same content written as static MyST.

Both projects are built in child processes (each pays interpreter and Sphinx start-up) in
interleaved rounds; the ratios compare medians measured in one run. The static project is
written by this module from the same published view the blocks render: pipe tables, headings
and paragraphs, and the same chart files as images.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from bench.measure import REPO, Run, in_child, median_seconds, peak_mib, run_child
from bench.registry import Result, Settings, benchmark

AS_OF = "2026-11-27"
#: Generated content builds no slower than the same content typed, a build with nothing
#: changed costs at most 10 % more than Sphinx's own no-op, and memory at most 5 % more; an
#: edit to the handbook costs what it changes (`edit_bench`): a third of a full build for one
#: person's team, a quarter for a typo in one page.
TARGETS = {
    "edit-large": 0.35,
    "edit-one-page": 0.25,
    "build-large": 1.00,
    "build-huge": 1.00,
    "noop-large": 1.10,
    "noop-huge": 1.10,
    "build-memory-huge": 1.05,
}
#: Rounds at the huge scale (a round is four builds of about half a minute each).
HUGE_ROUNDS = 2

#: The sentence of prose `edit-one-page` corrects, as written and as corrected.
TYPO = ("Every story here is told with the consent of everyone in it.", "Evrey")
#: The handbook's block templates, which the generated project's pages use.
TEMPLATES = REPO / "_templates"
#: Pages of the generated project: each places the blocks a handbook page places.
GENERATED = {
    "roster": "# Roster\n\n## Mentors\n\n```{handbook-mentors}\n:columns: name, team, skills, "
    "open, timezone\n```\n\n## Pairings\n\n```{handbook-pairings}\n```\n",
    "roles": "# Roles\n\n```{handbook-roles}\n:roles: coordinator, wg-lead, wg-member, mentor, "
    "mentee, manager\n```\n",
    "incentives": "# Incentives\n\n```{handbook-incentives}\n```\n",
    "celebrations": f"# Celebrations\n\n{TYPO[0]}\n\n```{{handbook-recognition}}\n```\n",
    "roadmap": "# Roadmap\n\n```{handbook-timeline}\n```\n",
    "evaluation": "# Evaluation\n\n```{handbook-participation}\n```\n\n"
    "```{handbook-before-after}\n```\n\n```{handbook-survey}\n```\n",
}


def _conf(program: Path | None) -> str:
    lines = ['extensions = ["myst_parser"' + (', "generators.sphinxext"' if program else "") + "]"]
    if program:
        lines.append(f"handbook_program_dir = {str(program)!r}")
        lines.append(f"handbook_templates_dir = {str(TEMPLATES)!r}")
        lines.append(f"handbook_chart_cache = {str(program.parent / 'chart-cache')!r}")
    lines.append('exclude_patterns = ["_build"]')
    return "\n".join(lines) + "\n"


def write_generated(root: Path, program: Path) -> Path:
    return _write_project(root, _conf(program), GENERATED)


def _table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_static(root: Path | str, program: Path | str, charts_from: Path | str) -> Path:
    """The generated project's content typed as MyST, from the same published view: pipe
    tables, headings and paragraphs, and the generated build's own chart files as images."""
    from generators.data.load import load_program
    from generators.data.published import publish

    root, program, charts_from = Path(root), Path(program), Path(charts_from)
    view = publish(load_program(program, today=date.today()), date.fromisoformat(AS_OF))
    srcdir = root
    (srcdir / "charts").mkdir(parents=True, exist_ok=True)
    images: dict[str, list[str]] = {"timeline": [], "other": []}
    for chart in sorted(charts_from.glob("*.svg")):
        shutil.copy(chart, srcdir / "charts" / chart.name)
        figure = f"```{{image}} charts/{chart.name}\n:alt: chart\n```\n"
        images["timeline" if chart.name.startswith(("timeline", "gantt")) else "other"].append(
            figure
        )
    mentors = _table(
        ["Mentor", "Team", "Can help with", "Open slots", "Time zone"],
        [
            [
                m.person.name,
                m.person.team,
                ", ".join(m.person.skills),
                m.open_slots,
                m.person.timezone or "—",
            ]
            for m in view.mentors
        ],
    )
    cohorts = "\n".join(
        f"**{c.name}**: {c.active_pairings} active pairings\n\n"
        + _table(
            ["Mentor", "Mentee", "Since", "Goals done"],
            [
                [p.mentor, p.mentee, p.start.isoformat(), f"{p.goals_done} of {p.goals_total}"]
                for p in c.named
            ],
        )
        + f"\nand {c.unnamed} more pairings whose members are not all named.\n"
        for c in view.cohorts
        if c.active_pairings
    )
    pages = {
        "roster": f"# Roster\n\n## Mentors\n\n{mentors}\nand {view.unnamed_mentors} more "
        f"mentors.\n\n## Pairings\n\n{cohorts}",
        "roles": "# Roles\n\n"
        + "\n".join(
            f"{h.role}\n: {', '.join(h.names)}, and {h.unnamed} more not named\n"
            for h in view.roles
        ),
        "incentives": "# Incentives\n\n"
        + "\n".join(
            f"## {i.name}\n\n**{i.status}**, for {i.audience}, cost {i.cost}\n\n"
            f"**{i.summary}**\n\n{i.description}\n\nWhy we think it works: {i.evidence or ''}\n"
            for i in view.incentives
        ),
        "celebrations": f"# Celebrations\n\n{TYPO[0]}\n\n"
        + "\n".join(
            f"**{e.title}**, {e.date.isoformat()}, {', '.join(e.people)}\n\n{e.story or ''}\n"
            for e in view.recognition
        ),
        "roadmap": "# Roadmap\n\n"
        + "\n".join(images["timeline"])
        + "\n"
        + _table(
            ["When", "Item", "Kind", "Status", "Owner", "Depends on"],
            [
                [
                    t.first_day.isoformat(),
                    t.title,
                    t.kind,
                    t.status,
                    t.owner or "—",
                    ", ".join(t.depends_on),
                ]
                for t in view.timeline
            ],
        ),
        "evaluation": "# Evaluation\n\n"
        + "\n".join(images["other"])
        + "\n"
        + _table(
            ["Report", "Eligible", "Mentors", "Mentees", "Participants", "Participation"],
            [
                [
                    s.date.isoformat(),
                    s.eligible,
                    s.mentors,
                    s.mentees,
                    s.participants,
                    f"{(s.participation or 0) * 100:.0f} %",
                ]
                for s in view.snapshots
            ],
        )
        + "\n".join(
            f"\n## {survey.title}\n\n"
            + _table(
                ["Question", *survey.questions[0].scale],
                [
                    [q.text, *(q.counts or ["fewer than 5"] * len(q.scale))]
                    for q in survey.questions
                ],
            )
            for survey in view.surveys[-1:]
        ),
    }
    return _write_project(srcdir, _conf(None), pages)


def _write_project(root: Path, conf: str, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    toctree = "\n".join(pages)
    (root / "index.md").write_text(f"# Bench\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def sphinx_command(
    srcdir: Path, outdir: Path, *, quiet: bool = True, defines: Mapping[str, str] | None = None
) -> list[str]:
    """A serial HTML build of `srcdir` (`-D name=value` for each of `defines`).

    Serial, whereas `nox -s docs` builds with a process a core (noxfile.PARALLEL): the ratios
    compare the work two builds do, which parallel workers would mix with the machine's cores
    (a full build is shared among them, a one-page rebuild is not)."""
    flags = ["-q"] if quiet else []
    for name, value in (defines or {}).items():
        flags += ["-D", f"{name}={value}"]
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        *flags,
        "-j",
        "1",
        str(srcdir),
        str(outdir),
    ]


def checked(name: str, run: Run) -> Run:
    """`run`, which must have succeeded."""
    if run.returncode != 0:
        raise RuntimeError(f"{name} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return run


def pages_read(run: Run) -> int:
    return len(re.findall(r"reading sources\.\.\. \[", run.stdout))


def named_mentors_team(people: Path) -> tuple[str, str]:
    """The record of the first mentor the roster names, and the same with another team: an
    edit the mentors page shows and no figure depends on."""
    text = people.read_text(encoding="utf-8")
    for item in text.split("\n- ")[1:]:
        if "publish: true" in item and "- mentor" in item:
            line = next(line for line in item.splitlines() if line.strip().startswith("team:"))
            return item, item.replace(line, line + " Engineering")
    raise RuntimeError("the synthetic program names no mentor")


def toggle(path: Path, one: str, other: str) -> None:
    """Replace the first `one` by `other`, or, if it is not there, `other` by `one`."""
    text = path.read_text(encoding="utf-8")
    old, new = (one, other) if one in text else (other, one)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_results(
    generated: Path, outdir: Path, program: Path, full: float, rounds: int
) -> Iterator[Result]:
    """One edit, rebuilt incrementally (`rounds` times, each undoing the last), against a full
    build of the generated project: one mentor's team changed, and a typo fixed in one page's
    prose. Named for the project: on its few pages Sphinx's own start-up is much of any build,
    so the targets are the handbook's (`edit_bench`)."""
    pages = len(list(generated.glob("*.md")))
    team = named_mentors_team(program / "people.yaml")
    page = generated / "celebrations.md"
    typo = (TYPO[0], TYPO[0].replace(TYPO[0].split()[0], TYPO[1], 1))
    toggle(page, *typo)  # the page as written has the typo; each round fixes or makes it
    checked("the rebuild", run_child(sphinx_command(generated, outdir)))
    edits = (
        ("large", program / "people.yaml", team, "one mentor's team changed in people.yaml"),
        ("one-page", page, typo, "a typo fixed in one page's prose"),
    )
    for name, path, (one, other), what in edits:
        runs = []
        for _ in range(rounds):
            toggle(path, one, other)
            runs.append(
                checked("the rebuild", run_child(sphinx_command(generated, outdir, quiet=False)))
            )
        seconds = median_seconds(runs)
        yield Result(
            f"edit-{name}-generated-project",
            seconds / full,
            None,
            (
                f"the generated project: {what}: {seconds:.2f} s against a full build's "
                f"{full:.2f} s (medians); "
                f"pages re-read: {', '.join(str(pages_read(r)) for r in runs)} of {pages}",
            ),
        )


@benchmark("build", "the Sphinx build with generated blocks vs the same content as static MyST")
def build_benchmark(settings: Settings) -> Iterator[Result]:
    os.environ.setdefault("HANDBOOK_AS_OF", AS_OF)  # children inherit it: one date for all
    for scale in (s for s in settings.scales if s in ("large", "huge")):
        root = settings.workdir / f"build-{scale}"
        program = root / "program"
        in_child("bench.synthetic:write_scale", str(program), scale)
        generated = write_generated(root / "generated", program)
        out_g, out_s = root / "out-generated", root / "out-static"
        checked("the generated build", run_child(sphinx_command(generated, out_g)))
        # The static project gets the charts drawn: the generated one finds them in its cache.
        static = root / "static"
        in_child(
            "bench.build_bench:write_static", str(static), str(program), str(root / "chart-cache")
        )
        rounds = settings.repeat if scale == "large" else min(settings.repeat, HUGE_ROUNDS)
        print(f"  {scale}: {rounds} interleaved round(s) of full and no-op builds ...", flush=True)
        full: dict[str, list[Run]] = {"generated": [], "static": []}
        noop: dict[str, list[Run]] = {"generated": [], "static": []}
        projects = {"generated": (generated, out_g), "static": (static, out_s)}
        for round_ in range(rounds):
            order = list(projects) if round_ % 2 == 0 else list(reversed(projects))
            for name in order:
                srcdir, outdir = projects[name]
                shutil.rmtree(outdir, ignore_errors=True)
                full[name].append(checked(name, run_child(sphinx_command(srcdir, outdir))))
                noop[name].append(checked(name, run_child(sphinx_command(srcdir, outdir))))
        ours, theirs = median_seconds(full["generated"]), median_seconds(full["static"])
        ours_noop, theirs_noop = median_seconds(noop["generated"]), median_seconds(noop["static"])
        memory = (peak_mib(full["generated"]) or 0) / (peak_mib(full["static"]) or 1)
        details = (
            f"full build: generated {ours:.2f} s, static {theirs:.2f} s (medians)",
            f"no-op rebuild: generated {ours_noop:.2f} s, static {theirs_noop:.2f} s",
            f"peak memory: generated {peak_mib(full['generated']) or 0:,.0f} MiB, "
            f"static {peak_mib(full['static']) or 0:,.0f} MiB",
            "each build a child process (interpreter and Sphinx start-up included), -j 1",
            "charts: the static project has them as files, the generated one in its chart cache",
        )
        yield Result(f"build-{scale}", ours / theirs, TARGETS.get(f"build-{scale}"), details)
        yield Result(f"noop-{scale}", ours_noop / theirs_noop, TARGETS.get(f"noop-{scale}"))
        yield Result(f"build-memory-{scale}", memory, TARGETS.get(f"build-memory-{scale}"))
        if scale == "large":
            yield from _edit_results(generated, out_g, program, ours, rounds)
