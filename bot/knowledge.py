"""What the bot answers from, and the one way every front end loads and reloads it.

`Knowledge` pairs a fact base with the matcher built on it. It is immutable: a reload
builds a new one and swaps it in with one assignment, so every answer comes wholly from
the old base or wholly from the new one. The CLI (`factbot ask`, `chat`, ...), the
terminal chat's /reload and Discord's /reload all go through `load_knowledge` and
`reload_knowledge`; each front end only words the outcome.

This module sits below the Discord client and its extensions (it imports neither), so an
extension can use it without importing the client that loads the extensions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core import MAX_FILE_BYTES, FactBase, Matcher, load_fact_base, paused_gc


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The fact base and the matcher built on it, replaced as one value by a reload.

    Handlers read the current value once and use only that value, so every answer comes
    wholly from the old base or wholly from the new one, never a mix.
    """

    base: FactBase
    matcher: Matcher


def load_knowledge(
    facts_dir: Path,
    seeds_dir: Path,
    *,
    threshold: float | None = None,
    cache_dir: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> Knowledge:
    """Load, validate and index the fact base; raises `FactBaseError` listing every problem.
    `cache_dir` keeps the facts' vectors between starts (long-running front ends);
    `max_file_bytes` bounds each file read (FACTBOT_MAX_FILE_MB).

    Slow (whole files are read and checked): front ends on an event loop call it in a
    thread, and no cyclic garbage collection runs meanwhile (`paused_gc`), so the event loop
    keeps getting the interpreter lock and the gateway heartbeat stays on time.
    """
    with paused_gc():
        base = load_fact_base(facts_dir, seeds_dir, max_file_bytes=max_file_bytes)
        matcher = Matcher(base, threshold=threshold, cache_dir=cache_dir)
    return Knowledge(base, matcher)


def reload_knowledge(
    current: Knowledge, facts_dir: Path, seeds_dir: Path, *, max_file_bytes: int = MAX_FILE_BYTES
) -> Knowledge:
    """A fresh `Knowledge` from the files, matched as `current` is (same threshold).

    Raises `FactBaseError` when the files have problems; the caller keeps `current` then.
    """
    matcher = current.matcher
    return load_knowledge(
        facts_dir,
        seeds_dir,
        threshold=matcher.threshold,
        cache_dir=matcher.cache_dir,
        max_file_bytes=max_file_bytes,
    )
