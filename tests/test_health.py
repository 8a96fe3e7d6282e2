"""/healthz as a load balancer or an orchestrator sees it: 503 with the reason until the
gateway is READY, 503 while the connection is down, 200 again once it is back."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp

from bot.client import create_bot
from bot.status import ShardStatus, Status
from tests.helpers import embed_text, lighthouse_base, serving_health, settings_for
from tests.loopback import FakeDiscord, connected


async def _healthz(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url + "/healthz") as response:
        return response.status, await response.text()


async def _until(url: str, status: int, *, timeout: float = 8.0) -> str:  # noqa: ASYNC109
    """Poll /healthz until it answers `status` (discord.py backs off up to 2 s at random
    before its first retry); the body."""
    deadline = time.monotonic() + timeout
    while True:
        got, text = await _healthz(url)
        if got == status:
            return text
        assert time.monotonic() < deadline, f"/healthz still {got} {text!r}"
        await asyncio.sleep(0.05)


async def test_healthz_is_200_only_while_the_gateway_is_ready(tmp_path: Path) -> None:
    async with FakeDiscord(heartbeat_interval_ms=500) as fake:
        bot = create_bot(
            settings_for(fake, state_dir=tmp_path), lighthouse_base(), guild_ready_timeout=0.05
        )
        async with serving_health(bot) as url:
            assert await _healthz(url) == (503, "gateway not ready\n")
            async with connected(bot, fake):
                assert await _healthz(url) == (200, "ok\n")

                # Discord drops the session and refuses new connections for a while.
                fake.gateway.refuse_connections = True
                await fake.drop_gateway(resumable=False)
                assert await _until(url, 503) == "gateway disconnected\n"
                await _until_refused(fake)
                assert await _healthz(url) == (503, "gateway disconnected\n")

                fake.gateway.refuse_connections = False
                assert await _until(url, 200) == "ok\n"
                assert len(fake.identifies) == 2  # a new session, not a resumed one
                await fake.send_message("who built the lighthouse?", mention_bot=True)
                sent = await fake.wait_for_request("POST", "/channels/{id}/messages", status=200)
                assert "Thomas Greer" in embed_text(sent.json["embeds"][0])
            assert await _healthz(url) == (503, "gateway closed\n")


async def _until_refused(fake: FakeDiscord) -> None:
    deadline = time.monotonic() + 5
    while fake.gateway.refused == 0:
        assert time.monotonic() < deadline, "the bot never tried to reconnect"
        await asyncio.sleep(0.01)


def _status(**changes: object) -> Status:
    values: dict[str, object] = {
        "ready": True,
        "closed": False,
        "shard_count": 4,
        "shards": (ShardStatus(1, True, 0.04, 10), ShardStatus(2, True, None, 12)),
        "facts": 13,
        "articles": 2,
    }
    values.update(changes)
    return Status(**values)  # type: ignore[arg-type]


def test_the_reason_names_the_shards_that_are_down() -> None:
    assert _status().problem is None
    assert _status(ready=False).problem == "gateway not ready"
    down = (ShardStatus(1, False, None, 10), ShardStatus(2, True, 0.04, 12))
    assert _status(shards=down).problem == "shard 1 disconnected"
    both = (ShardStatus(1, False, None, 10), ShardStatus(2, False, None, 12))
    assert _status(shards=both).problem == "shards 1, 2 disconnected"
    assert _status(facts=0).problem == "no facts loaded"
    assert _status(closed=True).problem == "gateway closed"
