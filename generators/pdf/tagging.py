"""The tagged PDF's last touches, made by WeasyPrint's finisher before the file is written.

WeasyPrint's PDF/UA-1 output leaves two things that break ISO 14289-1:

- The text of the page margins (the chapter at the top, the page number at the foot) is
  marked content whose structure elements hang outside the structure tree: PDF 1.7 has no
  place for them in it. Content neither in the tree nor an artifact breaks 7.1, and a screen
  reader should not read "12 / 85" on every page anyway: each such sequence becomes an
  /Artifact.
- A link whose text is inside a `<span>` (Sphinx writes every cross-reference so) gets a
  second annotation for the span, tagged under a /Span element; 7.18.5 wants each link
  annotation under a /Link element: it moves to the link's own element.
"""

from __future__ import annotations

from typing import Any


def finish_tags(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: the margins become artifacts, links sit under /Link elements."""
    del document  # the finisher's signature
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    objects = pdf.objects
    root = objects[_number(root_ref)]
    reachable = _reachable(objects, root)
    parents = objects[_number(root["ParentTree"])]["Nums"]
    pages = [objects[number] for number in pdf.pages["Kids"][::3]]
    for index in range(0, len(parents) - 1, 2):
        key, owners = parents[index], parents[index + 1]
        if not isinstance(key, int):
            continue
        if key >= len(pages):  # an annotation's entry: its element
            parents[index + 1] = _link_element(objects, owners)
            continue
        outside = {mcid for mcid, owner in enumerate(owners) if _number(owner) not in reachable}
        if outside:
            contents = objects[_number(pages[key]["Contents"])]
            contents.stream[:] = _artifacts(contents.stream, outside)


def _link_element(objects: list[Any], reference: Any) -> Any:
    """The /Link element an annotation belongs under: its element, or the nearest /Link
    above it, which then takes the annotation's object reference over."""
    element = objects[_number(reference)]
    if element.get("S") == "/Link":
        return reference
    above = element
    while above.get("S") != "/Link" and above.get("P") is not None:
        above = objects[_number(above["P"])]
    if above.get("S") != "/Link":
        return reference
    kids = element.get("K") or []
    moved = [kid for kid in kids if _is_object_reference(objects, kid)]
    element["K"][:] = [kid for kid in kids if kid not in moved]
    above["K"].extend(moved)
    return above.reference


def _is_object_reference(objects: list[Any], kid: Any) -> bool:
    if isinstance(kid, int):
        return False
    target = objects[_number(kid)]
    return hasattr(target, "get") and target.get("Type") == "/OBJR"


def _number(reference: Any) -> int:
    """The object number of a reference as pydyf writes it (b"12 0 R")."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def _reachable(objects: list[Any], root: Any) -> set[int]:
    """Object numbers of the structure elements reached from the root through `K`."""
    found: set[int] = set()
    stack = list(root.get("K") or ())
    while stack:
        kid = stack.pop()
        if isinstance(kid, int):
            continue  # a marked-content id
        number = _number(kid)
        if number in found:
            continue
        found.add(number)
        element = objects[number]
        if hasattr(element, "get"):
            stack.extend(element.get("K") or ())
    return found


def _artifacts(stream: list[Any], outside: set[int]) -> list[Any]:
    """`stream` with each `/Tag <</MCID n>> BDC` whose n is in `outside` as `/Artifact BMC`."""
    changed: list[Any] = []
    for chunk in stream:
        if (
            chunk == b"BDC"
            and len(changed) >= 2
            and hasattr(changed[-1], "get")
            and changed[-1].get("MCID") in outside
        ):
            changed[-2:] = ["/Artifact", b"BMC"]
        else:
            changed.append(chunk)
    return changed
