"""A mention reaches every id the models allow: the hint "write @<id>" never asks for a
spelling the mention would not read."""

from __future__ import annotations

import pytest

from generators.data.mentions import mentions
from generators.data.models import SLUG_PATTERN


@pytest.mark.parametrize("person_id", ["di", "ana--b", "bo-", "0x", "a" + "-b" * 31])
def test_every_valid_id_can_be_mentioned(person_id: str) -> None:
    assert SLUG_PATTERN.match(person_id)
    for text in (f"@{person_id} led it", f"Thanks, @{person_id}.", f"(@{person_id})"):
        assert [m.person_id for m in mentions(text)] == [person_id], text


def test_addresses_and_escapes_are_not_mentions() -> None:
    for text in ("mail di@example.org", "see https://x.org/@di", r"\@di", "@@di"):
        assert list(mentions(text)) == [], text
