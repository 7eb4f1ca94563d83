"""The PDF/UA check itself finds what an untagged PDF breaks: the editions' test passing means
something only if the check can fail."""

from __future__ import annotations

from pathlib import Path

import pdfua
from weasyprint import HTML


def test_an_untagged_pdf_breaks_the_rules(tmp_path: Path) -> None:
    """WeasyPrint's plain PDF (no pdf/ua variant): no tags, language, title shown or XMP."""
    pdf = tmp_path / "plain.pdf"
    HTML(string="<title>Plain</title><p>Hello</p><img alt='' src='x.png'>").write_pdf(pdf)
    findings = pdfua.check(pdf)
    assert findings.problems == [
        "the catalog does not mark the file as tagged (/MarkInfo /Marked true)",
        "the catalog names no language (/Lang)",
        "viewers are not asked to show the title (/DisplayDocTitle true)",
        "no XMP metadata",
        "no structure tree (/StructTreeRoot)",
    ]
    assert (findings.elements, findings.marked, findings.figures) == (0, 0, 0)


def test_a_tagged_pdf_whose_figure_has_no_text_breaks_the_figure_rule(tmp_path: Path) -> None:
    """Tagged as the books are (pdf/ua-1), but a figure without alternative text."""
    pdf = tmp_path / "tagged.pdf"
    svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    HTML(
        string=f"<html lang='en'><title>T</title><p>Hello</p><img src=\"{svg}\"></html>"
    ).write_pdf(pdf, pdf_variant="pdf/ua-1")
    findings = pdfua.check(pdf)
    assert findings.elements > 0 and findings.marked > 0
    assert findings.problems == ["a figure has no alternative text (/Alt)"]
    assert findings.figures == 1
