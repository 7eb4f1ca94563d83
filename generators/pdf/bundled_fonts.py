"""The fonts the book brings with it, so the PDF is the same on every machine.

The print stylesheet declares them with `@font-face`; WeasyPrint loads them from
`_templates/pdf/fonts/`, so a machine needs no font of its own beyond the one fontconfig
itself depends on. They are subsets of freely licensed fonts (Noto: SIL Open Font License;
DejaVu: the Bitstream Vera licence), cut to the scripts people's names use, and stored as
WOFF2. `python -m generators.pdf.bundled_fonts` makes them again from the Debian packages
named in `SOURCES`; the licences are in the same folder.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generators.paths import TEMPLATES, handbook_folder

#: Where the fonts sit in a handbook's print templates (`_templates/pdf/`).
FONTS = "fonts"
#: WOFF2 tables stored as they are, not transformed: WeasyPrint decodes every font on every
#: build, and fontTools rebuilds a transformed `glyf` table in pure Python (18 s a book for
#: these files, against 0.5 s untransformed, for files 7% larger).
UNTRANSFORMED: tuple[str, ...] = ()
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
#: The Debian packages the sources come from (for regenerating, never for building the book).
SOURCES = ("fonts-noto-core", "fonts-noto-cjk", "fonts-dejavu-core")

#: Latin with its extensions, Greek and Cyrillic, and the punctuation, arrows and signs the
#: handbook's text uses.
EUROPEAN: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1AB0, 0x1AFF),
    (0x1C80, 0x1C8F),
    (0x1D00, 0x1DFF),
    (0x1E00, 0x1FFF),
    (0x2000, 0x22FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x25FF),
    (0x2C60, 0x2C7F),
    (0x2DE0, 0x2DFF),
    (0xA640, 0xA69F),
    (0xA720, 0xA7FF),
    (0xFB00, 0xFB06),
)
#: Scripts with a font of their own keep everything the font has.
WHOLE: tuple[tuple[int, int], ...] = ((0x0000, 0x10FFFF),)


@dataclass(frozen=True)
class Face:
    """One bundled font file: where it comes from and which characters it keeps."""

    file: str
    source: Path
    #: The characters to keep (those the source has of them).
    characters: Callable[[], str]
    #: For a collection (.ttc), which of its fonts.
    number: int = 0


def _ranges(ranges: tuple[tuple[int, int], ...]) -> Callable[[], str]:
    def characters() -> str:
        chars = (chr(c) for start, end in ranges for c in range(start, end + 1))
        return "".join(c for c in chars if not "\ud800" <= c <= "\udfff")

    return characters


def _cjk_characters() -> str:
    """The everyday set of Chinese, Japanese and Korean: GB 2312 level 1, JIS X 0208 level 1,
    the Hangul of KS X 1001, kana, and CJK punctuation and full-width forms; and the spaces and
    punctuation around them, which Pango sets in the same font as the name before them."""

    def decoded(codec: str, rows: range, cells: Iterable[int]) -> set[str]:
        found: set[str] = set()
        for row in rows:
            for cell in cells:
                try:
                    found.add(bytes([row, cell]).decode(codec))
                except UnicodeDecodeError:
                    continue
        return found

    cells = range(0xA1, 0xFF)
    chars = decoded("gb2312", range(0xB0, 0xD8), cells)
    chars |= decoded("euc_jp", range(0xB0, 0xD0), cells)
    chars |= decoded("euc_kr", range(0xB0, 0xC9), cells)
    for start, end in (
        (0x0020, 0x007E),
        (0x00A0, 0x00BF),
        (0x2000, 0x206F),
        (0x3000, 0x30FF),
        (0x3130, 0x318F),
        (0xFF00, 0xFFEF),
    ):
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(chars))


FACES: tuple[Face, ...] = (
    *(
        Face(f"NotoSerif-{style}.woff2", NOTO / f"NotoSerif-{style}.ttf", _ranges(EUROPEAN))
        for style in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    *(
        Face(f"NotoSans-{style}.woff2", NOTO / f"NotoSans-{style}.ttf", _ranges(EUROPEAN))
        for style in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    *(
        Face(
            f"NotoSans{script}-{weight}.woff2",
            NOTO / f"NotoSans{script}-{weight}.ttf",
            _ranges(WHOLE),
        )
        for script in ("Arabic", "Hebrew", "Devanagari")
        for weight in ("Regular", "Bold")
    ),
    Face("DejaVuSansMono.woff2", DEJAVU / "DejaVuSansMono.ttf", _ranges(EUROPEAN)),
    Face("DejaVuSansMono-Bold.woff2", DEJAVU / "DejaVuSansMono-Bold.ttf", _ranges(EUROPEAN)),
    # Noto Sans CJK SC (the third font of the collection), cut to the everyday set.
    Face("NotoSansCJK-Regular.woff2", NOTO_CJK / "NotoSansCJK-Regular.ttc", _cjk_characters, 2),
)


@cache
def coverage(folder: Path) -> frozenset[int]:
    """Every code point some font bundled in `folder` has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for face in FACES:
        path = folder / face.file
        if path.is_file():
            with TTFont(path, lazy=True) as font:
                points.update(font.getBestCmap() or {})
    return frozenset(points)


def make(face: Face, target: Path) -> int:
    """Write the subset of `face` as WOFF2; returns its size in bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.woff2 import WOFF2FlavorData

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.flavor = "woff2"
    font = TTFont(face.source, fontNumber=face.number)
    subsetter = subset.Subsetter(options)
    text = face.characters()
    subsetter.populate(unicodes=sorted(set(map(ord, text)) & set(font.getBestCmap())))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.flavorData = WOFF2FlavorData(transformedTables=UNTRANSFORMED)
    font.save(target)
    return target.stat().st_size


def main() -> int:
    """Make every bundled font again from the Debian packages' files."""
    missing = [str(face.source) for face in FACES if not face.source.is_file()]
    if missing:
        print(f"missing {', '.join(missing)}: apt-get install {' '.join(SOURCES)}", file=sys.stderr)
        return 1
    folder = handbook_folder() / TEMPLATES / "pdf" / FONTS
    folder.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    for face in FACES:
        if only and face.file not in only:
            continue
        size = make(face, folder / face.file)
        print(f"{face.file}: {size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
