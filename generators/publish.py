"""The printed editions beside the published site: `python -m generators.publish SITE`.

The deploy builds the pages with `handbook_printed = True`, which links the editions from the
home page and the Updates page, then runs this to write them where those links point
(`sphinxext.updates.PRINTED`). Pages and books describe one day: `HANDBOOK_AS_OF`, set by the
caller for both, else today.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generators.asof import AS_OF_ENV, AsOfError, resolve_as_of
from generators.paths import DOCS, NoHandbookFolder, handbook_folder
from generators.pdf.errors import PdfError


def publish_printed(site: Path, docs: Path, day: str) -> list[Path]:
    """Every printed edition of the handbook in `docs`, as of `day`, into the site folder."""
    from generators.pdf.book import make_book
    from generators.sphinxext.updates import PRINTED

    written = []
    for edition, path in PRINTED.items():
        book = make_book(docs, site / path, edition=edition, environ={AS_OF_ENV: day})
        print(f"wrote {book.pdf}: {book.pages} pages in {book.seconds:.1f} s")
        written.append(book.pdf)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m generators.publish SITE_FOLDER", file=sys.stderr)
        return 2
    try:
        day = resolve_as_of(None).isoformat()
        docs = handbook_folder() / DOCS
        publish_printed(Path(argv[0]).resolve(), docs, day)
    except (AsOfError, NoHandbookFolder, PdfError) as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
