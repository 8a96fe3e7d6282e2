"""REST routes under ``/api/v10`` with Discord's semantics and error shapes.

Behaviour follows Discord where a bot can observe it: created messages come
back as full message objects authored by the bot (and are echoed as
MESSAGE_CREATE on the gateway), sends need VIEW_CHANNEL and SEND_MESSAGES,
content is capped at 2000 characters, an interaction can be acknowledged once
and only within ``ack_deadline`` seconds, follow-ups need an acknowledged
interaction, an interaction's token dies after ``token_lifetime`` seconds, and unknown ids
give Discord's 404 codes. A public thread can be started from a message (it takes the
message's id and is announced by THREAD_CREATE); sending in a thread needs
SEND_MESSAGES_IN_THREADS instead of SEND_MESSAGES, with the parent channel's overwrites.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from . import payloads
from .payloads import JSON
from .responses import error, form_error, json_response
from .snowflakes import iso_timestamp, snowflake
from .world import World, is_thread

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
EchoFn = Callable[[str, JSON], Awaitable[None]]
MAX_CONTENT = 2000
#: Parsed request body (JSON or multipart ``payload_json``) and uploaded files.
BODY: web.RequestKey[Any] = web.RequestKey("loopback_body")
FILES: web.RequestKey[list[JSON]] = web.RequestKey("loopback_files")
_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


@dataclass
class InteractionState:
    """What the stand-in knows about one dispatched interaction."""

    payload: JSON
    dispatched_at: float = field(default_factory=time.monotonic)
    callback_type: int | None = None
    original: JSON | None = None
    followups: dict[str, JSON] = field(default_factory=dict)
    autocomplete_choices: list[JSON] | None = None
    modal: JSON | None = None
    expired: bool = False

    @property
    def responded(self) -> bool:
        return self.callback_type is not None


class RestApi:
    """Route handlers over a :class:`World`; ``echo`` sends gateway events."""

    def __init__(self, world: World, *, echo: EchoFn, gateway_url: Callable[[], str]) -> None:
        self.world = world
        self.echo = echo
        self.gateway_url = gateway_url
        self.shards = 1
        #: Seconds an interaction may wait for its first response (Discord: 3).
        self.ack_deadline: float | None = 3.0
        #: Seconds an interaction's token works for responses and follow-ups (Discord: 15
        #: minutes; None: for ever, which most tests want).
        self.token_lifetime: float | None = None
        self.interactions: dict[str, InteractionState] = {}

    def routes(self) -> list[tuple[str, str, Handler]]:
        """(method, path under /api/v10, handler)."""
        app = "/applications/{app_id}"
        hook = "/webhooks/{app_id}/{token}"
        return [
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/users/@me", self.get_me),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", app + "/commands", self.get_commands),
            ("PUT", app + "/commands", self.put_commands),
            ("POST", app + "/commands", self.post_command),
            ("GET", app + "/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", app + "/guilds/{guild_id}/commands", self.put_commands),
            ("POST", app + "/guilds/{guild_id}/commands", self.post_command),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self.start_thread_from_message,
            ),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.no_content,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.no_content,
            ),
            ("POST", "/users/@me/channels", self.create_dm),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("GET", hook + "/messages/@original", self.get_original),
            ("PATCH", hook + "/messages/@original", self.edit_original),
            ("DELETE", hook + "/messages/@original", self.delete_original),
            ("POST", hook, self.create_followup),
            ("GET", hook + "/messages/{message_id}", self.get_followup),
            ("PATCH", hook + "/messages/{message_id}", self.edit_followup),
            ("DELETE", hook + "/messages/{message_id}", self.delete_followup),
        ]

    # -- session / identity ----------------------------------------------------

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url()})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return json_response(
            {"url": self.gateway_url(), "shards": self.shards, "session_start_limit": limit}
        )

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(self.world.bot)

    async def get_application(self, request: web.Request) -> web.Response:
        return json_response(self.world.application)

    async def no_content(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    # -- application commands -----------------------------------------------------

    def _command_store(self, request: web.Request) -> list[JSON] | web.Response:
        if request.match_info["app_id"] != self.world.application_id:
            return error(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return self.world.global_commands
        try:
            self.world.guild(guild_id)
        except KeyError:
            return error(403, 50001, "Missing Access")
        return self.world.guild_commands.setdefault(guild_id, [])

    def _full_command(self, body: JSON, guild_id: str | None, existing: list[JSON]) -> JSON:
        kind = body.get("type", 1)
        old = next((c for c in existing if c["name"] == body["name"] and c["type"] == kind), None)
        cmd: JSON = {
            "id": old["id"] if old else snowflake(),
            "application_id": self.world.application_id,
            "version": snowflake(),
            "type": kind,
            "name": body["name"],
            "description": body.get("description", ""),
            # a bit set: bots may send a number, Discord answers with a string
            "default_member_permissions": _permissions(body.get("default_member_permissions")),
            "nsfw": bool(body.get("nsfw", False)),
            "integration_types": body.get("integration_types") or [0],
            "contexts": body.get("contexts"),
        }
        for key in ("options", "name_localizations", "description_localizations"):
            if body.get(key) is not None:
                cmd[key] = copy.deepcopy(body[key])
        if guild_id is not None:
            cmd["guild_id"] = guild_id
        else:
            cmd["dm_permission"] = body.get("dm_permission", True)
        return cmd

    async def get_commands(self, request: web.Request) -> web.Response:
        store = self._command_store(request)
        if isinstance(store, web.Response):
            return store
        return json_response(store)

    async def put_commands(self, request: web.Request) -> web.Response:
        store = self._command_store(request)
        if isinstance(store, web.Response):
            return store
        body = request[BODY] or []
        guild_id = request.match_info.get("guild_id")
        new = [self._full_command(c, guild_id, store) for c in body]
        store[:] = new
        return json_response(new)

    async def post_command(self, request: web.Request) -> web.Response:
        store = self._command_store(request)
        if isinstance(store, web.Response):
            return store
        cmd = self._full_command(request[BODY], request.match_info.get("guild_id"), store)
        for i, c in enumerate(store):
            if c["id"] == cmd["id"]:
                store[i] = cmd
                return json_response(cmd, status=200)
        store.append(cmd)
        return json_response(cmd, status=201)

    # -- channels and messages -------------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        try:
            channel, guild = self.world.channel(request.match_info["channel_id"])
        except KeyError:
            return error(404, 10003, "Unknown Channel")
        data = dict(channel)
        if guild is not None:
            data["guild_id"] = guild["id"]
        return json_response(data)

    def bot_author(self) -> JSON:
        """The bot as a message author (public user fields only)."""
        private = ("verified", "mfa_enabled", "email", "locale", "premium_type")
        return {k: v for k, v in self.world.bot.items() if k not in private}

    def _mentions(
        self, content: str, guild: JSON | None, body: JSON
    ) -> tuple[list[JSON], list[str], bool]:
        allowed = body.get("allowed_mentions")
        parse = set(allowed.get("parse", [])) if allowed else {"users", "roles", "everyone"}
        allowed_users = set(map(str, allowed.get("users", []))) if allowed else set()
        allowed_roles = set(map(str, allowed.get("roles", []))) if allowed else set()
        users: list[JSON] = []
        if guild is not None:
            for uid in dict.fromkeys(_MENTION.findall(content)):
                member = self.world.member(guild["id"], uid)
                if member is not None and ("users" in parse or uid in allowed_users):
                    u = dict(member["user"])
                    u["member"] = {k: v for k, v in member.items() if k != "user"}
                    users.append(u)
        roles = [
            r
            for r in dict.fromkeys(_ROLE_MENTION.findall(content))
            if "roles" in parse or r in allowed_roles
        ]
        everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)
        return users, roles, everyone

    def build_message(
        self,
        channel_id: str,
        body: JSON,
        files: list[JSON],
        *,
        webhook_id: str | None = None,
        message_type: int = payloads.MESSAGE_DEFAULT,
        interaction_metadata: JSON | None = None,
    ) -> JSON:
        """A message object for ``body`` sent by the bot (or its interactions webhook)."""
        try:
            _, guild = self.world.channel(channel_id)
        except KeyError:
            guild = None
        content = body.get("content") or ""
        mentions, mention_roles, everyone = self._mentions(content, guild, body)
        referenced = None
        ref = body.get("message_reference")
        if ref and ref.get("type", 0) == 0:
            referenced = self.world.messages.get(str(ref.get("message_id")))
            if referenced is not None and message_type == payloads.MESSAGE_DEFAULT:
                message_type = payloads.MESSAGE_REPLY
        bot_member = self.world.member(guild["id"], self.world.bot_id) if guild else None
        return payloads.message(
            content,
            author=self.bot_author(),
            channel_id=channel_id,
            guild_id=guild["id"] if guild else None,
            author_member=bot_member,
            mentions=mentions,
            mention_roles=mention_roles,
            mention_everyone=everyone,
            webhook_id=webhook_id,
            embeds=body.get("embeds") or [],
            components=_number_components(body.get("components") or []),
            attachments=_attachments(body, files),
            message_type=message_type,
            referenced_message=copy.deepcopy(referenced) if referenced else None,
            flags=int(body.get("flags") or 0),
            application_id=self.world.application_id if webhook_id else None,
            interaction_metadata=interaction_metadata,
        )

    def _check_body(
        self, body: JSON, files: list[JSON], *, editing: bool = False
    ) -> web.Response | None:
        content = body.get("content")
        if content is not None and len(content) > MAX_CONTENT:
            return form_error(
                "content", "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CONTENT} or fewer in length."
            )
        if editing:
            return None
        parts = ("content", "embeds", "components", "sticker_ids", "poll")
        if not any(body.get(k) for k in parts) and not files:
            return error(400, 50006, "Cannot send an empty message")
        ref = body.get("message_reference") or {}
        unknown = str(ref.get("message_id")) not in self.world.messages
        if ref and ref.get("type", 0) == 0 and unknown and ref.get("fail_if_not_exists", True):
            return form_error(
                "message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
            )
        return None

    async def create_message(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel_id"]
        try:
            channel, _ = self.world.channel(channel_id)
        except KeyError:
            return error(404, 10003, "Unknown Channel")
        perms = self.world.bot_permissions(channel_id)
        thread = is_thread(channel)
        if not perms & payloads.VIEW_CHANNEL:
            return error(403, 50001, "Missing Access")
        if not perms & (payloads.SEND_MESSAGES_IN_THREADS if thread else payloads.SEND_MESSAGES):
            return error(403, 50013, "Missing Permissions")
        body, files = request[BODY] or {}, request[FILES]
        problem = self._check_body(body, files)
        if problem is not None:
            return problem
        msg = self.build_message(channel_id, body, files)
        self.world.messages[msg["id"]] = msg
        if thread:
            channel["message_count"] += 1
            channel["total_message_sent"] += 1
            channel["last_message_id"] = msg["id"]
        await self.echo("MESSAGE_CREATE", msg)
        return json_response(msg)

    async def start_thread_from_message(self, request: web.Request) -> web.Response:
        """A public thread on a message in a text channel, as Discord starts one: it has the
        message's id, the bot owns it and is its first member, THREAD_CREATE (with
        ``newly_created``) announces it, and the answer is the thread channel (201)."""
        channel_id = request.match_info["channel_id"]
        try:
            channel, guild = self.world.channel(channel_id)
        except KeyError:
            return error(404, 10003, "Unknown Channel")
        if guild is None or channel["type"] != payloads.GUILD_TEXT:
            return error(400, 50024, "Cannot execute action on this channel type")
        perms = self.world.bot_permissions(channel_id)
        if not perms & payloads.VIEW_CHANNEL:
            return error(403, 50001, "Missing Access")
        if not perms & payloads.CREATE_PUBLIC_THREADS:
            return error(403, 50013, "Missing Permissions")
        msg = self._stored(request)
        if isinstance(msg, web.Response):
            return msg
        if msg["flags"] & payloads.HAS_THREAD:
            return error(400, 160004, "A thread has already been created for this message")
        body = request[BODY] or {}
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
            return form_error(
                "name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        minutes = body.get("auto_archive_duration") or channel.get(
            "default_auto_archive_duration", 1440
        )
        if minutes not in payloads.ARCHIVE_DURATIONS:
            choices = ", ".join(map(str, payloads.ARCHIVE_DURATIONS))
            return form_error(
                "auto_archive_duration", "BASE_TYPE_CHOICES", f"Value must be one of {{{choices}}}."
            )
        thread = self.world.add_thread(
            payloads.thread_channel(
                name.strip(),
                parent_id=channel_id,
                guild_id=guild["id"],
                owner_id=self.world.bot_id,
                thread_id=msg["id"],
                auto_archive_duration=minutes,
                rate_limit_per_user=int(body.get("rate_limit_per_user") or 0),
            )
        )
        msg["flags"] |= payloads.HAS_THREAD
        msg["thread"] = thread
        await self.echo(
            "THREAD_CREATE",
            {
                **thread,
                "newly_created": True,
                "member": payloads.thread_member(thread["id"], self.world.bot_id),
            },
        )
        return json_response(thread, status=201)

    def _stored(self, request: web.Request) -> JSON | web.Response:
        msg = self.world.messages.get(request.match_info["message_id"])
        if msg is None or msg["channel_id"] != request.match_info["channel_id"]:
            return error(404, 10008, "Unknown Message")
        return msg

    async def get_message(self, request: web.Request) -> web.Response:
        msg = self._stored(request)
        return msg if isinstance(msg, web.Response) else json_response(msg)

    async def edit_message(self, request: web.Request) -> web.Response:
        msg = self._stored(request)
        if isinstance(msg, web.Response):
            return msg
        if msg["author"]["id"] != self.world.bot_id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        body, files = request[BODY] or {}, request[FILES]
        problem = self._check_body(body, files, editing=True)
        if problem is not None:
            return problem
        _apply_edit(msg, body, files)
        await self.echo("MESSAGE_UPDATE", msg)
        return json_response(msg)

    async def delete_message(self, request: web.Request) -> web.Response:
        msg = self._stored(request)
        if isinstance(msg, web.Response):
            return msg
        own = msg["author"]["id"] == self.world.bot_id
        if not own and not self.world.bot_permissions(msg["channel_id"]) & payloads.MANAGE_MESSAGES:
            return error(403, 50013, "Missing Permissions")
        del self.world.messages[msg["id"]]
        await self.echo("MESSAGE_DELETE", _deleted(msg))
        return web.Response(status=204)

    async def create_dm(self, request: web.Request) -> web.Response:
        recipient_id = str((request[BODY] or {}).get("recipient_id"))
        for g in self.world.guilds:
            member = self.world.member(g["id"], recipient_id)
            if member is not None:
                return json_response(self.world.dm_channel_for(member["user"]))
        for ch in self.world.dm_channels.values():
            if ch["recipients"][0]["id"] == recipient_id:
                return json_response(ch)
        return form_error("recipient_id", "NUMBER_TYPE_COERCE", "Unknown user")

    # -- interactions -------------------------------------------------------------------

    def register_interaction(self, payload: JSON) -> None:
        """Remember a dispatched INTERACTION_CREATE so its token works."""
        self.interactions[payload["id"]] = InteractionState(copy.deepcopy(payload))

    def _by_token(self, request: web.Request) -> InteractionState | web.Response:
        if request.match_info["app_id"] != self.world.application_id:
            return error(404, 10015, "Unknown Webhook")
        token = request.match_info["token"]
        for state in self.interactions.values():
            if state.payload["token"] == token and not state.expired:
                age = time.monotonic() - state.dispatched_at
                if self.token_lifetime is not None and age > self.token_lifetime:
                    return error(401, 50027, "Invalid Webhook Token")
                return state
        return error(404, 10015, "Unknown Webhook")

    def _interaction_message(
        self, state: InteractionState, body: JSON, files: list[JSON], *, followup: bool
    ) -> JSON:
        p = state.payload
        invoker = p.get("member", {}).get("user") or p.get("user") or {}
        metadata = {
            "id": p["id"],
            "type": p["type"],
            "user": invoker,
            "authorizing_integration_owners": p.get("authorizing_integration_owners", {}),
        }
        command = p["type"] == payloads.INTERACTION_APPLICATION_COMMAND and not followup
        if "message" in p:
            metadata["interacted_message_id"] = p["message"]["id"]
        if followup and state.original is not None:
            metadata["original_response_message_id"] = state.original["id"]
        msg = self.build_message(
            p["channel_id"],
            body,
            files,
            webhook_id=self.world.application_id,
            message_type=payloads.MESSAGE_CHAT_INPUT_COMMAND
            if command
            else payloads.MESSAGE_DEFAULT,
            interaction_metadata=metadata,
        )
        if command:
            msg["interaction"] = {
                "id": p["id"],
                "type": p["type"],
                "name": p["data"]["name"],
                "user": invoker,
            }
        return msg

    async def interaction_callback(self, request: web.Request) -> web.Response:
        state = self.interactions.get(request.match_info["interaction_id"])
        if state is None or state.payload["token"] != request.match_info["token"] or state.expired:
            return error(404, 10062, "Unknown interaction")
        if state.responded:
            return error(400, 40060, "Interaction has already been acknowledged.")
        late = (
            self.ack_deadline is not None
            and time.monotonic() - state.dispatched_at > self.ack_deadline
        )
        if late:
            state.expired = True
            return error(404, 10062, "Unknown interaction")
        body, files = request[BODY] or {}, request[FILES]
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        resource: JSON | None = None
        if kind == 4:
            problem = self._check_body(data, files)
            if problem is not None:
                return problem
            state.original = self._interaction_message(state, data, files, followup=False)
            resource = {"type": 4, "message": state.original}
        elif kind == 5:
            state.original = self._interaction_message(
                state, {"flags": data.get("flags", 0)}, [], followup=False
            )
            state.original["flags"] |= payloads.LOADING
        elif kind == 7 and "message" in state.payload:
            shown: JSON = state.payload["message"]
            target = self.world.messages.get(shown["id"], shown)
            _apply_edit(target, data, files)
            state.original = target
            resource = {"type": 7, "message": target}
            await self.echo("MESSAGE_UPDATE", target)
        elif kind == 8:
            state.autocomplete_choices = data.get("choices", [])
        elif kind == 9:
            state.modal = data
        state.callback_type = kind
        if state.original is not None and kind in (4, 5):
            self.world.messages[state.original["id"]] = state.original
            if not state.original["flags"] & payloads.EPHEMERAL:
                await self.echo("MESSAGE_CREATE", state.original)
        if request.query.get("with_response", "").lower() not in ("1", "true"):
            return web.Response(status=204)
        info: JSON = {"id": state.payload["id"], "type": state.payload["type"]}
        if state.original is not None:
            info.update(
                response_message_id=state.original["id"],
                response_message_loading=bool(state.original["flags"] & payloads.LOADING),
                response_message_ephemeral=bool(state.original["flags"] & payloads.EPHEMERAL),
            )
        out: JSON = {"interaction": info}
        if resource is not None:
            out["resource"] = resource
        return json_response(out)

    async def get_original(self, request: web.Request) -> web.Response:
        state = self._by_token(request)
        if isinstance(state, web.Response):
            return state
        if state.original is None:
            return error(404, 10008, "Unknown Message")
        return json_response(state.original)

    async def edit_original(self, request: web.Request) -> web.Response:
        state = self._by_token(request)
        if isinstance(state, web.Response):
            return state
        if state.original is None:
            return error(404, 10008, "Unknown Message")
        body, files = request[BODY] or {}, request[FILES]
        problem = self._check_body(body, files, editing=True)
        if problem is not None:
            return problem
        was_loading = bool(state.original["flags"] & payloads.LOADING)
        _apply_edit(state.original, body, files, mark_edited=not was_loading)
        state.original["flags"] &= ~payloads.LOADING
        if not state.original["flags"] & payloads.EPHEMERAL:
            await self.echo("MESSAGE_UPDATE", state.original)
        return json_response(state.original)

    async def delete_original(self, request: web.Request) -> web.Response:
        state = self._by_token(request)
        if isinstance(state, web.Response):
            return state
        if state.original is None:
            return error(404, 10008, "Unknown Message")
        self.world.messages.pop(state.original["id"], None)
        await self.echo("MESSAGE_DELETE", _deleted(state.original))
        state.original = None
        return web.Response(status=204)

    async def create_followup(self, request: web.Request) -> web.Response:
        state = self._by_token(request)
        if isinstance(state, web.Response):
            return state
        if not state.responded:
            return error(404, 10015, "Unknown Webhook")
        body, files = request[BODY] or {}, request[FILES]
        problem = self._check_body(body, files)
        if problem is not None:
            return problem
        if (
            state.callback_type == 5
            and state.original is not None
            and state.original["flags"] & payloads.LOADING
        ):
            # Discord turns the first follow-up after a deferral into the original.
            _apply_edit(state.original, body, files, mark_edited=False)
            state.original["flags"] &= ~payloads.LOADING
            msg = state.original
        else:
            msg = self._interaction_message(state, body, files, followup=True)
            state.followups[msg["id"]] = msg
            self.world.messages[msg["id"]] = msg
        if not msg["flags"] & payloads.EPHEMERAL:
            await self.echo("MESSAGE_CREATE", msg)
        if request.query.get("wait", "").lower() in ("1", "true"):
            return json_response(msg)
        return web.Response(status=204)

    def _followup(self, request: web.Request) -> tuple[InteractionState, JSON] | web.Response:
        state = self._by_token(request)
        if isinstance(state, web.Response):
            return state
        mid = request.match_info["message_id"]
        if state.original is not None and state.original["id"] == mid:
            return state, state.original
        if mid in state.followups:
            return state, state.followups[mid]
        return error(404, 10008, "Unknown Message")

    async def get_followup(self, request: web.Request) -> web.Response:
        found = self._followup(request)
        return found if isinstance(found, web.Response) else json_response(found[1])

    async def edit_followup(self, request: web.Request) -> web.Response:
        found = self._followup(request)
        if isinstance(found, web.Response):
            return found
        body, files = request[BODY] or {}, request[FILES]
        problem = self._check_body(body, files, editing=True)
        if problem is not None:
            return problem
        _apply_edit(found[1], body, files)
        return json_response(found[1])

    async def delete_followup(self, request: web.Request) -> web.Response:
        found = self._followup(request)
        if isinstance(found, web.Response):
            return found
        state, msg = found
        state.followups.pop(msg["id"], None)
        if state.original is msg:
            state.original = None
        self.world.messages.pop(msg["id"], None)
        return web.Response(status=204)


def _number_components(components: list[JSON]) -> list[JSON]:
    """Echo components with the numeric ``id``s Discord assigns."""
    counter = iter(range(1, 10_000))

    def walk(items: list[JSON]) -> list[JSON]:
        out = []
        for original in items:
            item = dict(original)
            item.setdefault("id", next(counter))
            emoji = item.get("emoji")
            if isinstance(emoji, dict) and emoji.get("id") is None:
                # A Unicode emoji comes back as {"name": ...}: the spec's id is a snowflake.
                item["emoji"] = {k: v for k, v in emoji.items() if k != "id"}
            if isinstance(item.get("components"), list):
                item["components"] = walk(item["components"])
            out.append(item)
        return out

    return walk(components)


def _attachments(body: JSON, files: list[JSON]) -> list[JSON]:
    """Attachment objects for uploaded files (matched to ``body.attachments``)."""
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    result = []
    for n, f in enumerate(files):
        aid = snowflake()
        meta = described.get(str(n), {})
        url = f"https://cdn.discordapp.com/attachments/0/{aid}/{f['filename']}"
        result.append(
            {
                "id": aid,
                "filename": f["filename"],
                "size": f["size"],
                "url": url,
                "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                "content_type": f.get("content_type") or "application/octet-stream",
                **({"description": meta["description"]} if meta.get("description") else {}),
            }
        )
    return result


def _apply_edit(msg: JSON, body: JSON, files: list[JSON], *, mark_edited: bool = True) -> None:
    if "content" in body:
        msg["content"] = body["content"] or ""
    if "embeds" in body:
        msg["embeds"] = [payloads.echo_embed(e) for e in body["embeds"] or []]
    if "components" in body:
        msg["components"] = _number_components(body["components"] or [])
    if "flags" in body and body["flags"] is not None:
        msg["flags"] = (msg["flags"] & payloads.EPHEMERAL) | int(body["flags"])
    if "attachments" in body or files:
        kept = {str(a.get("id")) for a in body.get("attachments") or []}
        old = [a for a in msg["attachments"] if a["id"] in kept]
        msg["attachments"] = old + _attachments(body, files)
    if mark_edited:
        msg["edited_timestamp"] = iso_timestamp()


def _deleted(msg: JSON) -> JSON:
    data = {"id": msg["id"], "channel_id": msg["channel_id"]}
    if msg.get("guild_id"):
        data["guild_id"] = msg["guild_id"]
    return data


def _permissions(value: object) -> str | None:
    return None if value is None else str(value)
