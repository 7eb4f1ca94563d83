"""The one error the PDF pipeline raises: a message for people, and the exit code."""

from __future__ import annotations


class PdfError(Exception):
    """A problem the person running the build can fix; `exit_code` 1 (result) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
