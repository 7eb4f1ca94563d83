"""The handbook's bookkeeping of pages, kept as a Sphinx domain (as `sphinx.ext.todo` does).

For each page: what its blocks read of the program (paths and a digest, see
`generators.data.reads`), the pages its blocks link to, the cross-references whose text
comes from elsewhere (a label's title, a page's title), and whether it offers the
downloads. Sphinx pickles it with the environment, clears a page's entries before the page
is read again, and merges the entries of pages read by other processes in a parallel build.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from generators.data.reads import Recorded

#: The per-page tables, each docname → a set or list.
_PER_PAGE = ("reads", "links", "refs")


class HandbookDomain(Domain):
    """Page → what it read, links to and refers to; plus the view its reads were checked on."""

    name = "handbook"
    label = "SRE mentorship handbook"
    initial_data: ClassVar[dict[str, Any]] = {
        "reads": {},
        "links": {},
        "refs": {},
        "downloads": set(),
        "view": "",
    }
    #: Bump when the shape of `data` changes: Sphinx then starts from a fresh environment.
    data_version = 2

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # This build's own facts, never pickled (domains are not): set by the build's events.
        self.reading: set[str] = set()
        self.writing: set[str] = set()
        self.pages_came_or_went = False
        self.rewrite_all = False
        #: Labels, titles and tables of contents as they were before this build read pages.
        self.before: dict[str, dict[Any, Any]] = {}

    @property
    def reads(self) -> dict[str, list[Recorded]]:
        found: dict[str, list[Recorded]] = self.data["reads"]
        return found

    @property
    def links(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = self.data["links"]
        return found

    @property
    def refs(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = self.data["refs"]
        return found

    @property
    def downloads(self) -> set[str]:
        found: set[str] = self.data["downloads"]
        return found

    @property
    def view(self) -> str:
        """The data and day every page's reads were last found unchanged on."""
        return str(self.data["view"])

    @view.setter
    def view(self, key: str) -> None:
        self.data["view"] = key

    def note_reads(self, docname: str, recorded: Recorded) -> None:
        self.reads.setdefault(docname, []).append(recorded)

    def note_link(self, docname: str, target: str) -> None:
        self.links.setdefault(docname, set()).add(target)

    def note_refs(self, docname: str, targets: Iterable[str]) -> None:
        found = set(targets)
        if found:
            self.refs.setdefault(docname, set()).update(found)

    def pages_linking_to(self, targets: Set[str]) -> set[str]:
        return {doc for doc, linked in self.links.items() if linked & targets}

    def pages_referring_to(self, targets: Set[str]) -> set[str]:
        return {doc for doc, refs in self.refs.items() if refs & targets}

    def clear_doc(self, docname: str) -> None:
        for table in _PER_PAGE:
            self.data[table].pop(docname, None)
        self.downloads.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for table in _PER_PAGE:
                if docname in otherdata[table]:
                    self.data[table][docname] = otherdata[table][docname]
            if docname in otherdata["downloads"]:
                self.downloads.add(docname)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []  # the domain names no objects of its own


def domain(env: BuildEnvironment) -> HandbookDomain:
    found = env.domains["handbook"]
    assert isinstance(found, HandbookDomain)
    return found
