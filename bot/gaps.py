"""The curators' gaps log: questions the bot could not answer (or answered badly), kept so
the fact base can grow where people actually ask.

One JSON object per line: time, question text, why, the best candidates with scores, and
for verdicts from Discord's "Helpful / Not helpful" buttons, the verdict. Never who asked.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.normalize import normalize
from bot.core.reply import Reply

log = logging.getLogger(__name__)
NEAR_MISS_MARGIN = 0.1  # answered, but within this of the threshold: worth a curator's look


class GapsLog:
    """Appends entries to a JSON-lines file; safe to share between threads."""

    def __init__(self, path: Path, *, threshold: float) -> None:
        self.path = path
        self.threshold = threshold
        self._lock = threading.Lock()

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
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(line)
        except OSError as exc:  # a full disk must not stop the bot answering
            log.warning("could not write the gaps log %s: %s", self.path, exc)


@dataclass(frozen=True, slots=True)
class GapSummary:
    question: str
    count: int
    kinds: dict[str, int]
    best: str | None  # the fact id most often offered


def summarize(path: Path, *, top: int = 20) -> tuple[list[GapSummary], int]:
    """The most frequent unanswered or disliked questions (grouped by normalized text), and
    the number of unreadable lines skipped."""
    groups: dict[str, list[dict[str, Any]]] = {}
    bad = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
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
