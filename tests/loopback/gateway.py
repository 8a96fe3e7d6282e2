"""The gateway WebSocket: HELLO, IDENTIFY/READY, heartbeats, RESUME, shards.

Each IDENTIFY creates a :class:`Session` (one per shard id; a new IDENTIFY for
the same shard replaces the old session). Every dispatch a session sends gets a
sequence number and is kept, so a RESUME from ``seq`` replays what the client
missed, as Discord does. Frames are plain JSON text: discord.py asks for
``compress=zlib-stream`` but also accepts uncompressed text frames.

Like Discord, the gateway honours intents: events the session did not ask for
are not sent (they are kept in :attr:`Gateway.suppressed`), message content is
blanked without MESSAGE_CONTENT (unless a DM or the bot is mentioned), and
GUILD_CREATE carries only the bot's own member without GUILD_MEMBERS.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

from .payloads import JSON
from .snowflakes import shard_for
from .world import World

# Opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11
HEARTBEAT_ACK_DELAY = 0.03  # seconds: about a round trip to Discord

# Intents.
GUILDS, GUILD_MEMBERS, GUILD_PRESENCES = 1 << 0, 1 << 1, 1 << 8
GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, GUILD_MESSAGE_TYPING = 1 << 9, 1 << 10, 1 << 11
DIRECT_MESSAGES, DIRECT_MESSAGE_REACTIONS, DIRECT_MESSAGE_TYPING = 1 << 12, 1 << 13, 1 << 14
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

_GUILD_EVENTS = (
    "GUILD_CREATE GUILD_UPDATE GUILD_DELETE CHANNEL_CREATE CHANNEL_UPDATE CHANNEL_DELETE "
    "GUILD_ROLE_CREATE GUILD_ROLE_UPDATE GUILD_ROLE_DELETE "
    "THREAD_CREATE THREAD_UPDATE THREAD_DELETE"
)
_MEMBER_EVENTS = "GUILD_MEMBER_ADD GUILD_MEMBER_UPDATE GUILD_MEMBER_REMOVE"
_MESSAGE_EVENTS = "MESSAGE_CREATE MESSAGE_UPDATE MESSAGE_DELETE MESSAGE_DELETE_BULK"
_REACTION_EVENTS = "MESSAGE_REACTION_ADD MESSAGE_REACTION_REMOVE"

#: event -> (intent needed in a guild, intent needed in a DM)
_EVENT_INTENTS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(_GUILD_EVENTS.split(), (GUILDS, GUILDS)),
    **dict.fromkeys(_MEMBER_EVENTS.split(), (GUILD_MEMBERS, GUILD_MEMBERS)),
    **dict.fromkeys(_MESSAGE_EVENTS.split(), (GUILD_MESSAGES, DIRECT_MESSAGES)),
    **dict.fromkeys(_REACTION_EVENTS.split(), (GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGE_REACTIONS)),
    "TYPING_START": (GUILD_MESSAGE_TYPING, DIRECT_MESSAGE_TYPING),
    "PRESENCE_UPDATE": (GUILD_PRESENCES, GUILD_PRESENCES),
}
_log = logging.getLogger(__name__)
_TRACE = ['["gateway-prd-loopback-0",{"micros":42,"calls":[]}]']


@dataclass(eq=False)
class Connection:
    """One WebSocket connection (a session may see several over time)."""

    ws: web.WebSocketResponse
    request: web.Request
    path: str
    query: dict[str, str]
    opened_at: float = field(default_factory=time.monotonic)
    heartbeats: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, frame: JSON) -> bool:
        """Send one frame; False when the socket is already gone."""
        if self.ws.closed:
            return False
        try:
            await self.ws.send_str(json.dumps(frame, separators=(",", ":")))
        except (ConnectionError, RuntimeError):
            return False
        return True


@dataclass(eq=False)
class Session:
    """A gateway session: identity, sequence, replay buffer, current socket."""

    session_id: str
    identify: JSON
    shard: tuple[int, int] | None
    conn: Connection | None = None
    seq: int = 0
    events: list[JSON] = field(default_factory=list)
    invalidated: bool = False

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0

    @property
    def intents(self) -> int:
        value = self.identify.get("intents")
        return (1 << 30) - 1 if value is None else int(value)

    async def send_dispatch(self, event: str, data: JSON) -> int:
        """Number, keep and (if connected) send a dispatch; returns its seq."""
        conn = self.conn
        if conn is None:
            self.seq += 1
            self.events.append({"op": DISPATCH, "t": event, "s": self.seq, "d": data})
            return self.seq
        async with conn.lock:
            self.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
            self.events.append(frame)
            await conn.send(frame)
            return self.seq


class Gateway:
    """Gateway endpoint state and behaviour; mounted by :class:`FakeDiscord`."""

    def __init__(
        self,
        world: World,
        *,
        gateway_url: Callable[[], str],
        resume_url: Callable[[], str],
        heartbeat_interval_ms: int = 41250,
    ) -> None:
        self.world = world
        self.gateway_url = gateway_url
        self.resume_url = resume_url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        #: Privileged intents the application may use; others close with 4014.
        self.allowed_privileged_intents = PRIVILEGED_INTENTS
        #: Set False to stop answering heartbeats (a zombie connection).
        self.ack_heartbeats = True
        #: Set True to answer new connections with HTTP 503, as in an outage: clients
        #: back off and retry until it is False again (counted in ``refused``).
        self.refuse_connections = False
        self.refused = 0
        self.sessions: dict[str, Session] = {}
        self.current: dict[int, Session] = {}
        self.identifies: list[JSON] = []
        self.resumes: list[JSON] = []
        self.connections: list[Connection] = []
        self.suppressed: list[tuple[str, JSON]] = []
        self.presence_updates: list[JSON] = []
        self._open: set[Connection] = set()
        #: Exceptions raised while handling client frames (see FakeDiscord.validate_all).
        self.errors: list[str] = []

    # -- WebSocket handler -----------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.refuse_connections:
            self.refused += 1
            return web.Response(status=503, text="gateway unavailable (loopback outage)")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, request, request.path, dict(request.query))
        self.connections.append(conn)
        self._open.add(conn)
        session: Session | None = None
        try:
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": _TRACE}
            await conn.send({"op": HELLO, "d": hello, "s": None, "t": None})
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                try:
                    session = await self._on_frame(conn, frame, session)
                except Exception as exc:  # a bug in the stand-in: report, keep serving
                    _log.exception("loopback gateway failed on op %s", frame.get("op"))
                    self.errors.append(f"gateway op {frame.get('op')}: {exc!r}")
        finally:
            self._open.discard(conn)
            if session is not None and session.conn is conn:
                session.conn = None
        return ws

    async def _on_frame(
        self, conn: Connection, frame: JSON, session: Session | None
    ) -> Session | None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.heartbeats += 1
            if self.ack_heartbeats:
                # Not at once: discord.py's heartbeat thread notes the send time only after
                # the loop has sent the beat, and an ack over loopback from another process
                # can arrive first; the ack is then timed from the previous beat ("Can't
                # keep up, websocket is 41.3s behind"). A real network's delay avoids it.
                await asyncio.sleep(HEARTBEAT_ACK_DELAY)
                if self.ack_heartbeats and not conn.ws.closed:
                    await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            if session is not None:
                await conn.ws.close(code=4005, message=b"Already authenticated.")
                return session
            return await self._identify(conn, data or {})
        elif op == RESUME:
            return await self._resume(conn, data or {})
        elif op == REQUEST_MEMBERS and session is not None:
            await self._request_members(session, data or {})
        elif op in (PRESENCE, VOICE_STATE):
            self.presence_updates.append(frame)
        elif session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
        else:
            await conn.ws.close(code=4001, message=b"Unknown opcode.")
        return session

    async def _identify(self, conn: Connection, data: JSON) -> Session | None:
        self.identifies.append(copy.deepcopy(data))
        if data.get("token") != self.world.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return None
        shard_data = data.get("shard")
        shard = (int(shard_data[0]), int(shard_data[1])) if shard_data else None
        if shard is not None and not 0 <= shard[0] < shard[1]:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return None
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self.allowed_privileged_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        session = Session(uuid.uuid4().hex, copy.deepcopy(data), shard, conn)
        self.sessions[session.session_id] = session
        old = self.current.get(session.shard_id)
        if old is not None:
            old.invalidated = True
        self.current[session.shard_id] = session
        guilds = [
            g
            for g in self.world.guilds
            if shard is None or shard_for(g["id"], shard[1]) == shard[0]
        ]
        ready: JSON = {
            "v": 10,
            "user": copy.deepcopy(self.world.bot),
            "user_settings": {},
            "session_type": "normal",
            "session_id": session.session_id,
            "resume_gateway_url": self.resume_url(),
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["us-east", "us-central", "atlanta", "us-south", "us-west"],
            "application": {
                "id": self.world.application_id,
                "flags": self.world.application["flags"],
            },
            "auth": {},
            "_trace": _TRACE,
        }
        if shard is not None:
            ready["shard"] = list(shard)
        await session.send_dispatch("READY", ready)
        for g in guilds:
            await self.send_event(session, "GUILD_CREATE", self._guild_create(g, session))
        return session

    def _guild_create(self, guild: JSON, session: Session) -> JSON:
        data = copy.deepcopy(guild)
        if not session.intents & GUILD_MEMBERS:
            data["members"] = [m for m in data["members"] if m["user"]["id"] == self.world.bot_id]
        if not session.intents & GUILD_PRESENCES:
            data["presences"] = []
        return data

    async def _resume(self, conn: Connection, data: JSON) -> Session | None:
        self.resumes.append(copy.deepcopy(data))
        if data.get("token") != self.world.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or session.invalidated:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return None
        stale = session.conn
        if stale is not None and stale is not conn:
            session.conn = None
            await _close_quietly(stale, 4000)
        async with conn.lock:
            session.conn = conn
            since = data.get("seq") or 0
            for frame in session.events:
                if frame["s"] > since:
                    await conn.send(frame)
        await session.send_dispatch("RESUMED", {"_trace": _TRACE})
        return session

    async def _request_members(self, session: Session, data: JSON) -> None:
        guild = self.world.guild(data["guild_id"])
        members = guild["members"]
        user_ids = data.get("user_ids")
        not_found: list[str] = []
        if user_ids is not None:
            wanted = {str(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
            members = [m for m in members if m["user"]["id"] in wanted]
            not_found = sorted(wanted - {m["user"]["id"] for m in members})
        elif data.get("query"):
            q = str(data["query"]).lower()
            members = [m for m in members if m["user"]["username"].lower().startswith(q)]
        if data.get("limit"):
            members = members[: int(data["limit"])]
        chunk: JSON = {
            "guild_id": guild["id"],
            "members": copy.deepcopy(members),
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": not_found,
        }
        if data.get("presences"):
            chunk["presences"] = []
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.send_dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- driving it from tests -------------------------------------------------

    async def send_event(self, session: Session, event: str, data: JSON) -> int | None:
        """Send to one session, applying intents; None when suppressed."""
        data = copy.deepcopy(data)
        in_guild = data.get("guild_id") is not None
        needed = _EVENT_INTENTS.get(event)
        if needed is not None and not session.intents & needed[0 if in_guild else 1]:
            self.suppressed.append((event, data))
            return None
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and in_guild:
            self._apply_message_content_intent(session, data)
        return await session.send_dispatch(event, data)

    def _apply_message_content_intent(self, session: Session, data: JSON) -> None:
        if session.intents & MESSAGE_CONTENT:
            return
        bot_id = self.world.bot_id
        if data.get("author", {}).get("id") == bot_id:
            return
        if any(m.get("id") == bot_id for m in data.get("mentions", [])):
            return
        data.update(content="", embeds=[], attachments=[], components=[])
        data.pop("poll", None)

    def shard_count(self) -> int:
        for s in self.current.values():
            if s.shard is not None:
                return s.shard[1]
        return 1

    async def session_for(
        self,
        shard_id: int | None,
        data: JSON,
        timeout: float,  # noqa: ASYNC109
    ) -> Session:
        """The live session for ``shard_id`` (default: by guild_id), waiting for one."""
        if shard_id is None:
            gid = data.get("guild_id")
            shard_id = shard_for(gid, self.shard_count()) if gid is not None else 0
        deadline = time.monotonic() + timeout
        while True:
            session = self.current.get(shard_id)
            if session is not None and not session.invalidated:
                return session
            if time.monotonic() > deadline:
                raise TimeoutError(f"no gateway session for shard {shard_id} within {timeout}s")
            await asyncio.sleep(0.01)

    async def dispatch(
        self,
        event: str,
        data: JSON,
        shard_id: int | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> int | None:
        """Send a dispatch to the right shard's session; its seq, or None if filtered."""
        session = await self.session_for(shard_id, data, timeout)
        return await self.send_event(session, event, data)

    def _targets(self, shard_id: int | None) -> list[Session]:
        if shard_id is not None:
            return [s for s in [self.current.get(shard_id)] if s is not None]
        return list(self.current.values())

    async def drop(
        self,
        *,
        resumable: bool = True,
        shard_id: int | None = None,
        close_code: int | None = None,
        abrupt: bool = False,
    ) -> None:
        """Break the connection of one shard (default: all).

        ``resumable``: close with ``close_code`` (default 4000) or, with
        ``abrupt``, kill the TCP connection; the session stays valid so the
        client RESUMEs. Otherwise the session is invalidated and the client
        gets op 9 ``d=false`` (or, with ``close_code`` such as 4009, a close
        followed by op 9 on its RESUME) and must IDENTIFY again.
        """
        for session in self._targets(shard_id):
            conn = session.conn
            if not resumable:
                session.invalidated = True
            if conn is None:
                continue
            if not resumable and close_code is None:
                await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
                continue
            session.conn = None
            if abrupt:
                transport = conn.request.transport
                if transport is not None:
                    transport.abort()
            else:
                await _close_quietly(conn, close_code or 4000)

    async def invalidate(self, *, resumable: bool, shard_id: int | None = None) -> None:
        """Send op 9 with ``d=resumable``; a non-resumable one ends the session."""
        for session in self._targets(shard_id):
            if not resumable:
                session.invalidated = True
            if session.conn is not None:
                await session.conn.send(
                    {"op": INVALID_SESSION, "d": resumable, "s": None, "t": None}
                )

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT (the client should close and RESUME)."""
        for session in self._targets(shard_id):
            if session.conn is not None:
                await session.conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def close_all(self, code: int = 1001) -> None:
        for conn in list(self._open):
            await _close_quietly(conn, code)


async def _close_quietly(conn: Connection, code: int) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(conn.ws.close(code=code, message=b"loopback"), 2.0)
