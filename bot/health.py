"""The health and metrics HTTP server (FACTBOT_HEALTH_PORT), on the bot's own event loop.

An aiohttp server (aiohttp ships with discord.py), so no thread and no other framework:
while the loop is blocked the server cannot answer either, which is what a health check
should notice.

* ``GET /healthz``: 200 ``ok`` when the gateway is ready on every shard this process runs
  and the fact base is loaded; else 503 with the reason in a few words
  (``gateway not ready``, ``shard 1 disconnected``). For load balancers, Docker's
  HEALTHCHECK and Kubernetes readiness probes.
* ``GET /metrics``: Prometheus text format (or OpenMetrics when asked for), from the bot's
  own registry (bot/metrics.py).

Guarded against slow or many clients, since it may listen on 0.0.0.0: a connection must
send its whole request head within HEADER_TIMEOUT seconds of opening, serves one request
and is closed, and at most MAX_CONNECTIONS are open at once (more are closed at once).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from bot.status import Status

log = logging.getLogger(__name__)
HEADER_TIMEOUT = 5.0  # seconds for a client to send its request line and headers
MAX_CONNECTIONS = 64  # open at once; a probe and a scraper need a few


class HealthServer:
    """Serves /healthz and /metrics until `stop()`; `port` is the bound one (0 picks one)."""

    def __init__(
        self,
        status: Callable[[], Status],
        registry: CollectorRegistry,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        header_timeout: float = HEADER_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.status = status
        self.host = host
        self.port = port
        self.header_timeout = header_timeout
        self.max_connections = max_connections
        self.refused = 0  # connections closed at once because MAX_CONNECTIONS were open
        app = web.Application(middlewares=[_one_request_per_connection])
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", make_aiohttp_handler(registry))
        # No access log: a scrape every few seconds would drown the bot's own lines. A short
        # shutdown: a request still open after a second is not worth delaying the exit for.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        self._started = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Listen; raises OSError when the address is taken or not ours."""
        await self._runner.setup()
        try:
            site = _GuardedSite(self, self.host, self.port)
            await site.start()
        except OSError:
            await self._runner.cleanup()
            raise
        self._started = True
        self.port = int(self._runner.addresses[0][1])
        log.info("health and metrics on %s (/healthz, /metrics)", self.url, extra={"url": self.url})

    async def stop(self) -> None:
        """Stop listening and close open connections (idempotent)."""
        if not self._started:
            return
        self._started = False
        await self._runner.cleanup()
        log.info("health server stopped")

    def handler(self, **kwargs: Any) -> RequestHandler:
        """A connection's protocol, with the cap and the header timeout (see _Guarded)."""
        server = self._runner.server
        assert server is not None
        return _Guarded(self, server, loop=asyncio.get_running_loop(), **server._kwargs)

    async def healthz(self, request: web.Request) -> web.Response:
        problem = self.status().problem
        if problem is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=problem + "\n")


class _Guarded(RequestHandler):
    """aiohttp's connection handler, refusing connections over the cap and closing one that
    has not sent a whole request head in time (aiohttp itself waits as long as bytes
    trickle in)."""

    def __init__(self, guard: HealthServer, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard = guard
        self._refused = False
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert self._manager is not None
        if len(self._manager.connections) >= self._guard.max_connections:
            self._refused = True
            self._guard.refused += 1
            transport.close()
            return
        super().connection_made(transport)
        self._head_timer = asyncio.get_running_loop().call_later(
            self._guard.header_timeout, self._head_too_slow
        )

    def head_complete(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()

    def _head_too_slow(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._refused:
            return
        self.head_complete()
        super().connection_lost(exc)


@web.middleware
async def _one_request_per_connection(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The head has arrived (its timer stops); the connection closes after the response."""
    protocol = request.protocol
    if isinstance(protocol, _Guarded):
        protocol.head_complete()
    response = await handler(request)
    response.force_close()
    return response


class _GuardedSite(web.TCPSite):
    """A TCP site whose connections are `_Guarded`."""

    def __init__(self, guard: HealthServer, host: str, port: int) -> None:
        super().__init__(guard._runner, host, port)
        self._guard = guard

    async def start(self) -> None:
        await web.BaseSite.start(self)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._guard.handler, self._host, self._port)
        if self._server.sockets:
            self._bound_port = self._server.sockets[0].getsockname()[1]
