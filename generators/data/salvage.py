"""What can still be checked in a survey file that failed validation.

One wrong value (a scale label written as `true`, say) makes the survey invalid, but its
other questions and themes can still break the arithmetic or name someone. So that a file's
first error does not hide the rest, the parts that are valid on their own are checked too:
each invalid question or theme is replaced by an empty stand-in in its place (so the
positions in messages stay right), and an invalid total by one that no count exceeds.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generators.data.models import Breakdown, Question, Survey, Theme


def salvage_survey(data: dict[str, Any]) -> Survey | None:
    """A survey holding the valid parts of `data`, for the cross-record checks only."""
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        return None
    themes = data.get("themes") or []
    if not isinstance(themes, list):
        themes = []
    invited = data.get("invited")
    if not isinstance(invited, int) or isinstance(invited, bool) or invited < 0:
        invited = sys.maxsize
    return Survey.model_construct(
        id=data["id"] if isinstance(data.get("id"), str) else "",
        title=data["title"] if isinstance(data.get("title"), str) else "",
        date=date.min,  # no check reads a survey's date
        invited=invited,
        questions=tuple(
            _part(Question, item, _EMPTY_QUESTION, index) for index, item in enumerate(questions)
        ),
        themes=tuple(_part(Theme, item, _EMPTY_THEME, 0) for item in themes),
    )


def _part(model: type[BaseModel], item: Any, empty: dict[str, Any], index: int) -> Any:
    try:
        return model.model_validate(item)
    except ValidationError:
        stand_in = dict(empty)
        if "id" in stand_in:
            stand_in["id"] = f"\0{index}"  # never equal to a real id
        return model.model_construct(**stand_in)


_EMPTY_QUESTION: dict[str, Any] = {
    "id": "",
    "text": "",
    "scale": (),
    "counts": (),
    **dict.fromkeys(get_args(Breakdown)),
}
_EMPTY_THEME: dict[str, Any] = {"theme": "", "mentions": 0}
