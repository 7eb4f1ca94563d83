"""Data text as a reader sees it, for the checks that must read what readers read.

A name can hide from a plain string comparison in many ways that leave it whole on the page:
emphasis inside a word (`Qui**rinus**`), a character reference (`&#110;`), a link around one
word, a soft hyphen or a zero-width space inside it, decomposed Unicode. Readers see the
Markdown rendered; a field printed as text shows its characters as written. So a text is
judged in both views, each with invisible characters removed, NFKC-normalised and
case-folded. Rendering is done only where a quick approximation (`joined`) suggests it
could matter, so a check of plain data never loads the Markdown parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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
#: A link's or image's target, inline or by reference: `[text](target)`, `[text][ref]`.
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
#: Characters Markdown may remove from between the letters of one word.
_MARKS = str.maketrans("", "", "\\`*_[]<>~")

#: Soft hyphen, zero-width characters, word joiner, byte-order mark, Mongolian vowel
#: separator, and the bidirectional controls: they change no word a reader sees.
_INVISIBLE: dict[int, None] = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
    ]
)

#: `<img ... src=...>` written as raw HTML (shown as text by the site, never fetched by it,
#: but an image in the data is refused however it is written).
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")


def normalise(text: str) -> str:
    """`text` without invisible characters, NFKC-normalised and case-folded."""
    if text.isascii():  # nothing invisible, nothing to normalise: the common case
        return text.lower()
    text = text.translate(_INVISIBLE)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def has_markup(text: str) -> bool:
    """Whether Markdown could show `text` differently from how it is written."""
    return _MARKUP.search(text) is not None


def joined(text: str) -> str:
    """A quick approximation of `plain_text`, normalised, that never separates what Markdown
    joins: link targets and markup characters dropped, character references decoded.

    It may join more than Markdown does; it tells whether rendering is worth doing at all.
    """
    text = _LINK_TARGET.sub("]", text)
    if "&" in text:
        import html  # its table of entities is loaded only for text that may use one

        text = html.unescape(text)
    text = text.translate(_MARKS)
    return normalise(text)


def plain_text(markdown: str) -> str:
    """What Markdown shows as text: link and emphasis marks gone, references decoded."""
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
            yield child.content  # the alt text


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
