"""`{handbook-form}`: a sign-up form named and linked by its own address.

The forms are issue forms of the handbook's repository; a page names one by its key
(``{handbook-form}`mentee` `` or ``mentor``) and the link opens that form, from the repository
`conf.py` gives (`handbook_repository`) and the form's file name (`coordinator.intake`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.util import logging

if TYPE_CHECKING:
    from generators.coordinator.intake import Form

logger = logging.getLogger(__name__)


def add_config_values(app: Sphinx) -> None:
    # The repository's web address, https://github.com/<owner>/<name> ("" = none).
    app.add_config_value("handbook_repository", "", "env", types=frozenset({str}))


def form_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The form's title, in italics, linked to the form itself."""
    # Imported here: a build that starts need not import pydantic (the intake's models).
    from generators.coordinator.intake import FORM_TITLES, Form, form_address

    env = inliner.document.settings.env
    key = text.strip()
    forms: tuple[Form, ...] = get_args(Form)
    location = (env.docname, lineno)
    if key not in forms:
        logger.warning(
            f"handbook-form: expected one of {', '.join(forms)}; found {key!r}",
            location=location,
            type="handbook",
            subtype="option",
        )
        return [nodes.Text(text)], []
    form: Form = key  # checked against the Literal above
    title = nodes.emphasis(FORM_TITLES[form], FORM_TITLES[form])
    repository = env.config.handbook_repository
    if not repository:
        logger.warning(
            "handbook-form needs handbook_repository in conf.py to link the form",
            location=location,
            type="handbook",
            subtype="config",
        )
        return [title], []
    link = nodes.reference(rawtext, "", title, refuri=form_address(repository, form))
    link["classes"].append("handbook-form")
    return [link], []
