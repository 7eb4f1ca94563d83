"""Problems found in `program/`: where they are, what was expected, what was found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generators.data.readable import CONTROL_CODES

#: Control characters from the data (a key written as "\e[2J", say) shown, never obeyed by
#: the terminal that prints the problem: each becomes its escape sequence. So do the
#: bidirectional controls and the line and paragraph separators, which reorder or break lines.
_VISIBLE = {code: repr(chr(code))[1:-1] for code in (*CONTROL_CODES, 0x09, 0x0A)}


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in the data, located precisely enough to fix it without searching."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""
    hint: str = ""
    code: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        text = f"{self.file}:{self.line}:{self.column}: {where}{self.message}{hint}"
        return text.translate(_VISIBLE)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }


class ProgramInvalid(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the program data")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as people type it: relative to `base` (or the working directory) when possible."""
    located = path.parent.resolve() / path.name  # a symbolic link shows as itself
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return located.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
