"""Where the handbook is published and whether search engines may list it, from program.yaml.

Sphinx needs both while it reads `conf.py`, before the build checks the data, so they are read
here on their own, leniently and without the models (importing pydantic would cost every
no-op build about 0.1 s): a broken file gives the defaults, and the build's own check then
reports it and stops. The fields' meaning is the model's (`ProgramInfo.site_url`, `.private`),
and on every value the check accepts the two readings agree (`private` is a strict flag, as
YAML's booleans are; a `site_url` the model takes starts with http(s)://): a test holds them
together.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generators.data.files import PROGRAM_FILE
from generators.data.safefile import Refused, read_capped


@dataclass(frozen=True)
class PublishedSite:
    #: The site's address, ending in "/" ("" when program.yaml gives none).
    url: str
    #: Asks search engines not to index the site, and publishes no sitemap.
    private: bool


def published_site(program_dir: str | os.PathLike[str]) -> PublishedSite:
    """`site_url` and `private` from program.yaml (an address that is not http(s) is none)."""
    folder = Path(program_dir)
    try:  # a link out of the program folder is not followed, here either
        raw = read_capped(folder / PROGRAM_FILE, 1 << 20, folder)
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, Refused, yaml.YAMLError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return PublishedSite("", False)
    url = data.get("site_url")
    if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        url = ""
    elif not url.endswith("/"):
        url += "/"
    return PublishedSite(url, data.get("private") is True)
