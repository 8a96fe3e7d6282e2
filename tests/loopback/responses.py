"""Response helpers with Discord's exact framing.

discord.py parses a body as JSON only when Content-Type is exactly
``application/json``; aiohttp's ``json_response`` appends ``; charset=utf-8``,
which would make discord.py see a string. So every API answer goes through
:func:`json_response`.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON with ``Content-Type: application/json`` and nothing after it."""
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type="application/json", headers=headers)


def error(
    status: int, code: int, message: str, errors: dict[str, Any] | None = None
) -> web.Response:
    """An error in Discord's shape: ``{"message", "code"[, "errors"]}``."""
    body: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status=status)


def form_error(field_name: str, code: str, message: str) -> web.Response:
    """400 Invalid Form Body with one field error (code 50035)."""
    errors = {field_name: {"_errors": [{"code": code, "message": message}]}}
    return error(400, 50035, "Invalid Form Body", errors)
