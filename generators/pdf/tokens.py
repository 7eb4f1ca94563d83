"""Keep tokens whole on paper: dates, time zones, ids, channels, addresses and numbers never
break inside.

Body text hyphenates at the dictionary's points (WeasyPrint's `hyphens: auto` with the page's
language); a token is not a word, so each one is wrapped in a span the print stylesheet sets
with `white-space: nowrap`. Short table cells (a name, a status, a team) are kept whole too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generators.pdf.tree import add_class, is_html, text_of

TOKEN_CLASS = "handbook-token"
#: A table cell this short is one thing (a name, a date, a status) and stays on one line.
SHORT_CELL = 32
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
TOKEN = re.compile(
    "|".join(
        (
            rf"\b\d{{1,2}}\s{_MONTH}\.?\s\d{{4}}\b",  # 20 Nov 2023
            rf"\b{_MONTH}\s\d{{1,2}},\s\d{{4}}\b",  # November 20, 2023
            rf"\b{_MONTH}\s\d{{4}}\b",  # March 2024
            r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b",  # 2023-11-20
            r"\b[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?\b",  # Europe/Berlin, America/New_York
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # team@example.org
            r"(?<![\w&])[#@][A-Za-z0-9][\w-]*[A-Za-z0-9]",  # #sre-mentorship, @zoe
            r"\bUTC[+\u2212-]\d{1,2}(?::\d{2})?\b",  # UTC+5:30
            r"\b\d{1,2}:\d{2}\b",  # 14:30
            r"\b(?=[\w.-]*\d)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+\b",  # 2025-Q2, v1.2, item-12
            r"[\d.,]*\d(?:\s?%)?",  # 1,234 and 12.5 % and 40%
        )
    )
)
#: Text in these elements is left alone: code already never hyphenates, foreign content
#: (SVG) has its own layout.
_SKIP = frozenset(("pre", "code", "kbd", "samp", "script", "style", "title", "head"))


def keep_tokens_whole(body: ET.Element) -> None:
    """Wrap every token in a no-break span, and mark short table cells to stay on one line."""
    _wrap(body)
    for cell in body.iter():
        if cell.tag in ("td", "th") and len(text_of(cell)) <= SHORT_CELL:
            add_class(cell, "handbook-nowrap")


def _wrap(element: ET.Element) -> None:
    if not is_html(element) or element.tag in _SKIP or _is_token(element):
        return
    for child in list(element):
        _wrap(child)
        if child.tail:
            pieces = _split(child.tail)
            if pieces is not None:
                child.tail = pieces[0]
                position = list(element).index(child) + 1
                for offset, span in enumerate(pieces[1]):
                    element.insert(position + offset, span)
    if element.text:
        pieces = _split(element.text)
        if pieces is not None:
            element.text = pieces[0]
            for offset, span in enumerate(pieces[1]):
                element.insert(offset, span)


def _is_token(element: ET.Element) -> bool:
    return TOKEN_CLASS in (element.get("class") or "").split()


def _split(text: str) -> tuple[str, list[ET.Element]] | None:
    """Text before the first token, and a span for each token with the text after it."""
    matches = [m for m in TOKEN.finditer(text) if _worth_wrapping(m.group())]
    if not matches:
        return None
    spans: list[ET.Element] = []
    for index, match in enumerate(matches):
        span = ET.Element("span", {"class": TOKEN_CLASS})
        span.text = match.group()
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        span.tail = text[match.end() : end]
        spans.append(span)
    return text[: matches[0].start()], spans


def _worth_wrapping(token: str) -> bool:
    """A token that could break: it holds a space, a hyphen or more than three characters."""
    return len(token) > 3 or any(c in token for c in " -/.,:")
