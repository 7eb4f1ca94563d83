"""The single page as an element tree: parsing, writing, and which document each part came from.

Sphinx's singlehtml marks where each source page starts with `<span id="document-NAME">`; the
elements after it, up to the next marker at the same level, came from that page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

#: Foreign content (inline SVG, MathML) keeps its own ids and references; we leave it alone.
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MARKER_PREFIX = "document-"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def parse_html(path: Path) -> ET.Element:
    """The `<html>` element of a page, HTML elements without a namespace (as WeasyPrint reads)."""
    import tinyhtml5

    with path.open("rb") as stream:
        root: ET.Element = tinyhtml5.parse(stream, namespace_html_elements=False)
    return root


def write_html(root: ET.Element) -> str:
    """Serialize a page so that an HTML parser reads back the same tree (SVG included)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return "<!DOCTYPE html>\n" + ET.tostring(root, encoding="unicode", method="html")


def is_html(element: ET.Element) -> bool:
    """An HTML element, not a comment or an SVG/MathML element."""
    return isinstance(element.tag, str) and not element.tag.startswith("{")


def classes(element: ET.Element) -> list[str]:
    return (element.get("class") or "").split()


def has_class(element: ET.Element, name: str) -> bool:
    return name in classes(element)


def add_class(element: ET.Element, name: str) -> None:
    if not has_class(element, name):
        element.set("class", " ".join([*classes(element), name]))


def text_of(element: ET.Element) -> str:
    """The visible text, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def find_first(root: ET.Element, tag: str, **attributes: str) -> ET.Element | None:
    """The first element with `tag` whose attributes have the given values."""
    for element in root.iter(tag):
        if all(element.get(key) == value for key, value in attributes.items()):
            return element
    return None


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def remove(element: ET.Element, parent: ET.Element) -> None:
    """Remove `element` but keep the text that followed it."""
    if element.tail:
        index = list(parent).index(element)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass
class Region:
    """One source page's part of the single page."""

    docname: str
    parent: str | None
    marker: ET.Element | None
    sections: list[ET.Element] = field(default_factory=list)


@dataclass
class Layout:
    """Every HTML element in document order with the page it came from, and the pages' regions."""

    elements: list[tuple[ET.Element, str]]
    regions: dict[str, Region]


def layout(body: ET.Element, root_doc: str) -> Layout:
    """Walk the body once, assigning each element to the source page it came from.

    The body itself gets the root page's marker id, so links to the root page have a target.
    """
    body.set("id", MARKER_PREFIX + root_doc)
    elements: list[tuple[ET.Element, str]] = [(body, root_doc)]
    regions = {root_doc: Region(root_doc, None, None)}

    def walk(parent: ET.Element, docname: str) -> None:
        current = docname
        for child in parent:
            if not is_html(child):
                continue
            marker = child.get("id", "")
            if marker.startswith(MARKER_PREFIX) and marker != MARKER_PREFIX + docname:
                current = marker[len(MARKER_PREFIX) :]
                regions.setdefault(current, Region(current, docname, child))
            elif child.tag == "section" and current in regions:
                region = regions[current]
                if region.marker is not None and _sibling_of(parent, region.marker):
                    region.sections.append(child)
            elements.append((child, current))
            walk(child, current)

    walk(body, root_doc)
    regions[root_doc].sections = [child for child in body if child.tag == "section"]
    return Layout(elements, regions)


def _sibling_of(parent: ET.Element, marker: ET.Element) -> bool:
    return any(child is marker for child in parent)


def parse_html_string(text: str) -> ET.Element:
    """Like `parse_html`, for a page held in memory."""
    import tinyhtml5

    root: ET.Element = tinyhtml5.parse(text, namespace_html_elements=False)
    return root
