"""A check of the machine-checkable parts of PDF/UA-1 (ISO 14289-1), read with pypdf.

veraPDF, the reference checker, is a Java program that none of the package registries the
project installs from carries; these are the rules of its PDF/UA-1 profile that can be decided
by reading the file, and the ones a generated book can break:

- the catalog marks the file as tagged, names its language, has a structure tree and asks
  viewers to show the title (7.1, 7.2); the XMP metadata has a title and says PDF/UA-1 (5, 7.1);
- every structure element has a standard type (7.1); every figure has alternative text (7.3);
- all page content is either real content in the structure tree or an artifact (7.1): every
  text, path and image drawn is inside marked content that has an MCID or is an /Artifact,
  and each MCID leads, through the parent tree, to an element reachable from the root;
- every link annotation is in the structure tree, under a /Link element (7.18.5), and a page
  with annotations orders its tabs by structure (7.18.3);
- every font is embedded (7.21.4.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

#: The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
STANDARD_TYPES = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)
#: Operators that put something on the page.
_PAINTING = frozenset(
    ["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"]
)


@dataclass
class Findings:
    """What a PDF breaks, by rule; empty when it passes."""

    problems: list[str] = field(default_factory=list)
    figures: int = 0
    elements: int = 0
    marked: int = 0

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def check(pdf: Path) -> Findings:
    """Every rule of the module's list, checked on `pdf`."""
    reader = PdfReader(pdf)
    found = Findings()
    catalog = reader.trailer["/Root"]
    _catalog(catalog, reader, found)
    root = catalog.get("/StructTreeRoot")
    if root is None:
        found.add("no structure tree (/StructTreeRoot)")
        return found
    root = root.get_object()
    reachable = _elements(root, found)
    parents = _parent_tree(root)
    import pikepdf

    with pikepdf.open(pdf) as content:
        for number, (page, same) in enumerate(
            zip(reader.pages, content.pages, strict=True), start=1
        ):
            key = page.get("/StructParents")
            _page_content(number, same, key, parents, reachable, found)
            _annotations(number, page, parents, reachable, found)
            _fonts(number, page, found)
    return found


def _catalog(catalog: DictionaryObject, reader: PdfReader, found: Findings) -> None:
    marked = (catalog.get("/MarkInfo") or {}).get("/Marked")
    if not (marked is not None and bool(marked)):
        found.add("the catalog does not mark the file as tagged (/MarkInfo /Marked true)")
    if not str(catalog.get("/Lang") or "").strip():
        found.add("the catalog names no language (/Lang)")
    preferences = catalog.get("/ViewerPreferences") or {}
    if not bool(preferences.get("/DisplayDocTitle", False)):
        found.add("viewers are not asked to show the title (/DisplayDocTitle true)")
    xmp = reader.xmp_metadata
    if xmp is None:
        found.add("no XMP metadata")
        return
    titles = xmp.dc_title or {}
    if not any(str(title).strip() for title in titles.values()):
        found.add("the XMP metadata has no title (dc:title)")
    part = xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfua/ns/id/", "part")
    values = [node.firstChild.nodeValue for node in part if node.firstChild is not None]
    attributes = [
        node.getAttributeNS("http://www.aiim.org/pdfua/ns/id/", "part")
        for node in xmp.rdf_root.getElementsByTagName("rdf:Description")
    ]
    if "1" not in [*values, *attributes]:
        found.add("the XMP metadata does not say PDF/UA-1 (pdfuaid:part 1)")


def _kids(element: DictionaryObject) -> Iterator[Any]:
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    yield from (kids if isinstance(kids, ArrayObject) else [kids])


def _elements(root: DictionaryObject, found: Findings) -> set[int]:
    """Walk the tree from the root: check each element, return the ids of those reached."""
    role_map = {str(k): str(v) for k, v in (root.get("/RoleMap") or {}).items()}
    reached: set[int] = set()
    stack = list(_kids(root))
    while stack:
        kid = stack.pop()
        if not isinstance(kid, IndirectObject):
            continue  # an MCID (an integer), or a marked-content reference in place
        element = kid.get_object()
        if not isinstance(element, DictionaryObject) or element.get("/Type") == "/OBJR":
            continue
        if element.get("/Type") == "/MCR" or kid.idnum in reached:
            continue
        reached.add(kid.idnum)
        found.elements += 1
        kind = str(element.get("/S", ""))[1:]
        kind = role_map.get("/" + kind, "/" + kind)[1:]
        if kind not in STANDARD_TYPES:
            found.add(f"structure element of a type that is not standard: /{kind}")
        if kind == "Figure":
            found.figures += 1
            if not str(element.get("/Alt") or "").strip():
                found.add("a figure has no alternative text (/Alt)")
        stack.extend(_kids(element))
    return reached


def _parent_tree(root: DictionaryObject) -> dict[int, Any]:
    """The parent tree's number tree, flattened: key → value (an array or an element)."""
    entries: dict[int, Any] = {}
    stack = [root.get("/ParentTree")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        node = node.get_object()
        nums = node.get("/Nums") or []
        for index in range(0, len(nums) - 1, 2):
            entries[int(nums[index])] = nums[index + 1]
        stack.extend(node.get("/Kids") or [])
    return entries


def _page_content(
    number: int,
    page: Any,
    key: Any,
    parents: dict[int, Any],
    reachable: set[int],
    found: Findings,
) -> None:
    """Everything drawn is marked: an MCID that leads into the tree, or an artifact. `page` is
    pikepdf's (qpdf parses content streams many times faster than pure Python)."""
    mcids: set[int] = set()
    _marked(number, page.obj, page.obj.get("/Resources"), [], mcids, found)
    if not mcids:
        return
    if key is None:
        found.add(f"page {number}: marked content but no /StructParents")
        return
    owners = parents.get(int(key))
    owners = owners.get_object() if owners is not None else None
    if not isinstance(owners, ArrayObject):
        found.add(f"page {number}: no parent tree entry for its marked content")
        return
    for mcid in sorted(mcids):
        owner = owners[mcid] if mcid < len(owners) else None
        if not isinstance(owner, IndirectObject) or owner.idnum not in reachable:
            found.add(f"page {number}: marked content outside the structure tree")


def _marked(
    number: int,
    holder: Any,
    resources: Any,
    stack: list[tuple[str, int | None]],
    mcids: set[int],
    found: Findings,
) -> None:
    """Walk a content stream (and the forms it draws, whose content counts as the page's)."""
    import pikepdf

    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "BDC":
            tag, properties = str(operands[0]), operands[1]
            if not isinstance(properties, pikepdf.Dictionary) and resources is not None:
                properties = (resources.get("/Properties") or {}).get(str(properties)) or {}
            mcid = properties.get("/MCID")
            stack.append((tag, None if mcid is None else int(mcid)))
            if mcid is not None:
                mcids.add(int(mcid))
        elif name == "BMC":
            stack.append((str(operands[0]), None))
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name == "Do" and _form(resources, operands[0]) is not None:
            form = _form(resources, operands[0])
            _marked(number, form, form.get("/Resources"), list(stack), mcids, found)
        elif name in _PAINTING:
            if not any(tag == "/Artifact" or mcid is not None for tag, mcid in stack):
                found.add(f"page {number}: content drawn outside marked content")
            else:
                found.marked += 1


def _form(resources: Any, name: Any) -> Any:
    """The form XObject `name` in `resources` (None for an image)."""
    xobjects = resources.get("/XObject") if resources is not None else None
    xobject = xobjects.get(str(name)) if xobjects is not None else None
    return xobject if xobject is not None and xobject.get("/Subtype") == "/Form" else None


def _annotations(
    number: int, page: Any, parents: dict[int, Any], reachable: set[int], found: Findings
) -> None:
    annotations = [a.get_object() for a in page.get("/Annots") or []]
    links = [a for a in annotations if a.get("/Subtype") == "/Link"]
    if annotations and page.get("/Tabs") != "/S":
        found.add(f"page {number}: annotations but no tab order by structure (/Tabs /S)")
    for link in links:
        key = link.get("/StructParent")
        owner = parents.get(int(key)) if key is not None else None
        if not isinstance(owner, IndirectObject) or owner.idnum not in reachable:
            found.add(f"page {number}: a link annotation outside the structure tree")
        elif str(owner.get_object().get("/S")) != "/Link":
            found.add(f"page {number}: a link annotation not under a /Link element")


def _fonts(number: int, page: Any, found: Findings) -> None:
    resources = page.get("/Resources")
    stack = [resources.get_object()] if resources is not None else []
    seen: set[int] = set()
    while stack:
        holder = stack.pop()
        for font in (holder.get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue
            descendants = font.get("/DescendantFonts")
            base = descendants[0].get_object() if descendants else font
            descriptor = base.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(f"page {number}: font {font.get('/BaseFont')} is not embedded")
        for xobject in (holder.get("/XObject") or {}).values():
            if xobject.idnum in seen:
                continue
            seen.add(xobject.idnum)
            inner = xobject.get_object().get("/Resources")
            if inner is not None:
                stack.append(inner.get_object())
