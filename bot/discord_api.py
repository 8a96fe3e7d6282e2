"""Everything factbot does to discord.py beyond its public API, in one small adapter:
pointing it at another API, quieting its voice warnings, listing its live views.

``tests/test_discord_api.py`` pins each of these to the discord.py version the project
allows (pyproject.toml), so an upgrade that moves them fails there, in one place.

Pointing discord.py at an API other than discord.com (FACTBOT_API_BASE) is
used for a rate-limit proxy such as
nirn-proxy and for the offline stand-in in ``tests/loopback``. discord.py 2.7
has no public setting for either endpoint, so this module sets the two class
attributes every request and connection is built from:

* REST: ``discord.http.Route.BASE``. Every ``Route`` copies it into its URL
  when constructed, and the webhook adapter (``discord.webhook.async_``, which
  carries interaction responses and follow-ups) builds the same ``Route``
  class, so one assignment covers bot REST, interactions and webhooks.
* Gateway: ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``. A plain
  ``Client`` never asks ``GET /gateway/bot``; it connects to this URL, and so
  do an ``AutoShardedClient`` given an explicit ``shard_count`` and any client
  after an op 9 "invalid session" (discord.py resets to DEFAULT_GATEWAY
  there). Only an ``AutoShardedClient`` without ``shard_count`` asks
  ``/gateway/bot`` itself (through ``Route.BASE``). Overriding
  ``Client.connect`` or passing a gateway per connection would miss the other
  paths. The URL comes from the target's own ``GET /gateway/bot``, as Discord
  intends, via :func:`fetch_gateway_url`; RESUMEs then follow the
  ``resume_gateway_url`` the gateway sends in READY, as they should.

Both are process-wide, like discord.py's own ``_set_api_version`` (which
resets ``Route.BASE``: call it first, if ever); :func:`use_discord` undoes them
(tests do).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, Final

import aiohttp
import discord
import discord.http
import discord.webhook.async_
import discord.webhook.sync
import yarl
from discord.gateway import DiscordWebSocket
from discord.ui.view import BaseView

from bot.settings import DEFAULT_API_BASE

#: discord.py's built-in REST base (API v10; the one home is bot.settings) and gateway.
DISCORD_API_BASE: Final = DEFAULT_API_BASE
DISCORD_GATEWAY: Final = "wss://gateway.discord.gg/"


def use_api_base(base: str) -> None:
    """Send all REST, interaction and webhook requests to ``base``.

    ``base`` includes the API version, e.g. ``http://127.0.0.1:8080/api/v10``.
    """
    clean = base.rstrip("/")
    discord.http.Route.BASE = clean
    # The webhook adapters import that same class today; set their names too
    # so a discord.py that gives them their own Route still follows the base.
    for module in (discord.webhook.async_, discord.webhook.sync):
        vars(module)["Route"].BASE = clean


def quiet_voice_warnings() -> None:
    """A text-only bot needs no voice libraries: don't warn that they are missing
    (process-wide class attributes of ``discord.VoiceClient``)."""
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


def live_views(client: discord.Client) -> list[BaseView]:
    """The views (buttons) still listening, each once. discord.py keeps them only in its
    private view store and does not stop them on close."""
    store = client._connection._view_store
    items = [item for items in store._views.values() for item in items.values()]
    return list({id(item.view): item.view for item in items if item.view}.values())


def use_gateway_url(url: str) -> None:
    """Make every gateway (re)connection that is not a RESUME go to ``url``.

    RESUMEs go to the ``resume_gateway_url`` the gateway itself sent in READY.
    """
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


async def fetch_gateway_url(
    base: str, token: str, *, session: aiohttp.ClientSession | None = None
) -> str:
    """Ask ``GET {base}/gateway/bot`` for the gateway URL, as discord.py does when sharding.

    Raises ``discord.LoginFailure`` on 401 (bad token) and
    ``discord.GatewayNotFound`` on any other failure, matching discord.py.
    """
    url = base.rstrip("/") + "/gateway/bot"
    headers = {"Authorization": f"Bot {token.strip()}"}
    own = session is None
    http = session or aiohttp.ClientSession()
    try:
        async with http.get(url, headers=headers) as response:
            if response.status == HTTPStatus.UNAUTHORIZED:
                raise discord.LoginFailure("Improper token has been passed.")
            if response.status != HTTPStatus.OK:
                raise discord.GatewayNotFound()  # type: ignore[no-untyped-call]
            data: Any = await response.json(content_type=None)
    except (aiohttp.ClientError, ValueError) as exc:  # unreachable, or not JSON
        raise discord.GatewayNotFound() from exc  # type: ignore[no-untyped-call]
    finally:
        if own:
            await http.close()
    gateway = data.get("url") if isinstance(data, dict) else None
    if not isinstance(gateway, str) or not gateway.startswith(("ws://", "wss://")):
        raise discord.GatewayNotFound()  # type: ignore[no-untyped-call]  # a proxy's odd reply
    return gateway


async def use_api(base: str, token: str) -> str:
    """Point REST and the gateway at ``base``; returns the gateway URL used.

    For discord.com itself nothing is fetched: discord.py's defaults apply.
    """
    if base.rstrip("/") == DISCORD_API_BASE:
        use_discord()
        return DISCORD_GATEWAY
    use_api_base(base)
    gateway = await fetch_gateway_url(base, token)
    use_gateway_url(gateway)
    return gateway


def use_discord() -> None:
    """Restore discord.py's built-in REST base and gateway."""
    use_api_base(DISCORD_API_BASE)
    use_gateway_url(DISCORD_GATEWAY)
