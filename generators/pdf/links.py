"""Make every internal link of the single page a plain `#id` that exists in the book.

Sphinx ≥ 8.2 writes cross-references in singlehtml as `#document-x#target`, which no viewer
follows; raw HTML from generators may still say `page.html#target`; and two pages may both
have an `id="overview"` or a footnote `id1`. Ids repeated across pages are renamed in the later
page, and every link is resolved in the page it came from, so each one lands where the site's
link lands.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

from generators.data.joining import site_address
from generators.pdf.tree import MARKER_PREFIX, Layout, has_class, parents, remove

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def make_ids_unique(page: Layout) -> dict[tuple[str, str], str]:
    """Rename ids seen before in another page; returns (page, old id) → id in the book."""
    targets: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for element, docname in page.elements:
        old = element.get("id")
        if not old:
            continue
        new = old
        if new in used:
            stem = f"{_UNSAFE.sub('-', docname)}--{old}"
            new, number = stem, 1
            while new in used:
                number += 1
                new = f"{stem}-{number}"
            element.set("id", new)
        used.add(new)
        targets.setdefault((docname, old), new)
    return targets


def repair_links(
    page: Layout,
    docnames: frozenset[str],
    left_out: frozenset[str] = frozenset(),
    site_url: str | None = None,
    pages_of_ids: dict[str, str] | None = None,
) -> list[str]:
    """Point every internal `href` at an id in the book; returns notes on links that had none.

    A link with no target becomes plain text, because a dead link in print is worse than
    none; links to files (downloads, an image's link to itself) and into the pages and
    sections the edition leaves out (`left_out`: docnames, and `docname#id` for sections)
    are expected to go that way, other links to pages are reported.
    With the site's address known, a link into what the edition leaves out, or to one of the
    site's files (the calendar, the data), leads there on the site instead, and prints its
    address like any external link (`pages_of_ids` says which page an id left out was on).
    """
    targets = make_ids_unique(page)
    _retarget_markers(page, targets)
    first = {old: new for (_, old), new in reversed(list(targets.items()))}
    notes: list[str] = []
    for element, docname in page.elements:
        href = element.get("href")
        if element.tag != "a" or href is None or _is_external(href):
            continue
        target = _resolve(href, docname, docnames, targets, first)
        published = None
        if target is None:
            published = _published_file(href, site_url)
            if published is None and not _names_a_term(element):
                published = _on_the_site(href, docname, left_out, site_url, pages_of_ids or {})
        if published is not None:
            element.set("href", published)
        elif target is None:
            element.tag = "span"
            del element.attrib["href"]
            if _names_a_page(href) and not _into(href, docname, left_out):
                notes.append(f"link to {href!r} in {docname!r} has no target in the book")
        else:
            element.set("href", "#" + target)
    return notes


def _retarget_markers(page: Layout, targets: dict[tuple[str, str], str]) -> None:
    """Links to a page land on its first section, and the empty marker spans go: left between
    two blocks, a marker is a line of its own that can end up alone on a page."""
    up = parents(page.elements[0][0]) if page.elements else {}
    for region in page.regions.values():
        marker = region.marker
        if marker is None or not region.sections or not region.sections[0].get("id"):
            continue
        targets[(region.docname, marker.get("id", ""))] = region.sections[0].get("id", "")
        if marker in up and not len(marker) and not (marker.text or "").strip():
            remove(marker, up[marker])


def _into(href: str, docname: str, left_out: frozenset[str]) -> bool:
    """Whether `href`, seen from `docname`, leads into one of the pages or sections left out."""
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment)
    target = docname
    if path:
        pages = frozenset(name.partition("#")[0] for name in left_out)
        found = _docname_of(path, docname, pages)
        if found is None:
            return False
        target = found
    elif fragment.startswith(MARKER_PREFIX):
        target, _, fragment = fragment[len(MARKER_PREFIX) :].partition("#")
    return target in left_out or f"{target}#{fragment}" in left_out


def _on_the_site(
    href: str,
    docname: str,
    left_out: frozenset[str],
    site_url: str | None,
    pages_of_ids: dict[str, str],
) -> str | None:
    """The site's address of a page or section the edition leaves out (None if `href` does
    not lead into one, or the site's address is unknown)."""
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment)
    target = docname
    if not path and fragment and not fragment.startswith(MARKER_PREFIX):
        target = pages_of_ids.get(fragment, docname)  # a label on another page of the site
        href = f"#{MARKER_PREFIX}{target}#{fragment}"
    if not site_url or not _into(href, docname, left_out):
        return None
    if path:
        pages = frozenset(name.partition("#")[0] for name in left_out) | {docname}
        target = _docname_of(path, docname, pages) or docname
    elif fragment.startswith(MARKER_PREFIX):
        target, _, fragment = fragment[len(MARKER_PREFIX) :].partition("#")
    address = site_address(site_url, f"{target}.html")
    if address is None:
        return None
    return f"{address}#{fragment}" if fragment else address


def _names_a_term(link: ET.Element) -> bool:
    """A glossary term's link (Sphinx's `{term}`): where the glossary is left out, the term
    stands as itself, rather than as one more footnote with an address."""
    return any(has_class(element, "std-term") for element in link.iter())


def _names_a_page(href: str) -> bool:
    path = href.partition("#")[0]
    return not path or path.endswith((".html", "/"))


def _is_external(href: str) -> bool:
    """An address with a scheme (`https:`, `webcal:`, `mailto:`) or a host leaves the book."""
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def _published_file(href: str, site_url: str | None) -> str | None:
    """The site's address of a file the single page links to (it sits at the site's root),
    such as `program.ics`; None for pages, for the build's own folders (`_images/`,
    `_downloads/`, named differently by each builder) and when the site's address is unknown."""
    path = unquote(href.partition("#")[0])
    if not site_url or not path or _names_a_page(path):
        return None
    path = posixpath.normpath(path)
    if path.startswith(("_", "..", "/")):
        return None
    return site_address(site_url, path)


def _resolve(
    href: str,
    docname: str,
    docnames: frozenset[str],
    targets: dict[tuple[str, str], str],
    first: dict[str, str],
) -> str | None:
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment)
    if path:
        target_doc = _docname_of(path, docname, docnames)
        if target_doc is None:
            return None
    elif fragment.startswith(MARKER_PREFIX):
        target_doc, _, fragment = fragment[len(MARKER_PREFIX) :].partition("#")
        if target_doc not in docnames:
            return None
    else:
        target_doc = docname
    if not fragment:
        fragment = MARKER_PREFIX + target_doc
    return targets.get((target_doc, fragment)) or first.get(fragment)


def _docname_of(path: str, docname: str, docnames: frozenset[str]) -> str | None:
    """The source page a relative URL such as `../people/ada.html` names, seen from `docname`."""
    path = unquote(path)
    if path.endswith("/"):
        path += "index"
    path = posixpath.splitext(path)[0] if path.endswith(".html") else path
    name = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))
    return name if name in docnames else None
