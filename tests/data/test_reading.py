"""Reading YAML safely: no code runs, bombs fail fast, and one run reports every problem."""

from __future__ import annotations

import os
import threading
import typing
from datetime import date
from pathlib import Path

import pytest

from generators.data import checks, load, models, yamlfile
from generators.data.load import check_directory
from generators.data.problems import Problem
from generators.data.safefile import Refused, read_capped
from generators.data.site import PublishedSite, published_site
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


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: &x 1\nb: *x\n", {"a": 1, "b": 1}),
        ("a: [&x {k: v}, *x]\n", {"a": [{"k": "v"}, {"k": "v"}]}),
        ("m:\n  <<: [&p {a: 1}, &q {a: 2, b: 3}]\n  c: 4\n", {"m": {"a": 1, "b": 3, "c": 4}}),
        ("'yes': no\non: '2024-01-01'\nd: 2024-01-01\nn: ~\nf: 1.5\nt: true\n", None),
        ("", None),
        ("# only a comment\n", None),
        ("--- [1, '1', 0x10]\n", [1, "1", 16]),
        ("- 1: a\n  <<: {b: 2}\n- '1': c\n  '<<': d\n", [{1: "a", "b": 2}, {"1": "c", "<<": "d"}]),
    ],
)
def test_values_are_read_as_the_safe_loader_reads_them(
    tmp_path: Path, text: str, data: object
) -> None:
    """Aliases, merge keys and implicit types as PyYAML's safe loader gives them.

    Only yes/no/on/off differ: they stay text (see `models.Flag`).
    """
    import yaml

    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    result = read_yaml(path, "values.yaml")
    assert result.problems == []
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    if text.startswith("'yes'"):  # YAML 1.1 reads `no` and the key `on` as booleans
        assert result.data.pop("yes") == "no" and result.data.pop("on") == "2024-01-01"
        del expected["yes"], expected[True]
    assert result.data == expected
    if data is not None:
        assert result.data == data


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: &x 1\nb: &x 2\n", 2, "found duplicate anchor"),
        ("a: 1\nb: *nowhere\n", 2, "found undefined alias"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
        ("a: [1, 2\nb: 3\n", 2, "not valid YAML"),
    ],
)
def test_what_the_composer_refuses_is_a_syntax_problem(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = read_yaml(path, "bad.yaml")
    assert [(p.code, p.line) for p in result.problems] == [("syntax", line)]
    assert words in result.problems[0].message
    assert result.data is None


def test_a_list_as_a_key_is_reported_and_its_value_skipped(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text("? [a, b]\n: {c: !!python/name:os.system ''}\nd: 1\n", encoding="utf-8")
    result = read_yaml(path, "keys.yaml")
    assert [(p.code, p.line) for p in result.problems] == [("key-type", 1)]
    assert result.data == {"d": 1}


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
        ("timeline.yaml", 23),
    ]


def test_a_records_first_error_does_not_hide_its_references(program_dir: Path) -> None:
    """Fay's file has a misspelt time zone and an unknown manager; a pairing a bad date and an
    unknown mentor; a timeline entry an impossible date and an unknown dependency: each record's
    unknown reference is reported in the same run as its other error."""
    both(
        sub("people/fay.yaml", "manager: dana\n", "manager: dna\ntimezone: Europe/Berlinn\n"),
        sub("pairings.yaml", "mentor: bo\n  mentee: fay\n", "mentor: bob\n  mentee: fay\n"),
        sub("pairings.yaml", "  start: 2024-05-06\n", "  start: 2024-05-36\n"),
        sub(
            "timeline.yaml",
            "date: 2024-02-23\n  depends_on: [research]",
            "date: 2024-02-32\n  depends_on: [reserch]",
        ),
    )(program_dir)
    problems = sorted(check_directory(program_dir, base=program_dir).problems)
    assert [(p.file, p.field, p.code) for p in problems] == [
        ("pairings.yaml", "pairings[3].mentor", "reference"),
        ("pairings.yaml", "pairings[3].start", "date_impossible"),
        ("people/fay.yaml", "manager", "reference"),
        ("people/fay.yaml", "timezone", "timezone"),
        ("timeline.yaml", "timeline[2].date", "date_impossible"),
        ("timeline.yaml", "timeline[2].depends_on[0]", "reference"),
    ], "\n".join(map(str, problems))
    by_field = {p.field: p for p in problems}
    assert "unknown person 'dna'" in by_field["manager"].message
    assert by_field["manager"].hint == "did you mean 'dana'?"
    assert "unknown person 'bob'" in by_field["pairings[3].mentor"].message


def test_a_broken_program_file_does_not_hide_the_other_files_problems(program_dir: Path) -> None:
    both(
        sub("program.yaml", "incentives_start: 2024-04-01", "incentives_start: soon"),
        sub("people/fay.yaml", "manager: dana\n", "manager: dna\n"),
    )(program_dir)
    problems = sorted(check_directory(program_dir, base=program_dir).problems)
    assert [(p.file, p.field) for p in problems] == [
        ("people/fay.yaml", "manager"),
        ("program.yaml", "incentives_start"),
    ], "\n".join(map(str, problems))


def test_every_field_that_names_a_record_is_checked() -> None:
    """The check's table of references holds every id-typed field of every kind of record,
    other than the record's own id, with the model that record is read with."""

    def names_ids(annotation: object) -> bool:
        return annotation == models.Slug or any(names_ids(a) for a in typing.get_args(annotation))

    found = {}
    for name, (model, _) in load._MODELS.items():
        fields = {
            field
            for field, info in model.model_fields.items()
            if field != "id"
            and (
                names_ids(info.annotation)
                or any(m in info.metadata for m in models.Slug.__metadata__)
            )
        }
        if fields:
            found[name] = (model, fields)
    assert found == {
        kind: (model, {name for name, _, _ in fields})
        for kind, (model, fields) in checks.REFERENCES.items()
    }


def test_each_problem_names_field_expected_and_found(program_dir: Path) -> None:
    sub("pairings.yaml", "  status: active\n", "  status: actve\n")(program_dir)
    (problem,) = check_directory(program_dir, base=program_dir).problems
    assert problem.field == "pairings[0].status"
    assert problem.column == 11
    assert "expected one of" in problem.message
    assert "found 'actve'" in problem.message
    assert problem.hint == "did you mean 'active'?"


def test_yaml_1_1_booleans_are_text_where_text_is_wanted(program_dir: Path) -> None:
    """`[No, Yes]` is a scale of two words; `publish: yes` still consents, as it always did."""
    sub("surveys/pulse-2024.yaml", 'scale: ["No", "Yes"]', "scale: [No, YES]")(program_dir)
    sub("cohorts.yaml", "name: Pilot cohort", "name: off")(program_dir)
    sub("people/fay.yaml", "publish: true", "publish: Yes")(program_dir)
    sub("people/gus.yaml", "publish: true", "publish: on")(program_dir)
    loaded = check_directory(program_dir, base=program_dir)
    assert loaded.problems == []
    assert loaded.program is not None
    assert loaded.program.surveys[0].questions[1].scale == ("No", "YES")
    assert loaded.program.cohorts[0].name == "off"
    assert loaded.program.person["fay"].publish is True
    assert loaded.program.person["gus"].publish is True


def test_true_and_false_stay_booleans(tmp_path: Path) -> None:
    path = tmp_path / "flags.yaml"
    path.write_text("a: [true, True, TRUE, false, False, FALSE, no, On, tRuE]\n")
    assert read_yaml(path, "flags.yaml").data == {
        "a": [True, True, True, False, False, False, "no", "On", "tRuE"]
    }


def test_a_surveys_first_error_does_not_hide_the_rest(program_dir: Path) -> None:
    survey = "surveys/pulse-2024.yaml"
    sub(survey, 'scale: ["No", "Yes"]', 'scale: [true, "Yes"]')(program_dir)
    sub(survey, "counts: [0, 1, 3, 10, 8]", "counts: [0, 1, 3, 10]")(program_dir)
    sub(survey, "theme: Wants a mentor", "theme: Bo Hidden wants a mentor")(program_dir)
    problems = sorted(check_directory(program_dir, base=program_dir).problems)
    assert [(p.line, p.field, p.code) for p in problems] == [
        (9, "questions[0].counts", "survey-shape"),
        (15, "questions[1].scale[0]", "text"),
        (20, "themes[1].theme", "consent"),
    ]


def test_a_link_out_of_the_program_is_not_read_and_its_content_never_shown(
    program_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "credentials.yaml"
    secret.write_text("- id: x\n  token: ghp_SECRET_TOKEN_VALUE\n", encoding="utf-8")
    (program_dir / "cohorts.yaml").unlink()
    (program_dir / "cohorts.yaml").symlink_to(secret)
    problems = check_directory(program_dir, base=program_dir).problems
    assert [(p.file, p.code) for p in problems] == [("cohorts.yaml", "unreadable")]
    assert "SECRET" not in str(problems[0]) and str(tmp_path) not in str(problems[0])


def test_a_link_inside_the_program_is_followed(program_dir: Path) -> None:
    (program_dir / "cohorts.yaml").rename(program_dir / "cohorts-data.txt")
    (program_dir / "cohorts.yaml").symlink_to("cohorts-data.txt")
    assert check_directory(program_dir, base=program_dir).problems == []


def test_a_fifo_and_a_device_are_refused_without_waiting(program_dir: Path) -> None:
    pipe = program_dir / "people" / "pipe.yaml"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer
    (program_dir / "surveys" / "zero.yaml").symlink_to("/dev/zero")
    found: list[Problem] = []
    worker = threading.Thread(
        target=lambda: found.extend(check_directory(program_dir, base=program_dir).problems),
        daemon=True,
    )
    worker.start()
    worker.join(30)
    if worker.is_alive():  # a regression: let the blocked reader go, then fail
        with pipe.open("wb"):
            pass
        pytest.fail("the check waited on a FIFO")
    problems = sorted(found)
    assert [(p.file, p.message) for p in problems] == [
        ("people/pipe.yaml", "this is a FIFO (named pipe), not a file; it is not read"),
        (
            "surveys/zero.yaml",
            "a symbolic link to a file outside the program folder; it is not read",
        ),
    ]
    with pytest.raises(Refused, match="a device"):
        read_capped(Path("/dev/zero"), 100)


def test_reads_are_capped_by_the_bytes_read_not_the_size_stat_reports(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 1000)
    assert len(read_capped(path, 10)) == 11  # one byte past the limit: "too large"
    status = Path("/proc/self/status")  # a file whose stat size is 0 though it has content
    if status.exists() and status.stat().st_size == 0:
        assert len(read_capped(status, 10)) == 11


def test_nothing_under_a_folder_linked_out_of_the_program_is_read(
    program_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "elsewhere"
    (program_dir / "surveys").rename(outside)
    (program_dir / "surveys").symlink_to(outside, target_is_directory=True)
    opened: list[Path] = []
    real_read = yamlfile.read_capped

    def spy(path: Path, limit: int, root: Path | None = None) -> bytes:
        opened.append(path)
        return real_read(path, limit, root)

    monkeypatch.setattr(yamlfile, "read_capped", spy)
    loaded = check_directory(program_dir, base=program_dir)
    assert [(p.file, p.code) for p in loaded.problems] == [("surveys", "unreadable")]
    assert opened and not [p for p in opened if p.parent.name == "surveys"]
    assert loaded.program is not None and loaded.program.surveys == ()
    # A file reached through a linked folder is refused even where the loader is not asked.
    with pytest.raises(Refused, match="outside the program folder"):
        read_capped(program_dir / "surveys" / "pulse-2024.yaml", 100, program_dir)


def test_a_symlink_loop_is_a_problem_at_its_path(program_dir: Path) -> None:
    (program_dir / "cohorts.yaml").unlink()
    (program_dir / "cohorts.yaml").symlink_to("cohorts-too.yaml")
    (program_dir / "cohorts-too.yaml").symlink_to("cohorts.yaml")
    problems = check_directory(program_dir, base=program_dir).problems
    assert sorted((p.file, p.message) for p in problems) == [
        (name, "a symbolic link that leads back to itself (a loop); it is not read")
        for name in ("cohorts-too.yaml", "cohorts.yaml")
    ]
    with pytest.raises(Refused, match="a loop"):
        read_capped(program_dir / "cohorts.yaml", 100)


def test_the_site_address_for_sphinx_is_not_read_through_a_link_out(
    program_dir: Path, tmp_path: Path
) -> None:
    from generators.data.site import published_site

    text = (program_dir / "program.yaml").read_text(encoding="utf-8")
    (program_dir / "program.yaml").write_text(text + "site_url: https://inside.example/\n")
    assert published_site(program_dir).url == "https://inside.example/"
    outside = tmp_path / "program.yaml"
    outside.write_text(text + "site_url: https://outside.example/\n", encoding="utf-8")
    (program_dir / "program.yaml").unlink()
    (program_dir / "program.yaml").symlink_to(outside)
    assert published_site(program_dir).url == ""


@pytest.mark.parametrize(
    ("lines", "url", "private"),
    [
        ('private: "true"\n', None, None),  # a text, not a flag: the check refuses it
        ("private: yes\nsite_url: https://a.example\n", "https://a.example/", True),
        ("private: off\n", "", False),
        ("private: true\n", "", True),
        ("site_url: https://a.example/x y\n", None, None),  # not a web address to the model
        ("site_url: ftp://a.example/\n", None, None),
    ],
)
def test_sphinx_reads_the_site_settings_as_the_model_does(
    program_dir: Path, lines: str, url: str | None, private: bool | None
) -> None:
    """Sphinx takes `site_url` and `private` before the check runs, without the models: on
    every value the check accepts, it takes what the model takes (a private site is never
    indexed); a value the check refuses stops the build before anything is written."""
    path = program_dir / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")
    loaded = check_directory(program_dir, base=program_dir, today=date(2025, 1, 15))
    if url is None:
        assert loaded.program is None and loaded.problems
        return
    assert loaded.program is not None, loaded.problems
    assert published_site(program_dir) == PublishedSite(url, bool(private))
    assert loaded.program.info.private is private
    assert (loaded.program.info.site_url or "") in (url, url.rstrip("/"))
