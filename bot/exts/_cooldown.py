"""Per-user rate limit for questions asked in messages, with one notice per limited spell.

Kept apart from the cog (and free of Discord imports) so the policy is testable with a fake
clock: `rate` messages in any `per` seconds pass; the first one over the limit earns a
polite notice; the rest are ignored until the window frees up, so a user who keeps typing
does not get one notice per message.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"  # answer it
    NOTIFY = "notify"  # over the limit: say so, once
    SILENT = "silent"  # over the limit and already told


@dataclass
class _Window:
    times: deque[float] = field(default_factory=deque)
    notified_until: float = 0.0


class Cooldown:
    """A sliding window per key; entries idle for a whole window are swept out, so the
    map holds only users seen in the last `per` seconds however many users there are."""

    def __init__(
        self, rate: int = 5, per: float = 30.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("a cooldown needs rate >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self.clock = clock
        self._windows: dict[Hashable, _Window] = {}
        self._last_sweep = clock()

    def __len__(self) -> int:
        """How many keys are tracked (for tests and metrics)."""
        return len(self._windows)

    def hit(self, key: Hashable) -> Verdict:
        """Count one message from `key` and say what to do with it."""
        now = self.clock()
        if now - self._last_sweep >= self.per:
            self._sweep(now)
        window = self._windows.setdefault(key, _Window())
        times = window.times
        while times and now - times[0] >= self.per:
            times.popleft()
        if len(times) < self.rate:
            times.append(now)
            return Verdict.ALLOW
        if now < window.notified_until:
            return Verdict.SILENT
        # Limited until the oldest counted message leaves the window: one notice for that.
        window.notified_until = times[0] + self.per
        return Verdict.NOTIFY

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        idle = [
            key
            for key, window in self._windows.items()
            if (not window.times or now - window.times[-1] >= self.per)
            and now >= window.notified_until
        ]
        for key in idle:
            del self._windows[key]
