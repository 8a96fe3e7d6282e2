"""Which facts the bot gave in which Discord messages: bounded, in the state directory.

Only ids are kept (channel, message, fact ids): never the question or who asked. After a
reload, `take` returns the messages whose facts changed, and forgets them, so each old
answer is corrected at most once. The file is JSON lines, appended to as answers go out
and rewritten to its last `limit` entries when it grows to twice that.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

SERVED_LIMIT = 5000  # answers remembered (the oldest forgotten first)
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Served:
    channel_id: int
    message_id: int
    fact_ids: tuple[str, ...]


class ServedLog:
    def __init__(self, path: Path | None, limit: int = SERVED_LIMIT) -> None:
        self.path = path
        self.limit = limit
        self._entries: deque[Served] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._lines = 0
        if path is not None:
            self._read(path)

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, channel_id: int, message_id: int, fact_ids: Sequence[str]) -> None:
        """Remember that a message gave these facts (nothing when it gave none)."""
        if not fact_ids:
            return
        entry = Served(channel_id, message_id, tuple(fact_ids))
        with self._lock:
            self._entries.append(entry)
            self._append(entry)

    def take(self, fact_ids: Collection[str]) -> list[Served]:
        """The remembered messages that gave any of these facts, forgotten from now on."""
        with self._lock:
            wanted = set(fact_ids)
            hit = [e for e in self._entries if not wanted.isdisjoint(e.fact_ids)]
            if hit:
                kept = [e for e in self._entries if e not in hit]
                self._entries = deque(kept, maxlen=self.limit)
                self._rewrite()
            return hit

    def _read(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in lines[-self.limit :]:
            try:
                data = json.loads(line)
                self._entries.append(
                    Served(int(data["c"]), int(data["m"]), tuple(str(f) for f in data["f"]))
                )
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line after a crash costs that entry only
        self._lines = len(lines)

    def _append(self, entry: Served) -> None:
        if self.path is None:
            return
        if self._lines >= 2 * self.limit:
            self._rewrite()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(_line(entry))
            self._lines += 1
        except OSError as exc:  # a read-only state dir costs corrections, not answers
            _log.warning("cannot record served answers in %s: %s", self.path, exc.strerror)

    def _rewrite(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text("".join(_line(e) for e in self._entries), encoding="utf-8")
            tmp.replace(self.path)
            self._lines = len(self._entries)
        except OSError as exc:
            _log.warning("cannot rewrite %s: %s", self.path, exc.strerror)


def _line(entry: Served) -> str:
    return json.dumps({"c": entry.channel_id, "m": entry.message_id, "f": entry.fact_ids}) + "\n"
