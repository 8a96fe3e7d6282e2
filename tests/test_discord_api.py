"""bot/discord_api.py: finding the gateway behind FACTBOT_API_BASE, and failing clearly
when what answers there is not a Discord API (a misconfigured proxy, a web page)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import discord
import pytest
import pytest_asyncio
from aiohttp import web
from discord.gateway import DiscordWebSocket

from bot import discord_api
from bot.discord_api import fetch_gateway_url
from bot.settings import DEFAULT_API_BASE
from tests.conftest import ROOT

REPLIES: dict[str, Callable[[], web.Response]] = {
    "good": lambda: web.json_response({"url": "wss://gateway.example", "shards": 1}),
    "no-url": lambda: web.json_response({"shards": 1}),
    "a-list": lambda: web.json_response(["wss://gateway.example"]),
    "html": lambda: web.Response(text="<html>proxy error</html>", content_type="text/html"),
    "http-url": lambda: web.json_response({"url": "http://not-a-websocket"}),
    "unauthorized": lambda: web.json_response({"message": "401: Unauthorized"}, status=401),
}


@pytest_asyncio.fixture
async def api() -> AsyncIterator[str]:
    """A server answering `GET /{case}/gateway/bot` with REPLIES[case]."""

    async def gateway_bot(request: web.Request) -> web.StreamResponse:
        return REPLIES[request.match_info["case"]]()

    app = web.Application()
    app.router.add_get("/{case}/gateway/bot", gateway_bot)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_the_gateway_url_comes_from_the_api_base(api: str) -> None:
    assert await fetch_gateway_url(f"{api}/good", "token") == "wss://gateway.example"


@pytest.mark.parametrize("case", ["no-url", "a-list", "html", "http-url"])
async def test_a_reply_that_names_no_gateway_is_gateway_not_found(api: str, case: str) -> None:
    with pytest.raises(discord.GatewayNotFound):
        await fetch_gateway_url(f"{api}/{case}", "token")


async def test_a_refused_token_is_a_login_failure(api: str) -> None:
    with pytest.raises(discord.LoginFailure):
        await fetch_gateway_url(f"{api}/unauthorized", "token")


async def test_nothing_listening_is_gateway_not_found() -> None:
    with pytest.raises(discord.GatewayNotFound):
        await fetch_gateway_url("http://127.0.0.1:9/api", "token")


def test_the_default_api_base_is_discord_pys_own() -> None:
    """Without FACTBOT_API_BASE the bot talks to Discord itself, as discord.py would."""
    assert DEFAULT_API_BASE == discord.http.Route.BASE


# -- what the adapter relies on in discord.py, pinned to the version pyproject.toml allows --


def test_discord_py_is_the_version_the_adapter_was_written_for() -> None:
    """bot/discord_api.py reaches past discord.py's public API; an upgrade past the pinned
    minor version must revisit it (and this test) first."""
    pinned = re.search(
        r'"discord\.py>=(\d+)\.(\d+),<', (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert pinned is not None
    assert discord.version_info[:2] == (int(pinned[1]), int(pinned[2]))


async def test_live_views_lists_each_listening_view_once_and_stopping_them_empties_it() -> None:
    client = discord.Client(intents=discord.Intents.none())
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="a", custom_id="a"))
    view.add_item(discord.ui.Button(label="b", custom_id="b"))
    client.add_view(view)
    assert discord_api.live_views(client) == [view]
    view.stop()
    assert discord_api.live_views(client) == []
    await client.close()


def test_the_process_wide_settings_it_changes_exist() -> None:
    assert isinstance(discord.http.Route.BASE, str)
    assert str(DiscordWebSocket.DEFAULT_GATEWAY).startswith("wss://")
    for module in (discord.webhook.async_, discord.webhook.sync):
        assert vars(module)["Route"] is discord.http.Route
    discord_api.quiet_voice_warnings()
    assert discord.VoiceClient.warn_nacl is False and discord.VoiceClient.warn_dave is False
