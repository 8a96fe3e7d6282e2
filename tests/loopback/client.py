"""Run an unmodified discord.py client against a :class:`FakeDiscord`.

``connected()`` does what the product does at startup (``bot.discord_api``:
point REST at the stand-in, ask its ``/gateway/bot`` for the gateway URL),
logs in, connects, waits for ``on_ready`` and, on exit, closes the client and
restores discord.py's defaults, so no session or socket outlives the test.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import discord

from bot import discord_api

from .server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py sleeps 5 s before every IDENTIFY but the first; tests need not."""


@contextlib.asynccontextmanager
async def connected(
    client: ClientT,
    fake: FakeDiscord | str,
    *,
    token: str | None = None,
    timeout: float = 10.0,  # noqa: ASYNC109
    wait_ready: bool = True,
    fast_identify: bool = True,
) -> AsyncIterator[ClientT]:
    """Log ``client`` in to ``fake`` and run it until the block ends.

    ``fake`` is a :class:`FakeDiscord` or the base URL of one running in
    another process (``python -m tests.loopback``; then pass ``token``).

    ``fast_identify`` replaces the instance's ``before_identify_hook`` (a
    documented discord.py hook that sleeps 5 s between IDENTIFYs) with a
    no-op, so re-IDENTIFY and multi-shard tests take milliseconds. Build the
    client with ``guild_ready_timeout`` small (e.g. 0.1): discord.py waits that
    long after the last GUILD_CREATE before ``on_ready`` (default 2 s).
    """
    if fast_identify:
        client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    if isinstance(fake, FakeDiscord):
        base, token = fake.base_url, token or fake.token
    elif token is None:
        raise TypeError("connected(client, base_url) needs token=")
    else:
        base = fake
    task: asyncio.Task[None] | None = None
    try:
        await discord_api.use_api(base, token)
        await client.login(token)
        task = asyncio.create_task(client.connect(reconnect=True), name="discord.py connect")
        if wait_ready:
            ready = asyncio.create_task(client.wait_until_ready())
            done, _ = await asyncio.wait(
                {task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if ready not in done:
                ready.cancel()
                if task in done:
                    task.result()  # re-raise why connecting failed
                raise TimeoutError(f"client not ready within {timeout}s")
        yield client
    finally:
        await client.close()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=5)
        discord_api.use_discord()
