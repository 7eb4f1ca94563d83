"""A small site using every kind of data, a few of its edits, and how to compare two builds."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import REPO, Build
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from extension.conftest import CONF

SMALL_PROGRAM = REPO / "tests" / "fixtures" / "program-small"
AS_OF = "2024-07-01"

PAGES = {
    "index": "# Home\n\n```{handbook-roles}\n```\n\n```{handbook-updates}\n```\n",
    "roster": "# Roster\n\n```{handbook-mentors}\n```\n\n```{handbook-pairings}\n```\n",
    "incentives": "# Incentives\n\n```{handbook-incentives}\n```\n",
    "recognition": "# Recognition\n\n```{handbook-recognition}\n```\n",
    "prose": "# Prose\n\nNo generated block; see {ref}`incentive-mentor-spotlight`.\n",
    "notes": "# Notes\n\nNo generated block either; see {ref}`decision-shortlist-spotlight`.\n",
    "rolling-agenda": (
        "# Rolling agenda\n\n```{handbook-wg-agenda}\n```\n\n```{handbook-open-tasks}\n```\n\n"
        "```{handbook-rolling-agenda}\n```\n"
    ),
    "decisions": "# Decisions\n\n```{handbook-decisions}\n```\n\n```{handbook-feedback}\n```\n",
    "charter": "# Charter\n\nPre-reading for the working group's first meeting.\n",
    "survey": "# Survey\n\n```{handbook-survey}\n:breakdown: by_role\n```\n",
    "participation": "# Participation\n\n```{handbook-participation}\n```\n",
    "downloads": "# Downloads\n\n```{handbook-downloads}\n```\n",
}

#: Never published: named nowhere, in any state.
HIDDEN = {"id": "quirinus-q", "name": "Quirinus Vrubtek"}
#: Published at first; an edit withdraws consent.
FLIPPED = {"id": "xiomara-t", "name": "Xiomara Tzolkin"}
#: Published at first too, for a second withdrawal.
FLIPPED_TOO = {"id": "ulrike-w", "name": "Ulrike Wendelstam"}


def write_program(target: Path) -> Path:
    """The small program with three more people whose names and ids occur nowhere else.

    The first consenting one (`FLIPPED`) is written wherever a person can be: a pairing with
    a goal and check-ins, a story and its title, a milestone they own, each by a mention."""
    shutil.copytree(SMALL_PROGRAM, target)
    people = target / "people"
    (people / f"{HIDDEN['id']}.yaml").write_text(
        f"name: {HIDDEN['name']}\nteam: Storage\njoined: 2021-01-01\nroles: [mentee]\n"
        "manager: dana\npublish: false\n"
    )
    (people / f"{FLIPPED['id']}.yaml").write_text(
        f"name: {FLIPPED['name']}\nteam: Platform\njoined: 2019-01-01\nroles: [mentor]\n"
        "manager: mia\ncapacity: 2\nskills: [Kafka]\npublish: true\n"
    )
    (people / f"{FLIPPED_TOO['id']}.yaml").write_text(
        f"name: {FLIPPED_TOO['name']}\nteam: Storage\njoined: 2020-01-01\nroles: [mentor]\n"
        "manager: dana\ncapacity: 1\nskills: [Ceph]\npublish: true\n"
    )
    pairings = target / "pairings.yaml"
    pairings.write_text(
        pairings.read_text()
        + f"- mentor: {FLIPPED['id']}\n  mentee: {HIDDEN['id']}\n  start: 2024-03-04\n"
        "  status: active\n  check_ins: [2024-06-01]\n  goals:\n"
        f"    - title: Shadow @{FLIPPED['id']} on a Kafka rebalance\n"
        "      status: done\n      done_on: 2024-06-25\n"
    )
    recognition = target / "recognition.yaml"
    recognition.write_text(
        recognition.read_text() + f"- date: 2024-06-20\n  people: [{FLIPPED['id']}, jose]\n"
        f'  title: "@{FLIPPED["id"]} and @jose: a Kafka game day"\n'
        f"  story: |\n    @{FLIPPED['id']} showed @jose how a rebalance fails.\n\n"
        f"    Afterwards @{FLIPPED['id']} wrote the runbook the team now uses.\n"
    )
    timeline = target / "timeline.yaml"
    timeline.write_text(
        timeline.read_text() + "- id: kafka-review\n"
        f"  title: Kafka review with @{FLIPPED['id']}\n  kind: milestone\n"
        f"  date: 2024-06-28\n  owner: {FLIPPED['id']}\n"
    )
    return target


def make_site(root: Path) -> tuple[Path, Path]:
    """(source folder, program folder) of the sample site under `root`, with update pages."""
    program = write_program(root / "program")
    srcdir = root / "project"
    srcdir.mkdir()
    conf = CONF.format(program=str(program), as_of=AS_OF) + 'handbook_updates_dir = "updates"\n'
    (srcdir / "conf.py").write_text(conf)
    pages = dict(PAGES)
    toctree = "\n".join(name for name in pages if name != "index")
    (srcdir / "index.md").write_text(pages.pop("index") + f"\n```{{toctree}}\n{toctree}\n```\n")
    for name, text in pages.items():
        (srcdir / f"{name}.md").write_text(text, encoding="utf-8")
    return srcdir, program


def kill_once_writing(srcdir: Path, outdir: Path, how: signal.Signals) -> str:
    """Run sphinx-build as a cancelled CI job would: killed once it starts writing pages
    (after it saved its environment). Returns what it printed."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(outdir / ".doctrees")]
    process = subprocess.Popen(
        [*command, str(srcdir), str(outdir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None
    said = b""
    while b"writing output" not in said.partition(b"pickling environment")[2]:
        chunk = os.read(process.stdout.fileno(), 65536)  # the progress line has no line end yet
        if not chunk:
            break
        said += chunk
    process.send_signal(how)
    process.wait(timeout=60)
    assert process.returncode == -how, said
    return said.decode()


def build_as_make_mode(srcdir: Path, builder: str, build_dir: Path) -> Build:
    """Build incrementally as `sphinx-build -M builder srcdir build_dir` does: the output in
    `build_dir/builder`, the doctrees in `build_dir/doctrees`, shared by every builder."""
    status, warning = io.StringIO(), io.StringIO()
    outdir = build_dir / builder
    with docutils_namespace():
        app = Sphinx(
            srcdir=srcdir,
            confdir=srcdir,
            outdir=outdir,
            doctreedir=build_dir / "doctrees",
            buildername=builder,
            status=status,
            warning=warning,
            keep_going=True,
        )
        app.build()
    return Build(outdir=outdir, warnings=warning.getvalue(), status=status.getvalue())


def later(path: Path) -> None:
    """A later modification time than any build so far (file systems round mtimes)."""
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    later(path)


def withdraw_consent(program: Path, srcdir: Path, person: dict[str, str] = FLIPPED) -> None:
    _replace(program / "people" / f"{person['id']}.yaml", "publish: true", "publish: false")


def rename_incentive(program: Path, srcdir: Path) -> None:
    """An incentive's name is the text of links to it, on pages without a block too."""
    _replace(program / "incentives.yaml", "Mentor spotlight", "Mentor in the spotlight")


def rename_decision(program: Path, srcdir: Path) -> None:
    """A decision's title is the text of links to it, on pages without a block too."""
    _replace(
        program / "working-group" / "2024-01-17.yaml",
        "title: Mentor spotlight goes on the shortlist",
        "title: Mentor spotlight makes the shortlist",
    )


def reopen_task(program: Path, srcdir: Path) -> None:
    """A task done later reopens: the open tasks and the agendas carry it again."""
    _replace(
        program / "working-group" / "2024-01-31.yaml",
        "    status: done\n    done_on: 2024-02-13\n",
        "    status: blocked\n    blocker: Waiting for the survey team\n",
    )


#: Edits whose effect reaches pages without a block: the generated kinds are the differential
#: test's.
LINKED_EDITS: list[Callable[[Path, Path], None]] = [rename_incentive, rename_decision, reopen_task]


def move_as_of(day: str) -> Callable[[Path, Path], None]:
    def move(program: Path, srcdir: Path) -> None:
        conf = srcdir / "conf.py"
        lines = [
            f"handbook_as_of = {day!r}" if line.startswith("handbook_as_of") else line
            for line in conf.read_text().splitlines()
        ]
        conf.write_text("\n".join(lines) + "\n")

    move.__name__ = f"move_as_of_to_{day}"
    return move


def site_files(outdir: Path) -> dict[str, bytes]:
    """Every file a reader can fetch from the built site (not the build's own doctrees)."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.relative_to(outdir).parts
    }


def differences(one: Path, two: Path) -> list[str]:
    """File names that one site has and the other lacks, or that differ in content."""
    first, second = site_files(one), site_files(two)
    return sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )
