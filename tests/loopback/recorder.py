"""The request log: every REST call the client made, in order, and waiting on it.

Paths are recorded relative to the API base (``/channels/1/messages``, no
``/api/v10``). Patterns used to find requests are path templates where
``{name}`` or ``*`` match one segment and ``**`` matches the rest, e.g.
``/channels/{id}/messages`` or ``/interactions/*/*/callback``; a compiled
``re.Pattern`` is used as is (full match).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

API_PREFIX = "/api/v10"
PathPattern = str | re.Pattern[str]


def compile_pattern(pattern: PathPattern) -> re.Pattern[str]:
    """Compile a path template (see module doc) into a full-match regex."""
    if isinstance(pattern, re.Pattern):
        return pattern
    if pattern.startswith(API_PREFIX):
        pattern = pattern[len(API_PREFIX) :]
    parts = re.split(r"(\{[^}/]*\}|\*\*|\*)", pattern)
    out = []
    for part in parts:
        if part == "**":
            out.append(".*")
        elif part == "*" or (part.startswith("{") and part.endswith("}")):
            out.append("[^/]+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


def matches(method: str | None, pattern: PathPattern | None, req_method: str, path: str) -> bool:
    """Whether a request (``req_method``, ``path``) matches a method/pattern filter."""
    if method is not None and method.upper() != req_method:
        return False
    return pattern is None or compile_pattern(pattern).fullmatch(path) is not None


@dataclass
class RecordedRequest:
    """One REST request as the stand-in received it, and how it answered."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    files: list[dict[str, Any]] = field(default_factory=list)
    body_text: str | None = None
    status: int | None = None
    response: Any = None
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def is_multipart(self) -> bool:
        return self.headers.get("Content-Type", "").startswith("multipart/form-data")

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (for the control endpoint)."""
        return {
            "index": self.index,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "json": self.json,
            "files": self.files,
            "status": self.status,
            "response": self.response,
            "fault": self.fault,
        }

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


RequestPredicate = Callable[[RecordedRequest], bool]


@dataclass
class _Waiter:
    method: str | None
    pattern: PathPattern | None
    where: RequestPredicate | None
    status: int | None
    future: asyncio.Future[RecordedRequest]


class RequestLog:
    """Ordered record of requests with ``wait_for`` that never misses one.

    ``wait_for`` consumes: it returns the earliest matching request that no
    earlier ``wait_for`` returned, whether it arrived before or after the call.
    Waiters are resolved when the response is known (``status`` is set).
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._claimed: set[int] = set()
        self._waiters: list[_Waiter] = []

    def __len__(self) -> int:
        return len(self.requests)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(list(self.requests))

    def new(self, **kwargs: Any) -> RecordedRequest:
        req = RecordedRequest(index=len(self.requests), **kwargs)
        self.requests.append(req)
        return req

    def completed(self, req: RecordedRequest) -> None:
        """Call once ``req.status`` is set: wakes matching waiters."""
        for waiter in list(self._waiters):
            if waiter.future.done():
                self._waiters.remove(waiter)
            elif req.index not in self._claimed and self._accepts(waiter, req):
                self._claimed.add(req.index)
                self._waiters.remove(waiter)
                waiter.future.set_result(req)

    def find(
        self,
        method: str | None = None,
        pattern: PathPattern | None = None,
        *,
        where: RequestPredicate | None = None,
        status: int | None = None,
    ) -> list[RecordedRequest]:
        """All recorded requests matching the filter (does not consume)."""
        probe = _Waiter(method, pattern, where, status, _DONE)
        return [r for r in self.requests if r.status is not None and self._accepts(probe, r)]

    async def wait_for(
        self,
        method: str | None = None,
        pattern: PathPattern | None = None,
        *,
        where: RequestPredicate | None = None,
        status: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> RecordedRequest:
        """The next unclaimed completed request matching; TimeoutError names what was seen."""
        waiter = _Waiter(method, pattern, where, status, asyncio.get_running_loop().create_future())
        for req in self.requests:
            if (
                req.status is not None
                and req.index not in self._claimed
                and self._accepts(waiter, req)
            ):
                self._claimed.add(req.index)
                return req
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} {r.status}" for r in self.requests[-10:])
            wanted = f"{method or '*'} {pattern or '*'}"
            raise TimeoutError(f"no {wanted} request within {timeout}s; last: [{seen}]") from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    @staticmethod
    def _accepts(waiter: _Waiter, req: RecordedRequest) -> bool:
        if not matches(waiter.method, waiter.pattern, req.method, req.path):
            return False
        if waiter.status is not None and req.status != waiter.status:
            return False
        return waiter.where is None or bool(waiter.where(req))


class _DoneFuture:
    """Placeholder future for non-waiting probes."""

    def done(self) -> bool:
        return True


_DONE: Any = _DoneFuture()
