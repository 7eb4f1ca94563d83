"""The handbook's bookkeeping of pages, kept as a Sphinx domain (as `sphinx.ext.todo` does).

For each page: the kinds of data its blocks show, whether it shows the "as of" date, the
pages its blocks link to, and whether it links to incentives or offers the downloads. Sphinx
pickles it with the environment, clears a page's entry before the page is re-read, and merges
the entries of pages read by other processes in a parallel build.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

AS_OF = "as-of"
#: A page that links to an incentive's anchor shows the incentive's name as the link text.
INCENTIVE_REFS = "incentive-refs"
#: Anchors the blocks register, by prefix, and the kind of data whose names their links show.
LABEL_KINDS = {
    "incentive-": "incentives",
    "decision-": "meetings",
    "meeting-": "meetings",
    "timeline-": "timeline",
}


def label_refs(kind: str) -> str:
    """What a page that links to an anchor showing data of `kind` is noted as using."""
    return INCENTIVE_REFS if kind == "incentives" else f"{kind}-refs"


#: A page that offers the calendar and the published data: the build writes them only then.
DOWNLOADS = "downloads"
#: Prefix of a page a block links to: the block's page is re-read when that page comes or goes.
PAGE = "page:"


class HandbookDomain(Domain):
    """Page → what it shows; plus the "as of" date the pages were last read for."""

    name = "handbook"
    label = "SRE mentorship handbook"
    initial_data: ClassVar[dict[str, Any]] = {"uses": {}, "as_of": ""}
    #: Bump when the shape of `data` changes: Sphinx then starts from a fresh environment.
    data_version = 1

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # This build's own facts, never pickled (domains are not): set by the build's events.
        self.reading: set[str] = set()
        self.writing: set[str] = set()
        self.pages_came_or_went = False
        self.rewrite_all = False

    @property
    def uses(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = self.data["uses"]
        return found

    @property
    def as_of(self) -> str:
        return str(self.data["as_of"])

    @as_of.setter
    def as_of(self, day: str) -> None:
        self.data["as_of"] = day

    def note(self, docname: str, what: Iterable[str]) -> None:
        self.uses.setdefault(docname, set()).update(what)

    def pages_using(self, what: str | Set[str]) -> set[str]:
        wanted = {what} if isinstance(what, str) else what
        return {doc for doc, used in self.uses.items() if used & wanted}

    def clear_doc(self, docname: str) -> None:
        self.uses.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["uses"]:
                self.uses[docname] = set(otherdata["uses"][docname])

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
