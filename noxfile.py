"""Build, test and check the handbook. Every session works on a fresh machine with only Python."""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

import nox

nox.options.reuse_venv = "yes"
# uv creates and fills environments in a fraction of pip's time; without it, plain virtualenv.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["check", "docs", "tests", "lint"]

ROOT = Path(__file__).parent
BUILD = ROOT / "build"
SPHINX_WARNINGS = ["-W", "--keep-going", "-n"]
#: Clean builds read and write pages in parallel, one process a core: on this project's 2-core
#: machines a clean build of docs/ took 7.8 s serial against 7.1 s with two processes (the
#: handbook's own program), and 10.2 s against 8.1 s with the large synthetic program (2,000
#: people), medians of three interleaved runs. A rebuild that re-reads a few pages stays serial
#: by itself (1.19 s either way for a no-op); `-j 2` output equals a serial build's (the
#: differential test builds every third edit with it).
PARALLEL = ["-j", "auto"]
#: Our Python sources, compiled to bytecode whenever a session starts (see `_install`).
COMPILED = ("generators", "tests", "bench")


def _install(session: nox.Session, *extras: str) -> None:
    """Install the project with extras, editable so that a change to the code needs no new
    install (a plain `pip install .` works too: CI builds the browser tests' site from one).

    A warm session skips the installer when `pyproject.toml` and the extras are what its
    environment was last filled with: the editable install already sees every code change, so
    only a change of dependencies or entry points needs the installer (seconds with pip).
    """
    target = f".[{','.join(extras)}]" if extras else "."
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location) / ".handbook-installed" if location else None
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()
    if stamp is not None and stamp.is_file() and stamp.read_text() == wanted:
        session.log(f"{target} is installed for this pyproject.toml; skipping the installer")
    else:
        # uv leaves bytecode to the first run unless asked; where PYTHONDONTWRITEBYTECODE is
        # set, every run would compile every library again.
        session.install("-e", target, env={"UV_COMPILE_BYTECODE": "1"})
        if stamp is not None:
            stamp.write_text(wanted)
    # The editable install leaves our own sources to be compiled at import, and where
    # PYTHONDONTWRITEBYTECODE is set (CI machines), again by every process of every run: each
    # test worker and each build the tests start. Up-to-date files are skipped in milliseconds.
    session.run_install("python", "-m", "compileall", "-q", *COMPILED, silent=True)


@nox.session
def check(session: nox.Session) -> None:
    """Check program/ against the data contract (`handbook check`; pass --format json etc.)."""
    _install(session)
    session.run("handbook", "check", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: ratios against a reference measured in the same run (`--only check`)."""
    _install(session, "bench")
    session.run("python", "-m", "bench", *session.posargs)


def _sphinx_html(session: nox.Session, doctrees: Path, outdir: Path, *extra: str) -> None:
    """The HTML handbook from docs/ into `outdir`, any warning failing it; `extra` options
    before the folders, the session's own arguments after them."""
    # Invalid data stops here with the check's own lines, before Sphinx starts (the build
    # runs the same check, but Sphinx wraps its stop in an error report of its own).
    session.run("handbook", "check")
    session.run(
        "sphinx-build",
        "-b",
        "html",
        *SPHINX_WARNINGS,
        # Doctrees and caches live beside the site, not in it: the site is what gets published.
        "-d",
        str(doctrees),
        *PARALLEL,
        *extra,
        "docs",
        str(outdir),
        *session.posargs,
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML handbook into build/html; any warning fails the build."""
    _install(session)
    _sphinx_html(session, BUILD / "doctrees", BUILD / "html")


@nox.session
def publish(session: nox.Session) -> None:
    """The site as it is deployed, into build/site: the pages and, beside them, the printed
    editions (the whole book, the off-site pack, the latest update), all as of one day."""
    _install(session, "pdf")
    # One day for the pages and the books, even when the build runs past midnight.
    day = os.environ.get("HANDBOOK_AS_OF") or datetime.date.today().isoformat()
    session.env["HANDBOOK_AS_OF"] = day
    site = BUILD / "site"
    # The home page and the Updates page link the editions written below.
    _sphinx_html(session, BUILD / "doctrees-site", site, "-D", "handbook_printed=1")
    session.run("python", "-m", "generators.publish", str(site))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (no internet needed); browser tests run in `browser`.

    `nox -s tests -- -n 0` runs it in one process (for `--pdb`, say)."""
    _install(session, "test")
    # One worker a core, a test file to one worker: each printed edition of a day is built
    # once, by the worker running the one PDF test module that builds that day (test_pdf.py,
    # test_pdf_eve.py, test_print_charts.py). (`--dist loadgroup` would group by fixture, but
    # stops grouping with pytest 9.2: pytest-dev/pytest-xdist#1386.)
    session.run("pytest", "-m", "not browser", "-n", "auto", "--dist", "loadfile", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """The built handbook in headless Chromium: axe-core, phone widths, keyboard, search.

    Needs Debian's Chromium (`apt-get install chromium`, or HANDBOOK_CHROMIUM pointing at a
    Chromium binary); Playwright never downloads a browser. Screenshots go to build/screenshots/.
    """
    _install(session, "browser")
    # The site is built once, here, for every worker (CI builds it from a plain install and
    # says where, in HANDBOOK_BROWSER_SITE): the handbook with 200 updates.
    if not os.environ.get("HANDBOOK_BROWSER_SITE"):
        site = BUILD / "browser-site"
        session.run("python", "tests/browser/handbook_site.py", str(site))
        session.env["HANDBOOK_BROWSER_SITE"] = str(site)
    # One worker a core, each with a Chromium of its own: the tests take minutes in the
    # browser. An idle worker takes queued tests over.
    session.run(
        "pytest",
        "-m",
        "browser",
        "tests/browser",
        "-n",
        "auto",
        "--dist",
        "worksteal",
        *session.posargs,
    )


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the printable handbook into build/pdf/ (`nox -s pdf -- --paper letter` for Letter)."""
    _install(session, "pdf")
    session.run("handbook", "pdf", *session.posargs)


#: Configuration checked against its published schema (shipped inside check-jsonschema, so
#: offline): (schema, files). A broken workflow fails here, not after a push.
CONFIG_SCHEMAS = (
    ("vendor.github-workflows", ".github/workflows/*.yml"),
    ("vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/*.yml"),
    ("vendor.readthedocs", ".readthedocs.yaml"),
)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (lint and format) on everything, mypy on the package, and the workflows, issue
    forms and .readthedocs.yaml against their schemas."""
    _install(session, "dev")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    for schema, pattern in CONFIG_SCHEMAS:
        files = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob(pattern))
        if not files:
            session.error(f"no file matches {pattern}: update CONFIG_SCHEMAS in noxfile.py")
        session.run("check-jsonschema", "--builtin-schema", schema, *files)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link (needs the internet)."""
    _install(session)
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        *SPHINX_WARNINGS,
        "docs",
        str(BUILD / "linkcheck"),
        *session.posargs,
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview while editing: rebuilds on save, including `program/` and `_templates/`."""
    _install(session, "dev")
    session.run(
        "sphinx-autobuild",
        "docs",
        str(BUILD / "serve"),
        "--watch",
        "program",
        "--watch",
        "_templates",
        "--watch",
        "generators",
        # Update pages are written by the build itself: a change there is never an edit.
        "--ignore",
        "docs/updates",
        *session.posargs,
    )
