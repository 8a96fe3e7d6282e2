"""bot/discord_api.py: finding the gateway behind FACTBOT_API_BASE, and failing clearly
when what answers there is not a Discord API (a misconfigured proxy, a web page)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import discord
import pytest
import pytest_asyncio
from aiohttp import web

from bot.discord_api import fetch_gateway_url
from bot.settings import DEFAULT_API_BASE

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
