"""Small, exact edits of a program folder: each breaks one thing, and fails loudly if it can't."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Edit = Callable[[Path], None]


def sub(file: str, old: str, new: str) -> Edit:
    """Replace the one occurrence of `old` in `file` (an edit that matches nothing is a bug)."""

    def edit(program: Path) -> None:
        path = program / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def write(file: str, content: str | bytes) -> Edit:
    """Write `file` whole (created, or replaced)."""

    def edit(program: Path) -> None:
        path = program / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return edit


def delete(file: str) -> Edit:
    """Remove `file` or folder."""

    def edit(program: Path) -> None:
        path = program / file
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    return edit


def both(*edits: Edit) -> Edit:
    def edit(program: Path) -> None:
        for one in edits:
            one(program)

    return edit


@dataclass(frozen=True)
class Case:
    """One defect: how to make it, and the problem it must give (file, line, words)."""

    name: str
    edit: Edit
    file: str
    line: int
    words: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def link(file: str, target: str) -> Edit:
    """Make `file` a symbolic link to `target`; a relative target lands beside the program."""

    def edit(program: Path) -> None:
        path = program / file
        if path.exists():
            path.unlink()
        destination = Path(target)
        if not destination.is_absolute():
            destination = program.parent / target
            destination.write_text("token: do-not-print-me\n", encoding="utf-8")
        path.symlink_to(destination)

    return edit


def link_folder(folder: str) -> Edit:
    """Move `folder` beside the program and leave a symbolic link to it in its place."""

    def edit(program: Path) -> None:
        path = program / folder
        outside = program.parent / f"outside-{path.name}"
        path.rename(outside)
        path.symlink_to(outside, target_is_directory=True)

    return edit


def loop(file: str) -> Edit:
    """Make `file` a symbolic link to itself: following it never ends."""

    def edit(program: Path) -> None:
        path = program / file
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        path.symlink_to(path.name)

    return edit


def fifo(file: str) -> Edit:
    """Put a named pipe at `file`: reading it would wait for a writer for ever."""

    def edit(program: Path) -> None:
        path = program / file
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return edit
