"""`handbook diff`: what a change does to the published program, with consent applied."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from routine_edits import NEW_MILESTONE_DAY, copy_program, make_routine_edits

from coordinator.support import REAL, SMALL, Run, assert_names_none_of
from generators.data import formats

AS_OF = "2024-03-04"  # the latest report is 26 Feb 2024


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _edit_small(program: Path) -> None:
    """A month of a coordinator's edits to the small program, each worked out below."""
    (program / "people" / "hal.yaml").write_text(
        "name: Hal Newhire\nteam: Platform\njoined: 2024-02-01\nroles: [mentee]\n"
        "manager: mia\npublish: true\n",
        encoding="utf-8",
    )
    (program / "people" / "kit.yaml").write_text(
        "name: Kit Quiet\nteam: Storage\njoined: 2024-01-02\nroles: [mentee]\nmanager: dana\n",
        encoding="utf-8",
    )
    people = program / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            "  roles: [mentee]\n  manager: mia\n", "  roles: [mentee, wg-member]\n  manager: mia\n"
        ),
        encoding="utf-8",
    )
    incentives = program / "incentives.yaml"
    incentives.write_text(
        incentives.read_text(encoding="utf-8").replace(
            "  piloting_on: 2024-01-15\n", "  piloting_on: 2024-01-15\n  adopted_on: 2024-03-01\n"
        ),
        encoding="utf-8",
    )
    gus = program / "people" / "gus.yaml"
    gus.write_text(gus.read_text(encoding="utf-8").replace("publish: true", "publish: false"))
    timeline = program / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8")
        .replace("date: 2024-03-21", "date: 2024-03-22")
        .replace("  done_on: 2024-03-27\n", "  done_on: 2024-03-01\n", 1)
        + "\n- id: meetup\n  title: Mentor meetup\n  kind: milestone\n  date: 2024-05-15\n",
        encoding="utf-8",
    )
    pairings = program / "pairings.yaml"
    pairings.write_text(
        pairings.read_text(encoding="utf-8").replace(
            "  start: 2024-01-10\n  status: active\n",
            "  start: 2024-01-10\n  end: 2024-03-01\n  status: completed\n",
        ),
        encoding="utf-8",
    )
    _append(
        program / "recognition.yaml",
        "\n- date: 2024-03-01\n  people: [zoe, jose, kit]\n  title: A first alert rule in "
        "production\n",
    )
    (program / "surveys" / "spring.yaml").write_text(
        "id: spring\ntitle: Spring pulse\ndate: 2024-03-01\ninvited: 20\nquestions:\n"
        "  - id: useful\n    text: Useful?\n    scale: [Not really, Very]\n"
        "    counts: [4, 6]\n",
        encoding="utf-8",
    )


def test_the_diff_of_a_months_edits_worked_by_hand(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    _edit_small(small_copy)
    result = handbook("diff", str(SMALL), str(small_copy), "--as-of", AS_OF)
    assert result.code == 0, result.err
    # On 26 Feb 2024 eight people were eligible before (Fay joined on 1 Mar), ten after (Hal
    # and Kit); Zoë and Bo mentor José, Di and Ed in both (José's pairing ends on 1 Mar).
    # On 4 Mar three pairings meet before, two after. Gus withdrew consent: he is counted,
    # not named, and both sides are named as the change allows, so his roles (coordinator,
    # wg-lead) do not show up as "1 more coordinator" to give him away. Kit is a mentee
    # nobody names.
    assert result.out == (
        "## What this change does to the published program\n\n"
        f"Published as of 4 Mar 2024: `{SMALL}` → `{small_copy}`.\n\n"
        "### People\n\n"
        "- Named now: Hal Newhire (mentee)\n"
        "- 1 person is no longer named\n"
        "- 1 more mentee, not named\n\n"
        "### Roles\n\n"
        "- José Núñez: mentee → wg-member, mentee\n\n"
        "### Pairings\n\n"
        "- Zoë Ångström with José Núñez: active → completed\n\n"
        "### Timeline\n\n"
        "- Done: Working group meeting, in-progress → done\n"
        "- Moved: Approval at the SRE off-site, on 21 Mar 2024 → on 22 Mar 2024\n"
        "- Added: Mentor meetup, milestone on 15 May 2024 (planned)\n\n"
        "### Incentives\n\n"
        "- Shared learning budget: piloting → adopted\n\n"
        "### Recognition\n\n"
        "- Added: A first alert rule in production (1 Mar 2024; Zoë Ångström, José Núñez, "
        "a mentee)\n\n"
        "### Headline figures\n\n"
        "- Participation 62.5 % → 50.0 %\n"
        "- Eligible people 8 → 10\n"
        "- Pairings meeting 3 → 2\n\n"
        "### Surveys\n\n"
        "- Added: Spring pulse (1 Mar 2024; response rate 50.0 %)\n"
    )
    assert_names_none_of(
        result.out, ["Kit Quiet", "kit", "Bo Hidden", "Di Private", "Gus Coordinator", "gus"]
    )


def test_no_change_is_said_plainly(handbook: Callable[..., Run]) -> None:
    result = handbook("diff", str(SMALL), str(SMALL), "--as-of", AS_OF)
    assert result.code == 0
    assert "No change to what the handbook publishes." in result.out
    assert "###" not in result.out


def test_routine_edits_to_the_real_program_are_named(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    edits = make_routine_edits(copy_program(REAL, tmp_path / "program"))
    result = handbook("diff", str(REAL), str(edits.program), "--as-of", "2028-11-30")
    assert result.code == 0, result.err
    assert f"Named now: {edits.person} (mentee)" in result.out
    assert "1 person is no longer named" in result.out
    assert_names_none_of(result.out, [edits.withdrawn])
    milestone = f"Added: {edits.milestone}, milestone on {formats.day(NEW_MILESTONE_DAY)}"
    assert milestone in result.out
    assert f"Added: {edits.story} (" in result.out
    assert f"Added: {edits.survey} (" in result.out


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds the small program."""
    root = tmp_path / "repo"
    shutil.copytree(SMALL, root / "program")
    _git(tmp_path, "init", "-q", str(root))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The small program")
    return root


def test_a_git_revision_is_read_without_touching_the_working_tree(
    handbook: Callable[..., Run], repo: Path
) -> None:
    program = repo / "program"
    _edit_small(program)
    status = _git(repo, "status", "--porcelain")
    result = handbook("diff", "--git", "HEAD", "--program", str(program), "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "Published as of 4 Mar 2024: `HEAD` → `the working tree`." in result.out
    assert "- Added: Mentor meetup, milestone on 15 May 2024 (planned)" in result.out
    assert _git(repo, "status", "--porcelain") == status

    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "A month of edits")
    both = handbook(
        "diff", "--git", "HEAD~1", "--git", "HEAD", "--program", str(program), "--as-of", AS_OF
    )
    assert both.code == 0, both.err
    assert "Published as of 4 Mar 2024: `HEAD~1` → `HEAD`." in both.out
    assert both.out.split("\n", 3)[3] == result.out.split("\n", 3)[3]


def test_bad_sides_are_clear_errors(
    handbook: Callable[..., Run], repo: Path, small_copy: Path
) -> None:
    program = repo / "program"
    unknown = handbook("diff", "--git", "no-such-branch", "--program", str(program))
    assert unknown.code == 2
    assert f"'no-such-branch' is not a revision of {repo}" in unknown.err
    assert handbook("diff").code == 2
    three = handbook("diff", "--git", "HEAD", str(SMALL), str(SMALL), "--program", str(program))
    assert three.code == 2 and "two sides at most" in three.err

    (small_copy / "cohorts.yaml").write_text("- id: Not A Slug\n", encoding="utf-8")
    broken = handbook("diff", str(SMALL), str(small_copy), "--as-of", AS_OF)
    assert broken.code == 1
    assert "cohorts.yaml:1:" in broken.err and f"{small_copy}: the data has problems" in broken.err
    assert "Traceback" not in broken.err


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (("value: 0.5", "value: 0.7"), "Changed: participation by 31 Dec 2024: 50.0 % → 70.0 %"),
        (
            ("by: 2024-12-31", "by: 2025-06-30"),
            "Changed: participation 50.0 %: by 31 Dec 2024 → by 30 Jun 2025",
        ),
        (
            ("value: 0.5\n    by: 2024-12-31", "value: 0.6\n    by: 2025-06-30"),
            "Changed: participation: 50.0 % by 31 Dec 2024 → 60.0 % by 30 Jun 2025",
        ),
    ],
    ids=["value", "date", "both"],
)
def test_a_changed_target_is_a_change(
    handbook: Callable[..., Run], small_copy: Path, edit: tuple[str, str], line: str
) -> None:
    """The small program's one target, 50 % by the end of 2024, edited in place: met on
    4 Mar 2024 (62.5 % on 26 Feb) at 50 % and 60 %, on track at 70 % (the pace starts from
    the first report, below it)."""
    path = small_copy / "program.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(*edit), encoding="utf-8")
    result = handbook("diff", str(SMALL), str(small_copy), "--as-of", AS_OF)
    assert result.code == 0, result.err
    section = result.out.split("### Targets\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [f"- {line} ({'met → on track' if '70' in line else 'met'})"]


def test_an_added_target_is_named_as_the_report_names_it(
    handbook: Callable[..., Run], small_copy: Path
) -> None:
    """A target of active mentors reads "active mentors", as in the status report, not by the
    metric's id; and an edit to it names it the same way."""
    path = small_copy / "program.yaml"
    text = path.read_text(encoding="utf-8")
    added = "targets:\n  - metric: mentors\n    value: 12\n    by: 2024-12-31\n"
    path.write_text(text.replace("targets:\n", added), encoding="utf-8")
    result = handbook("diff", str(SMALL), str(small_copy), "--as-of", AS_OF)
    assert result.code == 0, result.err
    section = result.out.split("### Targets\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == ["- Added: active mentors 12 by 31 Dec 2024 (on track)"]

    path.write_text(
        text.replace("targets:\n", added.replace("value: 12", "value: 13")), encoding="utf-8"
    )
    copy = small_copy.parent / "small-12"
    shutil.copytree(small_copy, copy)
    (copy / "program.yaml").write_text(text.replace("targets:\n", added), encoding="utf-8")
    edited = handbook("diff", str(copy), str(small_copy), "--as-of", AS_OF)
    assert edited.code == 0, edited.err
    section = edited.out.split("### Targets\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == ["- Changed: active mentors by 31 Dec 2024: 12 → 13 (on track)"]
