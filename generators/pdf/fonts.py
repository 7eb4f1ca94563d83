"""Every character of the book needs a font: find those no installed font covers.

WeasyPrint (through Pango and fontconfig) falls back to any installed font that has a glyph,
and prints an empty box when none does. Comparing the book's characters with fontconfig's
coverage tells the person building which Debian package would supply the missing ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from generators.pdf.errors import PdfError

#: Debian packages for scripts, by code point range (first match wins).
PACKAGES: tuple[tuple[int, int, str, str], ...] = (
    (0x1F000, 0x1FAFF, "emoji", "fonts-noto-color-emoji"),
    (0x2600, 0x27BF, "symbols and emoji", "fonts-noto-color-emoji"),
    (0x2E80, 0x2FDF, "CJK", "fonts-noto-cjk"),
    (0x3000, 0x9FFF, "CJK", "fonts-noto-cjk"),
    (0xA960, 0xA97F, "Hangul", "fonts-noto-cjk"),
    (0xAC00, 0xD7FF, "Hangul", "fonts-noto-cjk"),
    (0xF900, 0xFAFF, "CJK", "fonts-noto-cjk"),
    (0xFE30, 0xFE4F, "CJK", "fonts-noto-cjk"),
    (0xFF00, 0xFFEF, "CJK", "fonts-noto-cjk"),
    (0x1B000, 0x1B16F, "Kana", "fonts-noto-cjk"),
    (0x20000, 0x3134F, "CJK", "fonts-noto-cjk"),
)
#: How many missing characters a message lists.
SHOWN = 12
#: Arabic, Hebrew, Devanagari, Thai, Cyrillic, Greek, Ethiopic and most other scripts.
DEFAULT_PACKAGE = "fonts-noto-core"


@dataclass(frozen=True)
class MissingGlyphs:
    """Characters no installed font has, for one package that would supply them."""

    package: str
    scripts: tuple[str, ...]
    characters: str

    def message(self) -> str:
        shown = self.characters[:SHOWN]
        more = len(self.characters) - len(shown)
        listed = " ".join(shown) + (f" and {more} more" if more else "")
        return (
            f"no installed font has {listed} ({', '.join(self.scripts)}): "
            f"install the Debian package {self.package}"
        )


def require_system_fonts() -> None:
    """Stop with a message when fontconfig knows no font at all: Pango crashes the process
    then, although the book brings its own fonts."""
    try:
        from weasyprint.text.ffi import ffi, fontconfig
    except (ImportError, OSError, AttributeError):  # WeasyPrint reports these itself
        return
    config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    found = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
    if found == ffi.NULL or found.nfont == 0:
        where = os.environ.get("FONTCONFIG_FILE", "the system's fontconfig configuration")
        raise PdfError(
            f"fontconfig finds no font at all (configuration: {where}); WeasyPrint needs at "
            "least one: install the Debian package fonts-dejavu-core"
        )


def parse_charsets(listing: str) -> frozenset[int]:
    """Code points in `fc-list --format '%{charset}\\n'` output (hex ranges like `20-7e a0`)."""
    points: set[int] = set()
    for token in listing.split():
        first, _, last = token.partition("-")
        try:
            start = int(first, 16)
            points.update(range(start, int(last, 16) + 1 if last else start + 1))
        except ValueError:
            continue
    return frozenset(points)


def installed_coverage() -> frozenset[int] | None:
    """What the installed fonts cover, or None when fontconfig's `fc-list` is not there."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{charset}\n"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_charsets(done.stdout)


def needs_glyph(char: str) -> bool:
    """Spaces, controls, joiners and variation selectors are never drawn on their own."""
    if "\ufe00" <= char <= "\ufe0f":
        return False
    return unicodedata.category(char)[0] not in ("C", "Z")


def missing_glyphs(texts: Iterable[str], coverage: frozenset[int]) -> list[MissingGlyphs]:
    """Group the characters of `texts` that `coverage` lacks by the package that has them."""
    missing = sorted(
        {c for text in texts for c in text if ord(c) not in coverage and needs_glyph(c)}
    )
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for char in missing:
        package, script = package_for(char)
        chars, scripts = groups.setdefault(package, ([], []))
        chars.append(char)
        if script not in scripts:
            scripts.append(script)
    return [
        MissingGlyphs(package, tuple(scripts), "".join(chars))
        for package, (chars, scripts) in sorted(groups.items())
    ]


def package_for(char: str) -> tuple[str, str]:
    """The Debian package with a font for `char`, and the script's name for messages."""
    point = ord(char)
    for start, end, script, package in PACKAGES:
        if start <= point <= end:
            return package, script
    name = unicodedata.name(char, f"U+{point:04X}")
    return DEFAULT_PACKAGE, name.split()[0].title()
