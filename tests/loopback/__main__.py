"""Run the stand-in as its own process: ``python -m tests.loopback --port P --token-file F``.

Prints the REST base URL (for FACTBOT_API_BASE) as the first line of stdout,
then serves until SIGINT/SIGTERM. Drive it through the control API documented
in :mod:`tests.loopback.control` (``GET {origin}/_loopback/info`` etc.).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from .server import FakeDiscord
from .world import World


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.loopback", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--advertise-host", help="host name to put in URLs (default: --host)")
    parser.add_argument("--token-file", type=Path, help="file holding the bot token to accept")
    parser.add_argument("--guilds", type=int, default=1, help="number of guilds (default 1)")
    parser.add_argument("--shards", type=int, default=1, help="shards suggested by /gateway/bot")
    parser.add_argument(
        "--heartbeat-ms", type=int, default=41250, help="gateway heartbeat interval"
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    world = World.default(guild_count=args.guilds)
    if args.token_file is not None:
        world.token = args.token_file.read_text().strip()
    fake = FakeDiscord(
        world,
        host=args.host,
        port=args.port,
        advertise_host=args.advertise_host,
        heartbeat_interval_ms=args.heartbeat_ms,
        shards=args.shards,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with fake:
        print(fake.base_url, flush=True)
        print(f"control: {fake.origin}/_loopback/info", file=sys.stderr, flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
