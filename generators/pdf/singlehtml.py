"""Run Sphinx's `singlehtml` builder on the site's sources, with a plain theme.

The plain `basic` theme writes no navigation, search or theme toggle, so there is no chrome to
hide; the page's own stylesheets (sphinx-design, Pygments, the project's) are kept. Sphinx runs
in a child process: it registers nodes and roles globally, and a second build in the same
process (tests, or a tool that builds site and book) would warn about every one of them.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generators.pdf.errors import PdfError

if TYPE_CHECKING:
    from generators.data.published import PublishedProgram

#: Settings that differ from the site's: a theme without chrome, and no "¶" after headings.
PRINT_OVERRIDES: dict[str, object] = {
    "html_theme": "basic",
    "html_theme_options": {},
    "html_permalinks": False,
}
#: What the child process writes next to the page for the parent to read.
SUMMARY = "singlehtml.json"
#: The published view the pages were made from, for the pages the book adds (the cover, the
#: off-site edition's approval page): only the published view, never the raw program.
VIEW = "published.pickle"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class SiteBuild:
    """What the singlehtml build wrote and what the book needs to know about the project."""

    index: Path
    project: str
    author: str
    #: The program's name and organization from its checked data, when the project has them.
    program_name: str | None
    organization: str | None
    #: The published site's address (program.yaml's `site_url`), when the project has one.
    site_url: str | None
    #: The handbook's templates as `conf.py` names them, when the project uses the extension.
    templates: str | None
    language: str
    root_doc: str
    docnames: frozenset[str]
    warnings: tuple[str, ...]


def build_singlehtml(
    srcdir: Path,
    outdir: Path,
    overrides: dict[str, str] | None = None,
    environ: dict[str, str] | None = None,
) -> SiteBuild:
    """Build `srcdir` as one HTML page in `outdir`; returns Sphinx's warnings, not printing them.

    `overrides` are Sphinx settings for this build; `environ` adds environment variables, such
    as the "as of" date the cover shows.
    """
    if not (srcdir / "conf.py").is_file():
        raise PdfError(f"{srcdir} has no conf.py: not a Sphinx source folder", 2)
    outdir.mkdir(parents=True, exist_ok=True)
    summary = outdir / SUMMARY
    summary.unlink(missing_ok=True)
    (outdir / VIEW).unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", __name__, str(srcdir), str(outdir), json.dumps(overrides or {})],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HANDBOOK_PRINT": "1", **(environ or {})},
    )
    if done.returncode != 0 or not summary.is_file():
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise PdfError(f"Sphinx failed: {lines[-1] if lines else f'exit {done.returncode}'}")
    data = json.loads(summary.read_text(encoding="utf-8"))
    if "error" in data:
        raise PdfError(f"Sphinx failed: {data['error']}")
    return SiteBuild(
        index=Path(data["index"]),
        project=data["project"],
        author=data["author"],
        program_name=data["program_name"],
        organization=data["organization"],
        site_url=data.get("site_url"),
        templates=data.get("templates"),
        language=data["language"],
        root_doc=data["root_doc"],
        docnames=frozenset(data["docnames"]),
        warnings=tuple(data["warnings"]),
    )


def published_view(site: SiteBuild) -> PublishedProgram | None:
    """The published view the pages of `site` were made from (None for a project without the
    handbook's extension)."""
    path = site.index.parent / VIEW
    if not path.is_file():
        return None
    view: PublishedProgram = pickle.loads(path.read_bytes())  # written by our own child
    return view


def _build_here(srcdir: Path, outdir: Path, overrides: dict[str, str]) -> dict[str, Any]:
    """The child process's work: the build, summed up as JSON-ready data."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError

    from generators.sphinxext.cache import DataError

    warning = io.StringIO()
    try:
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(srcdir),
            outdir=str(outdir),
            doctreedir=str(outdir / ".doctrees"),
            buildername="singlehtml",
            confoverrides={**PRINT_OVERRIDES, **overrides},
            status=io.StringIO(),
            warning=warning,
            freshenv=True,
            keep_going=True,
        )
        app.build()
    except DataError:  # the data check stopped the build: its messages are the error
        messages = [_ANSI.sub("", line) for line in warning.getvalue().splitlines() if line.strip()]
        return {"error": "\n".join(messages) or "the build stopped"}
    except SphinxError as error:
        return {"error": str(error).splitlines()[0] if str(error) else type(error).__name__}
    config = app.config
    index = outdir / f"{config.root_doc}.html"
    if not index.is_file():
        return {"error": f"Sphinx wrote no {index.name} in {outdir}"}
    identity: tuple[str | None, str | None] = (None, None)
    site_url: str | None = None
    templates: str | None = None
    if "generators.sphinxext" in app.extensions:  # the view the pages were made from
        templates = str(config.handbook_templates_dir)
        from generators.sphinxext.cache import published

        view, _ = published(app.env)
        (outdir / VIEW).write_bytes(pickle.dumps(view))
        identity = (view.name, view.organization)
        site_url = view.joining.site_url if view.joining else None
    build = SiteBuild(
        index=index,
        project=str(config.project),
        author=str(config.author),
        program_name=identity[0],
        organization=identity[1],
        site_url=site_url,
        templates=templates,
        language=str(config.language or "en"),
        root_doc=str(config.root_doc),
        docnames=frozenset(app.env.found_docs),
        warnings=tuple(
            _ANSI.sub("", line) for line in warning.getvalue().splitlines() if line.strip()
        ),
    )
    data = asdict(build)
    data.update(index=str(index), docnames=sorted(build.docnames), warnings=list(build.warnings))
    return data


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    settings = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    (target / SUMMARY).write_text(
        json.dumps(_build_here(source, target, settings)), encoding="utf-8"
    )
