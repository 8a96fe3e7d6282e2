"""/healthz as a load balancer or an orchestrator sees it: 503 with the reason until the
gateway is READY, 503 while the connection is down, 200 again once it is back."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import aiohttp

from bot.client import create_bot
from bot.health import HealthServer
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


def test_draining_is_the_reason_while_the_bot_finishes_on_stop() -> None:
    assert _status(draining=True).problem == "draining"
    assert _status(draining=True, closed=True).problem == "draining"


async def _open(server: HealthServer) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(server.host, server.port)


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    """Whether the server closes the connection within `seconds` (reads until EOF)."""
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(1024):
                pass
    except TimeoutError:
        return False
    return True


async def _guarded_server(**limits: Any) -> HealthServer:
    bot = create_bot(settings_for(), lighthouse_base())
    server = HealthServer(bot.snapshot, bot.metrics.registry, port=0, **limits)
    await server.start()
    return server


async def test_a_client_trickling_its_headers_is_cut_off_at_the_header_timeout() -> None:
    server = await _guarded_server(header_timeout=0.5)
    try:
        reader, writer = await _open(server)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()

        async def trickle() -> None:
            for n in range(40):
                writer.write(f"X-Slow-{n}: y\r\n".encode())
                await writer.drain()
                await asyncio.sleep(0.1)

        dripping = asyncio.create_task(trickle())
        assert await _closed_within(reader, 3)
        assert time.monotonic() - started < 1.5
        dripping.cancel()
        writer.close()
        # A client that sends its request at once is still served, and closed after.
        status, text = await _healthz(server.url)
        assert status == 503 and text == "gateway not ready\n"
    finally:
        await server.stop()


async def test_connections_over_the_cap_are_closed_at_once_and_slots_come_back() -> None:
    server = await _guarded_server(header_timeout=0.5, max_connections=5)
    try:
        idle = [await _open(server) for _ in range(5)]
        await asyncio.sleep(0.05)
        reader, writer = await _open(server)
        assert await _closed_within(reader, 0.3)  # the sixth: refused at once
        writer.close()
        assert server.refused == 1
        for idle_reader, idle_writer in idle:  # the idle five: gone at the header timeout
            assert await _closed_within(idle_reader, 2)
            idle_writer.close()
        assert (await _healthz(server.url))[0] == 503  # served again: "gateway not ready"
    finally:
        await server.stop()
