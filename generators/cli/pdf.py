"""`handbook pdf`: the printable handbook, from the same sources and data as the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.data.safefile import explain
from generators.paths import BUILD, DOCS, handbook_folder
from generators.pdf.book import PAPER_SIZES, make_book
from generators.pdf.errors import PdfError


def register(subparsers: Any) -> None:
    """Add `handbook pdf` to the command line."""
    parser = subparsers.add_parser(
        "pdf",
        help="build the printable handbook (PDF)",
        description=(
            "Build the handbook as one PDF with a cover, contents, page numbers and bookmarks. "
            "The cover's date is today, HANDBOOK_AS_OF=YYYY-MM-DD, or SOURCE_DATE_EPOCH."
        ),
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="Sphinx source folder (default: docs/ of the handbook, the nearest folder at or "
        "above the current one that holds program/)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="the PDF to write, or a folder for it (default: the handbook's build/pdf/)",
    )
    parser.add_argument(
        "--edition",
        default="full",
        metavar="NAME",
        help=(
            "full (the whole handbook), offsite (the approval pack for the next meeting where "
            "leadership decides: what is asked, then charter, framework, roles, incentives, "
            "roadmap, the working group's quarter and evaluation, the charts' numbers in an "
            "appendix) or update (the status report for the as-of day, on one page); default full"
        ),
    )
    parser.add_argument(
        "--paper", default="a4", metavar="SIZE", help=f"{' or '.join(PAPER_SIZES)} (default a4)"
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date on the cover")
    parser.add_argument(
        "--program",
        type=Path,
        default=None,
        help="program data folder (default: the one docs/conf.py names, program/)",
    )
    parser.add_argument(
        "--strict-fonts",
        action="store_true",
        help="fail when some character has no installed font (instead of a warning)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build the PDF; problems are one clear message and exit code 1 (result) or 2 (usage)."""
    source, output = args.source, args.output
    if source is None or output is None:
        root = handbook_folder()
        source = source if source is not None else root / DOCS
        output = output if output is not None else root / BUILD / "pdf"
    try:
        book = make_book(
            source.resolve(),
            output.resolve(),
            edition=args.edition,
            paper=args.paper,
            as_of=args.as_of,
            program_dir=args.program,
            strict_fonts=args.strict_fonts,
        )
    except PdfError as error:
        print(f"handbook pdf: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"handbook pdf: error: {explain(error, 'use')}", file=sys.stderr)
        return 1
    for note in book.notes:
        print(f"handbook pdf: warning: {note}", file=sys.stderr)
    print(f"wrote {_shown(book.pdf)}: {book.pages} pages in {book.seconds:.1f} s")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
