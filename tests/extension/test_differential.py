"""An incremental build equals a clean one after an edit of every kind of field of
`program.yaml` and the list files, and after the as-of day moves (see `differential`)."""

from __future__ import annotations

from pathlib import Path

from extension.differential import check_every_edit


def test_after_every_kind_of_edit_to_the_list_files_and_the_day(tmp_path: Path) -> None:
    check_every_edit(tmp_path, lambda file: not file.endswith("/"), as_of_moves=True)
