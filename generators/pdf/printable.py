"""Change the single page for paper: chapters, bookmarks, wide tables, grids, link addresses.

Each change works on any content, hand-written or generated, by looking at the HTML alone:
a generator needs to know nothing about the PDF, except that the class `handbook-wide` puts
its block on landscape pages.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from generators.pdf.tokens import keep_tokens_whole
from generators.pdf.tree import (
    HEADINGS,
    SVG_NS,
    Layout,
    add_class,
    classes,
    has_class,
    is_html,
    parents,
    remove,
    text_of,
)

#: Tables with more columns than this go on landscape pages.
MAX_PORTRAIT_COLUMNS = 6
#: Tables with at least this many columns are set in smaller type.
DENSE_COLUMNS = 5
#: Table type sizes in points (as in print.css), and an average character's width in ems,
#: generous for figures and capitals.
TABLE_PT = 8.5
DENSE_PT = 8.0
CHAR_EM = 0.58
PT_MM = 25.4 / 72
#: A cell's left and right padding together (print.css: 2 mm each side).
CELL_PADDING_MM = 4.0
#: A wide section that opens its chapter carries at most this many elements before it (the
#: title and a short introduction) onto its landscape page.
MAX_LEAD_IN = 4
#: A table of at most this many rows (its header included) is kept whole on a page.
SHORT_TABLE_ROWS = 12
#: Generators mark blocks for landscape pages with this class.
WIDE_CLASS = "handbook-wide"
#: Deepest heading level that gets a PDF bookmark.
BOOKMARK_DEPTH = 4
#: A grid on paper has the columns the site shows on a medium screen: a printed page sets
#: about as many characters on a line as a tablet does.
GRID_BREAKPOINTS = ("md", "sm", "xs", "")
_BLOCKS = frozenset(
    ("p", "div", "section", "table", "figure", "dl", "ul", "ol", "pre", "blockquote", *HEADINGS)
)
_CHROME_TAGS = ("script", "noscript", "form", "button", "input", "select", "textarea")
#: Marks what a page says only on screen ("the copy button in its top right corner"):
#: `[...]{.handbook-screen-only}` in MyST.
SCREEN_ONLY = "handbook-screen-only"
_CHROME_CLASSES = {
    "headerlink",
    "copybtn",
    "edit-this-page",
    "theme-toggle",
    "searchbox",
    SCREEN_ONLY,
}
_ROW_COLS = re.compile(r"^sd-row-cols-(?:(xs|sm|md|lg)-)?(\d+|auto)$")
_COL = re.compile(r"^sd-col-(?:(xs|sm|md|lg)-)?(\d+|auto)$")


@dataclass(frozen=True)
class Entry:
    """One line of the contents: a chapter (level 1) or one of its sections (level 2)."""

    level: int
    title: str
    target: str


def prepare(
    body: ET.Element, page: Layout, root_doc: str, measure: tuple[float, float] = (170.0, 257.0)
) -> tuple[list[Entry], list[str]]:
    """Make the body printable in place; returns the contents, and notes on tables."""
    drop_chrome(body)
    tuck_anchors(body)
    entries = mark_chapters(page, root_doc)
    set_bookmark_levels(body, page, root_doc)
    keep_tokens_whole(body)
    notes = fit_tables(body, measure)
    fix_grid_columns(body)
    link_card_titles(body)
    print_link_addresses(body)
    name_inline_charts(body)
    mark_lead_ins(body)
    return entries, notes


#: What a lead-in introduces: the next block, when it is one of these.
_INTRODUCED = frozenset(("table", "ul", "ol", "dl", "figure", "pre", "div", "blockquote"))


def mark_lead_ins(body: ET.Element) -> None:
    """A paragraph that ends with a colon introduces the block after it: it is kept with it
    (print.css: `handbook-lead-in`), never left last on a page."""
    for parent in body.iter():
        children = [child for child in parent if is_html(child)]
        for paragraph, following in itertools.pairwise(children):
            if (
                paragraph.tag == "p"
                and following.tag in _INTRODUCED
                and text_of(paragraph).endswith(":")
            ):
                add_class(paragraph, "handbook-lead-in")


def name_inline_charts(body: ET.Element) -> None:
    """An inline SVG named only by `aria-label` gets a `<title>` of that text: the tagged PDF
    takes a figure's alternative text from there, as it takes an image's from `alt`."""
    title_tag = f"{{{SVG_NS}}}title"
    for svg in body.iter(f"{{{SVG_NS}}}svg"):
        label = (svg.get("aria-label") or "").strip()
        if label and svg.find(title_tag) is None:
            title = ET.Element(title_tag)
            title.text = label
            svg.insert(0, title)


def tuck_anchors(body: ET.Element) -> None:
    """Move empty `<span id>` anchors between blocks into the block that follows them.

    Left between blocks, each makes an empty line of its own, which a forced page break (a
    chapter, a landscape table) can strand on an otherwise blank page.
    """
    for parent in list(body.iter()):
        children = list(parent)
        for anchor, following in itertools.pairwise(children):
            if (
                anchor.tag == "span"
                and anchor.get("id")
                and len(anchor) == 0
                and not (anchor.text or "").strip()
                and not (anchor.tail or "").strip()
                and following.tag in _BLOCKS
            ):
                parent.remove(anchor)
                anchor.tail = following.text
                following.text = None
                following.insert(0, anchor)


def drop_chrome(body: ET.Element) -> None:
    """Remove what only works on screen (scripts, forms, "¶" links, tab radio buttons) and open
    every dropdown, since paper cannot be clicked."""
    for details in body.iter("details"):
        details.set("open", "open")
    up = parents(body)
    for element in list(body.iter()):
        if not is_html(element) or element not in up:
            continue
        if (
            element.tag in _CHROME_TAGS
            or element.get("role") == "search"
            or _CHROME_CLASSES.intersection(classes(element))
        ):
            remove(element, up[element])


def chapter_sections(page: Layout, root_doc: str) -> list[ET.Element]:
    """The root page's sections, then the top-level sections of each page it lists."""
    chapters = list(page.regions[root_doc].sections)
    for region in page.regions.values():
        if region.parent == root_doc:
            chapters.extend(region.sections)
    order = {id(element): index for index, (element, _) in enumerate(page.elements)}
    return sorted(chapters, key=lambda element: order.get(id(element), -1))


def mark_chapters(page: Layout, root_doc: str) -> list[Entry]:
    """Classes for page breaks and running heads; the contents lists chapters and sections."""
    entries: list[Entry] = []
    chapters = chapter_sections(page, root_doc)
    chapter_ids = {id(section) for section in chapters}
    for section in chapters:
        add_class(section, "handbook-chapter")
        title = _title(section)
        if title is None:
            continue
        add_class(title, "handbook-chapter-title")
        entries.append(Entry(1, text_of(title), section.get("id", "")))
        for sub in child_sections(section):
            sub_title = _title(sub)
            if id(sub) not in chapter_ids and sub_title is not None:
                entries.append(Entry(2, text_of(sub_title), sub.get("id", "")))
    return [entry for entry in entries if entry.target and entry.title]


def set_bookmark_levels(body: ET.Element, page: Layout, root_doc: str) -> None:
    """Chapters are level 1 in the PDF outline, their sections 2, and so on; other headings none."""
    chapters = {id(section) for section in chapter_sections(page, root_doc)}

    def walk(element: ET.Element, depth: int) -> None:
        for child in element:
            if not is_html(child):
                continue
            if child.tag == "section":
                level = 1 if id(child) in chapters else depth + 1
                title = _title(child)
                if title is not None:
                    value = str(level) if level <= BOOKMARK_DEPTH else "none"
                    _add_style(title, f"bookmark-level: {value}")
                walk(child, level)
            else:
                walk(child, depth)

    walk(body, 0)


def child_sections(section: ET.Element) -> list[ET.Element]:
    """Sections one level below `section`, also when wrapped in other elements."""
    found: list[ET.Element] = []
    for child in section:
        if child.tag == "section":
            found.append(child)
        elif is_html(child):
            found.extend(child_sections(child))
    return found


def column_count(table: ET.Element) -> int:
    """The widest row's number of columns, spans included."""
    widest = 0
    for row in table.iter("tr"):
        width = 0
        for cell in row:
            if cell.tag in ("td", "th"):
                span = cell.get("colspan", "1")
                width += int(span) if span.isdigit() else 1
        widest = max(widest, width)
    return widest


def fit_tables(body: ET.Element, measure: tuple[float, float] = (170.0, 257.0)) -> list[str]:
    """Wide tables to landscape pages (with their section when it holds little else); header
    rows into `<thead>` so they repeat on every page; smaller type when a table needs it.

    A table's narrowest width keeps every token whole (`tokens` marks them); it goes on a
    portrait page if that fits `measure[0]` (mm), else landscape, else landscape in smaller
    type; a table too wide even then is named in a note. Returns the notes.
    """
    up = parents(body)
    notes: list[str] = []
    portrait, landscape = measure
    for table in list(body.iter("table")):
        _header_into_thead(table)
        if sum(1 for _ in table.iter("tr")) <= SHORT_TABLE_ROWS:
            add_class(table, "handbook-short")
        columns = column_count(table)
        width = narrowest_width(table, TABLE_PT)
        wide = columns > MAX_PORTRAIT_COLUMNS or _inside_wide(table, up) or width > portrait
        if (wide and width > landscape) or (not wide and columns >= DENSE_COLUMNS):
            add_class(table, "handbook-dense")
            if narrowest_width(table, DENSE_PT) > landscape:
                notes.append(
                    f"table {table_name(table, up)!r} is too wide for a landscape page even in "
                    "small type: some cells will run into the margin"
                )
        if wide:
            add_class(table, WIDE_CLASS)
            section = _enclosing_section(table, up)
            # A section that also holds a chart keeps it on a portrait page: only the table turns.
            if section is not None and not child_sections(section) and not _has_chart(section):
                add_class(section, WIDE_CLASS)
                _widen_short_lead_in(section, up)
    return notes


def narrowest_width(table: ET.Element, points: float) -> float:
    """An estimate in mm of the narrowest the table can be set at `points` with every token and
    every short cell on one line: the widest unbreakable piece of each column, plus padding."""
    widest: dict[int, int] = {}
    for row in table.iter("tr"):
        column = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            widest[column] = max(widest.get(column, 0), _unbreakable(cell))
            span = cell.get("colspan", "1")
            column += int(span) if span.isdigit() else 1
    characters = sum(widest.values())
    return characters * points * CHAR_EM * PT_MM + len(widest) * CELL_PADDING_MM


def _unbreakable(cell: ET.Element) -> int:
    """Characters of the longest piece of a cell that never breaks."""
    if has_class(cell, "handbook-nowrap"):
        return len(text_of(cell))
    pieces = [text_of(token) for token in cell.iter("span") if has_class(token, "handbook-token")]
    pieces.extend(text_of(cell).split())
    return max((len(piece) for piece in pieces), default=0)


def table_name(table: ET.Element, up: dict[ET.Element, ET.Element]) -> str:
    """The table's caption, else the title of the section that holds it."""
    caption = table.find("caption")
    if caption is not None and text_of(caption):
        return text_of(caption)
    section = _enclosing_section(table, up)
    title = _title(section) if section is not None else None
    return text_of(title) if title is not None else "untitled table"


def _widen_short_lead_in(section: ET.Element, up: dict[ET.Element, ET.Element]) -> None:
    """A wide section that opens its chapter takes the chapter's title and short introduction
    to its landscape page, instead of leaving them alone on a page of their own."""
    parent = _enclosing_section(section, up)
    if parent is None or child_sections(parent)[:1] != [section]:
        return
    lead_in: list[ET.Element] = []
    for child in parent:
        if child.tag == "section" or child.find(".//section") is not None:
            break
        lead_in.append(child)
    if len(lead_in) > MAX_LEAD_IN or any(_has_figure(element) for element in lead_in):
        return
    for element in lead_in:
        add_class(element, WIDE_CLASS)


def _has_chart(element: ET.Element) -> bool:
    return any(el.tag in ("img", "figure", "svg") for el in element.iter())


def _has_figure(element: ET.Element) -> bool:
    return any(el.tag in ("table", "img", "figure") for el in element.iter())


def _header_into_thead(table: ET.Element) -> None:
    """A first row of only `<th>` cells becomes the table's repeated header."""
    if table.find("thead") is not None:
        return
    holder = table.find("tbody")
    holder = holder if holder is not None else table
    rows = holder.findall("tr")
    if not rows or not all(cell.tag == "th" for cell in rows[0]) or len(rows[0]) == 0:
        return
    holder.remove(rows[0])
    thead = ET.Element("thead")
    thead.append(rows[0])
    position = next((i for i, child in enumerate(table) if child.tag in ("tbody", "tr")), 0)
    table.insert(position, thead)


def _inside_wide(element: ET.Element, up: dict[ET.Element, ET.Element]) -> bool:
    while element in up:
        element = up[element]
        if has_class(element, WIDE_CLASS):
            return True
    return False


def _enclosing_section(element: ET.Element, up: dict[ET.Element, ET.Element]) -> ET.Element | None:
    while element in up:
        element = up[element]
        if element.tag == "section":
            return element
    return None


def fix_grid_columns(body: ET.Element) -> None:
    """Give sphinx-design grids explicit columns; without media queries WeasyPrint would stack
    every grid in one column. Rows of equal columns become CSS grids, which WeasyPrint lays out
    across page breaks; columns with their own spans keep flex widths."""
    for row in body.iter("div"):
        if not has_class(row, "sd-row"):
            continue
        per_row = _breakpoint_value(row, _ROW_COLS)
        columns = [c for c in row if is_html(c) and has_class(c, "sd-col")]
        spans = [_breakpoint_value(c, _COL) for c in columns]
        if per_row not in (None, "auto") and all(span in (None, "auto") for span in spans):
            _add_style(
                row,
                f"display: grid; grid-template-columns: repeat({int(per_row)}, minmax(0, 1fr)); "
                "column-gap: 4mm; row-gap: 3mm; margin: 0",
            )
            for column in columns:
                _add_style(column, "width: auto; padding: 0; margin: 0")
            continue
        for column, span in zip(columns, spans, strict=True):
            if span is not None and span != "auto":
                width = 100 * int(span) / 12
            elif per_row is not None and per_row != "auto":
                width = 100 / int(per_row)
            else:
                continue
            _add_style(column, f"flex: 0 0 auto; width: {width:.4f}%")


def _breakpoint_value(element: ET.Element, pattern: re.Pattern[str]) -> str | None:
    """The value for the first breakpoint of GRID_BREAKPOINTS that the element's classes set."""
    values: dict[str, str] = {}
    for name in classes(element):
        match = pattern.match(name)
        if match:
            values[match.group(1) or ""] = match.group(2)
    return next((values[point] for point in GRID_BREAKPOINTS if point in values), None)


def link_card_titles(body: ET.Element) -> None:
    """A card's link is an invisible layer over the card on screen; on paper its title links."""
    up = parents(body)
    for card in list(body.iter("div")):
        if not has_class(card, "sd-card"):
            continue
        link = next((a for a in card.iter("a") if has_class(a, "sd-stretched-link")), None)
        title = next((el for el in card.iter() if has_class(el, "sd-card-title")), None)
        if link is None or title is None or link not in up:
            continue
        anchor = ET.Element(
            "a", {"class": "reference sd-card-title-link", "href": link.get("href", "")}
        )
        anchor.text, title.text = title.text, None
        for child in list(title):
            title.remove(child)
            anchor.append(child)
        title.append(anchor)
        remove(link, up[link])


def print_link_addresses(body: ET.Element) -> None:
    """Put the address of every external link in a footnote, unless the text already is it."""
    up = parents(body)
    for link in list(body.iter("a")):
        href = link.get("href", "")
        parts = urlsplit(href)
        if not parts.scheme or link not in up:
            continue
        shown = href[len("mailto:") :] if parts.scheme == "mailto" else href
        text = text_of(link)
        if text and _same_address(text, shown):
            continue
        note = ET.Element("span", {"class": "handbook-url"})
        note.text = shown
        note.tail, link.tail = link.tail, None
        parent = up[link]
        parent.insert(list(parent).index(link) + 1, note)


def _same_address(text: str, address: str) -> bool:
    def bare(value: str) -> str:
        return re.sub(r"^[a-z]+://", "", value.strip().lower()).rstrip("/")

    return bare(text) == bare(address)


def _title(section: ET.Element) -> ET.Element | None:
    return next((child for child in section if child.tag in HEADINGS), None)


def _add_style(element: ET.Element, declarations: str) -> None:
    style = (element.get("style") or "").strip().rstrip(";")
    element.set("style", f"{style}; {declarations}" if style else declarations)
