"""HTTP control API under ``/_loopback/`` for driving a stand-in in another process.

Unauthenticated by design (it is a test double; bind it to loopback or a
private test network). JSON in, JSON out:

=======  ===========================  ==================================================
GET      /_loopback/info              base/gateway URLs, bot, application id, guilds
                                      (their channels and threads)
GET      /_loopback/requests?since=N  recorded requests from index N
GET      /_loopback/wait?method=&path=&status=&timeout=  next unclaimed match, 408 on timeout
GET      /_loopback/identifies        IDENTIFY payloads received
GET      /_loopback/validate          ``{"problems": [...]}`` from the OpenAPI check
POST     /_loopback/dispatch          ``{"event", "payload", "shard_id"?}`` -> ``{"seq"}``
POST     /_loopback/message           kwargs of ``message_payload`` -> dispatched payload
POST     /_loopback/slash             ``{"name", "options"?, ...}`` -> dispatched payload
POST     /_loopback/autocomplete      ``{"name", "focused", "value"?, ...}``
POST     /_loopback/component         ``{"custom_id", ...}``
POST     /_loopback/fail              ``{"method", "path", "status"?, "retry_after"?, "times"?}``
POST     /_loopback/delay             ``{"method", "path", "seconds", "times"?}``
POST     /_loopback/clear-faults
POST     /_loopback/drop              ``{"resumable"?, "shard_id"?, "close_code"?, "abrupt"?}``
=======  ===========================  ==================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .server import FakeDiscord

PREFIX = "/_loopback"


def control_routes(fake: FakeDiscord) -> list[web.RouteDef]:
    """The control endpoints bound to ``fake``."""

    async def info(request: web.Request) -> web.Response:
        guilds = [
            {
                "id": g["id"],
                "name": g["name"],
                "channels": [
                    {"id": c["id"], "name": c["name"], "type": c["type"]} for c in g["channels"]
                ],
                "threads": [
                    {k: t[k] for k in ("id", "name", "type", "parent_id", "owner_id")}
                    for t in g["threads"]
                ],
            }
            for g in fake.world.guilds
        ]
        return web.json_response(
            {
                "base_url": fake.base_url,
                "gateway_url": fake.gateway_url,
                "bot": fake.world.bot,
                "application_id": fake.world.application_id,
                "guilds": guilds,
                "spec_version": fake.spec.version,
            }
        )

    async def requests(request: web.Request) -> web.Response:
        since = int(request.query.get("since", 0))
        return web.json_response([r.to_json() for r in fake.requests[since:]])

    async def wait(request: web.Request) -> web.Response:
        q = request.query
        try:
            found = await fake.wait_for_request(
                q.get("method"),
                q.get("path"),
                status=int(q["status"]) if "status" in q else None,
                timeout=float(q.get("timeout", 5)),
            )
        except TimeoutError as exc:
            return web.json_response({"error": str(exc)}, status=408)
        return web.json_response(found.to_json())

    async def identifies(request: web.Request) -> web.Response:
        return web.json_response(fake.identifies)

    async def validate(request: web.Request) -> web.Response:
        return web.json_response({"problems": [str(p) for p in fake.validate_all()]})

    async def dispatch(request: web.Request) -> web.Response:
        body = await request.json()
        seq = await fake.dispatch(body["event"], body["payload"], body.get("shard_id"))
        return web.json_response({"seq": seq})

    def builder(name: str) -> Any:
        async def handle(request: web.Request) -> web.Response:
            kwargs: dict[str, Any] = await request.json()
            payload = getattr(fake, name)(**kwargs)
            event = "MESSAGE_CREATE" if name == "message_payload" else "INTERACTION_CREATE"
            await fake.dispatch(event, payload)
            return web.json_response(payload)

        return handle

    async def fail(request: web.Request) -> web.Response:
        b = await request.json()
        fake.fail_next(
            b.get("method"),
            b.get("path"),
            int(b.get("status", 429)),
            retry_after=float(b.get("retry_after", 0.2)),
            times=b.get("times", 1),
            is_global=bool(b.get("global", False)),
            scope=b.get("scope", "user"),
        )
        return web.json_response({"ok": True})

    async def delay(request: web.Request) -> web.Response:
        b = await request.json()
        fake.delay(b.get("method"), b.get("path"), float(b["seconds"]), times=b.get("times"))
        return web.json_response({"ok": True})

    async def clear_faults(request: web.Request) -> web.Response:
        fake.clear_faults()
        return web.json_response({"ok": True})

    async def drop(request: web.Request) -> web.Response:
        b = await request.json() if request.can_read_body else {}
        await fake.drop_gateway(
            bool(b.get("resumable", True)),
            shard_id=b.get("shard_id"),
            close_code=b.get("close_code"),
            abrupt=bool(b.get("abrupt", False)),
        )
        return web.json_response({"ok": True})

    return [
        web.get(PREFIX + "/info", info),
        web.get(PREFIX + "/requests", requests),
        web.get(PREFIX + "/wait", wait),
        web.get(PREFIX + "/identifies", identifies),
        web.get(PREFIX + "/validate", validate),
        web.post(PREFIX + "/dispatch", dispatch),
        web.post(PREFIX + "/message", builder("message_payload")),
        web.post(PREFIX + "/slash", builder("slash_interaction_payload")),
        web.post(PREFIX + "/autocomplete", builder("autocomplete_interaction_payload")),
        web.post(PREFIX + "/component", builder("component_interaction_payload")),
        web.post(PREFIX + "/fail", fail),
        web.post(PREFIX + "/delay", delay),
        web.post(PREFIX + "/clear-faults", clear_faults),
        web.post(PREFIX + "/drop", drop),
    ]
