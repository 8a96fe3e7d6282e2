"""The curators' gaps log: questions the bot could not answer (or answered badly), kept so
the fact base can grow where people actually ask.

One JSON object per line: time, question text, why, the best candidates with scores, and
for verdicts from Discord's "Helpful / Not helpful" buttons, the verdict. Never who asked.

The log is capped (FACTBOT_GAPS_LOG_MB, 10 MB by default): an entry that would take it over
the cap first moves it to `<log>.1`, dropping the older `.1`, so the two together hold at
most twice the cap. It is written only as a regular file, never through a link.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core import MIB, UnsafeFileError, read_bytes
from bot.core.normalize import normalize
from bot.core.reply import Reply

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 10 * MIB
NEAR_MISS_MARGIN = 0.1  # answered, but within this of the threshold: worth a curator's look


class GapsLog:
    """Appends entries to a JSON-lines file; safe to share between threads."""

    def __init__(self, path: Path, *, threshold: float, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = path
        self.threshold = threshold
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings, *, threshold: float) -> GapsLog | None:
        """The log FACTBOT_GAPS_LOG names, with its cap; None when it is off."""
        if settings.gaps_log is None:
            return None
        return cls(settings.gaps_log, threshold=threshold, max_bytes=settings.gaps_log_max_bytes)

    @property
    def rotated(self) -> Path:
        """Where the log goes when it reaches its cap."""
        return self.path.with_name(self.path.name + ".1")

    def record(self, reply: Reply) -> None:
        """Log an abstention or a near miss; confident answers are not gaps."""
        if (
            reply.answered
            and not reply.ambiguous
            and reply.form == "facts"
            and (reply.confidence >= self.threshold + NEAR_MISS_MARGIN)
        ):
            return
        if reply.answered and reply.form == "timeline":
            return
        kind = "ambiguous" if reply.ambiguous else "near_miss" if reply.answered else "abstained"
        candidates = reply.facts if reply.answered else reply.near_misses
        self._write(
            {
                "kind": kind,
                "question": reply.question,
                "reason": reply.reason.value if reply.reason else None,
                "candidates": [
                    {"id": r.fact.id, "score": round(r.score, 4)} for r in candidates[:3]
                ],
            }
        )

    def verdict(self, question: str, fact_ids: list[str], helpful: bool) -> None:
        """A reader's verdict on an answer (the Discord buttons)."""
        self._write(
            {
                "kind": "verdict",
                "question": question,
                "helpful": helpful,
                "candidates": [{"id": i} for i in fact_ids],
            }
        )

    def _write(self, entry: dict[str, Any]) -> None:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **entry}
        data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = self._open()
                size = os.fstat(fd).st_size
                if size and size + len(data) > self.max_bytes:
                    os.close(fd)
                    self.path.replace(self.rotated)  # the older .1 is dropped
                    log.info("gaps log at its cap (%d bytes): moved to %s", size, self.rotated)
                    fd = self._open()
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
        except (OSError, UnsafeFileError) as exc:  # a full disk must not stop the bot answering
            log.warning("could not write the gaps log %s: %s", self.path, exc)

    def _open(self) -> int:
        """The log opened for appending: a regular file, not a link, a FIFO or a device."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.path, flags | getattr(os, "O_NONBLOCK", 0), 0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UnsafeFileError("not a regular file: the gaps log must be a plain file")
        return fd


@dataclass(frozen=True, slots=True)
class GapSummary:
    question: str
    count: int
    kinds: dict[str, int]
    best: str | None  # the fact id most often offered


def summarize(
    path: Path, *, top: int = 20, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[GapSummary], int]:
    """The most frequent unanswered or disliked questions (grouped by normalized text) in
    the log and its rotated part, and the number of unreadable lines skipped. Raises
    `UnsafeFileError` for a log that is not a regular file or is far over its cap."""
    groups: dict[str, list[dict[str, Any]]] = {}
    bad = 0
    rotated = path.with_name(path.name + ".1")
    parts = [rotated, path] if rotated.exists() else [path]
    for part in parts:
        data = read_bytes(part, limit=2 * max_bytes, hint="raise FACTBOT_GAPS_LOG_MB")
        for line in data.decode("utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
                question = str(entry["question"])
            except (ValueError, KeyError, TypeError):
                bad += 1
                continue
            if entry.get("kind") == "verdict" and entry.get("helpful"):
                continue
            groups.setdefault(normalize(question) or question, []).append(entry)
    summaries = []
    for entries in groups.values():
        offered = Counter(
            c["id"]
            for e in entries
            for c in e.get("candidates", [])[:1]
            if isinstance(c, dict) and "id" in c
        )
        summaries.append(
            GapSummary(
                question=entries[-1]["question"],
                count=len(entries),
                kinds=dict(Counter(str(e.get("kind")) for e in entries)),
                best=offered.most_common(1)[0][0] if offered else None,
            )
        )
    summaries.sort(key=lambda s: (-s.count, s.question))
    return summaries[:top], bad
