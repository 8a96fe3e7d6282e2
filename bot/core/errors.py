"""The one error vocabulary of the core: a `Problem` points at a file and line, and
`FactBaseError` carries every problem found, so a curator fixes them all in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.escaping import printable

FILE_LINE = 1  # where a problem with a whole file (or a missing file or directory) points
MESSAGE_LIMIT = 500  # characters: a message quotes at most a short excerpt of a value


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the fact base, worded for the curator who must fix it.

    It always prints as one `path:line: message` line. A problem with a file as a whole
    (unreadable, missing, a missing directory) has no line of its own (`line` None) and
    points at line 1, so every line parses the same way (editors, CI annotations).
    """

    path: Path
    line: int | None
    message: str

    def __post_init__(self) -> None:
        # Messages quote values from the files: one line, no terminal codes, not too long.
        object.__setattr__(self, "message", printable(self.message, MESSAGE_LIMIT))

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line or FILE_LINE}"

    def __str__(self) -> str:
        return f"{printable(self.where)}: {self.message}"


def sort_key(problem: Problem) -> tuple[str, int, str]:
    """Problems in file order, then line order."""
    return (str(problem.path), problem.line or FILE_LINE, problem.message)


class FactBaseError(Exception):
    """The fact base is invalid; nothing of it was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=sort_key)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "unknown problem"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"invalid fact base: {first}{more}")
