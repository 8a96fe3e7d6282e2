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
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from bot.status import Status

log = logging.getLogger(__name__)


class HealthServer:
    """Serves /healthz and /metrics until `stop()`; `port` is the bound one (0 picks one)."""

    def __init__(
        self,
        status: Callable[[], Status],
        registry: CollectorRegistry,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.status = status
        self.host = host
        self.port = port
        app = web.Application()
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
            site = web.TCPSite(self._runner, self.host, self.port)
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

    async def healthz(self, request: web.Request) -> web.Response:
        problem = self.status().problem
        if problem is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=problem + "\n")
