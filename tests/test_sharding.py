"""Shards split over processes: each identifies with its own shard ids, answers the guilds
Discord routes to it, reports its shards in /metrics and /about, and only the process
that runs shard 0 syncs the slash commands."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from bot.client import FactBot, create_bot
from tests.helpers import embed_text, lighthouse_base, sample, scrape, serving_health, settings_for
from tests.loopback import FakeDiscord, World, connected
from tests.loopback import payloads as pl
from tests.loopback.snowflakes import shard_for


def _two_shard_world() -> World:
    world = World()
    for n in range(2):  # snowflakes whose timestamps differ by 1 ms: one guild per shard
        guild_id = str((1_700_000_000_000 + n) << 22)
        world.guilds.append(pl.guild(f"Guild {n}", bot=world.bot, guild_id=guild_id))
    assert [shard_for(g["id"], 2) for g in world.guilds] == [0, 1]
    return world


@contextlib.asynccontextmanager
async def _process(fake: FakeDiscord, shard_id: int, state: Path) -> AsyncIterator[FactBot]:
    """What one container runs: FACTBOT_SHARD_COUNT=2, FACTBOT_SHARD_IDS=<shard_id>."""
    settings = settings_for(fake, shard_count=2, shard_ids=(shard_id,), state_dir=state)
    bot = create_bot(settings, lighthouse_base(), guild_ready_timeout=0.05)
    async with connected(bot, fake):
        yield bot


async def test_two_processes_split_the_shards(tmp_path: Path) -> None:
    world = _two_shard_world()
    async with (
        FakeDiscord(world, heartbeat_interval_ms=500) as fake,
        _process(fake, 0, tmp_path / "a") as first,
        _process(fake, 1, tmp_path / "b") as second,
    ):
        assert [tuple(i["shard"]) for i in fake.identifies] == [(0, 2), (1, 2)]
        assert len(fake.find_requests("PUT", "/applications/{app}/commands")) == 1

        for guild in world.guilds:
            await fake.send_message(
                "who built the lighthouse?", mention_bot=True, guild_id=guild["id"]
            )
            sent = await fake.wait_for_request("POST", "/channels/{id}/messages", status=200)
            assert "Thomas Greer" in embed_text(sent.json["embeds"][0])

        payload = await fake.invoke_slash("about", guild_id=world.guilds[1]["id"])
        response = await fake.wait_for_request("POST", f"/interactions/{payload['id']}/*/callback")
        fields = {f["name"]: f["value"] for f in response.json["data"]["embeds"][0]["fields"]}
        assert fields["Shards"] == "1 of 2"
        assert fields["Gateway latency"].startswith("shard 1: ")

        async with serving_health(first) as url_first, serving_health(second) as url_second:
            for url, mine, other in ((url_first, "0", "1"), (url_second, "1", "0")):
                samples = await scrape(url)
                assert sample(samples, "factbot_shard_info", shard=mine, shard_count="2") == 1
                assert sample(samples, "factbot_shard_info", shard=other, shard_count="2") is None
                assert sample(samples, "factbot_shard_connected", shard=mine) == 1
                assert sample(samples, "factbot_guilds", shard=mine) == 1
                # Each process counted the one question from the guild on its shard.
                assert sample(samples, "factbot_questions_total", source="mention") == 1
                assert sample(samples, "factbot_healthy") == 1


async def test_the_drain_stops_every_shard_reading_and_finishes_what_they_received(
    tmp_path: Path,
) -> None:
    """What SIGTERM does to a process running both shards (bot/launcher.py): no shard
    takes new questions, and the ones already received are answered."""
    world = _two_shard_world()
    async with FakeDiscord(world, heartbeat_interval_ms=500) as fake:
        settings = settings_for(fake, shard_count=2, state_dir=tmp_path)
        bot = create_bot(settings, lighthouse_base(), guild_ready_timeout=0.05)
        async with connected(bot, fake):
            fake.delay("POST", "/channels/{id}/messages", 0.5)
            asked = [
                await fake.send_message(
                    "who built the lighthouse?", mention_bot=True, guild_id=guild["id"]
                )
                for guild in world.guilds
            ]
            for _ in range(500):  # until both shards have read theirs (at most 5 s)
                if len(bot.handler_tasks()) >= 2:
                    break
                await asyncio.sleep(0.01)
            bot.stop_reading()
            assert bot.snapshot().problem == "draining"
            late = await fake.send_message(
                "who built the lighthouse?", mention_bot=True, guild_id=world.guilds[1]["id"]
            )
            assert await bot.drain(5.0) == 0
            await asyncio.sleep(0.3)
            replied = {
                str(r.json["message_reference"]["message_id"])
                for r in fake.find_requests("POST", "/channels/{id}/messages", status=200)
            }
    assert replied == {m["id"] for m in asked}
    assert late["id"] not in replied
