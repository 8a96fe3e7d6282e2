"""Snowflake ids and interaction tokens that look like Discord's.

Discord ids are 64-bit integers (sent as decimal strings) whose top 42 bits are
milliseconds since the Discord epoch; discord.py derives ``created_at`` from
them, so fake ids must decode to a plausible time.
"""

from __future__ import annotations

import base64
import itertools
import os
import time

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count()


def snowflake(at_ms: int | None = None) -> str:
    """Return a fresh, unique snowflake string for ``at_ms`` (default: now)."""
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    increment = next(_counter)
    worker, process = 1, 1
    value = ((ms - DISCORD_EPOCH_MS) << 22) | (worker << 17) | (process << 12)
    # The low 12 bits are the increment; overflow borrows from the timestamp,
    # which keeps ids unique and increasing.
    return str(value + increment)


def shard_for(guild_id: int | str, shard_count: int) -> int:
    """Discord's sharding formula: which shard receives events for a guild."""
    return (int(guild_id) >> 22) % max(shard_count, 1)


def interaction_token() -> str:
    """A long opaque interaction token like Discord's (``aW50ZXJhY3Rpb246...``)."""
    secret = base64.urlsafe_b64encode(os.urandom(60)).decode().rstrip("=")
    return "aW50ZXJhY3Rpb246" + secret


def iso_timestamp(at: float | None = None) -> str:
    """ISO-8601 timestamp with microseconds and offset, as Discord sends them."""
    t = time.time() if at is None else at
    micros = int((t % 1) * 1_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{micros:06d}+00:00"
