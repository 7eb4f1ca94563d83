"""Finding people in text that is published: by any spelling of their name a reader
recognises, or by their id.

One scan of each text, whatever the number of people: the text is folded to a reader's key
(`readable.fold`: look-alike letters, accents, invisible characters and case all folded) and
cut into words once, and each pair of words is looked up in a table of spellings (a hash
lookup, so the cost grows with the text, not with the people). The text is read as written
and as Markdown shows it, with the titles and targets of its links and its images' alt texts.

A name is recognised in the spellings a reader recognises (`spellings`): the full name in
either order ("Ada Lovelace", "Lovelace, Ada"), first and last name alone, initials with the
surname ("A. Lovelace", "Lovelace A"), and the same words joined with `-`, `_`, `.` or
nothing, as in ids, e-mail addresses and web addresses (`ada.lovelace@`, `ada_lovelace`,
`AdaLovelace`).

Ids are slugs such as `quirinus-s` or `sam`. An id with a hyphen, or with letters and
digits together, is not an ordinary word or number, so it is found anywhere it is written
whole, alone or inside a longer id, address or URL (`quirinus-s-award`). An id that is a
plain word or number (`sam`, `will`, `42`) is found only where a text uses it as an id:
after `@` or between backticks, as written (in any case). A sentence such as "we will meet"
never becomes an error because of a person called `will`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from generators.data.models import Person
from generators.data.readable import decoded, fold, has_markup, joined, plain_text

#: A word: letters and digits. `_`, `-`, `.`, `@` and spaces all separate words.
WORD = re.compile(r"[^\W_]+")
#: Words joined as in ids, e-mail addresses and web addresses: `quirinus-s`, `ana.flores`.
_COMPOUND = re.compile(r"[^\W_]+(?:[-_.]+[^\W_]+)*")
#: A plain word written as an id: `@sam` or `` `sam` ``.
_ID_MENTION = re.compile(r"(?:@|`)[-_.]*([^\W_]+(?:[-_.]+[^\W_]+)*)")
_DISTINCTIVE = re.compile(r"-|[a-z][0-9]|[0-9][a-z]")
#: The most spellings one name's case variants may give (a long name's product is capped).
_MOST_VARIANTS = 64

How = Literal["name", "id", "part"]
Spelling = tuple[str, ...]


def is_distinctive(person_id: str) -> bool:
    """Whether an id is unlike an ordinary word or number: it holds a hyphen, or both letters
    and digits."""
    return _DISTINCTIVE.search(person_id) is not None


@dataclass(frozen=True)
class Found:
    """A person found in a text, and how: by a spelling of their name, by their id, or by one
    word of their name in a record that lists them."""

    person: Person
    how: How


@lru_cache(maxsize=65536)
def _variants(word: str) -> frozenset[Spelling]:
    """`word`'s keys in the cases a text may write it (a capital I folds as an l). Names
    share words: each is worked out once."""
    return frozenset(
        {
            tuple(WORD.findall(fold(variant)))
            for variant in (word, word.casefold(), word.upper(), word.capitalize())
        }
        - {()}
    )


def _product(parts: Sequence[frozenset[Spelling]]) -> Iterator[Spelling]:
    for combination in itertools.islice(itertools.product(*parts), _MOST_VARIANTS):
        yield tuple(word for part in combination for word in part)


def spellings(name: str) -> tuple[set[Spelling], set[str]]:
    """The runs of words, and the single joined words, in which a reader recognises `name`.

    As keys (`readable.fold`), in each case a text may write them. The surname is the last
    word, the given names the others. Initials go with a surname of two letters or more,
    and are joined to one of four or more (`jli` is too like a word to be anyone's).
    """
    words = WORD.findall(name)
    if not words:
        return set(), set()
    forms: list[tuple[list[str], bool]] = [(words, True)]
    if len(words) > 1:
        given, surname = words[:-1], words[-1]
        forms += [([surname, *given], True)]
        if len(words) > 2:
            forms += [([words[0], surname], True), ([surname, words[0]], True)]
        letters = sum(c.isalpha() for c in surname)
        if letters > 1:
            joins = letters > 3
            initial = given[0][0]
            forms += [([initial, surname], joins), ([surname, initial], joins)]
            if len(words) > 2:
                forms += [([*(w[0] for w in given), surname], joins)]
    runs: set[Spelling] = set()
    joined_words: set[str] = set()
    for form, joins in forms:
        parts = [_variants(word) for word in form]
        if not all(parts):
            continue
        for spelling in _product(parts):
            runs.add(spelling)
            if joins and len(form) > 1:
                joined_words.add("".join(spelling))
    return runs, joined_words


@dataclass
class PeopleIndex:
    """The spellings of people's names, and the ids of those not named, ready to be looked up
    in any text. People without consent come first: a spelling two people share finds the
    one who may not be named."""

    #: Names of one word, and names joined into one word: key → person.
    single: dict[str, Person] = field(default_factory=dict)
    #: Names of two words or more: their first two keys → the rest → person.
    runs: dict[tuple[str, str], dict[Spelling, Person]] = field(default_factory=dict)
    #: Distinctive ids of people not named, as words: found inside one compound.
    id_single: dict[str, Person] = field(default_factory=dict)
    id_runs: dict[tuple[str, str], dict[Spelling, Person]] = field(default_factory=dict)
    #: Ids of people not named that are plain words: found only after `@` or in backticks.
    word_ids: dict[str, Person] = field(default_factory=dict)
    #: The keys a spelling starts with: a text that holds none names nobody (most texts).
    vocabulary: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, people: Iterable[Person]) -> PeopleIndex:
        """The index of everyone: names of all, ids of those without consent."""
        index = cls()
        everyone = sorted(people, key=lambda p: p.publish)  # the unnamed first
        for person in everyone:
            runs, joined_words = spellings(person.name)
            for spelling in runs:
                index._add(index.single, index.runs, spelling, person)
            for word in joined_words:
                index.single.setdefault(word, person)
            index.vocabulary.update(joined_words)
            if person.publish:
                continue
            person_id = person.id.strip("-")
            if is_distinctive(person_id):
                for spelling in _variants(person_id):
                    index._add(index.id_single, index.id_runs, spelling, person)
            else:
                index.word_ids.setdefault(person_id, person)
        return index

    def _add(
        self,
        single: dict[str, Person],
        runs: dict[tuple[str, str], dict[Spelling, Person]],
        spelling: Spelling,
        person: Person,
    ) -> None:
        self.vocabulary.add(spelling[0])
        if len(spelling) == 1:
            single.setdefault(spelling[0], person)
            return
        runs.setdefault((spelling[0], spelling[1]), {}).setdefault(spelling[2:], person)

    def __bool__(self) -> bool:
        return bool(self.vocabulary or self.word_ids)

    def find(self, text: str, listed: Sequence[Person] = ()) -> list[Found]:
        """Everyone `text` names, each once, in order of first sight: by a spelling of their
        name, by their id if they are not named, and (for `listed`, the people of the record
        that holds the text) by any one word of their name.

        The text is read as written and, when Markdown, a reference or an escape may show it
        otherwise, as rendered.
        """
        found: dict[str, Found] = {}
        parts = _parts(listed)
        written = fold(text)
        self._scan(text, written, found, parts)
        if has_markup(text) or "%" in text:  # what a reader is shown may differ
            rough = joined(text)
            if rough != written and self._scan("", rough, {}, parts):  # worth rendering
                shown = plain_text(text) if has_markup(text) else decoded(text)
                self._scan(shown, fold(shown), found, parts)
        return list(found.values())

    def _scan(
        self, text: str, view: str, found: dict[str, Found], parts: dict[str, Person]
    ) -> bool:
        """Add to `found` everyone `view` (`text` folded) names; whether it names anyone."""
        before = {key: value.how for key, value in found.items()}
        words = WORD.findall(view)
        if not self.vocabulary.isdisjoint(words):  # most texts name nobody: skip the rest
            _match(words, self.single, self.runs, found, "name")
        if self.id_single or self.id_runs:
            for compound in _COMPOUND.findall(view):
                if "-" in compound or not compound.isalpha():
                    _match(WORD.findall(compound), self.id_single, self.id_runs, found, "id")
        if self.word_ids and ("@" in text or "`" in text):
            for mention in _ID_MENTION.findall(text):
                person = self.word_ids.get(mention.casefold())
                if person is not None and _better(found, person.id, "id"):
                    found[person.id] = Found(person, "id")
        if parts and not parts.keys().isdisjoint(words):
            for word in words:
                person = parts.get(word)
                if person is not None and person.id not in found:
                    found[person.id] = Found(person, "part")
        return {key: value.how for key, value in found.items()} != before


def _better(found: dict[str, Found], person_id: str, how: How) -> bool:
    """Whether finding `person_id` by `how` says more than what was found before: a name or
    an id says more than one word of a name."""
    was = found.get(person_id)
    return was is None or (was.how == "part" and how != "part")


def _match(
    words: list[str],
    single: dict[str, Person],
    runs: dict[tuple[str, str], dict[Spelling, Person]],
    found: dict[str, Found],
    how: How,
) -> None:
    for start, word in enumerate(words):
        person = single.get(word)
        if person is not None and _better(found, person.id, how):
            found[person.id] = Found(person, how)
        if start + 1 < len(words):
            for rest, person in runs.get((word, words[start + 1]), {}).items():
                end = start + 2 + len(rest)
                if _better(found, person.id, how) and tuple(words[start + 2 : end]) == rest:
                    found[person.id] = Found(person, how)


def _parts(people: Sequence[Person]) -> dict[str, Person]:
    """Each word of each name (of two letters or more), as keys: the unnamed first."""
    parts: dict[str, Person] = {}
    for person in sorted(people, key=lambda p: p.publish):
        for key in _name_parts(person.name):
            parts.setdefault(key, person)
    return parts


@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    return tuple(
        key
        for word in WORD.findall(name)
        if len(word) > 1
        for spelling in _variants(word)
        for key in spelling
    )


def names_anyone(text: str, people: Sequence[Person]) -> bool:
    """Whether `text` shows any word of any of `people`'s names, or their ids."""
    return bool(people) and bool(PeopleIndex.of(people).find(text, people))
