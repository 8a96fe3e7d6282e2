"""The loopback stand-in works with an unmodified discord.py client.

Each test runs a minimal client (not the product bot) against ``FakeDiscord``
over real HTTP/WebSocket on 127.0.0.1, and checks what discord.py sent against
Discord's OpenAPI document.
"""

# ruff: noqa: E402  (imports follow the audioop guard below)
from __future__ import annotations

import warnings

with warnings.catch_warnings():
    # discord.py imports audioop, deprecated since Python 3.11; with
    # filterwarnings=error that import would fail collection. Import it quietly
    # once (see the note on pyproject's filterwarnings in tests/loopback/README).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # noqa: F401

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from bot import discord_api
from tests.loopback import FakeDiscord, World, connected
from tests.loopback.snowflakes import shard_for

INTENTS = discord.Intents.default() | discord.Intents(message_content=True)
MESSAGES = "/channels/{channel_id}/messages"


class EchoClient(discord.Client):
    """Replies ``echo: <content>`` to every human message; records events."""

    def __init__(self, **options: object) -> None:
        super().__init__(intents=INTENTS, guild_ready_timeout=0.05, **options)  # type: ignore[arg-type]
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.resumed = asyncio.Event()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        await self.seen.put(message)
        await message.channel.send(f"echo: {message.content}")

    async def on_resumed(self) -> None:
        self.resumed.set()


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(heartbeat_interval_ms=500) as fake:
        yield fake


def assert_valid(fake: FakeDiscord) -> None:
    problems = fake.validate_all()
    assert problems == [], "\n".join(map(str, problems))


async def test_connects_and_caches_guild(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        guild = fake.world.guild()
        cached = client.get_guild(int(guild["id"]))
        assert cached is not None and cached.name == guild["name"]
        assert client.user is not None and client.user.id == int(fake.world.bot_id)
        assert {c.name for c in cached.text_channels} == {"general", "facts"}
        assert cached.me.guild_permissions.send_messages
        assert fake.identifies[0]["intents"] == INTENTS.value
    paths = [r.path for r in fake.requests[:3]]
    assert paths == ["/gateway/bot", "/users/@me", "/oauth2/applications/@me"]
    assert_valid(fake)


async def test_message_reaches_on_message_and_reply_is_recorded(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        sent = await fake.send_message("what happened in 2024?")
        seen = await asyncio.wait_for(client.seen.get(), 5)
        assert seen.content == "what happened in 2024?"
        assert seen.guild is not None and str(seen.guild.id) == sent["guild_id"]
        reply = await fake.wait_for_request("POST", MESSAGES, status=200)
        assert reply.path == f"/channels/{sent['channel_id']}/messages"
        assert reply.json["content"] == "echo: what happened in 2024?"
        assert reply.headers["Authorization"] == f"Bot {fake.token}"
    assert_valid(fake)
