"""Mentions: how free text refers to a person, so that it follows their consent.

A story, a goal, an incentive's text or a timeline item's title writes `@ada-lovelace` (an `@`
and the person's id) where it means a person. Published, a mention becomes the person's name
if they consented to be named, and otherwise their part ("a mentee", then "the mentee"), so
withdrawing consent takes the name out of every text without an edit. `\\@` writes an `@`
that is not a mention. An `@` after a letter, a digit, `.`, `/` or another `@` (an e-mail or
web address) is never a mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from generators.data.models import SLUG_PATTERN

#: `@` and an id, spelled as the models' one slug pattern allows any id.
MENTION = re.compile(r"(?<![\w@./\\])@(" + SLUG_PATTERN.pattern.strip("^$") + r")(?![\w-])")
#: Markdown's special characters, escaped in a name put into Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
#: What may stand between a sentence's end and its first word: spaces, quotes, emphasis.
_SENTENCE_GAP = re.compile(r"[\s*_\"'“‘(>]*\Z")


def part_of(roles: Iterable[str]) -> str:
    """The part a person not named is shown by, from their roles: "mentor", "mentee" or
    "colleague" (where a record gives them a part of their own, that part)."""
    held = set(roles)
    return next((role for role in ("mentor", "mentee") if role in held), "colleague")


@dataclass(frozen=True)
class Mention:
    person_id: str
    start: int
    end: int


def mentions(text: str) -> Iterator[Mention]:
    """Every mention in `text`, in order."""
    if "@" not in text:
        return
    for found in MENTION.finditer(text):
        yield Mention(found.group(1), found.start(), found.end())


def blank(text: str, known: Callable[[str], bool]) -> str:
    """`text` with each mention of a known person replaced by spaces: what is left is what
    the text says in its own words."""
    if "@" not in text:
        return text
    return MENTION.sub(lambda m: " " * len(m.group()) if known(m.group(1)) else m.group(), text)


def starts_sentence(text: str, at: int) -> bool:
    """Whether position `at` of `text` begins a sentence (its first word is capitalised)."""
    before = text[:at]
    gap = _SENTENCE_GAP.search(before)
    rest = before[: gap.start()] if gap else before
    return not rest or rest[-1] in ".!?" or before[len(rest) :].count("\n") > 1


def render(
    text: str,
    name: Callable[[str], str | None],
    noun: Callable[[str], str],
    *,
    markdown: bool = False,
) -> str:
    """`text` with each mention replaced by the person's name (`name` gives it, or None when
    they are not named) or their part: "a mentee" the first time, "the mentee" after, when
    no one else unnamed in the text is a mentee too. `\\@` becomes `@` in text shown as written
    (Markdown shows it so itself)."""
    if "@" not in text:
        return text
    found = list(mentions(text))
    unnamed = {m.person_id for m in found if name(m.person_id) is None}
    by_noun: dict[str, set[str]] = {}
    for person_id in unnamed:
        by_noun.setdefault(noun(person_id), set()).add(person_id)
    said: set[str] = set()
    out: list[str] = []
    last = 0
    for mention in found:
        out.append(text[last : mention.start])
        last = mention.end
        shown = name(mention.person_id)
        if shown is not None:
            out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", shown) if markdown else shown)
            continue
        kind = noun(mention.person_id)
        alone = len(by_noun[kind]) == 1
        words = f"the {kind}" if alone and mention.person_id in said else f"a {kind}"
        said.add(mention.person_id)
        if starts_sentence(text, mention.start):
            words = words[0].upper() + words[1:]
        out.append(words)
    out.append(text[last:])
    rendered = "".join(out)
    return rendered if markdown else rendered.replace("\\@", "@")
