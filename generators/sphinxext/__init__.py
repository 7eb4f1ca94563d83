"""Sphinx extension: places generated tables, timelines, metrics and catalogs on pages.

Enable it in `conf.py` with `extensions = [..., "generators.sphinxext"]`. Each component
module adds its own directives; this module gathers them and wires the settings, the data
check, the page bookkeeping (the `handbook` domain) and the incremental-build tracking into
Sphinx's events.

Every warning it logs has the type `handbook` and a subtype (`handbook.option`,
`handbook.link`, `handbook.data`, ...), so `suppress_warnings = ["handbook.link"]` in
`conf.py` silences one kind. Invalid data stops the build as `cache.DataError` describes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from generators import __version__
from generators.sphinxext import (
    blocks,
    cache,
    catalog,
    cleanup,
    config,
    joining,
    metrics,
    roster,
    surveys,
    timeline,
    tracking,
    updates,
)
from generators.sphinxext.domain import HandbookDomain

DIRECTIVES = {
    "handbook-mentors": roster.Mentors,
    "handbook-pairings": roster.Pairings,
    "handbook-roles": roster.Roles,
    "handbook-incentives": catalog.Incentives,
    "handbook-recognition": catalog.Recognition,
    "handbook-status-report": updates.StatusReport,
    "handbook-downloads": updates.Downloads,
    "handbook-updates": updates.UpdatesIndex,
    "handbook-participation": metrics.Participation,
    "handbook-before-after": metrics.BeforeAfter,
    "handbook-targets": metrics.Targets,
    "handbook-figures": metrics.Figures,
    "handbook-survey": surveys.Survey,
    "handbook-surveys": surveys.Surveys,
    "handbook-timeline": timeline.Timeline,
    "handbook-meetings": timeline.Meetings,
    "handbook-joining": joining.Joining,
}


def setup(app: Sphinx) -> dict[str, Any]:
    config.add_config_values(app)
    app.add_domain(HandbookDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)

    app.connect("config-inited", config.resolve)
    app.connect("config-inited", updates.leave_out_of_print)
    app.connect("builder-inited", tracking.notice_unfinished_build)
    app.connect("builder-inited", cache.check_before_reading)
    app.connect("builder-inited", updates.write_stubs)
    app.connect("html-page-context", updates.root_links)
    app.connect("html-collect-pages", cleanup.drop_unused_search_terms)
    app.connect("build-finished", updates.write_downloads)
    app.connect("build-finished", tracking.finish)
    app.connect("env-get-outdated", tracking.outdated)
    app.connect("env-before-read-docs", tracking.reading)
    app.connect("doctree-read", tracking.note_references)
    app.connect("env-get-updated", tracking.rewrite)
    app.connect("missing-reference", blocks.unresolved_link)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
