"""The extension's settings in `conf.py`: declared, resolved and checked once, at config-inited.

Paths become absolute, relative to the folder of `conf.py`, never to where the package is
installed (a plain `pip install .` puts it in site-packages, far from the handbook's files).
The "as of" date is resolved (setting, then `HANDBOOK_AS_OF`, then `SOURCE_DATE_EPOCH`, then
today) and stored as `YYYY-MM-DD`, so every later reader sees one checked value. A bad value
is a `ConfigError`.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from generators.asof import AsOfError, resolve_as_of
from generators.paths import PROGRAM, TEMPLATES


def add_config_values(app: Sphinx) -> None:
    """Declare the settings (names, defaults, and which ones force pages to be re-read)."""
    # Paths are resolved against the folder of conf.py; empty means the folder beside docs/.
    app.add_config_value("handbook_program_dir", "", "env", types=frozenset({str}))
    app.add_config_value("handbook_templates_dir", "", "env", types=frozenset({str}))
    # Drawn charts, by hash ("" = the user's cache folder, shared by builds and checkouts).
    app.add_config_value("handbook_chart_cache", "", "", types=frozenset({str}))
    # The "as of" date is not a rebuild reason by itself: pages that show it are re-read.
    app.add_config_value("handbook_as_of", "", "", types=frozenset({str}))
    # The site carries the printed editions (the deploy builds them beside the pages).
    app.add_config_value("handbook_printed", False, "env", types=frozenset({bool}))
    # A folder under the source folder for one generated page per reporting date ("" = none).
    app.add_config_value("handbook_updates_dir", "", "env", types=frozenset({str}))


def resolve(app: Sphinx, config: Config) -> None:
    """config-inited: absolute paths and a resolved date, or the build stops with why."""
    confdir = Path(app.confdir)
    program = config.handbook_program_dir or f"../{PROGRAM}"
    config.handbook_program_dir = str((confdir / program).resolve())
    cache = config.handbook_chart_cache
    default_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    config.handbook_chart_cache = str(
        (confdir / cache).resolve()
        if cache
        else default_cache / "sre-mentorship-handbook" / "charts"
    )
    templates = config.handbook_templates_dir or f"../{TEMPLATES}"
    config.handbook_templates_dir = str((confdir / templates).resolve())
    try:
        config.handbook_as_of = resolve_as_of(config.handbook_as_of or None).isoformat()
    except AsOfError as error:
        raise ConfigError(f"handbook_as_of: {error}") from None
    updates = config.handbook_updates_dir
    if updates and not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", updates):
        raise ConfigError(
            "handbook_updates_dir: expected a folder under the source folder, such as "
            f"'updates'; found {updates!r}"
        )


def program_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_program_dir)


def templates_dir(env: BuildEnvironment) -> Path:
    return Path(env.config.handbook_templates_dir)


def as_of(env: BuildEnvironment) -> date:
    """The build's "as of" date, resolved and checked at config-inited."""
    return date.fromisoformat(env.config.handbook_as_of)


def chart_cache(env: BuildEnvironment) -> Path:
    """Where drawn charts are kept, named by the hash of what they show.

    By default outside the build folder, in the user's cache, so that a clean build redraws
    only charts whose data changed. Charts show aggregates only, never a person.
    """
    return Path(env.config.handbook_chart_cache)


def cache_dir(env: BuildEnvironment) -> Path:
    """Where the build keeps its data stamps and caches: beside the doctrees."""
    return Path(env.doctreedir) / "handbook"
