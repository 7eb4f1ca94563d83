"""The printable handbook: the site's own pages built as one HTML file and set as a book.

`singlehtml` runs Sphinx, `links` and `printable` make that page fit for paper, `fonts`
checks every character has a glyph, `cover` finds what the cover says, and `book` puts the
cover, the contents and the body together and hands them to WeasyPrint.
"""
