"""Pydantic's validation errors in words a coordinator acts on: expected, found, and a hint."""

from __future__ import annotations

import re
import typing
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from generators.data.yamlfile import did_you_mean

_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list (one '- ' line an item)",
    "tuple_type": "a list (one '- ' line an item)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def describe(value: Any) -> str:
    """How a found value is shown: short, typed, quoted when it is text."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__  # pragma: no cover


def explain(error: ErrorDetails, model: type[BaseModel] | None) -> tuple[str, str]:
    """The message and hint for one pydantic error found while validating `model`."""
    kind = error["type"]
    found = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    loc = error["loc"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", ""
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = "allowed keys: " + ", ".join(sorted(allowed))
        return f"unknown key '{loc[-1]}'", hint
    if kind == "literal_error":
        choices = [
            c.strip().strip("'")
            for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        choices = [c for c in choices if c]
        hint = did_you_mean(str(found), choices) if isinstance(found, str) else ""
        return f"expected one of {', '.join(choices)}; found {describe(found)}", hint
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": "≥",
            "greater_than": ">",
            "less_than_equal": "≤",
            "less_than": "<",
        }[kind]
        bound = next(iter(v for k, v in ctx.items() if k in ("ge", "gt", "le", "lt")), "")
        hint = "counts and sizes are never negative" if bound == 0 and sign == "≥" else ""
        return f"expected a number {sign} {bound}; found {describe(found)}", hint
    if kind in ("too_short", "too_long"):
        size = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return f"expected {word} {size} item(s); found {ctx.get('actual_length', '?')}", ""
    if kind == "date_format":
        hint = "write dates as 2024-03-21" if isinstance(found, str) else ""
        return f"expected a date as YYYY-MM-DD; found {describe(found)}", hint
    if kind == "date_range":
        from generators.data.years import HINT

        return str(error["msg"]), HINT
    if kind == "slug":
        candidate = id_for(found) if isinstance(found, str) else None
        hint = f"for example '{candidate}'" if candidate and candidate != found else ""
        return f"{error['msg']}; found {describe(found)}", hint
    if kind == "both_roles":
        return str(error["msg"]), "add mentor and mentee to roles, or remove mentee_while_mentoring"
    if kind == "timezone":
        hint = _zone_hint(found) if isinstance(found, str) else ""
        return f"{error['msg']}; found {describe(found)}", hint
    if kind == "text":
        hint = ""
        if isinstance(found, bool):
            hint = "YAML reads true and false as yes-or-no values; quote the word"
        elif isinstance(found, int | float | date):
            hint = "quote the value to make it text"
        return f"expected text; found {describe(found)}", hint
    if kind == "text_control":
        return str(error["msg"]), (
            "remove it: it hides or reorders what readers see, or acts on a terminal or a "
            "calendar (in double quotes, escapes such as \\e, \\v, \\N and \\L write one)"
        )
    if kind in _EXPECTED:
        hint = ""
        if kind.startswith("bool") and isinstance(found, str):
            hint = "write true or false without quotes"
        elif kind.startswith("int") and isinstance(found, str):
            hint = "write the number without quotes"
        return f"expected {_EXPECTED[kind]}; found {describe(found)}", hint
    message = str(error["msg"])
    shows_value = kind.startswith("date_") or "found" in message
    if found is not None and not isinstance(found, dict | list | tuple) and not shows_value:
        message += f"; found {describe(found)}"
    return message, ""


def id_for(text: str) -> str | None:
    """The id `text` suggests ("Zoë Ångström!" → "zoe-angstrom"), or None: accents dropped,
    anything else between letters and digits a hyphen. A letter with no plain Latin form
    ("Ł", "ø", "静") gives None rather than an id that leaves it out; so does a result the
    model would refuse, so a hint is always an id the check accepts."""
    from generators.data.models import SLUG_PATTERN  # models import this module's peers

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    if any(c.isalnum() and not c.isascii() for c in plain):
        return None
    candidate = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(candidate) > 63:
        candidate = candidate[:63].rsplit("-", 1)[0] if "-" in candidate[:63] else candidate[:63]
    return candidate if SLUG_PATTERN.fullmatch(candidate) else None


@lru_cache(maxsize=1024)
def _zone_hint(found: str) -> str:
    """The closest IANA name: a pass over some 600 names, so asked once a distinct value."""
    from generators.data.models import known_timezones  # models import this module's peers

    return did_you_mean(found, known_timezones())


def _fields_at(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the model that sits at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside `Model`, `tuple[Model, ...]`, `Model | None` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
