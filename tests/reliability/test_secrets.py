"""The token never reaches a log line: `factbot run` as a process (the real entry point)
against the stand-in in another process (`python -m tests.loopback`), through start-up,
answers, errors (a 429, 5xx on sends, a 400 that fails a reply with a traceback, a broken
/reload) and shutdown on SIGTERM, in both log formats.

The run is made to want to print the token: the log level is DEBUG with question text
allowed (so discord.py logs every gateway event, message text included), a user pastes the
token into a question, and the broken fact file has the token in it. The log must then
show "[redacted]" where the token was, and the token nowhere, on stdout or stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.exts import _embeds
from tests.helpers import DATA
from tests.loopback import payloads as pl
from tests.loopback.process import clean_env, factbot_process, stand_in_process

TOKEN = "MTAxNTk4.Reliability-Secret-TOKEN.zZ9_do-not-log-me"
#: What must not show either: each dot-separated part of the token (a log that cut the
#: token at its dots, or redacted only part of it, would still give it away), and the
#: tail of its secret part (what a "…log-me" style partial redaction would leave).
TOKEN_PIECES = (*TOKEN.split("."), TOKEN[-8:])
MANAGE_GUILD = 1 << 5
JSON = dict[str, Any]


@dataclass
class Run:
    """A stand-in process, the control API's address, and the bot process."""

    http: aiohttp.ClientSession
    origin: str
    bot: asyncio.subprocess.Process

    async def control(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.http.request(method, f"{self.origin}/_loopback/{path}", **kwargs) as r:
            assert r.status == 200, await r.text()
            return await r.json()

    async def wait(self, method: str, path: str, timeout: float = 30) -> JSON:  # noqa: ASYNC109
        query = f"wait?method={method}&path={path}&status=200&timeout={timeout}"
        result: JSON = await self.control("GET", query)
        return result

    async def identified(self, count: int) -> None:
        """Until the bot has sent IDENTIFY `count` times (the control API cannot wait on
        it, so this asks every tenth of a second)."""
        for _ in range(300):
            if len(await self.control("GET", "identifies")) >= count:
                return
            await asyncio.sleep(0.1)
        raise TimeoutError(f"fewer than {count} IDENTIFYs in 30 s")

    async def ask(self, question: str) -> JSON:
        """A mention; the bot's reply (after whatever retries it took)."""
        asked = await self.control(
            "POST", "message", json={"content": question, "mention_bot": True}
        )
        reply = await self.wait("POST", "/channels/*/messages")
        assert str(reply["json"]["message_reference"]["message_id"]) == asked["id"]
        return reply

    async def reload_as_manager(self) -> JSON:
        """/reload by a member with Manage Server, built from the stand-in's world."""
        info = await self.control("GET", "info")
        guild = info["guilds"][0]
        channel = next(c for c in guild["channels"] if c["type"] == 0)
        payload = pl.interaction(
            pl.INTERACTION_APPLICATION_COMMAND,
            pl.slash_command_data("reload"),
            application_id=info["application_id"],
            invoker=pl.user("curator"),
            channel={**channel, "position": 0, "permission_overwrites": []},
            guild_id=guild["id"],
            permissions=pl.EVERYONE_PERMISSIONS | MANAGE_GUILD,
        )
        await self.control(
            "POST", "dispatch", json={"event": "INTERACTION_CREATE", "payload": payload}
        )
        return await self.wait("PATCH", f"/webhooks/*/{payload['token']}/messages/@original")


def _prepare(tmp: Path) -> Path:
    """A writable copy of the lighthouse data, and the token file; its path."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA, tmp / "data")
    token_file = tmp / "token"
    token_file.write_text(TOKEN + "\n")
    return token_file


@contextlib.asynccontextmanager
async def factbot_run(tmp: Path, log_format: str) -> AsyncIterator[Run]:
    """The stand-in and `factbot run` (DEBUG, question text allowed) as processes; on
    exit the bot has been sent SIGTERM and has stopped."""
    token_file = _prepare(tmp)
    async with stand_in_process(token_file) as base:
        env = clean_env(
            FACTBOT_API_BASE=base,
            FACTBOT_FACTS_DIR=str(tmp / "data" / "facts"),
            FACTBOT_SEEDS_DIR=str(tmp / "data" / "seeds"),
            FACTBOT_STATE_DIR=str(tmp / "state"),
            FACTBOT_LOG_FORMAT=log_format,
            FACTBOT_LOG_LEVEL="DEBUG",
            FACTBOT_LOG_QUESTIONS="1",
        )
        if log_format == "json":
            env["DISCORD_TOKEN_FILE"] = str(token_file)
        else:
            env["DISCORD_TOKEN"] = TOKEN
        bot = await factbot_process(env)
        try:
            async with aiohttp.ClientSession() as http:
                yield Run(http, base.removesuffix("/api/v10"), bot)
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()


async def _through_errors_and_shutdown(
    tmp: Path, log_format: str, *, long: bool = False
) -> tuple[str, str, int]:
    """Start, answer, fail in several ways, reload a broken base, stop: (stdout, stderr,
    exit code). `long` adds a gateway drop and Discord failing all five tries of a send
    (about 25 seconds)."""
    async with factbot_run(tmp, log_format) as run:
        await run.wait("PUT", "/applications/*/commands")  # connected, commands synced
        await run.ask(f"is {TOKEN} your token?")
        await run.control(
            "POST", "fail", json={"method": "POST", "path": "/channels/*/messages", "status": 429}
        )
        await run.control(
            "POST", "fail", json={"method": "POST", "path": "/channels/*/messages", "status": 500}
        )
        await run.ask("who built the lighthouse?")  # after a 429 and a 500
        await run.control(
            "POST", "fail", json={"method": "POST", "path": "/channels/*/messages", "status": 400}
        )
        apology = await run.ask("who founded the friends of the lighthouse?")
        assert apology["json"]["content"] == _embeds.APOLOGY
        if long:
            await run.control("POST", "drop", json={"resumable": False})
            await run.identified(2)  # discord.py waits 5 s before identifying again
            await run.ask("who built the lighthouse?")
            await run.control(
                "POST",
                "fail",
                json={"method": "POST", "path": "/channels/*/messages", "status": 502, "times": 5},
            )
            apology = await run.ask("who founded the friends of the lighthouse?")
            assert apology["json"]["content"] == _embeds.APOLOGY
        story = tmp / "data" / "facts" / "lighthouse.yaml"
        story.write_text(f"facts:\n  - id: {TOKEN}\n    text: [unclosed\n")
        report = await run.reload_as_manager()
        assert report["json"]["embeds"][0]["title"].startswith("Reload failed")
        run.bot.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(run.bot.communicate(), 15)
        assert run.bot.returncode is not None
        return out.decode(), err.decode(), run.bot.returncode


def _check(out: str, err: str, code: int, log_format: str) -> None:
    assert code == 0, err
    for piece in (TOKEN, *TOKEN_PIECES):
        assert piece not in out and piece not in err, f"{piece!r} was logged"
    assert "[redacted]" in out  # the token was there to leak, and was caught
    lines = out.splitlines()
    if log_format == "json":
        entries = [json.loads(line) for line in lines]  # every line is one JSON object
        text = "\n".join(json.dumps(e) for e in entries)
    else:
        text = out
    for stage in ("answer via mention", "error in on_message", "reload refused", "stopped"):
        assert stage in text, f"the run never got to {stage!r}"


async def test_the_token_is_in_no_log_line_in_either_format(tmp_path: Path) -> None:
    """Both formats at once (two stand-ins, two bots), to keep the default run short."""
    runs = await asyncio.gather(
        _through_errors_and_shutdown(tmp_path / "text", "text"),
        _through_errors_and_shutdown(tmp_path / "json", "json"),
    )
    for (out, err, code), log_format in zip(runs, ("text", "json"), strict=True):
        _check(out, err, code, log_format)


@pytest.mark.slow
async def test_the_token_is_in_no_log_line_through_a_gateway_drop_and_a_discord_outage(
    tmp_path: Path,
) -> None:
    runs = await asyncio.gather(
        _through_errors_and_shutdown(tmp_path / "text", "text", long=True),
        _through_errors_and_shutdown(tmp_path / "json", "json", long=True),
    )
    for (out, err, code), log_format in zip(runs, ("text", "json"), strict=True):
        _check(out, err, code, log_format)
        assert "DiscordServerError" in out
