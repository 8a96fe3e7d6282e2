"""Exit codes, carried by the exceptions that end a command (as click's exceptions do).

A command raises `CommandError` (the thing asked for failed: exit 1) or `UsageError` (bad
arguments or configuration: exit 2) with one line for stderr; `bot.cli.main` prints it and
exits with the class's `exit_code`. Success is `EXIT_OK`; 130 is an interrupt, as shells say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from bot.core import FactBaseError

EXIT_OK = 0
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """What the command checked or did failed; the message says what, for stderr."""

    exit_code: ClassVar[int] = 1

    def format_message(self) -> str:
        """The line printed on stderr."""
        return str(self)


class UsageError(CommandError):
    """A usage or configuration error: the message says what to fix."""

    exit_code: ClassVar[int] = 2


SHOWN_PROBLEMS = 3  # problems a command other than `check` prints before its summary


class InvalidFactBaseError(CommandError):
    """The fact base has problems: the first few on their own lines, as `factbot check`
    lists them, then one line saying so and what the command did about it (exit 1)."""

    def __init__(self, error: FactBaseError, command: str, consequence: str = "") -> None:
        self.problems = error.problems
        count = len(error.problems)
        also = f"; {consequence}" if consequence else ""
        super().__init__(
            f"factbot{' ' + command if command else ''}: the fact base is invalid "
            f"({count} problem{'s' * (count != 1)}){also}. `factbot check` lists them"
        )

    def format_message(self) -> str:
        """The first few problems (the first is usually the cause), then the summary: a
        command that needs the base is no place for all of them; `check` lists them."""
        shown = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        return "\n".join([*shown, str(self)])
