"""What the running bot is doing now, as plain data: which shards it runs, which are
connected and how quick their gateway is, how much of the fact base is loaded.

`FactBot.snapshot()` takes one; `/healthz`, `/metrics` and `/about` all read it, so
they never disagree, and none of them needs discord.py to be tested.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ShardStatus:
    """One gateway shard this process runs."""

    id: int
    connected: bool  # ready (READY and its guilds) or RESUMED since the last disconnect
    latency: float | None  # seconds from a heartbeat to its ack; None until measured
    guilds: int


@dataclass(frozen=True, slots=True)
class Status:
    """A snapshot of the bot: gateway state and what it answers from."""

    ready: bool  # every shard has had its first READY and its guilds
    closed: bool  # the bot is shutting down or has stopped
    shard_count: int  # across all processes (1 when not sharded)
    shards: tuple[ShardStatus, ...]  # only the shards this process runs
    facts: int
    articles: int
    draining: bool = False  # stopping: finishing the questions already received

    @property
    def problem(self) -> str | None:
        """Why the bot cannot answer right now, in a few words; None when it can."""
        if self.draining:
            return "draining"
        if self.closed:
            return "gateway closed"
        if not self.ready:
            return "gateway not ready"
        down = [str(shard.id) for shard in self.shards if not shard.connected]
        if down and self.shard_count == 1:
            return "gateway disconnected"
        if down:
            return f"shard{'s' * (len(down) > 1)} {', '.join(down)} disconnected"
        if self.facts == 0:
            return "no facts loaded"
        return None
