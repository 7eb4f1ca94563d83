"""The shared chart cache stays bounded: by age, then by size, never losing a chart in use."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generators.sphinxext.cleanup import bound_chart_cache

DAY = 24 * 3600


def _chart(folder: Path, name: str, size: int, days_ago: float) -> Path:
    path = folder / name
    path.write_bytes(b"x" * size)
    when = time.time() - days_ago * DAY
    os.utime(path, (when, when))
    return path


def test_charts_unused_for_too_long_leave_the_cache_unless_a_page_shows_them(
    tmp_path: Path,
) -> None:
    old = _chart(tmp_path, "old.svg", 10, days_ago=40)
    old_in_use = _chart(tmp_path, "shown.svg", 10, days_ago=40)
    recent = _chart(tmp_path, "recent.svg", 10, days_ago=1)
    bound_chart_cache(tmp_path, {"shown.svg"}, max_age=30 * DAY, max_bytes=1000)
    assert not old.exists()
    assert old_in_use.exists() and recent.exists()


def test_the_least_recently_used_charts_leave_a_cache_above_its_size(tmp_path: Path) -> None:
    oldest = _chart(tmp_path, "a.svg", 400, days_ago=3)
    middle = _chart(tmp_path, "b.svg", 400, days_ago=2)
    newest = _chart(tmp_path, "c.svg", 400, days_ago=1)
    shown = _chart(tmp_path, "d.svg", 400, days_ago=5)
    bound_chart_cache(tmp_path, {"d.svg"}, max_age=30 * DAY, max_bytes=800)
    assert [p.exists() for p in (oldest, middle, newest, shown)] == [False, True, True, True]
