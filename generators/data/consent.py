"""Finding people who have not consented to be named in text that is published.

One scan of each text, whatever the number of people: the text is cut into words once, and
each run of words is looked up in a table of hidden names (a hash lookup, so the cost grows
with the text, not with the people). The text is read as written and as Markdown shows it.

Ids are slugs such as `quirinus-s` or `sam`. An id with a hyphen, or with letters and
digits together, is not an ordinary word or number, so it is found as a whole token
anywhere. An id that is a plain word or number (`sam`, `will`, `42`) is found only where
a text uses it as an id: after `@` or between backticks. A
sentence such as "we will meet" never becomes an error because of a person called `will`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generators.data.models import Person
from generators.data.readable import has_markup, joined, normalise, plain_text

#: A word of a name or a text, in any script; "Zoë's" holds the words "zoë" and "s".
_WORD = re.compile(r"\w+")
#: A token that may be an id: words joined by hyphens (hyphens at its ends left off).
_ID_TOKEN = re.compile(r"\w+(?:-+\w+)*")
#: A plain word written as an id: `@sam` or `` `sam` ``.
_ID_MENTION = re.compile(r"(?:@|`)-*(\w+(?:-+\w+)*)")
_DISTINCTIVE = re.compile(r"-|[a-z][0-9]|[0-9][a-z]")


def is_distinctive(person_id: str) -> bool:
    """Whether an id is unlike an ordinary word or number: it holds a hyphen, or both letters
    and digits."""
    return _DISTINCTIVE.search(person_id) is not None


@dataclass(frozen=True)
class Found:
    """A hidden person found in a text, and how: by their name or by their id."""

    person: Person
    by_id: bool


@dataclass
class HiddenPeople:
    """The names and ids of people without consent, ready to be looked up in any text."""

    names: dict[tuple[str, ...], Person] = field(default_factory=dict)
    sizes: tuple[int, ...] = ()
    ids: dict[str, Person] = field(default_factory=dict)
    word_ids: dict[str, Person] = field(default_factory=dict)
    #: The first word of every hidden name: a text without one names nobody.
    first_words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, people: Iterable[Person]) -> HiddenPeople:
        hidden = cls()
        for person in people:
            if person.publish:
                continue
            words = tuple(_WORD.findall(normalise(person.name)))
            if words:
                hidden.names.setdefault(words, person)
            table = hidden.ids if is_distinctive(person.id.strip("-")) else hidden.word_ids
            table.setdefault(person.id.strip("-"), person)  # as a token is cut from a text
        hidden.sizes = tuple(sorted({len(words) for words in hidden.names}))
        hidden.first_words = frozenset(words[0] for words in hidden.names)
        return hidden

    def __bool__(self) -> bool:
        return bool(self.names or self.ids or self.word_ids)

    def find(self, text: str) -> list[Found]:
        """Everyone hidden that `text` names, by name or id, each once, in order of first sight.

        The text is read as written and, when Markdown may show it otherwise, as rendered.
        """
        found: dict[str, Found] = {}
        written = normalise(text)
        self._scan(written, found)
        if has_markup(text):
            rough = joined(text)
            if rough != written and self._scan(rough, {}):  # worth rendering
                self._scan(normalise(plain_text(text)), found)
        return list(found.values())

    def _scan(self, view: str, found: dict[str, Found]) -> dict[str, Found]:
        tokens = _ID_TOKEN.findall(view)  # without a hyphen in the text, these are the words
        if self.names:
            words = _WORD.findall(view) if "-" in view else tokens
            if not self.first_words.isdisjoint(words):  # most texts name nobody: skip the rest
                for size in self.sizes:
                    for start in range(len(words) - size + 1):
                        person = self.names.get(tuple(words[start : start + size]))
                        if person is not None and person.id not in found:
                            found[person.id] = Found(person, by_id=False)
        if self.ids:
            for token in self.ids.keys() & tokens:
                person = self.ids[token]
                if person.id not in found:
                    found[person.id] = Found(person, by_id=True)
        if self.word_ids and ("@" in view or "`" in view):
            for token in self.word_ids.keys() & _ID_MENTION.findall(view):
                person = self.word_ids[token]
                if person.id not in found:
                    found[person.id] = Found(person, by_id=True)
        return found
