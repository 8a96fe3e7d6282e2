"""Scripted misbehaviour for REST routes: error statuses, rate limits, slowness.

Rules match a method and path pattern (see :mod:`.recorder`) and apply to the
next ``times`` matching requests (``None``: every one, until cleared). A 429
carries what discord.py checks: ``retry_after``/``global`` in the body and a
``Via`` header (without it discord.py assumes a Cloudflare ban and raises at
once instead of retrying), plus Discord's X-RateLimit-* headers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .recorder import PathPattern, matches
from .responses import json_response


@dataclass
class Fault:
    """One rule: answer ``status`` (or sleep ``delay``) for matching requests."""

    method: str | None
    pattern: PathPattern | None
    times: int | None = 1
    status: int | None = None
    retry_after: float = 0.2
    is_global: bool = False
    scope: str = "user"
    body: Any = None
    delay: float = 0.0

    def describe(self) -> str:
        what = f"status {self.status}" if self.status else f"delay {self.delay}s"
        return f"{what} for {self.method or '*'} {self.pattern or '*'}"

    def response(self) -> web.Response:
        """The error response for this fault."""
        assert self.status is not None
        if self.status == 429:
            return rate_limited(self.retry_after, is_global=self.is_global, scope=self.scope)
        if self.body is not None:
            return json_response(self.body, status=self.status)
        if self.status >= 500:
            return server_error(self.status)
        return json_response(
            {"message": f"{self.status}: Injected fault", "code": 0}, status=self.status
        )


class FaultPlan:
    """Pending faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()

    def take(self, method: str, path: str, *, delays: bool) -> Fault | None:
        """Consume one use of the first matching status (or delay) fault."""
        for fault in self.faults:
            if (fault.status is None) != delays:
                continue
            if not matches(fault.method, fault.pattern, method, path):
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
            return fault
        return None


def ratelimit_headers(
    *, limit: int = 5, remaining: int = 4, reset_after: float = 1.0, bucket: str = "loopback"
) -> dict[str, str]:
    """Headers Discord sends on every rate-limited route."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def rate_limited(
    retry_after: float, *, is_global: bool = False, scope: str = "user"
) -> web.Response:
    """A 429 exactly as Discord (behind Cloudflare/Google LB) sends it."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
        "code": 0,
    }
    headers = {
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Scope": "global" if is_global else scope,
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(ratelimit_headers(remaining=0, reset_after=retry_after))
    return json_response(body, status=429, headers=headers)


def server_error(status: int) -> web.Response:
    """5xx: JSON for 500, Cloudflare-style HTML for 502/503/504 (as in real outages)."""
    if status == 500:
        return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
    html = (
        f"<html><head><title>{status}</title></head>"
        f"<body><center><h1>{status}</h1></center></body></html>"
    )
    return web.Response(status=status, text=html, content_type="text/html")
