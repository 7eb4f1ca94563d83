"""What an edition changes in the single page: pages left out, chart numbers moved to an
appendix, cross-references with page numbers, the home page's cards as a contents list.

Like `printable`, every step looks at the HTML alone (classes the generators write), so a
page or a block added later is arranged the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generators.pdf.printable import Entry, child_sections
from generators.pdf.tokens import keep_tokens_whole
from generators.pdf.tree import (
    HEADINGS,
    MARKER_PREFIX,
    Layout,
    add_class,
    has_class,
    parents,
    remove,
    text_of,
)

APPENDIX_ID = "handbook-numbers-appendix"
APPENDIX_TITLE = "The numbers behind the charts"


def leave_out_pages(page: Layout, keep: set[str]) -> set[str]:
    """Remove every page not in `keep` (the front page always stays); returns those removed."""
    body = page.elements[0][0]
    up = parents(body)
    dropped: set[str] = set()
    for region in page.regions.values():
        if region.parent is None or region.docname in keep:
            continue
        dropped.add(region.docname)
        for element in [region.marker, *region.sections]:
            if element is not None and element in up:
                remove(element, up[element])
    # Pages below a dropped page go with it.
    for region in page.regions.values():
        if region.parent in dropped:
            dropped.add(region.docname)
    return dropped


def leave_out_blocks(body: ET.Element, names: tuple[str, ...]) -> None:
    """Remove every element with one of the classes `names`, such as the long text of each
    incentive in the catalog, when the summary beside it says enough for the edition."""
    if not names:
        return
    up = parents(body)
    for element in list(body.iter()):
        if element in up and any(has_class(element, name) for name in names):
            remove(element, up[element])


def leave_out_sections(page: Layout, sections: tuple[str, ...]) -> set[str]:
    """Remove the sections named `docname#id` (with what they hold); returns the names of
    those removed and of the sections inside them, so links into them print as plain text."""
    up = parents(page.elements[0][0])
    wanted = set(sections)
    dropped: set[str] = set()
    for element, docname in page.elements:
        name = f"{docname}#{element.get('id', '')}"
        if element.tag != "section" or name not in wanted or element not in up:
            continue
        dropped.update(
            f"{docname}#{inner.get('id')}" for inner in element.iter("section") if inner.get("id")
        )
        remove(element, up[element])
    return dropped


def sections_not_kept(page: Layout, kept: tuple[str, ...]) -> tuple[str, ...]:
    """For each page named in `kept` (`docname#id`), its other sections, as `docname#id`: the
    page keeps its introduction and the sections named."""
    wanted: dict[str, set[str]] = {}
    for name in kept:
        docname, _, label = name.partition("#")
        wanted.setdefault(docname, set()).add(label)
    dropped: list[str] = []
    for docname, labels in wanted.items():
        region = page.regions.get(docname)
        for chapter in region.sections if region is not None else ():
            dropped.extend(
                f"{docname}#{section.get('id', '')}"
                for section in child_sections(chapter)
                if section.get("id") not in labels
            )
    return tuple(dropped)


def anchor_titles(body: ET.Element) -> None:
    """A section's id moves to its title, so that a link, the contents and a page reference
    lead to the page the title is on: a section can begin at the foot of a page whose title
    moved to the next (a title is never left last on a page)."""
    for section in body.iter("section"):
        title = next((child for child in section if child.tag in HEADINGS), None)
        ident = section.get("id")
        if ident and title is not None and not title.get("id"):
            del section.attrib["id"]
            title.set("id", ident)


def numbers_to_appendix(body: ET.Element, *, tables_that_repeat: bool) -> Entry | None:
    """Move each chart's numbers table to an appendix, leaving a reference in its place.

    When the block also has a table of its own for the same data (the roadmap's status table
    after its Gantt chart), the numbers table is dropped instead: the book says it once.
    With `tables_that_repeat`, that table goes to the appendix in the numbers' place.
    """
    up = parents(body)
    moved: list[tuple[str, ET.Element]] = []
    for details in list(body.iter("details")):
        if not has_class(details, "handbook-numbers") or details not in up:
            continue
        parent = up[details]
        numbers = details.find(".//table")
        if numbers is None:
            continue
        caption = _caption(numbers)
        twin = _twin_table(parent, details, caption)
        holder = details
        if twin is not None:
            remove(details, parent)
            if not tables_that_repeat:
                continue
            holder, numbers = _block_of(twin, parent, up), twin
        number = len(moved) + 1
        moved.append((caption or f"Chart {number}", holder))
        reference = ET.Element("p", {"class": "handbook-numbers-ref"})
        link = ET.SubElement(reference, "a", {"href": f"#handbook-numbers-{number}"})
        link.text = "The numbers behind this chart"
        reference.tail = holder.tail
        holder.tail = None
        holder_parent = up[holder] if holder is not details else parent
        if holder in list(holder_parent):
            position = list(holder_parent).index(holder)
            holder_parent.remove(holder)
            chart = holder_parent[position - 1] if position else None
            if chart is not None and chart.tag == "figure":
                # Inside the chart's figure, kept on its page (and turned with it).
                chart.tail, reference.tail = (chart.tail or "") + (reference.tail or ""), None
                chart.append(reference)
            else:
                holder_parent.insert(position, reference)
    if not moved:
        return None
    appendix = ET.SubElement(body, "section", {"id": APPENDIX_ID, "class": "handbook-appendix"})
    add_class(appendix, "handbook-chapter")
    title = ET.SubElement(appendix, "h1", {"class": "handbook-chapter-title"})
    title.text = APPENDIX_TITLE
    title.set("style", "bookmark-level: 1")
    for number, (caption, holder) in enumerate(moved, start=1):
        section = ET.SubElement(appendix, "section", {"id": f"handbook-numbers-{number}"})
        heading = ET.SubElement(section, "h2", {"style": "bookmark-level: 2"})
        heading.text = caption
        if holder.tag == "details":
            holder.tag = "div"
            for summary in holder.findall("summary"):
                holder.remove(summary)
        section.append(holder)
    keep_tokens_whole(appendix)
    return Entry(1, APPENDIX_TITLE, APPENDIX_ID)


def _caption(table: ET.Element) -> str:
    caption = table.find("caption")
    return text_of(caption) if caption is not None else ""


def _twin_table(parent: ET.Element, details: ET.Element, caption: str) -> ET.Element | None:
    """Another table in the same block whose caption starts the numbers' caption."""
    for table in parent.iter("table"):
        if any(table is t for t in details.iter("table")):
            continue
        own = _caption(table)
        if own and caption.startswith(own):
            return table
    return None


def _block_of(table: ET.Element, block: ET.Element, up: dict[ET.Element, ET.Element]) -> ET.Element:
    """The child of `block` that holds `table` (its scrolling wrapper, usually)."""
    element = table
    while element in up and up[element] is not block:
        element = up[element]
    return element


#: Words that belong to a link's phrase ("the Roadmap's timeline", "the Roles page"): the page
#: reference goes after them, not between.
_PHRASE_END = re.compile(r"^(?:['’]s\b| (?:page|pages|chapter|section)\b)")


def mark_page_references(body: ET.Element) -> None:
    """Internal links in running text print the page they lead to ("see p. 12"), after the
    phrase the link ends ("the Roles page (see p. 12)", never "the Roles (see p. 12) page")."""
    up = parents(body)
    for link in list(body.iter("a")):
        href = link.get("href", "")
        if not href.startswith("#") or href.startswith("#" + MARKER_PREFIX):
            continue
        if _inside(link, up, ("nav", "table", *HEADINGS)) or has_class(link, "handbook-card"):
            continue
        phrase = _PHRASE_END.match(link.tail or "")
        if phrase is None or link not in up:
            add_class(link, "handbook-xref")
            continue
        reference = ET.Element("a", {"class": "handbook-xref", "href": href})
        tail = link.tail or ""
        link.tail, reference.tail = tail[: phrase.end()], tail[phrase.end() :]
        parent = up[link]
        parent.insert(list(parent).index(link) + 1, reference)


def _inside(element: ET.Element, up: dict[ET.Element, ET.Element], tags: tuple[str, ...]) -> bool:
    while element in up:
        element = up[element]
        if element.tag in tags:
            return True
    return False


def cards_as_contents(body: ET.Element, chapters: set[str]) -> None:
    """A grid of cards that each lead to a chapter (ids in `chapters`) becomes a list of their
    titles with page numbers and descriptions; cards whose page the edition left out go."""
    up = parents(body)
    for grid in list(body.iter("div")):
        if not has_class(grid, "sd-container-fluid") or grid not in up:
            continue
        cards = [div for div in grid.iter("div") if has_class(div, "sd-card")]
        if not cards or not all(_is_link_card(card) for card in cards):
            continue
        links = [_card_link(card) for card in cards]
        targets = [link.get("href", "")[1:] for link in links if link is not None]
        if not targets or not set(targets) <= chapters:
            continue
        listing = ET.Element("ol", {"class": "handbook-card-contents"})
        for card in cards:
            link = _card_link(card)
            if link is None or not link.get("href", "").startswith("#"):
                continue
            item = ET.SubElement(listing, "li")
            title = ET.SubElement(
                item, "a", {"class": "handbook-card", "href": link.get("href", "")}
            )
            title.text = text_of(link)
            text = " ".join(text_of(p) for p in card.iter("p") if not has_class(p, "sd-card-title"))
            if text:
                description = ET.SubElement(item, "p")
                description.text = text
        parent = up[grid]
        listing.tail = grid.tail
        grid.tail = None
        parent.insert(list(parent).index(grid), listing)
        parent.remove(grid)


def _is_link_card(card: ET.Element) -> bool:
    """A card that links somewhere, or did before the edition left its page out."""
    return any(
        has_class(element, "sd-stretched-link") or has_class(element, "sd-card-title-link")
        for element in card.iter()
    )


def _card_link(card: ET.Element) -> ET.Element | None:
    """The live link of a card's title (after `link_card_titles`), if it has one."""
    for element in card.iter("a"):
        if has_class(element, "sd-card-title-link") and element.get("href", "").startswith("#"):
            return element
    return None
