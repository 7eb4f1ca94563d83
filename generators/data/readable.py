"""Data text as a reader sees it, for the checks that must read what readers read.

A name can hide from a plain string comparison in many ways that leave it whole on the page:
emphasis inside a word (`Qui**rinus**`), a character reference (`&#110;`), a link around one
word or a title on it, a soft hyphen or a variation selector inside it, letters of another
script that look the same (Cyrillic `а`, Greek `Ο`), accents left off. Readers see the
Markdown rendered; a field printed as text shows its characters as written. So a text is
judged in both views, each folded to a reader's key (`fold`): default-ignorable characters
dropped, decomposed and its combining marks dropped, look-alike letters folded to their
Unicode TS #39 skeleton (ICU's, with Unicode's confusables data), case-folded. Rendering is
done only where a quick approximation (`joined`) suggests it could matter, so a check of
plain data never loads the Markdown parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def markdown_parser() -> MarkdownIt:
    """The handbook's Markdown: CommonMark with tables, raw HTML shown as text.

    One parser for what the site renders and what the consent check reads, so the two never
    disagree on what a text shows. Made (and imported) on first use: most checks never meet
    a text with markup.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "table"
    )


#: Characters that can change what Markdown shows: without one, the text reads as written.
_MARKUP = re.compile(r"[\\`*_\[\]<>&]")
#: A link's or image's target, inline or by reference: `[text](target "title")`, `[text][ref]`.
_LINK_TARGET = re.compile(r"\]\(([^)]*)\)|\]\[[^\]]*\]")
#: Characters Markdown may remove from between the letters of one word.
_MARKS = str.maketrans("", "", "\\`*_[]<>~")

#: `<img ... src=...>` written as raw HTML (shown as text by the site, never fetched by it,
#: but an image in the data is refused however it is written).
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")


@cache
def _icu() -> Any:
    """ICU: Unicode's confusables (TS #39) and character properties, loaded on first use."""
    import icu

    return icu


@cache
def _spoof_checker() -> Any:
    return _icu().SpoofChecker()


def _drop_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not _is_mark(c))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def fold_character(char: str) -> str:
    """One character's part of a reader's key (see `fold`)."""
    icu = _icu()
    if icu.Char.hasBinaryProperty(char, icu.UProperty.DEFAULT_IGNORABLE_CODE_POINT):
        return ""
    return _drop_marks(_spoof_checker().getSkeleton(0, _drop_marks(char)).casefold())


class _Folds(dict[int, str]):
    """Every character met so far and its fold, each computed once (a `str.translate` table)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_character(chr(code))
        return folded


_FOLDS = _Folds()


def fold(text: str) -> str:
    """`text` as a key of what a reader recognises in it.

    Each character on its own: default-ignorable ones (zero-width, soft hyphen, variation
    selectors, tags, the Hangul filler, bidirectional marks) dropped; decomposed, with
    combining marks dropped (accents, and marks that overlay a letter: `ø` is `o`); folded to
    its TS #39 skeleton (Cyrillic `а` is `a`, Greek `Ο` is `O`, `ﬁ` is `fi`, `m` is `rn`);
    case-folded. The skeleton is a visual one, taken before case folding, so a capital `I`
    is an `l` as it looks: a name is looked for in the case variants a text may give it
    (`consent.spellings`). Never shown: a key is for comparing, and reads oddly.
    """
    return text.translate(_FOLDS)


#: C0 and C1 control characters but tab and line feed, the line and paragraph separators,
#: and the bidirectional controls (embeddings, overrides, isolates and marks).
CONTROL_CODES = (
    *range(0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x2028, 0x202F),
    *range(0x2066, 0x206A),
)
_CONTROL = re.compile("[" + "".join(re.escape(chr(code)) for code in CONTROL_CODES) + "]")


def control_character(text: str) -> tuple[int, str] | None:
    """The first control or bidirectional character in `text` (its index and description).

    Such a character reorders or hides what a reader sees (a right-to-left override shows a
    name backwards), or acts on a terminal or a calendar (ESC, VT, a line separator): no
    text field may hold one. Tab and line feed are ordinary text.
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    return found.start(), f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def has_markup(text: str) -> bool:
    """Whether Markdown could show `text` differently from how it is written."""
    return _MARKUP.search(text) is not None


def joined(text: str) -> str:
    """A quick approximation of `plain_text`, folded, that never separates what Markdown
    joins: link targets taken out of the text (and read on lines of their own, with their
    titles), markup characters dropped, character references and %-escapes decoded.

    It may join more than Markdown does; it tells whether rendering is worth doing at all.
    """
    targets: list[str] = []

    def take(found: re.Match[str]) -> str:
        targets.append(found.group(1) or "")
        return "]"

    text = _LINK_TARGET.sub(take, text)
    text = "\n".join([text.translate(_MARKS), *targets])
    return fold(decoded(text))


def decoded(text: str) -> str:
    """`text` with character references and %-escapes decoded, as a reader is shown them."""
    if "&" in text:
        import html  # its table of entities is loaded only for text that may use one

        text = html.unescape(text)
    if "%" in text:
        text = unquote(text)
    return text


def plain_text(markdown: str) -> str:
    """What Markdown shows a reader or a screen reader: the text, link and emphasis marks
    gone, references decoded, and on lines of their own the links' targets (decoded) and
    titles and the images' alt texts and titles."""
    parts: list[str] = []
    for token in markdown_parser().parse(markdown):
        if token.type == "inline":
            parts.extend(_inline_text(token.children or []))
            parts.append("\n")
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
            parts.append("\n")
    return "".join(parts)


def _inline_text(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield "\n"
        elif child.type == "image":
            yield from _inline_text(child.children or [])  # the alt text, as rendered
            yield from _attributes(child)
        elif child.type == "link_open":
            yield from _attributes(child)


def _attributes(token: Token) -> Iterator[str]:
    """A link's or an image's title and target, each on a line of its own."""
    for name in ("title", "href"):
        value = token.attrs.get(name)
        if value:
            yield "\n" + unquote(str(value)) + "\n"


def images(text: str) -> Iterator[str]:
    """Every image source in `text`, written as Markdown or as raw HTML."""
    if "![" in text:
        for token in markdown_parser().parse(text):
            if token.type == "inline":
                yield from _image_sources(token.children or [])
    if "<" in text:
        for match in _HTML_IMAGE.finditer(text):
            yield match.group(1)


def _image_sources(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type == "image":
            yield str(child.attrs.get("src", ""))
        if child.children:
            yield from _image_sources(child.children)


def leaves_the_build(source: str) -> bool:
    """Whether an image source names a place outside the build: another host, a scheme
    (http:, file:, data:...) or an absolute path."""
    source = source.strip()
    if source.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(source):
        return True
    parts = urlsplit(source)
    return bool(parts.scheme or parts.netloc)
