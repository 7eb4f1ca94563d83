"""The real handbook tells a newcomer how and when to join: computed from program/, never fixed."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from conftest import REPO, Build

from generators.data.load import load_program


def test_the_home_page_shows_the_next_intake_and_links_the_contact(handbook_site: Build) -> None:
    program = load_program(REPO / "program", today=date.today())
    page = BeautifulSoup((handbook_site.outdir / "index.html").read_text(), "html.parser")
    intake = page.select_one(".handbook-intake")
    assert intake is not None and intake.get_text(" ", strip=True).startswith("Next intake:")
    links = {a["href"] for a in page.select(".handbook-contact a")}
    contact = program.info.contact
    expected = set()
    if contact is not None and contact.email:
        expected.add(f"mailto:{contact.email}")
    if contact is not None and contact.chat:
        expected.add(contact.chat.url)
    assert links == expected
    if not expected:  # valid data may leave the contact out: the page says so
        block = page.select_one(".handbook-contact")
        assert block is not None and "no contact is recorded" in block.get_text()
