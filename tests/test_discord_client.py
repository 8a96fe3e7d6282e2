"""FactBot as Discord sees it: intents, synced command definitions, sharding, and
answers that survive a dropped gateway and a rate limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core import MAX_QUESTION_CHARS
from tests.helpers import embed_text, running_bot, settle
from tests.loopback import World
from tests.loopback import payloads as pl
from tests.loopback.snowflakes import shard_for

GUILDS, GUILD_MESSAGES, DM_MESSAGES, MESSAGE_CONTENT = 1, 1 << 9, 1 << 12, 1 << 15
COMMANDS = {"ask", "timeline", "fact", "sources", "about", "reload", "review"}


def _options(command: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in command.get("options", [])}


async def test_identifies_with_the_least_intents() -> None:
    async with running_bot() as h:
        assert h.fake.identifies[0]["intents"] == GUILDS | GUILD_MESSAGES | DM_MESSAGES


async def test_synced_commands_are_fully_declared() -> None:
    async with running_bot() as h:
        [put] = h.fake.find_requests("PUT", "/applications/{app}/commands")
        synced = {c["name"]: c for c in put.json}
        assert set(synced) == COMMANDS
        for name, command in synced.items():
            assert name == name.lower()
            assert 1 <= len(command["description"]) <= 100, name
            for option in command.get("options", []):
                assert option["name"] == option["name"].lower()
                assert 1 <= len(option["description"]) <= 100, (name, option["name"])

        ask = _options(synced["ask"])
        assert ask["question"]["type"] == 3 and ask["question"]["required"] is True
        assert ask["question"]["max_length"] == MAX_QUESTION_CHARS
        assert ask["private"]["type"] == 5 and ask["private"]["required"] is False

        timeline = _options(synced["timeline"])
        assert list(timeline) == ["person", "topic", "from_year", "to_year"]
        assert timeline["person"]["autocomplete"] and timeline["topic"]["autocomplete"]
        assert timeline["from_year"]["type"] == timeline["to_year"]["type"] == 4
        assert not any(o["required"] for o in timeline.values())

        assert _options(synced["fact"])["id"]["autocomplete"] is True
        assert "options" not in synced["sources"] or synced["sources"]["options"] == []
        # /reload is hidden from members without Manage Server (bit 5), everything else not
        assert str(synced["reload"]["default_member_permissions"]) == str(1 << 5)
        others = [c for name, c in synced.items() if name != "reload"]
        assert all(c.get("default_member_permissions") is None for c in others)


async def test_with_guild_ids_commands_are_synced_to_those_guilds_only() -> None:
    world = World.default(guild_count=2)
    guild_ids = tuple(int(g["id"]) for g in world.guilds)
    async with running_bot(world=world, guild_ids=guild_ids) as h:
        await h.fake.wait_for_request("PUT", "/applications/{app}/guilds/{g}/commands")
        puts = h.fake.find_requests("PUT", "/applications/{app}/guilds/{g}/commands")
        assert sorted(p.path.split("/")[4] for p in puts) == sorted(map(str, guild_ids))
        assert all({c["name"] for c in p.json} == COMMANDS for p in puts)
        assert h.fake.find_requests("PUT", "/applications/{app}/commands") == []


async def test_sharded_bot_identifies_each_shard_and_answers_in_every_guild() -> None:
    world = World()
    for n in range(2):  # snowflakes whose timestamps differ by 1 ms: one guild per shard
        guild_id = str((1_700_000_000_000 + n) << 22)
        world.guilds.append(pl.guild(f"Guild {n}", bot=world.bot, guild_id=guild_id))
    async with running_bot(world=world, shard_count=2) as h:
        assert sorted(tuple(i["shard"]) for i in h.fake.identifies) == [(0, 2), (1, 2)]
        for guild in world.guilds:
            await h.say("who built the lighthouse?", mention_bot=True, guild_id=guild["id"])
            sent = await h.sent()
            assert "Thomas Greer" in embed_text(sent.json["embeds"][0])
        assert {shard_for(g["id"], 2) for g in world.guilds} == {0, 1}


async def test_a_dropped_gateway_connection_is_resumed_and_the_bot_still_answers() -> None:
    async with running_bot() as h:
        await h.fake.drop_gateway(resumable=True)
        await h.say("who built the lighthouse?", mention_bot=True)  # sent while away
        await h.fake.wait_for_resume()
        assert "Thomas Greer" in embed_text((await h.sent()).json["embeds"][0])
        assert len(h.fake.identifies) == 1


async def test_a_rate_limited_reply_is_retried_and_arrives_once() -> None:
    async with running_bot() as h:
        h.fake.fail_next("POST", "/channels/{id}/messages", status=429, retry_after=0.2)
        await h.say("who built the lighthouse?", mention_bot=True)
        limited = await h.fake.wait_for_request("POST", "/channels/{id}/messages")
        assert limited.status == 429
        sent = await h.sent()
        assert sent.json == limited.json
        await settle(0.3)
        assert len(h.fake.find_requests("POST", "/channels/{id}/messages", status=200)) == 1


async def test_unchanged_commands_are_not_synced_again(tmp_path: Path) -> None:
    world = World.default()
    async with running_bot(world=world, state_dir=tmp_path) as h:
        assert len(h.fake.find_requests("PUT", "/applications/{app}/commands")) == 1
    async with running_bot(world=world, state_dir=tmp_path) as h:  # same application
        assert h.fake.find_requests("PUT", "/applications/{app}/commands") == []
        response = await h.callback(await h.slash("sources"))  # the commands still work
        assert response.status == 200
    async with running_bot(world=World.default(), state_dir=tmp_path) as h:  # another one
        assert len(h.fake.find_requests("PUT", "/applications/{app}/commands")) == 1
