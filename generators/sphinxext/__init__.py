"""Sphinx extension: places generated tables, timelines, metrics and catalogs on pages.

Enable it in `conf.py` with `extensions = [..., "generators.sphinxext"]`. Each component
module adds its own directives; this module gathers them and wires the data check and the
incremental-build tracking into Sphinx's events.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from generators import __version__
from generators.sphinxext import (
    blocks,
    catalog,
    joining,
    metrics,
    roster,
    state,
    surveys,
    timeline,
    tracking,
    updates,
)

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
    "handbook-timeline": timeline.Timeline,
    "handbook-meetings": timeline.Meetings,
    "handbook-joining": joining.Joining,
}


def setup(app: Sphinx) -> dict[str, Any]:
    # Paths are resolved against the folder of conf.py; empty means the repository's own.
    app.add_config_value("handbook_program_dir", "", "env", types=frozenset({str}))
    app.add_config_value("handbook_templates_dir", "", "env", types=frozenset({str}))
    # Drawn charts, by hash ("" = the user's cache folder, shared by builds and checkouts).
    app.add_config_value("handbook_chart_cache", "", "", types=frozenset({str}))
    # The "as of" date is not a rebuild reason by itself: pages that show it are re-read.
    app.add_config_value("handbook_as_of", "", "", types=frozenset({str}))
    # A folder under the source folder for one generated page per reporting date ("" = none).
    app.add_config_value("handbook_updates_dir", "", "env", types=frozenset({str}))

    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)

    app.connect("config-inited", state.resolve_paths)
    app.connect("config-inited", updates.leave_out_of_print)
    app.connect("builder-inited", state.check_before_reading)
    app.connect("builder-inited", updates.write_stubs)
    app.connect("html-page-context", updates.root_links)
    app.connect("build-finished", updates.write_downloads)
    app.connect("env-get-outdated", tracking.outdated)
    app.connect("env-purge-doc", tracking.purge)
    app.connect("env-merge-info", tracking.merge)
    app.connect("env-before-read-docs", tracking.reading)
    app.connect("doctree-read", tracking.note_references)
    app.connect("env-get-updated", tracking.rewrite)
    app.connect("missing-reference", blocks.unresolved_link)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
