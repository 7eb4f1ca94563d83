"""Build properties: exact incremental rebuilds, reproducible output, parallel safety, and a
data error that stops the build with the check's own messages."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import REPO, Build, messages_of
from sphinx.errors import ConfigError

from extension.conftest import MakeProject, build
from generators.sphinxext.cache import DataError

PAGES = {
    "index": "# Home\n\n```{handbook-roles}\n:roles: coordinator\n```\n",
    "incentives": "# Incentives\n\n```{handbook-incentives}\n```\n",
    "roster": "# Roster\n\n```{handbook-mentors}\n```\n",
    "prose": "# Prose\n\nNo generated block here; see {ref}`incentive-mentor-spotlight`.\n",
}


def read_docs(result: Build) -> list[str]:
    """The pages Sphinx read in this build, from its status output."""
    counts = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", result.status)
    assert counts, result.status
    return sorted(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", result.status))


def touch(path: Path) -> None:
    """A later modification time than any build so far (file systems round mtimes)."""
    later = time.time() + 5
    os.utime(path, (later, later))


def test_second_build_without_change_reads_nothing(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = make_project(PAGES, program=program_copy)
    first = build(srcdir)
    assert first.warnings == ""
    assert read_docs(first) == ["incentives", "index", "prose", "roster"]
    second = build(srcdir, fresh=False)
    assert "0 added, 0 changed, 0 removed" in second.status
    assert read_docs(second) == []


def test_editing_a_data_file_rereads_only_the_pages_that_use_it(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = make_project(PAGES, program=program_copy)
    build(srcdir)
    incentives = program_copy / "incentives.yaml"
    incentives.write_text(
        incentives.read_text().replace("Mentor spotlight", "Mentor in the spotlight")
    )
    touch(incentives)
    result = build(srcdir, fresh=False)
    assert read_docs(result) == ["incentives"]
    assert "Mentor in the spotlight" in (result.outdir / "incentives.html").read_text()
    # The page linking to the incentive shows the new title without being re-read.
    assert "Mentor in the spotlight" in (result.outdir / "prose.html").read_text()

    # A file saved again without a change changes no value a page read: no page is read.
    touch(program_copy / "people.yaml")
    assert read_docs(build(srcdir, fresh=False)) == []


def test_an_edit_that_changes_nothing_published_reads_no_page(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = make_project(PAGES, program=program_copy)
    build(srcdir)
    people = program_copy / "people.yaml"
    text = people.read_text(encoding="utf-8")
    # A comment, and a skill of Bo, who has not agreed to be named: the roster counts Bo.
    people.write_text(
        "# Reviewed in March.\n" + text.replace("skills: [Ceph]", "skills: [Ceph, Rook]"),
        encoding="utf-8",
    )
    touch(people)
    result = build(srcdir, fresh=False)
    assert read_docs(result) == []


def test_a_new_person_file_rereads_only_the_pages_that_show_them(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = make_project(PAGES, program=program_copy)
    build(srcdir)
    (program_copy / "people" / "hal.yaml").write_text(
        "name: Hal Newmentor\nteam: Storage\njoined: 2020-01-01\nroles: [mentor]\n"
        "publish: true\nskills: [Ceph]\n"
    )
    result = build(srcdir, fresh=False)
    # The mentors list shows them; the coordinators and the catalog do not change.
    assert read_docs(result) == ["roster"]
    assert "Hal Newmentor" in (result.outdir / "roster.html").read_text()


def test_editing_a_template_rereads_the_pages_that_use_it(
    make_project: MakeProject, program_copy: Path, tmp_path: Path
) -> None:
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "_templates", templates)
    srcdir = make_project(PAGES, program=program_copy)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + f"handbook_templates_dir = {str(templates)!r}\n")
    build(srcdir)
    mentors = templates / "blocks" / "mentors.html"
    mentors.write_text(mentors.read_text().replace("Can help with", "Offers help with"))
    touch(mentors)
    result = build(srcdir, fresh=False)
    assert read_docs(result) == ["roster"]
    assert "Offers help with" in (result.outdir / "roster.html").read_text()
    # The macros file is imported by every table-making template.
    touch(templates / "blocks" / "macros.html")
    assert read_docs(build(srcdir, fresh=False)) == ["roster"]


def test_a_new_as_of_date_rereads_the_pages_that_depend_on_it(
    make_project: MakeProject, program_copy: Path
) -> None:
    srcdir = make_project(PAGES, program=program_copy)
    build(srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace("2024-03-01", "2024-06-01"))
    result = build(srcdir, fresh=False)
    # The mentors show the date, and an incentive adopted in between changes its status; the
    # coordinators are the same on both days.
    assert read_docs(result) == ["incentives", "roster"]
    assert "as of 1 Jun 2024" in (result.outdir / "roster.html").read_text()
    assert "1 Apr 2024" in (result.outdir / "incentives.html").read_text()


def _files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def test_two_clean_builds_write_identical_files(make_project: MakeProject) -> None:
    srcdir = make_project(PAGES)
    first = build(srcdir, outdir=srcdir / "_build" / "one")
    second = build(srcdir, outdir=srcdir / "_build" / "two")
    one, two = _files(first.outdir), _files(second.outdir)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_parallel_build_matches_serial(make_project: MakeProject) -> None:
    srcdir = make_project(PAGES)
    serial = build(srcdir, outdir=srcdir / "_build" / "serial")
    parallel = build(srcdir, outdir=srcdir / "_build" / "parallel", parallel=2)
    assert parallel.warnings == ""
    for page in PAGES:
        assert (serial.outdir / f"{page}.html").read_bytes() == (
            parallel.outdir / f"{page}.html"
        ).read_bytes()


def test_a_data_error_stops_the_build_with_the_checks_messages(
    make_project: MakeProject, program_copy: Path
) -> None:
    pairings = program_copy / "pairings.yaml"
    pairings.write_text(pairings.read_text().replace("status: completed", "status: complete"))
    srcdir = make_project(PAGES, program=program_copy)
    with pytest.raises(DataError, match=r"1 problem\(s\) in the program data") as stopped:
        build(srcdir)
    assert re.search(
        r"pairings\.yaml:\d+:\d+: pairings\[1\]\.status: expected one of proposed, active, "
        r"completed, ended-early, paused; found 'complete' \(hint: did you mean 'completed'\?\)",
        messages_of(stopped.value),
    ), messages_of(stopped.value)
    assert not (srcdir / "_build" / "html" / "index.html").exists()


def test_a_date_past_the_years_the_handbook_shows_stops_the_build_at_its_line(
    make_project: MakeProject, program_copy: Path
) -> None:
    timeline = program_copy / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("end: 2024-03-27", "end: 9999-12-31", 1))
    srcdir = make_project(
        {"index": "# Home\n\n```{handbook-meetings}\n```\n"}, program=program_copy
    )
    with pytest.raises(DataError, match=r"1 problem\(s\) in the program data") as stopped:
        build(srcdir)
    assert "timeline.yaml:5:8: timeline[0].end: 9999-12-31 is after 2199-12-31" in messages_of(
        stopped.value
    )


def test_a_build_for_a_far_day_is_refused_a_runaway_reporting_series(
    make_project: MakeProject,
) -> None:
    # Every 14 days from 2024-01-01: fine today, 4,592 update pages by the end of 2199.
    srcdir = make_project({"index": "# Home\n"}, as_of="2199-12-31")
    with pytest.raises(DataError, match=r"1 problem\(s\) in the program data") as stopped:
        build(srcdir)
    assert (
        "program.yaml:7:10: reporting.first: 4,592 reporting dates from 2024-01-01 to "
        "2199-12-31, each an update page; the most is 500"
    ) in messages_of(stopped.value)


def test_the_data_error_reaches_sphinx_build_users_without_a_traceback(
    make_project: MakeProject, program_copy: Path
) -> None:
    import subprocess
    import sys

    pairings = program_copy / "pairings.yaml"
    pairings.write_text(pairings.read_text().replace("status: completed", "status: complete"))
    srcdir = make_project(PAGES, program=program_copy)
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(srcdir / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2  # sphinx-build's status for a build that stopped with an error
    assert "Traceback (most recent call last)" not in run.stderr
    assert "Invalid program data!" in run.stderr
    assert re.search(
        r"pairings\.yaml:\d+:\d+: pairings\[1\]\.status: expected one of proposed, active, "
        r"completed, ended-early, paused; found 'complete' \(hint: did you mean 'completed'\?\)",
        run.stderr,
    ), run.stderr


def test_every_warning_is_typed_so_suppress_warnings_can_silence_one_kind(
    make_project: MakeProject,
) -> None:
    page = "# Roster\n\n```{handbook-mentors}\n:columns: name, tem\n```\n"
    srcdir = make_project({"index": page})
    warned = build(srcdir)
    assert re.search(
        r"index\.md:3: WARNING: handbook-mentors: unknown columns 'tem'.*"
        r"\[handbook\.option\]",
        warned.warnings,
    ), warned.warnings
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'suppress_warnings = ["handbook.option"]\n')
    assert build(srcdir).warnings == ""


def test_a_bad_setting_stops_the_build_when_the_configuration_is_read(
    make_project: MakeProject,
) -> None:
    srcdir = make_project(PAGES, as_of="2024-02-30")
    with pytest.raises(ConfigError, match=r"handbook_as_of: '2024-02-30' is not a real date"):
        build(srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text().replace("2024-02-30", "2024-03-01") + 'handbook_updates_dir = "../up"\n'
    )
    with pytest.raises(ConfigError, match=r"handbook_updates_dir: expected a folder under"):
        build(srcdir)
