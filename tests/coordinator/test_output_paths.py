"""Where `-o` writes: a file is replaced in one step, a pipe or a device is written as a
stream and stays what it is, a symbolic link is written through and stays a link."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from coordinator.support import REPO, SMALL, Run
from generators.data import safefile

CALENDAR = ["calendar", "--program", str(SMALL), "--as-of", "2024-05-08"]


def _device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (7), made in a test folder:
    a regression must never replace the machine's own."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    return path


def test_a_device_is_written_as_a_stream_and_stays_a_device(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    null = _device(tmp_path / "null", 3)
    result = handbook(*CALENDAR, "-o", str(null))
    assert result.code == 0, result.err
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file left


def test_a_full_disk_names_the_path_and_what_to_do(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    full = _device(tmp_path / "full", 7)
    result = handbook(*CALENDAR, "-o", str(full))
    assert result.code == 1
    assert result.err == (
        f"handbook calendar: error: cannot write {full}: No space left on device "
        "(hint: free some space on that disk, or write the file somewhere else)\n"
    )
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    pipe = tmp_path / "calendar.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = handbook(*CALENDAR, "-o", str(pipe))
    reader.join(30)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received == [handbook(*CALENDAR).out.encode()]


def test_a_dash_is_standard_output(
    handbook: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = handbook(*CALENDAR, "-o", "-")
    assert result.code == 0
    assert result.out.startswith("BEGIN:VCALENDAR")
    assert list(tmp_path.iterdir()) == []


def test_a_symbolic_link_is_written_through_and_stays_a_link(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    target = tmp_path / "shared" / "program.ics"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "program.ics"
    link.symlink_to(target)
    dangling = tmp_path / "new.ics"
    dangling.symlink_to(tmp_path / "shared" / "new.ics")
    for path in (link, dangling):
        result = handbook(*CALENDAR, "-o", str(path))
        assert result.code == 0, result.err
        assert path.is_symlink()
    expected = handbook(*CALENDAR).out.encode()
    assert target.read_bytes() == expected
    assert (tmp_path / "shared" / "new.ics").read_bytes() == expected
    assert sorted(p.name for p in target.parent.iterdir()) == ["new.ics", "program.ics"]


def test_a_link_into_the_program_folder_or_a_loop_is_refused(
    handbook: Callable[..., Run], small_copy: Path, tmp_path: Path
) -> None:
    into = tmp_path / "innocent.ics"
    into.symlink_to(small_copy / "people.yaml")
    before = (small_copy / "people.yaml").read_bytes()
    args = ["calendar", "--program", str(small_copy), "--as-of", "2024-05-08", "-o"]
    result = handbook(*args, str(into))
    assert result.code == 2 and "refusing to write" in result.err
    assert (small_copy / "people.yaml").read_bytes() == before
    loop = tmp_path / "loop.ics"
    loop.symlink_to(loop.name)
    result = handbook(*args, str(loop))
    assert result.code == 1
    assert f"cannot write {loop}: " in result.err
    assert "symbolic link that leads back to itself" in result.err
    assert loop.is_symlink()


def test_a_regular_file_is_replaced_in_one_step(
    handbook: Callable[..., Run], tmp_path: Path
) -> None:
    target = tmp_path / "program.ics"
    target.write_text("old\n")
    target.chmod(0o640)
    before = target.stat().st_ino
    assert handbook(*CALENDAR, "-o", str(target)).code == 0
    assert target.stat().st_ino != before  # a new file renamed over the old, never truncated
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["program.ics"]


def test_standard_output_on_a_full_disk_says_so_without_a_traceback() -> None:
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full here")
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_DEBUG"}
    with Path("/dev/full").open("wb") as full:  # opened for writing: never replaced
        done = subprocess.run(
            [sys.executable, "-m", "generators", *CALENDAR],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == (
        "handbook calendar: error: cannot write standard output: No space left on device "
        "(hint: free some space on that disk, or write the file somewhere else)\n"
    )


@pytest.mark.parametrize(
    "argv",
    [["report"], ["calendar"], ["match"], ["export", "--format", "json"]],
    ids=lambda argv: argv[0],
)
def test_a_full_disk_leaves_the_old_file_and_names_it(
    handbook: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("the last good one\n")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safefile.os, "fsync", full)
    result = handbook(*argv, "--program", str(SMALL), "--as-of", "2024-05-08", "-o", str(target))
    assert result.code == 1
    assert result.err == (
        f"handbook {argv[0]}: error: cannot write {target}: No space left on device "
        "(hint: free some space on that disk, or write the file somewhere else)\n"
    )
    assert target.read_text() == "the last good one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_any_other_file_error_names_its_path_and_what_to_do(
    handbook: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.csv"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(locked))

    monkeypatch.setattr("generators.cli.report.emit", refuse)
    result = handbook("report", "--program", str(SMALL), "--as-of", "2024-05-08")
    assert result.code == 1
    assert result.err == (
        f"handbook report: error: cannot use {locked}: Permission denied "
        "(hint: check the permissions of the file and its folder, or use another place)\n"
    )
