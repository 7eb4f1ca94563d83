"""Who may be named, decided once: every output takes a person's name from a `Naming`.

The published view (`published.publish`) is made with one, and so are the outputs that speak
of records the view does not hold one by one (the status update's pairings, the check-in
calendar, match's suggestions, intake's hints): none reads a name or a consent anywhere else.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from generators.data import mentions
from generators.data.models import Person, Program


@dataclass(frozen=True)
class Naming:
    """Who may be named, decided once: every output takes a person's name from here.

    It holds the names of the people who may be named and, for everyone, the part they are
    shown by when not ("mentor", "mentee" or "colleague"); never anyone else's name.
    """

    names: Mapping[str, str]
    parts: Mapping[str, str]

    @classmethod
    def of(cls, program: Program, *, also: Program | None = None) -> Naming:
        """Who `program` may name: people with `publish: true` (and, given `also`, with it
        there too: a comparison of two versions names only those both allow).

        The last program's is kept: a build's published view and every status update of it
        (one a reporting date) are made from the same program."""
        if also is None and _last and _last[0][0] is program:
            return _last[0][1]
        allowed = None if also is None else {p.id for p in also.people if p.publish}
        naming = cls(
            names={
                p.id: p.name
                for p in program.people
                if p.publish and (allowed is None or p.id in allowed)
            },
            parts={p.id: part(p) for p in program.people},
        )
        if also is None:
            _last[:] = [(program, naming)]
        return naming

    def is_named(self, person_id: str | None) -> bool:
        return person_id is not None and person_id in self.names

    def name(self, person_id: str | None) -> str | None:
        """The name to print for `person_id`, or None when they must not be named."""
        return self.names.get(person_id) if person_id is not None else None

    def shown(self, person_id: str, part: str) -> str:
        """Their name, or "a <part>" ("a mentor") when they are not named."""
        return self.names.get(person_id) or unnamed(part)

    def part(self, person_id: str) -> str:
        return self.parts.get(person_id, "colleague")

    def text(
        self,
        value: str,
        *,
        markdown: bool = False,
        parts: Mapping[str, str] | None = None,
        everyone: str | None = None,
    ) -> str:
        """`value` with its mentions rendered: names, or parts for people who are not named
        (`everyone`'s, else from `parts`, else from the person's own roles)."""
        given = parts or {}
        return mentions.render(
            value,
            self.names.get,
            lambda person_id: everyone or given.get(person_id) or self.part(person_id),
            markdown=markdown,
        )


#: The last program named, and its naming (programs are immutable).
_last: list[tuple[Program, Naming]] = []


#: Everyone's part in the working group's records when not named, as the group says it.
MEMBER = "member"
#: The records that show everyone not named as a member: the group's own.
GROUP_RECORDS = frozenset({"meetings", "feedback"})


def part_in(program: Program, kind: str, index: int, person_id: str) -> str:
    """The part `person_id` is shown by, not named, in the `index`th record of `kind` (a file
    of the program: "timeline", "recognition", "meetings"): what a mention of them renders to
    there, and so what the check promises it will."""
    if kind in GROUP_RECORDS:
        return MEMBER
    if kind == "recognition" and index < len(program.recognition):
        entry = program.recognition[index]
        if person_id in entry.people:
            found = story_part(program, person_id, set(entry.people), entry.date)
            if found is not None:
                return found
    person = program.person.get(person_id)
    return part(person) if person else "colleague"


def story_part(program: Program, person_id: str, listed: Collection[str], day: date) -> str | None:
    """ "mentor" or "mentee": their part in a pairing with someone else `listed` in a story
    that had met by the story's `day` (a pairing paused or ended since counts; one not yet
    met does not); None when there is none (their roles give their part)."""
    for pairing in program.pairings:
        span = pairing.meeting_span()
        if span is None or span[0] > day:
            continue
        if pairing.mentor == person_id and pairing.mentee in listed:
            return "mentor"
        if pairing.mentee == person_id and pairing.mentor in listed:
            return "mentee"
    return None


def unnamed(part: str) -> str:
    """How someone not named is shown: by their part, "a mentor"."""
    return f"a {part}"


def part(person: Person) -> str:
    """The part `person` is shown by when not named: from their roles."""
    return mentions.part_of(person.roles)
