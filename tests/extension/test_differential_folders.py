"""An incremental build equals a clean one after an edit of every kind of field of the
folders' files (people, surveys, the working group, feedback), and after adding or removing
one of them (see `differential`)."""

from __future__ import annotations

from pathlib import Path

from extension.differential import check_every_edit


def test_after_every_kind_of_edit_to_the_folders_files(tmp_path: Path) -> None:
    check_every_edit(tmp_path, lambda file: file.endswith("/"), as_of_moves=False)
