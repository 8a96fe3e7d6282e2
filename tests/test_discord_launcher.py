"""`factbot run` as a process, against the stand-in in another process
(`python -m tests.loopback`): it answers, stops cleanly on SIGTERM/SIGINT, refuses a bad
token or an invalid fact base with one clear message, and never prints the token."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from tests.helpers import DATA
from tests.loopback.process import clean_env, factbot_process, stand_in_process
from tests.loopback.process import control as _control

TOKEN = "MTAx.launcher-test.token-value"


@pytest_asyncio.fixture
async def stand_in(tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    """The stand-in's REST base URL and the token file it accepts."""
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    async with stand_in_process(token_file) as base:
        yield base, token_file


def _env(state: Path, **values: str) -> dict[str, str]:
    defaults = {
        "FACTBOT_FACTS_DIR": str(DATA / "facts"),
        "FACTBOT_SEEDS_DIR": str(DATA / "seeds"),
        "FACTBOT_STATE_DIR": str(state),
    }
    return clean_env(**(defaults | values))


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
async def test_runs_answers_and_stops_cleanly_on_a_signal(
    stand_in: tuple[str, Path], stop_with: signal.Signals, tmp_path: Path
) -> None:
    base, token_file = stand_in
    env = _env(tmp_path, FACTBOT_API_BASE=base, DISCORD_TOKEN_FILE=str(token_file))
    proc = await factbot_process(env)
    try:
        async with aiohttp.ClientSession() as http:
            wait = "wait?method=PUT&path=/applications/*/commands&status=200&timeout=20"
            await _control(http, base, "GET", wait)
            asked = await _control(
                http,
                base,
                "POST",
                "message",
                json={"content": "who built the lighthouse?", "mention_bot": True},
            )
            wait = "wait?method=POST&path=/channels/*/messages&status=200&timeout=10"
            reply = await _control(http, base, "GET", wait)
            assert str(reply["json"]["message_reference"]["message_id"]) == asked["id"]
        started = time.monotonic()
        proc.send_signal(stop_with)
        out, err = await asyncio.wait_for(proc.communicate(), 10)
        assert time.monotonic() - started < 10
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    log = out.decode()
    assert "answer via mention" in log and "stopped" in log
    assert TOKEN not in log and TOKEN not in err.decode()


async def test_a_rejected_token_is_one_clear_line_and_exit_2(
    stand_in: tuple[str, Path], tmp_path: Path
) -> None:
    base, _ = stand_in
    proc = await factbot_process(
        _env(tmp_path, FACTBOT_API_BASE=base, DISCORD_TOKEN="not-" + TOKEN)
    )
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 2
    [line] = err.decode().splitlines()
    assert "rejected the bot token" in line and "DISCORD_TOKEN" in line
    assert TOKEN not in out.decode() + err.decode()


async def test_an_invalid_fact_base_is_refused_before_connecting(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    story = tmp_path / "data" / "facts" / "lighthouse.yaml"
    story.write_text(story.read_text().replace("date: 1894", "date: 18-94"))
    env = _env(
        tmp_path,
        FACTBOT_FACTS_DIR=str(tmp_path / "data" / "facts"),
        FACTBOT_SEEDS_DIR=str(tmp_path / "data" / "seeds"),
        FACTBOT_API_BASE="http://127.0.0.1:9/api/v10",  # never reached
        DISCORD_TOKEN=TOKEN,
    )
    proc = await factbot_process(env)
    _, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 1
    lines = err.decode().splitlines()
    assert any("lighthouse.yaml" in line and "18-94" in line for line in lines)
    assert "invalid" in lines[-1] and "factbot check" in lines[-1]


async def test_health_and_metrics_run_with_the_bot_and_stop_on_sigterm(
    stand_in: tuple[str, Path], tmp_path: Path
) -> None:
    base, token_file = stand_in
    env = _env(
        tmp_path,
        FACTBOT_API_BASE=base,
        DISCORD_TOKEN_FILE=str(token_file),
        FACTBOT_HEALTH_PORT="0",  # any free port; the log says which
        FACTBOT_LOG_FORMAT="json",
    )
    proc = await factbot_process(env)
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        while not any("health and metrics on" in line for line in lines):
            lines.append((await asyncio.wait_for(proc.stdout.readline(), 15)).decode())
        url = json.loads(lines[-1])["url"]
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 15
            while True:
                async with http.get(url + "/healthz") as response:
                    if response.status == 200:
                        break
                    assert await response.text() == "gateway not ready\n"
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
            async with http.get(url + "/metrics") as response:
                assert "factbot_facts_loaded 13.0" in await response.text()
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert err.decode() == ""
    messages = [json.loads(line)["message"] for line in [*lines, *out.decode().splitlines()]]
    assert messages[-2:] == ["health server stopped", "stopped"]
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(url + "/healthz")


async def test_discord_unreachable_after_start_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The gateway task failing to connect (DNS, refused, reset) ends `factbot run` with
    one line and exit 1, and the log says it without a traceback."""
    from bot import launcher

    async def unreachable() -> None:
        raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")

    task = asyncio.create_task(unreachable())
    await asyncio.wait({task})
    assert launcher._exit_code(task, "https://discord.com/api/v10") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "factbot run: cannot reach the Discord API at https://discord.com/api/v10 "
        "(Cannot connect to host discord.com:443)"
    ]
    assert all(record.exc_info is None for record in caplog.records)
