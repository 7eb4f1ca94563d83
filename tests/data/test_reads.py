"""What a page read of the published view, noted by the accessor: the same paths read in a new
view digest the same exactly when every value read is the same."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from generators.data.reads import Reads, Sources


@dataclass(frozen=True)
class Person:
    name: str
    team: str
    skills: tuple[str, ...] = ()

    def greeting(self, word: str) -> str:
        return f"{word}, {self.name}"


@dataclass(frozen=True)
class View:
    as_of: date
    people: tuple[Person, ...]
    counts: dict[str, int] = field(default_factory=dict)
    lead: Person | None = None


VIEW = View(
    as_of=date(2024, 7, 1),
    people=(Person("Ada", "Storage", ("Ceph",)), Person("Bo", "Edge")),
    counts={"people": 2},
    lead=None,
)


def year(program: object, offset: int) -> int:
    assert program == "the program"
    return 2024 + offset


def read(view: View, block: object) -> tuple[tuple[object, ...], str]:
    reads = Reads(Sources(view, lambda: "the program"))
    block(reads)  # type: ignore[operator]
    return reads.recorded()


def unchanged(block: object, new: View) -> bool:
    """Whether the reads `block` made of `VIEW` digest the same in `new`."""
    paths, digest = read(VIEW, block)
    return Sources(new, lambda: "the program").digest(paths) == digest


def names(reads: Reads) -> None:
    for person in reads.view.people:
        _ = person.name


def teams(reads: Reads) -> None:
    for person in reads.view.people:
        _ = person.team


def test_a_field_nobody_read_changes_nothing_and_one_that_was_read_does() -> None:
    moved = replace(VIEW, people=(replace(VIEW.people[0], team="Core"), VIEW.people[1]))
    assert unchanged(names, moved)
    assert not unchanged(teams, moved)
    assert not unchanged(names, replace(VIEW, people=VIEW.people[:1]))  # one person fewer
    assert not unchanged(names, replace(VIEW, people=(*VIEW.people, Person("Cy", "Edge"))))


def test_the_day_is_a_dependency_only_when_read() -> None:
    later = replace(VIEW, as_of=date(2024, 8, 1))
    assert unchanged(names, later)
    assert not unchanged(lambda reads: reads.view.as_of.isoformat(), later)


def test_methods_keys_and_none_are_noted() -> None:
    ada = replace(VIEW.people[0], name="Ada L.")
    assert not unchanged(lambda r: r.view.people[0].greeting("Hi"), replace(VIEW, people=(ada,)))
    assert unchanged(lambda r: r.view.people[-1].name, replace(VIEW, people=(ada, VIEW.people[1])))
    assert not unchanged(lambda r: r.view.counts.get("people"), replace(VIEW, counts={}))
    assert not unchanged(lambda r: "mentors" in r.view.counts, replace(VIEW, counts={"mentors": 1}))
    # `lead is None` is a read: a lead appearing changes what was read.
    assert not unchanged(lambda r: r.view.lead is None, replace(VIEW, lead=VIEW.people[1]))


def test_what_the_proxy_cannot_follow_is_noted_whole() -> None:
    skills = replace(VIEW.people[0], skills=("Ceph", "Rook"))
    new = replace(VIEW, people=(skills, VIEW.people[1]))
    assert not unchanged(lambda r: r.view.people[0] == VIEW.people[0], new)  # compared whole
    assert not unchanged(lambda r: str(r.view.people[0]), new)
    assert not unchanged(lambda r: list(r.view.people[0].skills), new)  # a tuple of text: a leaf


def test_a_derived_figure_is_noted_by_its_function_and_arguments() -> None:
    paths, digest = read(VIEW, lambda r: r.derived(year, 1))
    assert Sources(VIEW, lambda: "the program").digest(paths) == digest
    with pytest.raises(TypeError, match="module-level"):
        read(VIEW, lambda r: r.derived(lambda program: 1))


def test_reads_are_values_of_the_real_types() -> None:
    def block(reads: Reads) -> None:
        person = reads.view.people[0]
        assert isinstance(person, Person)
        assert person.name == "Ada" and person.skills == ("Ceph",)
        assert len(reads.view.people) == 2 and bool(reads.view.people)

    read(VIEW, block)
