"""The stand-in as a process of its own (`python -m tests.loopback`), for tests that run
`factbot run` as a real process against it, as a user would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def stand_in_process(
    token_file: Path, *, heartbeat_ms: int = 500, guilds: int = 1
) -> AsyncIterator[str]:
    """Start the stand-in, accepting the token in `token_file`; yields its REST base URL
    (for FACTBOT_API_BASE) and stops it on exit."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.loopback",
        "--token-file",
        str(token_file),
        "--heartbeat-ms",
        str(heartbeat_ms),
        "--guilds",
        str(guilds),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        yield (await asyncio.wait_for(proc.stdout.readline(), 15)).decode().strip()
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 10)


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without any FACTBOT_ or DISCORD_ setting, plus `values`:
    a child process sees only the configuration the test gives it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env.update(values)
    return env


async def factbot_process(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    """`factbot ARGS` (default `run`) as a process, stdout and stderr captured."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *(args or ("run",)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )


async def control(http: aiohttp.ClientSession, base: str, method: str, path: str, **kw: Any) -> Any:
    """Ask the stand-in process itself (its /_loopback/ routes): what it saw, waits, faults."""
    url = base.removesuffix("/api/v10") + "/_loopback/" + path
    async with http.request(method, url, **kw) as response:
        assert response.status == 200, await response.text()
        return await response.json()
