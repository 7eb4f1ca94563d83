"""The handbook builds from a clean checkout."""

from __future__ import annotations

from conftest import Build


def test_handbook_builds_without_warnings(handbook_site: Build) -> None:
    assert handbook_site.warnings == ""
    assert (handbook_site.outdir / "index.html").is_file()
