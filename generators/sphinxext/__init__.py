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

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

from generators import __version__
from generators.sphinxext import (
    blocks,
    cache,
    catalog,
    cleanup,
    config,
    filesystem,
    forms,
    joining,
    lock,
    metrics,
    roster,
    site,
    surveys,
    timeline,
    tracking,
    updates,
    working_group,
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
    "handbook-wg-agenda": working_group.NextAgenda,
    "handbook-rolling-agenda": working_group.RollingAgenda,
    "handbook-open-tasks": working_group.OpenTasks,
    "handbook-decisions": working_group.Decisions,
    "handbook-feedback": working_group.FeedbackLog,
}


def setup(app: Sphinx) -> dict[str, Any]:
    config.add_config_values(app)
    site.add_config_values(app)
    forms.add_config_values(app)
    app.add_domain(HandbookDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, filesystem.directive_naming_file_errors(directive))
    app.add_role("handbook-form", forms.form_role)

    def connect(event: str, handler: Callable[..., Any], priority: int = 500) -> None:
        app.connect(event, filesystem.naming_file_errors(handler), priority=priority)

    # First and last: nothing is read before the build holds its folders, nor written after.
    connect("config-inited", lock.acquire, priority=100)
    connect("config-inited", config.resolve)
    connect("config-inited", site.configure)
    connect("config-inited", updates.leave_out_of_print)
    connect("builder-inited", tracking.notice_unfinished_build)
    connect("builder-inited", cache.check_before_reading)
    connect("builder-inited", updates.write_stubs)
    connect("html-page-context", updates.root_links)
    connect("html-page-context", site.noindex)
    connect("html-collect-pages", cleanup.tidy_search_index)
    connect("build-finished", updates.write_downloads)
    connect("build-finished", tracking.finish)
    # Before sphinx-sitemap writes (priority 500), and after it has written what robots.txt names.
    connect("build-finished", site.complete_sitemap, priority=400)
    connect("build-finished", site.robots_txt, priority=900)
    connect("build-finished", filesystem.report_build_error, priority=950)
    connect("build-finished", lock.release, priority=999)
    connect("env-get-outdated", tracking.outdated)
    connect("env-before-read-docs", tracking.reading)
    connect("doctree-read", tracking.note_references)
    connect("env-get-updated", tracking.rewrite)
    connect("missing-reference", blocks.unresolved_link)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
