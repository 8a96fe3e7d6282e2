"""The loopback stand-in in a process of its own, with a crowd and a burst runner.

`python -m tests.reliability._standin --users 50 --channels 10` prints one JSON line
(base_url, origin, token, users, channels) and serves until SIGTERM. Besides the stand-in's
own control API (`/_loopback/...`) it answers:

POST /_reliability/burst     {"questions": [...], "seconds", "timeout"}: dispatch them at
                             that rate, wait for every reply due, return each question's
                             payload and the moment it was sent
GET  /_reliability/requests  ?since=N: recorded requests, with their arrival times
GET  /_reliability/count     how many requests are recorded

Run this way, the stand-in's work (JSON, HTTP, its records) is not the bot's: latency,
throughput and memory measured in the test's process are the bot's own. Arrival times are
`time.monotonic()`, one clock for every process on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from typing import Any

from aiohttp import web

from tests.loopback import FakeDiscord, World
from tests.reliability._burst import (
    Question,
    await_replies,
    dispatch,
    drain,
    due,
    expected_verdicts,
    populate,
)


class BurstStandIn(FakeDiscord):
    def build_app(self) -> web.Application:
        app = super().build_app()
        app.router.add_post("/_reliability/burst", self.burst)
        app.router.add_get("/_reliability/requests", self.recorded)
        app.router.add_get("/_reliability/count", self.count)
        return app

    async def burst(self, request: web.Request) -> web.Response:
        body = await request.json()
        questions = [Question(**q) for q in body["questions"]]
        await dispatch(self, questions, seconds=float(body["seconds"]))
        await await_replies(
            self, *due(questions, expected_verdicts(questions)), timeout=float(body["timeout"])
        )
        await drain(self, questions[0].channel_id)
        return web.json_response([{"payload": q.payload, "sent_at": q.sent_at} for q in questions])

    async def recorded(self, request: web.Request) -> web.Response:
        since = int(request.query.get("since", 0))
        rows: list[dict[str, Any]] = [
            {
                "index": r.index,
                "method": r.method,
                "path": r.path,
                "json": r.json,
                "status": r.status,
                "response": r.response,
                "fault": r.fault,
                "at": r.at,
            }
            for r in self.requests[since:]
        ]
        return web.json_response(rows)

    async def count(self, request: web.Request) -> web.Response:
        return web.json_response({"count": len(self.log)})


async def serve(users: int, channels: int) -> None:
    world = World.default()
    user_ids, channel_ids = populate(world, users=users, channels=channels)
    fake = BurstStandIn(world, heartbeat_interval_ms=1000)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with fake:
        info = {
            "base_url": fake.base_url,
            "origin": fake.origin,
            "token": fake.token,
            "users": user_ids,
            "channels": channel_ids,
        }
        print(json.dumps(info), flush=True)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability._standin")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--channels", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(serve(args.users, args.channels))


if __name__ == "__main__":
    main()
