"""The differential test's site and its run: after any edit of the data, an incremental
build writes exactly what a clean build writes.

The edits come from the models (`model_edits`): one valid edit for every kind of field each
file's schema has, records and files added and removed, and the "as of" day moved back and
forth, made one after another on one site with a page for every block the extension has.
After each, the site is built incrementally (every third time with `-j 2`) and clean, and
every file a reader can fetch is compared byte for byte: pages, `_images`, the search index,
`objects.inv`, the downloads. The generator is seeded, so a failure names the edit that
caused it; `HANDBOOK_DIFFERENTIAL_SEED` runs another sequence. The files are split between
two test modules, so that the two halves run side by side.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from extension.conftest import CONF, SMALL_PROGRAM, build
from extension.model_edits import Editor, Made, Planned, plan
from extension.sample_site import differences
from generators.sphinxext import DIRECTIVES

SEED = int(os.environ.get("HANDBOOK_DIFFERENTIAL_SEED", "20"))
AS_OF = "2024-07-01"
#: The day moves back before incentives began, past the next report, and back again.
AS_OF_MOVES = ("2024-03-15", "2024-08-15", AS_OF)

#: What the differential program adds to the small one (file, old text, new text), so that
#: every kind of field has a value that can change: updates dated by the staff meeting, a
#: contact, a site, matching rules, application windows, a cohort nobody is in yet, and a
#: second piece of feedback that was taken up ("" for old text: a new file).
EXTRA = (
    (
        "program.yaml",
        "reporting:\n  cadence_days: 14\n  first: 2024-01-01\n",
        "reporting:\n  meeting: staff-meeting\n  stalled_after_days: 28\n",
    ),
    (
        "program.yaml",
        "privacy:",
        "contact:\n  email: mentoring@example.org\n  chat:\n    name: '#sre-mentoring'\n"
        "    url: https://chat.example.org/sre-mentoring\nsite_url: https://handbook.example.org/\n"
        "matching:\n  min_overlap_hours: 2\n  min_shared_topics: 1\n  same_team: false\n"
        "privacy:",
    ),
    (
        "timeline.yaml",
        "- id: research",
        "- id: staff-meeting\n  title: Staff meeting\n  kind: meeting\n  start: 2024-01-01\n"
        "  end: 2024-12-02\n  repeat: monthly\n  duration_minutes: 60\n- id: research",
    ),
    (
        "cohorts.yaml",
        "  end: 2024-06-30\n",
        "  end: 2024-06-30\n  applications:\n    opens: 2023-11-01\n    closes: 2023-12-01\n"
        "- id: autumn\n  name: Autumn cohort\n  start: 2024-09-02\n  end: 2025-02-28\n"
        "  applications:\n    opens: 2024-06-03\n    closes: 2024-07-31\n",
    ),
    (
        "feedback/mentor-stories.yaml",
        "",
        "date: 2024-03-04\nfrom: Pilot mentors\nchannel: meeting\n"
        "said: Tell the mentors' stories at the all-hands.\ndisposition: adopted\n"
        "decided_on: 2024-04-01\nincorporated:\n  incentives: [mentor-spotlight]\n"
        "  timeline: [pilot]\n",
    ),
)
PROSE = """\
# Prose

No generated block; see {ref}`incentive-mentor-spotlight`, {ref}`decision-shortlist-spotlight`
and the {doc}`survey` page.

```{index} single: mentoring; prose
```

```{glossary}
Mentor
  Someone who guides.

Mentee
  Someone who learns.
```
"""


def make_program(root: Path) -> Path:
    """The small program, with what it lacks for every kind of field to have a value."""
    program = root / "program"
    shutil.copytree(SMALL_PROGRAM, program)
    for name, old, new in EXTRA:
        path = program / name
        text = path.read_text(encoding="utf-8") if old else ""
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
    return program


def make_site(root: Path) -> tuple[Path, Path]:
    """A site with a page for each block, a page of prose with links, index entries and a
    glossary, and the update pages; and the program it is built from."""
    program = make_program(root)
    srcdir = root / "site"
    srcdir.mkdir()
    conf = CONF.format(program=str(program), as_of=AS_OF) + 'handbook_updates_dir = "updates"\n'
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    pages = {"prose": PROSE, "charter": "# Charter\n\nThe working group's pre-reading.\n"}
    for directive in DIRECTIVES:
        name = directive.removeprefix("handbook-")
        pages[name] = f"# {name.capitalize()}\n\n```{{{directive}}}\n```\n"
    toctree = "\n".join(pages)
    (srcdir / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{toctree}\n```\n")
    for name, text in pages.items():
        (srcdir / f"{name}.md").write_text(text, encoding="utf-8")
    return srcdir, program


def move_as_of(srcdir: Path, day: str) -> Made:
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8")
    before = re.search(r"handbook_as_of = '([^']*)'", text)
    assert before is not None
    conf.write_text(text.replace(before[0], f"handbook_as_of = {day!r}"), encoding="utf-8")
    return Made(Planned("conf.py", "the as-of day"), "handbook_as_of", before[1], day)


def steps(files: Callable[[str], bool], *, as_of_moves: bool) -> list[Planned | str]:
    """The planned edits of the `files` chosen, with the as-of moves spread among them."""
    planned: list[Planned | str] = [p for p in plan() if files(p.file)]
    for number, day in enumerate(AS_OF_MOVES if as_of_moves else (), start=1):
        planned.insert(len(planned) * number // len(AS_OF_MOVES), day)
    return planned


def check_every_edit(root: Path, files: Callable[[str], bool], *, as_of_moves: bool) -> None:
    """Make each planned edit of `files` on a site under `root`; after each, build it
    incrementally (every third time with `-j 2`) and clean, and compare what a reader fetches."""
    srcdir, program = make_site(root)
    incremental_out, clean_out = srcdir / "_build" / "html", srcdir / "_build" / "clean"
    first = build(srcdir)
    assert first.warnings == ""
    editor = Editor(program, SEED, date.today())
    failures: list[str] = []
    planned = steps(files, as_of_moves=as_of_moves)
    for number, step in enumerate(planned, start=1):
        made = move_as_of(srcdir, step) if isinstance(step, str) else editor.apply(step)
        incremental = build(srcdir, fresh=False, parallel=2 if number % 3 == 0 else 0)
        clean = build(srcdir, outdir=clean_out)
        differing = differences(incremental.outdir, clean.outdir)
        if differing:
            failures.append(f"edit {number} (seed {SEED}), {made}: {', '.join(differing)}")
            build(srcdir, outdir=incremental_out)  # start the next edit from a clean state
    assert not failures, "incremental and clean builds differ after:\n" + "\n".join(failures)
