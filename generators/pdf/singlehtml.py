"""Run Sphinx's `singlehtml` builder on the site's sources, with a plain theme.

The plain `basic` theme writes no navigation, search or theme toggle, so there is no chrome to
hide; the page's own stylesheets (sphinx-design, Pygments, the project's) are kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from generators.pdf.errors import PdfError

#: Settings that differ from the site's: a theme without chrome, and no "¶" after headings.
PRINT_OVERRIDES: dict[str, object] = {
    "html_theme": "basic",
    "html_theme_options": {},
    "html_permalinks": False,
}


@dataclass(frozen=True)
class SiteBuild:
    """What the singlehtml build wrote and what the book needs to know about the project."""

    index: Path
    project: str
    author: str
    language: str
    root_doc: str
    docnames: frozenset[str]
    warnings: tuple[str, ...]


def build_singlehtml(srcdir: Path, outdir: Path) -> SiteBuild:
    """Build `srcdir` into one HTML page in `outdir`; Sphinx's warnings are returned, not printed."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError

    if not (srcdir / "conf.py").is_file():
        raise PdfError(f"{srcdir} has no conf.py: not a Sphinx source folder", 2)
    warning = io.StringIO()
    try:
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(srcdir),
            outdir=str(outdir),
            doctreedir=str(outdir / ".doctrees"),
            buildername="singlehtml",
            confoverrides=dict(PRINT_OVERRIDES),
            status=io.StringIO(),
            warning=warning,
            freshenv=True,
            keep_going=True,
        )
        app.build()
    except SphinxError as error:
        raise PdfError(f"Sphinx failed: {error}".splitlines()[0]) from None
    config = app.config
    index = outdir / f"{config.root_doc}.html"
    if not index.is_file():
        raise PdfError(f"Sphinx wrote no {index.name} in {outdir}")
    return SiteBuild(
        index=index,
        project=str(config.project),
        author=str(config.author),
        language=str(config.language or "en"),
        root_doc=str(config.root_doc),
        docnames=frozenset(app.env.found_docs),
        warnings=tuple(line for line in warning.getvalue().splitlines() if line.strip()),
    )
