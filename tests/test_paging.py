"""Page numbers after links are read back from the layout, and written into the links when
WeasyPrint's came out wrong (generators/pdf/paging.py): a two-page book, laid out for real."""

from __future__ import annotations

import weasyprint

from generators.pdf import paging
from generators.pdf.tree import parse_html_string, write_html

CSS = """
@page { size: A6; }
a.handbook-xref::after { content: " (see p.\\a0" target-counter(attr(href url), page) ")"; }
html.handbook-paged a.handbook-xref::after { content: " (see p.\\a0" attr(data-page) ")"; }
h1 { break-before: page; }
"""
HTML = (
    f'<html lang="en"><head><style>{CSS}</style></head><body>'
    '<p>Read <a class="handbook-xref" href="#later">the later part</a> first.</p>'
    '<h1 id="later">Later</h1><p>Here.</p></body></html>'
)


def test_numbers_are_read_from_the_layout_and_written_in_when_wrong() -> None:
    book = parse_html_string(HTML)
    document = weasyprint.HTML(string=write_html(book)).render()
    assert paging.anchor_pages(document)["later"] == 2
    assert list(paging.printed_numbers(document)) == [("later", 2)]
    assert paging.wrong_numbers(document) == {}
    # Numbers written into the links print as written, and are checked like WeasyPrint's.
    paging.write_numbers(book, {"later": 7})
    document = weasyprint.HTML(string=write_html(book)).render()
    assert list(paging.printed_numbers(document)) == [("later", 7)]
    assert paging.wrong_numbers(document) == {"later": 2}
    paging.write_numbers(book, paging.anchor_pages(document))
    document = weasyprint.HTML(string=write_html(book)).render()
    assert paging.wrong_numbers(document) == {}
