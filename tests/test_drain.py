"""A stop loses nothing already received: `factbot run` as a process, against the stand-in
in another process, gets SIGTERM (what `docker stop` and Kubernetes send) while 40
questions from 40 people are in flight, and answers every one before it exits 0."""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.helpers import DATA
from tests.loopback import payloads
from tests.loopback.process import clean_env, factbot_process, stand_in_process
from tests.loopback.process import control as _control

JSON = dict[str, Any]
TOKEN = "MTAx.drain-test.token-value"
MENTIONS, SLASH = 32, 8  # 40 people, each asking once: a busy server at deploy time
QUESTION = "who built the lighthouse?"
# Spread over 8 channels, as a busy deploy would be: Discord takes a channel's messages one
# after another, so 32 slow replies in one channel could not all be sent in any grace period.
GUILDS = 4


async def _ready(http: aiohttp.ClientSession, base: str) -> None:
    wait = "wait?method=PUT&path=/applications/*/commands&status=200&timeout=20"
    await _control(http, base, "GET", wait)


@dataclass
class Stopped:
    returncode: int | None
    seconds: float  # from SIGTERM to exit
    asked: list[JSON]  # the mentions
    slashed: list[JSON]  # the /ask interactions
    sent: list[JSON]  # every request the stand-in received
    log: str

    def answered(self) -> set[str]:
        """Ids of the mentions that got their reply."""
        return {
            str(r["json"]["message_reference"]["message_id"])
            for r in self.sent
            if r["method"] == "POST" and r["path"].endswith("/messages") and r["status"] == 200
        }

    def followed_up(self) -> set[str]:
        """Tokens of the deferred /ask interactions whose answer replaced "thinking"."""
        return {
            r["path"].split("/")[3]
            for r in self.sent
            if r["method"] == "PATCH" and r["path"].endswith("/@original") and r["status"] == 200
        }


async def _stop_while_busy(tmp_path: Path, *, reply_delay: float, **env: str) -> Stopped:
    """40 people ask at once while Discord takes `reply_delay` s per reply; SIGTERM 50 ms
    after the last question."""
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    async with stand_in_process(token_file, guilds=GUILDS) as base:
        proc = await factbot_process(
            clean_env(
                FACTBOT_FACTS_DIR=str(DATA / "facts"),
                FACTBOT_SEEDS_DIR=str(DATA / "seeds"),
                FACTBOT_STATE_DIR=str(tmp_path),
                FACTBOT_API_BASE=base,
                DISCORD_TOKEN_FILE=str(token_file),
                **env,
            )
        )
        try:
            async with aiohttp.ClientSession() as http:
                await _ready(http, base)
                for method, path in (("POST", "/channels/*/messages"), ("PATCH", "/webhooks/**")):
                    delay = {"method": method, "path": path, "seconds": reply_delay}
                    await _control(http, base, "POST", "delay", json=delay)
                info = await _control(http, base, "GET", "info")
                channels = [
                    (g["id"], c["id"])
                    for g in info["guilds"]
                    for c in g["channels"]
                    if c["type"] == 0
                ]
                assert len(channels) == 2 * GUILDS
                asked = []
                for n in range(MENTIONS):
                    guild_id, channel_id = channels[n % len(channels)]
                    message = {
                        "content": QUESTION,
                        "mention_bot": True,
                        "author": payloads.user(f"asker{n}"),
                        "guild_id": guild_id,
                        "channel_id": channel_id,
                    }
                    asked.append(await _control(http, base, "POST", "message", json=message))
                slashed = []
                for n in range(SLASH):
                    slash = {
                        "name": "ask",
                        "options": {"question": QUESTION},
                        "user": payloads.user(f"slasher{n}"),
                    }
                    slashed.append(await _control(http, base, "POST", "slash", json=slash))
                await asyncio.sleep(0.05)
                started = time.monotonic()
                proc.send_signal(signal.SIGTERM)
                out, err = await asyncio.wait_for(proc.communicate(), 20)
                seconds = time.monotonic() - started
                sent = await _control(http, base, "GET", "requests?since=0")
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    return Stopped(proc.returncode, seconds, asked, slashed, sent, out.decode() + err.decode())


async def test_sigterm_with_40_questions_in_flight_answers_all_and_exits_0(
    tmp_path: Path,
) -> None:
    stopped = await _stop_while_busy(tmp_path, reply_delay=0.25)
    assert stopped.returncode == 0, stopped.log
    assert stopped.seconds < 10
    assert stopped.answered() >= {m["id"] for m in stopped.asked}, stopped.log
    assert stopped.followed_up() >= {s["token"] for s in stopped.slashed}, stopped.log
    assert "draining" in stopped.log and "stopped" in stopped.log
    assert "cut off" not in stopped.log
    assert "Traceback" not in stopped.log


async def test_what_the_drain_deadline_cuts_off_is_counted_and_logged(tmp_path: Path) -> None:
    """Discord takes 3 s per reply and the grace period is half a second: the stop still
    comes in time, and says how many handlers it cut off instead of losing them silently."""
    stopped = await _stop_while_busy(tmp_path, reply_delay=3.0, FACTBOT_DRAIN_SECONDS="0.5")
    assert stopped.returncode == 0, stopped.log
    assert stopped.seconds < 5
    [line] = [line for line in stopped.log.splitlines() if "cut off" in line]
    assert "WARNING" in line and "FACTBOT_DRAIN_SECONDS" in line
    unanswered = MENTIONS + SLASH - len(stopped.answered()) - len(stopped.followed_up())
    assert f": {unanswered} handlers cut off" in line
    assert "Traceback" not in stopped.log
