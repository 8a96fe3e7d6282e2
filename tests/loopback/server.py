"""``FakeDiscord``: the in-process stand-in for Discord's REST API and gateway.

Start it with ``async with FakeDiscord() as fake:`` (or the ``fake_discord``
fixture), point discord.py at ``fake.base_url`` (see ``bot.discord_api`` and
:func:`tests.loopback.client.connected`), then drive it: inject gateway events,
script faults, and read what the client sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiohttp import BodyPartReader, web

from . import payloads
from .control import control_routes
from .faults import Fault, FaultPlan, ratelimit_headers
from .gateway import Gateway
from .openapi import OpenAPISpec, Problem
from .payloads import JSON
from .recorder import API_PREFIX, PathPattern, RecordedRequest, RequestLog, RequestPredicate
from .responses import error
from .rest import BODY, FILES, Handler, RestApi
from .world import World

UserRef = JSON | str | int
_log = logging.getLogger(__name__)


class FakeDiscord:
    """Discord's REST API and gateway on 127.0.0.1, driven from tests.

    ``world`` is what Discord "contains" (bot, application, guilds); the
    default has one guild with #general and #facts and one human member.
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        advertise_host: str | None = None,
        heartbeat_interval_ms: int = 1000,
        shards: int = 1,
        echo_own_messages: bool = True,
    ) -> None:
        self.world = world or World.default()
        if token is not None:
            self.world.token = token
        self.host, self.port = host, port
        self.advertise_host = advertise_host or ("127.0.0.1" if host in ("0.0.0.0", "") else host)
        self.echo_own_messages = echo_own_messages
        self.log = RequestLog()
        self.faults = FaultPlan()
        self.spec = OpenAPISpec.load()
        self.gateway = Gateway(
            self.world,
            gateway_url=lambda: self.gateway_url,
            resume_url=lambda: self.resume_gateway_url,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self.rest = RestApi(self.world, echo=self._echo, gateway_url=lambda: self.gateway_url)
        self.rest.shards = shards
        self._runner: web.AppRunner | None = None
        #: Exceptions raised by the stand-in's own handlers (reported by validate_all).
        self.internal_errors: list[str] = []

    # -- lifecycle ---------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=32 * 1024 * 1024)
        for method, path, handler in self.rest.routes():
            app.router.add_route(method, API_PREFIX + path, handler)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._unknown_route)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/resume", self.gateway.handle)
        app.router.add_routes(control_routes(self))
        return app

    async def start(self) -> FakeDiscord:
        """Listen (on a free port when ``port`` is 0); returns self."""
        runner = web.AppRunner(
            self.build_app(), handle_signals=False, access_log=None, shutdown_timeout=2.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Close gateway sockets (1001 going away) and stop listening."""
        if self._runner is None:
            return
        await self.gateway.close_all()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- addresses ---------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://{self.advertise_host}:{self.port}"

    @property
    def base_url(self) -> str:
        """REST base for FACTBOT_API_BASE, e.g. ``http://127.0.0.1:PORT/api/v10``."""
        return self.origin + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.advertise_host}:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        """Sent in READY; a distinct path so tests can see discord.py used it."""
        return f"ws://{self.advertise_host}:{self.port}/gateway/resume"

    @property
    def token(self) -> str:
        return self.world.token

    # -- REST plumbing -------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX + "/"):
            return await handler(request)
        body, files = await _read_body(request)
        request[BODY], request[FILES] = body, files
        record = self.log.new(
            method=request.method,
            path=request.path[len(API_PREFIX) :],
            query=dict(request.query),
            headers=dict(request.headers),
            json=body,
            files=[{k: v for k, v in f.items() if k != "data"} for f in files],
        )
        try:
            response = await self._respond(request, handler, record)
        except web.HTTPException as exc:
            response = error(exc.status, 0, f"{exc.status}: {exc.reason}")
        except Exception as exc:  # a bug in the stand-in: answer 500, report it
            _log.exception("loopback stand-in failed on %s %s", record.method, record.path)
            record.fault = f"stand-in error: {exc!r}"
            self.internal_errors.append(f"{record.method} {record.path}: {exc!r}")
            response = error(500, 0, "500: Internal Server Error")
        record.status = response.status
        if isinstance(response, web.Response) and response.content_type == "application/json":
            try:
                record.response = json.loads(response.body)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                record.response = None
        self.log.completed(record)
        return response

    async def _respond(
        self, request: web.Request, handler: Handler, record: RecordedRequest
    ) -> web.StreamResponse:
        authorized = request.headers.get("Authorization") == f"Bot {self.world.token}"
        if not authorized and self._needs_auth(request.method, record.path):
            return error(401, 0, "401: Unauthorized")
        slow = self.faults.take(request.method, record.path, delays=True)
        if slow is not None:
            await asyncio.sleep(slow.delay)
        fault = self.faults.take(request.method, record.path, delays=False)
        if fault is not None:
            record.fault = fault.describe()
            return fault.response()
        response: web.StreamResponse = await handler(request)
        if response.status < 400:
            op = self.spec.operation(record.method, record.path)
            bucket = f"{record.method}:{op.template if op else record.path}"
            response.headers.update(ratelimit_headers(bucket=f"{zlib.crc32(bucket.encode()):08x}"))
        return response

    def _needs_auth(self, method: str, path: str) -> bool:
        """As documented per operation: ``security`` with ``{}`` means optional."""
        op = self.spec.operation(method, path)
        if op is None:
            return True
        return {} not in op.spec.get("security", [{}])

    async def _unknown_route(self, request: web.Request) -> web.Response:
        return error(404, 0, "404: Not Found")

    async def _echo(self, event: str, data: JSON) -> None:
        if not self.echo_own_messages:
            return
        try:
            session = await self.gateway.session_for(None, data, timeout=0)
        except TimeoutError:
            return
        await self.gateway.send_event(session, event, data)

    # -- recorded requests -----------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request so far, in arrival order."""
        return list(self.log.requests)

    async def wait_for_request(
        self,
        method: str | None = None,
        path_pattern: PathPattern | None = None,
        *,
        where: RequestPredicate | None = None,
        status: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> RecordedRequest:
        """The next not-yet-returned request matching (already arrived or future).

        ``path_pattern``: ``/channels/{id}/messages``, ``/interactions/*/*/callback``.
        ``status``: only answered with this status (e.g. 200 after a 429).
        """
        return await self.log.wait_for(
            method, path_pattern, where=where, status=status, timeout=timeout
        )

    def find_requests(
        self,
        method: str | None = None,
        path_pattern: PathPattern | None = None,
        *,
        where: RequestPredicate | None = None,
        status: int | None = None,
    ) -> list[RecordedRequest]:
        """All completed requests matching (does not affect ``wait_for_request``)."""
        return self.log.find(method, path_pattern, where=where, status=status)

    def validate_all(self, *, responses: bool = True) -> list[Problem]:
        """Check every request body (and, with ``responses``, our answers) against the spec.

        Errors inside the stand-in itself are reported here too.
        """
        problems = [
            Problem(-1, "-", "-", None, "stand-in", message)
            for message in [*self.internal_errors, *self.gateway.errors]
        ]
        for req in self.log.requests:
            if req.status is None:
                continue
            problems.extend(self.spec.check_request(req))
            if responses:
                problems.extend(self.spec.check_response(req))
        return problems

    # -- faults ----------------------------------------------------------------------

    def fail_next(
        self,
        method: str | None,
        path_pattern: PathPattern | None,
        status: int = 429,
        *,
        retry_after: float = 0.2,
        times: int | None = 1,
        is_global: bool = False,
        scope: str = "user",
        body: Any = None,
    ) -> Fault:
        """Answer the next ``times`` matching requests with ``status`` (429, 500, 502...).

        429s carry ``retry_after``/``global`` and X-RateLimit-* headers
        (``scope``: user, global or shared). ``times=None``: until cleared.
        """
        return self.faults.add(
            Fault(method, path_pattern, times, status, retry_after, is_global, scope, body)
        )

    def delay(
        self,
        method: str | None,
        path_pattern: PathPattern | None,
        seconds: float,
        *,
        times: int | None = None,
    ) -> Fault:
        """Make matching requests take ``seconds`` longer (``times=None``: all)."""
        return self.faults.add(Fault(method, path_pattern, times, delay=seconds))

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- gateway -------------------------------------------------------------------------

    @property
    def identifies(self) -> list[JSON]:
        """Every IDENTIFY payload (``d``) received, in order."""
        return list(self.gateway.identifies)

    @property
    def resumes(self) -> list[JSON]:
        return list(self.gateway.resumes)

    async def wait_for_identify(self, count: int = 1, *, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        """Wait until ``count`` IDENTIFYs arrived and a session answers; the last one."""
        await _until(lambda: len(self.gateway.identifies) >= count, timeout, f"{count} IDENTIFY")
        await _until(lambda: bool(self.gateway.current), timeout, "a gateway session")
        return self.gateway.identifies[count - 1]

    async def wait_for_resume(self, count: int = 1, *, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        await _until(lambda: len(self.gateway.resumes) >= count, timeout, f"{count} RESUME")
        return self.gateway.resumes[count - 1]

    async def dispatch(
        self,
        event: str,
        payload: JSON,
        shard_id: int | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> int | None:
        """Send a gateway dispatch (``MESSAGE_CREATE``, ...) to the right shard.

        The shard defaults to the one owning ``payload["guild_id"]`` (shard 0
        for DMs); waits up to ``timeout`` for it to be connected. Returns the
        event's sequence number, or None if the session's intents filter it.
        Messages are remembered (replies can reference them), interactions
        registered (their tokens then work), DM channels learnt.
        """
        self._learn(event, payload)
        return await self.gateway.dispatch(event, payload, shard_id, timeout=timeout)

    def _learn(self, event: str, payload: JSON) -> None:
        if event == "INTERACTION_CREATE":
            self.rest.register_interaction(payload)
            return
        if event != "MESSAGE_CREATE":
            return
        self.world.messages[payload["id"]] = payload
        if payload.get("guild_id") is None and payload["channel_id"] not in self.world.dm_channels:
            author = payload["author"]
            self.world.dm_channels[payload["channel_id"]] = payloads.dm_channel(
                author, channel_id=payload["channel_id"]
            )

    async def drop_gateway(
        self,
        resumable: bool = True,
        *,
        shard_id: int | None = None,
        close_code: int | None = None,
        abrupt: bool = False,
    ) -> None:
        """Break gateway connections; see :meth:`Gateway.drop`."""
        await self.gateway.drop(
            resumable=resumable, shard_id=shard_id, close_code=close_code, abrupt=abrupt
        )

    async def invalidate_session(
        self, resumable: bool = False, *, shard_id: int | None = None
    ) -> None:
        """Send op 9 INVALID_SESSION with ``d=resumable``."""
        await self.gateway.invalidate(resumable=resumable, shard_id=shard_id)

    async def request_reconnect(self, *, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT."""
        await self.gateway.request_reconnect(shard_id)

    # -- payload builders with world defaults ----------------------------------------------

    def _user(self, ref: UserRef, guild_id: str | None) -> JSON:
        if isinstance(ref, dict):
            return ref
        uid = str(ref)
        if uid == self.world.bot_id:
            return self.rest.bot_author()
        for g in [self.world.guild(guild_id)] if guild_id else self.world.guilds:
            m = self.world.member(g["id"], uid)
            if m is not None:
                return dict(m["user"])
        raise KeyError(f"unknown user {uid}")

    def _mention(self, ref: UserRef, guild_id: str | None) -> JSON:
        u = dict(self._user(ref, guild_id))
        m = self.world.member(guild_id, u["id"]) if guild_id else None
        if m is not None:
            u["member"] = {k: v for k, v in m.items() if k != "user"}
        return u

    def message_payload(
        self,
        content: str,
        *,
        author: UserRef | None = None,
        channel_id: str | int | None = None,
        guild_id: str | int | None = None,
        dm: bool = False,
        mentions: Sequence[UserRef] = (),
        mention_bot: bool = False,
        mention_everyone: bool = False,
        webhook_id: str | None = None,
        bot: bool = False,
        embeds: Sequence[JSON] = (),
        reply_to: JSON | None = None,
    ) -> JSON:
        """A MESSAGE_CREATE payload; defaults: the first human, first text channel.

        ``dm=True`` (or a DM ``channel_id``) gives a DM without guild_id/member.
        ``mention_bot`` prefixes ``<@bot>`` and lists the bot in ``mentions``.
        ``bot=True`` makes the author another bot; ``webhook_id`` a webhook. A thread's id
        as ``channel_id`` posts in that thread (its guild must be ``guild_id``, or the first).
        """
        is_dm = dm or (channel_id is not None and str(channel_id) in self.world.dm_channels)
        gid = None if is_dm else str(guild_id or self.world.guild()["id"])
        if webhook_id is not None:
            who, member = payloads.webhook_author(webhook_id), None
        elif author is None and bot:
            who, member = payloads.user("otherbot", bot=True), None
        elif author is None:
            member = self.world.human(gid) if gid else self.world.guild()["members"][-1]
            who = dict(member["user"])
        else:
            who = self._user(author, gid)
            member = self.world.member(gid, who["id"]) if gid else None
            if bot:
                who = {**who, "bot": True}
        if is_dm:
            channel = (
                self.world.dm_channels[str(channel_id)]
                if channel_id
                else self.world.dm_channel_for(who)
            )
            cid = channel["id"]
        else:
            cid = str(channel_id or self.world.text_channel(gid)["id"])
        mention_list = [self._mention(m, gid) for m in mentions]
        if mention_bot:
            content = f"<@{self.world.bot_id}> {content}"
            mention_list.insert(0, self._mention(self.world.bot_id, gid))
        return payloads.message(
            content,
            author=who,
            channel_id=cid,
            guild_id=gid,
            author_member=member if gid and webhook_id is None else None,
            mentions=mention_list,
            mention_everyone=mention_everyone,
            webhook_id=webhook_id,
            embeds=embeds,
            referenced_message=reply_to,
            message_type=payloads.MESSAGE_REPLY if reply_to else payloads.MESSAGE_DEFAULT,
        )

    def _invoker(self, user: UserRef | None, gid: str | None) -> tuple[JSON, JSON | None]:
        if user is None:
            member = self.world.human(gid) if gid else self.world.guild()["members"][-1]
            return dict(member["user"]), (member if gid else None)
        who = self._user(user, gid)
        return who, (self.world.member(gid, who["id"]) if gid else None)

    def _interaction(
        self,
        kind: int,
        data: JSON,
        *,
        user: UserRef | None,
        guild_id: str | int | None,
        channel_id: str | int | None,
        dm: bool,
        message: JSON | None = None,
    ) -> JSON:
        gid = None if dm else str(guild_id or self.world.guild()["id"])
        who, member = self._invoker(user, gid)
        if gid is None:
            channel = self.world.dm_channel_for(who)
        else:
            channel = (
                self.world.channel(channel_id)[0] if channel_id else self.world.text_channel(gid)
            )
        perms = payloads.EVERYONE_PERMISSIONS
        app_perms = self.world.bot_permissions(channel["id"])
        return payloads.interaction(
            kind,
            data,
            application_id=self.world.application_id,
            invoker=who,
            invoker_member=member,
            channel=channel,
            guild_id=gid,
            permissions=perms,
            app_permissions=app_perms,
            message=message,
        )

    def _command_id(self, name: str, guild_id: str | None) -> str | None:
        store = self.world.guild_commands.get(guild_id, []) if guild_id else []
        for cmd in [*store, *self.world.global_commands]:
            if cmd["name"] == name:
                return str(cmd["id"])
        return None

    def slash_interaction_payload(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        user: UserRef | None = None,
        guild_id: str | int | None = None,
        channel_id: str | int | None = None,
        command_id: str | None = None,
        dm: bool = False,
    ) -> JSON:
        """INTERACTION_CREATE for ``/name`` (type 2); the command id is the synced one if known."""
        gid = None if dm else str(guild_id or self.world.guild()["id"])
        data = payloads.slash_command_data(
            name, options, command_id=command_id or self._command_id(name, gid)
        )
        return self._interaction(
            payloads.INTERACTION_APPLICATION_COMMAND,
            data,
            user=user,
            guild_id=gid,
            channel_id=channel_id,
            dm=dm,
        )

    def autocomplete_interaction_payload(
        self,
        name: str,
        focused: str,
        value: str = "",
        *,
        other_options: Mapping[str, Any] | None = None,
        user: UserRef | None = None,
        guild_id: str | int | None = None,
        channel_id: str | int | None = None,
        command_id: str | None = None,
        dm: bool = False,
    ) -> JSON:
        """INTERACTION_CREATE (type 4) while the user types ``value`` into ``focused``."""
        gid = None if dm else str(guild_id or self.world.guild()["id"])
        data = payloads.autocomplete_data(
            name,
            focused,
            value,
            other_options=other_options,
            command_id=command_id or self._command_id(name, gid),
        )
        return self._interaction(
            payloads.INTERACTION_AUTOCOMPLETE,
            data,
            user=user,
            guild_id=gid,
            channel_id=channel_id,
            dm=dm,
        )

    def component_interaction_payload(
        self,
        custom_id: str,
        *,
        message: JSON | None = None,
        user: UserRef | None = None,
        guild_id: str | int | None = None,
        channel_id: str | int | None = None,
        dm: bool = False,
    ) -> JSON:
        """INTERACTION_CREATE (type 3) for a button press on ``message``.

        Without ``message``, a bot message carrying the button is made up.
        """
        gid = (
            None
            if dm
            else str(message.get("guild_id") if message else guild_id or self.world.guild()["id"])
        )
        if message is None:
            who, _ = self._invoker(user, gid)
            channel = (
                self.world.dm_channel_for(who)
                if gid is None
                else (
                    self.world.channel(channel_id)[0]
                    if channel_id
                    else self.world.text_channel(gid)
                )
            )
            message = self.rest.build_message(
                channel["id"], {"components": [payloads.button_row(custom_id)]}, []
            )
            message["content"] = "Pick one"
            self.world.messages[message["id"]] = message
        return self._interaction(
            payloads.INTERACTION_MESSAGE_COMPONENT,
            payloads.button_data(custom_id),
            user=user,
            guild_id=gid,
            channel_id=channel_id or message["channel_id"],
            dm=gid is None,
            message=message,
        )

    async def open_thread(
        self,
        name: str,
        *,
        owner: UserRef | None = None,
        parent_id: str | int | None = None,
        guild_id: str | int | None = None,
    ) -> JSON:
        """A member (default: the first human) starts a public thread in a text channel
        (default: the first); THREAD_CREATE is dispatched, as Discord sends it to a bot that
        can see the channel (no thread member: the bot has not joined). The thread."""
        gid = str(guild_id or self.world.guild()["id"])
        who, _ = self._invoker(owner, gid)
        parent = str(parent_id or self.world.text_channel(gid)["id"])
        thread = self.world.add_thread(
            payloads.thread_channel(name, parent_id=parent, guild_id=gid, owner_id=who["id"])
        )
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return thread

    # -- one-call conveniences ------------------------------------------------------------

    async def send_message(self, content: str, **kwargs: Any) -> JSON:
        """Build with :meth:`message_payload` and dispatch MESSAGE_CREATE; the payload."""
        payload = self.message_payload(content, **kwargs)
        await self.dispatch("MESSAGE_CREATE", payload)
        return payload

    async def invoke_slash(self, name: str, options: Any = None, **kwargs: Any) -> JSON:
        """Build with :meth:`slash_interaction_payload` and dispatch it; the payload."""
        payload = self.slash_interaction_payload(name, options, **kwargs)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload


async def _read_body(request: web.Request) -> tuple[Any, list[JSON]]:
    """JSON body, or multipart ``payload_json`` plus file descriptions."""
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[JSON] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                files.append(
                    {
                        "field": part.name,
                        "filename": part.filename or part.name,
                        "size": len(data),
                        "content_type": part.headers.get("Content-Type"),
                        "data": bytes(data),
                    }
                )
        return body, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return {"_unparsed": raw.decode("utf-8", "replace")}, []


async def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"waited {timeout}s for {what}")
        await asyncio.sleep(0.01)
