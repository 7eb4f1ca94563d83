"""Reading a data file without trusting what sits at its path, and writing one in one step.

`program/` is a folder anyone can send a pull request to. A symbolic link there could draw a
credentials file into an error message printed in a public CI log, a FIFO would block the
check for ever and `/dev/zero` would read until memory runs out. So a path is looked at
(never opened) first: only regular files, and links that stay inside the data folder, are
read, and every read stops after a byte limit, whatever size the file claims to have.

A file is written through a temporary file and a rename, so that a reader (a build, a web
server, a colleague's editor) never sees half of one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

#: `os.O_NONBLOCK` where it exists: opening a FIFO that replaced a file never waits.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Refused(Exception):
    """Why a path was not read: words for the message and the hint, and a problem code."""

    def __init__(self, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _real(path: Path) -> Path:
    """Where `path` leads, every link on the way followed; `Refused` for a loop."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))  # a dangling link: where it would lead
    except (OSError, RuntimeError) as error:
        if isinstance(error, OSError) and error.errno != errno.ELOOP:
            raise
        raise Refused(
            "a symbolic link that leads back to itself (a loop); it is not read",
            "replace the link with the file or folder it should lead to",
            "unreadable",
        ) from None


def _outside(path: Path, root: Path) -> bool:
    return not _real(path).is_relative_to(_real(root))


def _leaves(path: Path, is_folder: bool) -> Refused:
    what = "a folder" if is_folder else "a file"
    return Refused(
        f"a symbolic link to {what} outside the program folder; "
        + ("nothing in it is read" if is_folder else "it is not read"),
        "copy the data into the program folder instead of linking to it",
        "unreadable",
    )


def links_out(root: Path) -> dict[Path, Refused]:
    """Every symbolic link under `root` that leads outside it or loops, found without
    following any of them: nothing under such a link is read.

    A link that stays inside `root` is fine (it is read as what it leads to).
    """
    found: dict[Path, Refused] = {}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # the loader reports a folder it cannot list
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    if _outside(path, root):
                        found[path] = _leaves(path, path.is_dir())
                except Refused as refused:
                    found[path] = refused
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
    return found


def _check_path(path: Path, root: Path | None) -> None:
    """Refuse a path that leaves `root` (through any link on the way), and anything but a
    regular file, without opening it."""
    info = os.lstat(path)  # FileNotFoundError: the caller says "file not found"
    if root is not None and _outside(path, root):
        raise _leaves(path, False)
    if stat.S_ISLNK(info.st_mode):
        _real(path)  # a loop is refused
        info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise Refused(
            f"this is {_kind(info.st_mode)}, not a file; it is not read",
            "the program folder holds only regular YAML files",
            "not-a-file",
        )


def read_capped(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of `path`, at most `limit + 1` of them (more than `limit` means too large).

    Raises `Refused` for a path that must not be read, and `OSError` as `open` does.
    """
    _check_path(path, root)
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced since it was looked at
            raise Refused(
                "this is not a regular file; it is not read",
                "the program folder holds only regular YAML files",
                "not-a-file",
            )
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = stream.read(min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    return b"".join(chunks)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path`, never replacing what must stay what it is.

    - A regular file (or none yet) is replaced in one step: a temporary file beside it is
      renamed over it, so on any failure `path` is left as it was.
    - A FIFO or a device (`/dev/null`, a terminal) is written as a stream: it stays a FIFO
      or a device.
    - A symbolic link is never replaced: what it leads to is written by these rules.

    Any `OSError` names `path` (see `explain`).
    """
    try:
        target = _real_for_writing(path)
        try:
            info = target.stat()
        except FileNotFoundError:
            info = None
        if info is not None and _is_stream(info.st_mode):
            _write_stream(target, data)
        elif info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        elif info is not None and not stat.S_ISREG(info.st_mode):
            raise OSError(errno.ENXIO, f"this is {_kind(info.st_mode)}, not a file")
        else:
            _replace(target, data, info)
    except OSError as error:
        raise naming(error, path) from None


def _real_for_writing(path: Path) -> Path:
    if not path.is_symlink():
        return path
    try:
        return _real(path)
    except Refused:
        raise OSError(errno.ELOOP, "a symbolic link that leads back to itself") from None


def _is_stream(mode: int) -> bool:
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def _write_stream(target: Path, data: bytes) -> None:
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def _replace(path: Path, data: bytes, info: os.stat_result | None) -> None:
    # A new file is readable by all: mkstemp's 0600 would hide a shared report from colleagues.
    mode = 0o644 if info is None else info.st_mode & 0o777
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        temporary.chmod(mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(path)  # os.replace: atomic on one file system
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def naming(error: OSError, path: Path | str) -> OSError:
    """`error` about `path` (the path the user gave, not a temporary file's or a folder's)."""
    return type(error)(error.errno, error.strerror or str(error), str(path))


#: What to do about a failed read or write, by `errno`.
_WHAT_TO_DO = {
    errno.ENOSPC: "free some space on that disk, or write the file somewhere else",
    errno.EDQUOT: "free some space within your quota, or write the file somewhere else",
    errno.EACCES: "check the permissions of the file and its folder, or use another place",
    errno.EPERM: "check the permissions of the file and its folder, or use another place",
    errno.EROFS: "that file system is read-only: write the file somewhere else",
    errno.ENOENT: "create the folder first, or check the path for a typing slip",
    errno.ENOTDIR: "part of the path is a file, not a folder: check the path",
    errno.EISDIR: "that is a folder: give a file name",
    errno.ELOOP: "fix or remove the symbolic link, or give another path",
    errno.ENAMETOOLONG: "give a shorter path",
    errno.EIO: "the disk reported an error: check it, or write the file somewhere else",
    errno.EMFILE: "too many files are open: close some programs and try again",
    errno.ENFILE: "too many files are open: close some programs and try again",
    errno.ENXIO: "give the path of a file",
    errno.EXDEV: "write the file somewhere else",
}


def explain(error: OSError, doing: str = "write", path: Path | str | None = None) -> str:
    """`error` in words for a person: the path, what went wrong, and what to do about it.

    `cannot write build/report.md: No space left on device (hint: free some space ...)`
    """
    where = path if path is not None else error.filename
    shown = "a file" if where is None else str(where)
    reason = error.strerror or str(error)
    return f"cannot {doing} {shown}: {reason} (hint: {what_to_do(error)})"


def what_to_do(error: OSError) -> str:
    """The hint for a failed read or write."""
    return _WHAT_TO_DO.get(error.errno or 0, "check the path and try again")
