"""Reading YAML safely: no code runs, bombs fail fast, and one run reports every problem."""

from __future__ import annotations

from pathlib import Path

from generators.data.load import check_directory
from generators.data.yamlfile import read_yaml

from .edits import both, sub


def test_a_python_tag_is_reported_and_never_run(program_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "created-by-yaml"
    sub(
        "program.yaml",
        "name: Test Mentorship Program",
        f'name: !!python/object/apply:pathlib.Path.touch ["{marker}"]',
    )(program_dir)
    sub(
        "cohorts.yaml",
        "name: Pilot cohort",
        f'name: !!python/object/apply:os.system ["touch {marker}"]',
    )(program_dir)
    problems = check_directory(program_dir, base=program_dir).problems
    assert not marker.exists()
    assert sorted((p.file, p.line, p.code) for p in problems) == [
        ("cohorts.yaml", 2, "python-tag"),
        ("program.yaml", 2, "python-tag"),
    ]


def test_an_alias_bomb_fails_fast(tmp_path: Path) -> None:
    # Nine levels of nine aliases: 9**9 (387 million) values if expanded.
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # How fast it is refused is measured by `python -m bench --only alias-bomb`.
    result = read_yaml(path, "bomb.yaml")
    assert [p.code for p in result.problems] == ["alias-bomb"]


def test_aliases_within_reason_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("base: &b {team: Storage}\nuse: *b\nmerged:\n  <<: *b\n  id: x\n")
    result = read_yaml(path, "aliases.yaml")
    assert result.problems == []
    assert result.data == {
        "base": {"team": "Storage"},
        "use": {"team": "Storage"},
        "merged": {"team": "Storage", "id": "x"},
    }


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("".join("  " * level + f"k{level}:\n" for level in range(200)))
    result = read_yaml(path, "deep.yaml")
    assert [p.code for p in result.problems] == ["too-deep"]


def test_a_byte_order_mark_is_accepted(program_dir: Path) -> None:
    path = program_dir / "cohorts.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check_directory(program_dir).problems == []


def test_an_unreadable_file_is_a_problem(program_dir: Path) -> None:
    (program_dir / "cohorts.yaml").unlink()
    (program_dir / "cohorts.yaml").mkdir()  # a folder where a file is expected
    problems = check_directory(program_dir, base=program_dir).problems
    assert [(p.file, p.code) for p in problems] == [("cohorts.yaml", "unreadable")]


def test_every_problem_comes_in_one_run(program_dir: Path) -> None:
    both(
        sub("people.yaml", "  capacity: 2\n", "  capasity: 2\n"),
        sub("cohorts.yaml", "end: 2024-06-30", "end: 2024-02-30"),
        sub("pairings.yaml", "  status: active\n", "  status: actve\n"),
        sub("timeline.yaml", "depends_on: [research]", "depends_on: [reserch]"),
        sub("surveys/pulse-2024.yaml", "invited: 30", "invited: 20"),
    )(program_dir)
    problems = sorted(check_directory(program_dir, base=program_dir).problems)
    assert [(p.file, p.line) for p in problems] == [
        ("cohorts.yaml", 4),
        ("pairings.yaml", 5),
        ("people.yaml", 20),
        ("surveys/pulse-2024.yaml", 9),
        ("timeline.yaml", 21),
    ]


def test_each_problem_names_field_expected_and_found(program_dir: Path) -> None:
    sub("pairings.yaml", "  status: active\n", "  status: actve\n")(program_dir)
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert problem.field == "pairings[0].status"
    assert problem.column == 11
    assert "expected one of" in problem.message
    assert "found 'actve'" in problem.message
    assert problem.hint == "did you mean 'active'?"
