"""Where the handbook is published and whether search engines may list it, from program.yaml.

Sphinx needs both while it reads `conf.py`, before the build checks the data, so they are read
here on their own and leniently: a broken file, or a value the model would refuse, gives the
defaults, and the build's own check then reports it. The file is read as the check reads it
(`yamlfile.read_yaml`), and each value is taken by the model's own field
(`ProgramInfo.site_url`, `.private`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from generators.data.files import PROGRAM_FILE
from generators.data.models import ProgramInfo
from generators.data.yamlfile import read_yaml


@dataclass(frozen=True)
class PublishedSite:
    #: The site's address, ending in "/" ("" when program.yaml gives none).
    url: str
    #: Asks search engines not to index the site, and publishes no sitemap.
    private: bool


def published_site(program_dir: str | os.PathLike[str]) -> PublishedSite:
    """`site_url` and `private` from program.yaml (an address the model refuses is none)."""
    folder = Path(program_dir)
    # A link out of the program folder is not followed, here either.
    source = read_yaml(folder / PROGRAM_FILE, PROGRAM_FILE, folder)
    data = None if source.problems else source.data
    if not isinstance(data, dict):
        return PublishedSite("", False)
    url = _field("site_url", data.get("site_url")) or ""
    if url and not url.endswith("/"):
        url += "/"
    return PublishedSite(url, _field("private", data.get("private")) is True)


def _field(name: str, value: object) -> Any:
    """`value` as program.yaml's field `name` takes it, or None where the model refuses it."""
    if value is None:
        return None
    field = ProgramInfo.model_fields[name]
    kind: Any = Annotated[field.annotation, field]  # the field's type and its constraints
    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError:
        return None
