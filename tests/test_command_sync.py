"""Slash commands reach Discord only when they changed; `factbot sync` forces it and says
what changed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from bot.cli import main
from bot.client import create_bot
from bot.command_sync import compare
from bot.logs import HANDLER_NAME
from tests.helpers import FACTS, SEEDS, create_bot_offline, lighthouse_base, running_bot
from tests.helpers import settings_for as settings_of
from tests.loopback import FakeDiscord, World, connected
from tests.test_discord_client import COMMANDS

GLOBAL = "/applications/{app}/commands"
GUILD = "/applications/{app}/guilds/{g}/commands"


def _ping(description: str) -> app_commands.Command[Any, ..., None]:
    """A command a newer version of the bot might add."""

    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    return app_commands.Command(name="ping", description=description, callback=ping)


async def _start(
    world: World, state: Path, *extra: app_commands.Command[Any, ..., None]
) -> list[list[dict[str, Any]]]:
    """Start the bot (with `extra` commands) and stop it; the command lists it PUT."""
    async with FakeDiscord(world, heartbeat_interval_ms=500) as fake:
        bot = create_bot(
            settings_of(fake, state_dir=state), lighthouse_base(), guild_ready_timeout=0.05
        )
        for command in extra:
            bot.tree.add_command(command)
        async with connected(bot, fake):
            pass
    return [put.json for put in fake.find_requests("PUT", GLOBAL)]


async def test_a_restart_syncs_only_when_a_command_changed(tmp_path: Path) -> None:
    world = World.default()
    assert len(await _start(world, tmp_path)) == 1
    assert await _start(world, tmp_path) == []  # a restart costs no sync

    [put] = await _start(world, tmp_path, _ping("Is the bot there?"))  # a new command
    assert {c["name"] for c in put} == COMMANDS | {"ping"}
    assert await _start(world, tmp_path, _ping("Is the bot there?")) == []

    [put] = await _start(world, tmp_path, _ping("Check that the bot answers."))  # reworded
    assert {c["name"]: c["description"] for c in put}["ping"] == "Check that the bot answers."


async def test_what_discord_echoes_back_compares_equal_to_what_was_sent() -> None:
    async with running_bot() as h:
        local = [c.to_dict(h.bot.tree) for c in h.bot.tree.get_commands()]
        changes = compare("global", h.world.global_commands, local)
    assert not changes.any
    assert sorted(changes.unchanged) == sorted(f"/{name}" for name in COMMANDS)


async def test_a_guild_that_refuses_commands_does_not_stop_the_bot(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = World.default(guild_count=2)
    refusing, accepting = (int(g["id"]) for g in world.guilds)
    async with FakeDiscord(world, heartbeat_interval_ms=500) as fake:
        fake.fail_next("PUT", f"/applications/*/guilds/{refusing}/commands", status=403)
        settings = settings_of(fake, guild_ids=(refusing, accepting), state_dir=tmp_path)
        bot = create_bot(settings, lighthouse_base(), guild_ready_timeout=0.05)
        async with connected(bot, fake):
            await fake.send_message("who built the lighthouse?", mention_bot=True)
            await fake.wait_for_request("POST", "/channels/{id}/messages", status=200)
    assert [p.status for p in fake.find_requests("PUT", GUILD)] == [403, 200]
    assert f"could not sync slash commands to guild {refusing}" in caplog.text
    remembered = sorted(p.name for p in (tmp_path / "command-sync").iterdir())
    assert remembered == [f"{world.application_id}-guild-{accepting}.sha256"]  # retried next start


# -- factbot sync ---------------------------------------------------------------------------


@pytest.fixture
def sync_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment `factbot sync` reads; its log handler is removed afterwards."""
    for name in ("DISCORD_TOKEN_FILE", "FACTBOT_GUILD_IDS", "FACTBOT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name in ("FACTBOT_SHARD_COUNT", "FACTBOT_SHARD_IDS", "FACTBOT_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    env = {
        "FACTBOT_FACTS_DIR": str(FACTS),
        "FACTBOT_SEEDS_DIR": str(SEEDS),
        "FACTBOT_STATE_DIR": str(tmp_path / "state"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)


async def _factbot_sync(
    monkeypatch: pytest.MonkeyPatch, fake: FakeDiscord, *args: str, token: str | None = None
) -> int:
    """`factbot sync ...` as a user runs it (its own event loop, so in a worker thread)."""
    monkeypatch.setenv("DISCORD_TOKEN", token or fake.token)
    monkeypatch.setenv("FACTBOT_API_BASE", fake.base_url)
    return await asyncio.to_thread(main, ["sync", *args])


async def _discord_has(fake: FakeDiscord, commands: list[dict[str, Any]]) -> None:
    """Commands put on Discord by an older version of the bot."""
    url = f"{fake.base_url}/applications/{fake.world.application_id}/commands"
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as http, http.put(url, json=commands, headers=headers) as r:
        assert r.status == 200


async def _older_commands() -> list[dict[str, Any]]:
    """Today's commands, but /ask worded differently, no /timeline and a retired /quiz."""
    bot = await create_bot_offline()
    commands = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    await bot.close()
    older = [c for c in commands if c["name"] != "timeline"]
    next(c for c in older if c["name"] == "ask")["description"] = "Ask the bot something."
    older.append({"name": "quiz", "description": "A retired command", "type": 1})
    return older


@pytest.mark.usefixtures("sync_env")
async def test_factbot_sync_prints_what_changed_and_syncs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    world = World.default()
    async with FakeDiscord(world) as fake:
        await _discord_has(fake, await _older_commands())
        code = await _factbot_sync(monkeypatch, fake)
        out, err = capsys.readouterr()
        assert code == 0, err
        assert out.splitlines() == [
            "global: 1 added, 1 removed, 1 changed, 5 unchanged",
            "  + /timeline",
            "  - /quiz",
            "  ~ /ask: description",
            "synced 7 commands in 1 scope(s)",
        ]
        assert {c["name"] for c in world.global_commands} == COMMANDS
        assert fake.find_requests("GET", "/gateway/bot") == []  # REST only: no gateway
        assert fake.identifies == []

        assert await _factbot_sync(monkeypatch, fake) == 0  # again: nothing to change
        assert capsys.readouterr().out.splitlines()[0] == "global: unchanged (7 commands)"

    async with running_bot(world=world, state_dir=tmp_path / "state") as h:
        assert h.fake.find_requests("PUT", GLOBAL) == []  # the sync was remembered


@pytest.mark.usefixtures("sync_env")
async def test_factbot_sync_dry_run_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeDiscord() as fake:
        assert await _factbot_sync(monkeypatch, fake, "--dry-run") == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == "global: 7 added"
        assert out[-1] == "dry run: nothing was sent to Discord"
        assert fake.find_requests("PUT", GLOBAL) == []


@pytest.mark.usefixtures("sync_env")
async def test_factbot_sync_with_a_rejected_token_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeDiscord() as fake:
        assert await _factbot_sync(monkeypatch, fake, token="not-the-token") == 2
        _, err = capsys.readouterr()
        assert err.splitlines() == [
            "factbot sync: Discord rejected the bot token (401 Unauthorized): check "
            "DISCORD_TOKEN or DISCORD_TOKEN_FILE (Developer Portal → your application → "
            "Bot → Reset Token)"
        ]
