"""How and when to join: the program's contact, its site's address and the next intake.

Defined once here so the home page, the framework, the downloads and the PDF say the same:
the next intake on a day is the cohort whose application window has not yet closed, the
earliest first; it is open when the day lies inside the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from generators.data.models import Program


@dataclass(frozen=True)
class Intake:
    cohort: str
    cohort_start: date
    opens: date
    closes: date
    open_now: bool
    cohort_id: str


@dataclass(frozen=True)
class Joining:
    email: str | None
    chat_name: str | None
    chat_url: str | None
    site_url: str | None
    intake: Intake | None
    #: Every cohort's application window, the earliest first (the calendar has them all).
    intakes: tuple[Intake, ...] = ()

    @property
    def has_contact(self) -> bool:
        return self.email is not None or self.chat_url is not None

    def address(self, path: str) -> str | None:
        """The full address of `path` on the published site, when its address is known."""
        return site_address(self.site_url, path)

    def subscription(self, path: str) -> str | None:
        """`path` on the site as a webcal:// address, which calendar applications subscribe to."""
        full = self.address(path)
        if full is None:
            return None
        parts = urlsplit(full)
        return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def site_address(site_url: str | None, path: str) -> str | None:
    """`path` (from the site's root) as a full address on the site at `site_url`; None when
    the site's address is not known."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def intakes(program: Program, day: date) -> tuple[Intake, ...]:
    """Every cohort's application window as it stands on `day`, the earliest first."""
    windows = sorted(
        (c.applications.opens, c.applications.closes, c.start, c.name, c.id)
        for c in program.cohorts
        if c.applications is not None
    )
    return tuple(
        Intake(name, start, opens, closes, opens <= day <= closes, cohort_id)
        for opens, closes, start, name, cohort_id in windows
    )


def next_intake(program: Program, day: date) -> Intake | None:
    """The cohort taking applications on `day`, else the next to open; None when none is known."""
    return next((i for i in intakes(program, day) if i.closes >= day), None)


def joining(program: Program, day: date) -> Joining:
    """Everything a newcomer needs to join, as it stands on `day`."""
    contact = program.info.contact
    chat = contact.chat if contact is not None else None
    return Joining(
        email=contact.email if contact is not None else None,
        chat_name=chat.name if chat is not None else None,
        chat_url=chat.url if chat is not None else None,
        site_url=program.info.site_url,
        intake=next_intake(program, day),
        intakes=intakes(program, day),
    )
