"""Nobody who has not consented is named anywhere the real handbook's build writes."""

from __future__ import annotations

from conftest import REPO, Build

from generators.data.load import load_program


def test_no_unpublished_name_or_id_in_any_built_file(handbook_site: Build) -> None:
    program = load_program(REPO / "program")
    hidden = [p for p in program.people if not p.publish]
    assert hidden, "the real data has people who have not consented"
    needles = {p.name for p in hidden} | {p.id for p in hidden}
    found = []
    for path in handbook_site.outdir.rglob("*"):
        if not path.is_file():
            continue  # doctrees and caches included: everything the build writes
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [(path.name, needle) for needle in needles if needle in text]
    assert found == []


def test_published_people_are_named(handbook_site: Build) -> None:
    program = load_program(REPO / "program")
    roster = (handbook_site.outdir / "roster.html").read_text(encoding="utf-8")
    mentors = [p for p in program.people if p.publish and "mentor" in p.roles and p.left is None]
    assert mentors
    assert all(p.name in roster for p in mentors)
