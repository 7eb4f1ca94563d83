"""Data text as a reader sees it, for the checks that must read what readers read.

A name can hide from a plain string comparison in many ways that leave it whole on the page:
emphasis inside a word (`Qui**rinus**`), a character reference (`&#110;`), a link around one
word, a soft hyphen or a zero-width space inside it, decomposed Unicode. Readers see the
Markdown rendered; a field printed as text shows its characters as written. So a text is
judged in both views, each with invisible characters removed, NFKC-normalised and
case-folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: The site's Markdown: CommonMark with tables, raw HTML shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKDOWN.enable("table")

#: Characters that can change what Markdown shows: without one, the text reads as written.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~|]")

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
    text = text.translate(_INVISIBLE)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def views(text: str) -> tuple[str, ...]:
    """The normalised texts a reader may see: as written and, if it differs, as rendered."""
    written = normalise(text)
    if _MARKUP.search(text) is None:
        return (written,)
    rendered = normalise(plain_text(text))
    return (written,) if rendered == written else (written, rendered)


def plain_text(markdown: str) -> str:
    """What Markdown shows as text: link and emphasis marks gone, references decoded."""
    parts: list[str] = []
    for token in _MARKDOWN.parse(markdown):
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
        for token in _MARKDOWN.parse(text):
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
