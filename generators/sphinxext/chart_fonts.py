"""The printed book's charts set their text in the book's own sans serif, as text.

On the site a chart is an image whose text is drawn as outlines in DejaVu Sans: the browser
shows it alike everywhere. In the printed handbook (the build `handbook pdf` runs, with
`HANDBOOK_PRINT` set) each chart's text is SVG text in "Handbook Sans", the family the print
stylesheet declares from the bundled Noto Sans files: WeasyPrint sets it in that font, as
selectable, searchable text that the tagged PDF carries. matplotlib measures the text from the
same files, read from their WOFF2 and renamed "Handbook Sans", so labels placed to fit, fit.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from functools import cache
from pathlib import Path

from generators.data.safefile import write_atomically
from generators.paths import templates_dir

#: Set by the printable handbook's build (the same variable `updates.PRINT_VARIABLE` names).
PRINT_VARIABLE = "HANDBOOK_PRINT"
#: The family print.css declares for the bundled Noto Sans.
PRINT_FAMILY = "Handbook Sans"
#: The chart text's family on the site (drawn as outlines).
SCREEN_FAMILY = "DejaVu Sans"
#: The bundled files of that family: regular, bold, italic, bold italic.
PRINT_FILES = tuple(
    f"NotoSans-{style}.woff2" for style in ("Regular", "Bold", "Italic", "BoldItalic")
)


def for_print() -> bool:
    """Whether charts are drawn for the printed book."""
    return bool(os.environ.get(PRINT_VARIABLE))


def family() -> str:
    """The family chart text is set in for this build."""
    return PRINT_FAMILY if for_print() else SCREEN_FAMILY


def style() -> dict[str, object]:
    """matplotlib settings for chart text: outlines on screen, text in the book's font in print
    (registered by the block from the templates the build names; a chart drawn outside a
    build, from the handbook's `_templates/pdf/fonts/`)."""
    if not for_print():
        return {"svg.fonttype": "path", "font.family": SCREEN_FAMILY}
    if not _registered():
        register_print_fonts(templates_dir() / "pdf" / "fonts")
    return {"svg.fonttype": "none", "font.family": [PRINT_FAMILY]}


def _registered() -> bool:
    from matplotlib import font_manager

    return any(font.name == PRINT_FAMILY for font in font_manager.fontManager.ttflist)


@cache
def register_print_fonts(folder: Path) -> tuple[Path, ...]:
    """The bundled Noto Sans files in `folder` as TrueType named "Handbook Sans", known to
    matplotlib (once a process: matplotlib's font list is the process's)."""
    from matplotlib import font_manager

    made = []
    for name in PRINT_FILES:
        source = folder / name
        data = source.read_bytes()
        digest = hashlib.sha256(data + PRINT_FAMILY.encode()).hexdigest()[:16]
        target = Path(tempfile.gettempdir()) / f"handbook-chart-font-{digest}.ttf"
        if not target.is_file():
            write_atomically(target, _renamed(data, name.removesuffix(".woff2")))
        font_manager.fontManager.addfont(str(target))
        made.append(target)
    return tuple(made)


def _renamed(woff2: bytes, postscript: str) -> bytes:
    """A WOFF2 font as TrueType, its family renamed to `PRINT_FAMILY`."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(woff2))
    font.flavor = None
    style_name = postscript.split("-", 1)[-1]
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = PRINT_FAMILY
        elif record.nameID == 4:
            record.string = f"{PRINT_FAMILY} {style_name}"
        elif record.nameID == 6:
            record.string = f"{PRINT_FAMILY.replace(' ', '')}-{style_name}"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
