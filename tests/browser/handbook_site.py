"""The site the browser tests look at: the real handbook with 200 updates, built once.

The handbook's own pages and data, with one change to a copy of the data: the meeting the
updates are for (`reporting.meeting`) runs on, so that there are `UPDATES` reporting dates,
and the site is built as of the last. Navigation that works for 200 updates works for the
76 of today. The site's address has a nested path (`SITE_URL`), as a project's GitHub Pages
site has, so the 404 page is tried at a depth.

`python tests/browser/handbook_site.py FOLDER` builds it into FOLDER/html with the `sphinx-build` of
the Python that runs it (CI runs it from a plain install), and `nox -s browser` hands the
folder to the tests in `HANDBOOK_BROWSER_SITE`; without it, each test worker builds its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent.parent
UPDATES = 200
#: A nested address: the 404 page's links must start at the site's root, not the server's.
SITE_URL = "https://handbook.example.org/sre/mentorship/"
#: What the build needs beside docs/ (conf.py names the templates; a page includes the file).
FILES = ("docs", "_templates", "CONTRIBUTING.md")
SUMMARY = "browser-site.json"


@dataclass(frozen=True)
class BrowserSite:
    html: Path
    program: Path
    as_of: date
    #: The path the site is served under ("/sre/mentorship/").
    prefix: str


def _data(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def prepare_program(target: Path) -> date:
    """A copy of program/ with `UPDATES` reporting dates and `SITE_URL`; the last date."""
    from generators.data.load import load_program
    from generators.data.metrics import reporting_dates

    shutil.copytree(REPO / "program", target)
    info = _data(target / "program.yaml")
    assert isinstance(info, dict)
    info["site_url"] = SITE_URL
    info["private"] = False
    _write(target / "program.yaml", info)
    meeting = info["reporting"]["meeting"]
    timeline = _data(target / "timeline.yaml")
    assert isinstance(timeline, list)
    entry = next(item for item in timeline if item["id"] == meeting)
    far = date.fromisoformat(str(entry["start"])) + timedelta(days=UPDATES * 31)
    entry["end"] = far.isoformat()
    _write(target / "timeline.yaml", timeline)
    days = reporting_dates(load_program(target, today=date.today()), far)
    assert len(days) >= UPDATES, f"the meeting '{meeting}' gives only {len(days)} dates"
    return days[UPDATES - 1]


def copy_handbook(root: Path) -> None:
    """The handbook's pages, templates and included file copied into `root`, without the
    update pages a build writes beside the pages (each build writes its own)."""
    for name in FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("updates"))
        else:
            shutil.copy2(source, root / name)


def build(folder: Path) -> BrowserSite:
    """The handbook with `UPDATES` updates, built into `folder`/html by a `sphinx-build`
    process of this Python's environment, from a copy of the handbook's folder."""
    root = folder / "handbook"
    shutil.rmtree(folder, ignore_errors=True)
    root.mkdir(parents=True)
    copy_handbook(root)
    as_of = prepare_program(root / "program")
    html = folder / "html"
    sphinx = Path(sys.executable).parent / "sphinx-build"
    command = [str(sphinx), "-b", "html", "-W", "--keep-going", "-q", "-j", "1"]
    command += ["-D", f"handbook_as_of={as_of.isoformat()}", "docs", str(html)]
    # From the copy's folder: the handbook's own modules come from the installed package.
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"building the browser tests' site failed:\n{done.stderr[-4000:]}")
    site = BrowserSite(html, root / "program", as_of, urlsplit(SITE_URL).path)
    summary = {"as_of": as_of.isoformat(), "prefix": site.prefix, "program": str(site.program)}
    (folder / SUMMARY).write_text(json.dumps(summary), encoding="utf-8")
    return site


def read(folder: Path) -> BrowserSite:
    """A site `build` wrote into `folder` before."""
    summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    return BrowserSite(
        folder / "html",
        Path(summary["program"]),
        date.fromisoformat(summary["as_of"]),
        summary["prefix"],
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/browser/handbook_site.py FOLDER")
    built = build(Path(sys.argv[1]).resolve())
    print(f"built {built.html}: the handbook as of {built.as_of}, with {UPDATES} updates")
