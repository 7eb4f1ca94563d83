"""The books one source makes: the whole handbook, the off-site edition, the status update.

An edition chooses pages and how charts and cross-references print; everything else (fonts,
tables, the cover) is common. Pages an edition leaves out are taken out of the single page
after Sphinx built it whole, so every cross-reference still resolves in Sphinx, and a link into
a page left out prints as the page's address on the site (or as plain text, for a project
without `site_url`).

Each edition says what it is and for which day: in its title (the PDF's and the cover's), on its
cover and in its file name.
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.pdf.errors import PdfError


@dataclass(frozen=True)
class Edition:
    """What one edition prints."""

    name: str
    #: What it is, as its cover and title say ("Off-site edition").
    label: str
    #: Pages after the front page, by docname; None keeps every page.
    chapters: tuple[str, ...] | None
    #: The numbers behind each chart go to an appendix; the chart stays where it is.
    numbers_in_appendix: bool
    #: Cross-references print the page they lead to ("see p. 12").
    page_references: bool
    #: Sections left out, as `docname#label` (the label above the heading): detail the
    #: edition's readers don't need.
    sections_left_out: tuple[str, ...] = ()
    #: Blocks left out, by the class the generators give them.
    blocks_left_out: tuple[str, ...] = ()
    #: Sections a page keeps, as `docname#label`: the page's other sections are left out.
    sections_kept: tuple[str, ...] = ()
    #: Only the status report for the as-of day, on one page, with no cover or contents.
    report_only: bool = False
    #: Opens with what the next approval meeting is asked to decide (`data.approval`).
    approval: bool = False

    def file_name(self, stem: str, as_of: str) -> str:
        """`stem-<day>.pdf` for the whole book, else `stem-offsite-<day>.pdf`, and so on."""
        if self.name == "full":
            return f"{stem}-{as_of}.pdf"
        return f"{stem}-{self.name}-{as_of}.pdf"


EDITIONS: dict[str, Edition] = {
    "full": Edition("full", "Handbook", None, numbers_in_appendix=True, page_references=True),
    "offsite": Edition(
        "offsite",
        "Off-site edition",
        ("charter", "framework", "roles", "incentives", "roadmap", "working-group", "evaluation"),
        numbers_in_appendix=True,
        page_references=True,
        approval=True,
        # Of the working group's page, its quarter: the roadmap sends the reader there.
        sections_kept=("working-group#wg-quarter",),
        # Leadership decides on the program: how to take part, how a pair starts and handles
        # trouble, the long text behind each incentive's summary and the year's thank-yous
        # stay online.
        sections_left_out=(
            "index#home-take-part",
            "framework#framework-signing-up",
            "framework#framework-first-conversation",
            "framework#framework-agreement",
            "framework#framework-rematching",
            "framework#framework-not-working",
            "evaluation#evaluation-celebrating",
        ),
        blocks_left_out=("handbook-incentive-description", "handbook-incentive-evidence"),
    ),
    "update": Edition(
        "update",
        "Status update",
        (),
        numbers_in_appendix=False,
        page_references=False,
        report_only=True,
    ),
}


def edition(name: str) -> Edition:
    """The edition by the name the command accepts, or a usage error naming the choices."""
    found = EDITIONS.get(name.strip().lower())
    if found is None:
        raise PdfError(f"unknown edition {name!r}: use {', '.join(EDITIONS)}", 2)
    return found
