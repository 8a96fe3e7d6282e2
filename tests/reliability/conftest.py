"""Shared pieces of the reliability suite: a log catcher that sees every record the bot
and discord.py emit (from any thread).

The suite asserts behaviour only; what it would merely measure (throughput, latencies,
memory) is benchmarks/load.py's job (`make bench-load`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest


class LogCatcher(logging.Handler):
    """Every record at WARNING or above, from any logger and thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self._waiters: list[tuple[str, asyncio.AbstractEventLoop, asyncio.Event]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        for text, loop, event in list(self._waiters):
            if text in record.getMessage():
                loop.call_soon_threadsafe(event.set)

    async def wait_for(self, text: str, *, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Until a record whose message contains `text` has been logged."""
        if any(text in r.getMessage() for r in self.records):
            return
        waiter = (text, asyncio.get_running_loop(), asyncio.Event())
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter[2].wait(), timeout)
        finally:
            self._waiters.remove(waiter)

    def at_least(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= level]

    def errors(self) -> list[str]:
        """ERROR and CRITICAL records, each with its exception, for an assertion message."""
        return [
            f"{r.name}: {r.getMessage()}"
            + (f" ({r.exc_info[1]!r})" if r.exc_info and r.exc_info[1] else "")
            for r in self.at_least(logging.ERROR)
        ]


@pytest.fixture
def logs() -> Iterator[LogCatcher]:
    """Warnings and errors logged during the test. The root logger is held at WARNING, so
    a busy bot's INFO lines are not even made (they would pile up in pytest's capture)."""
    root = logging.getLogger()
    catcher = LogCatcher()
    level = root.level
    root.addHandler(catcher)
    root.setLevel(logging.WARNING)
    try:
        yield catcher
    finally:
        root.removeHandler(catcher)
        root.setLevel(level)
