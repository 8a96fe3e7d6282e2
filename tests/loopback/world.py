"""What the stand-in knows: the bot account, its guilds, channels and messages.

A :class:`World` is plain data (JSON dicts built by :mod:`.payloads`) so tests
can reshape it before the client connects: add a guild, deny a permission in a
channel, rename the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import payloads
from .payloads import JSON

DEFAULT_TOKEN = "MTAxLoopback.Token.NotARealDiscordToken"


@dataclass
class World:
    """The bot, its application and guilds, plus messages seen or created."""

    token: str = DEFAULT_TOKEN
    bot: JSON = field(default_factory=payloads.bot_user)
    application: JSON = field(default_factory=dict)
    guilds: list[JSON] = field(default_factory=list)
    dm_channels: dict[str, JSON] = field(default_factory=dict)
    messages: dict[str, JSON] = field(default_factory=dict)
    global_commands: list[JSON] = field(default_factory=list)
    guild_commands: dict[str, list[JSON]] = field(default_factory=dict)

    @classmethod
    def default(cls, *, token: str = DEFAULT_TOKEN, guild_count: int = 1) -> World:
        """One bot and ``guild_count`` guilds named "Guild 1"... with #general, #facts."""
        world = cls(token=token)
        for n in range(guild_count):
            world.guilds.append(payloads.guild(f"Guild {n + 1}", bot=world.bot))
        return world

    def __post_init__(self) -> None:
        if not self.application:
            self.application = payloads.application(self.bot)

    # -- lookups -------------------------------------------------------------

    @property
    def bot_id(self) -> str:
        return str(self.bot["id"])

    @property
    def application_id(self) -> str:
        return str(self.application["id"])

    def guild(self, guild_id: str | int | None = None) -> JSON:
        """The guild with ``guild_id``, or the first guild."""
        if guild_id is None:
            return self.guilds[0]
        for g in self.guilds:
            if g["id"] == str(guild_id):
                return g
        raise KeyError(f"no guild {guild_id}")

    def text_channel(self, guild_id: str | int | None = None, name: str | None = None) -> JSON:
        """The first text channel (or the one called ``name``) of a guild."""
        channels: list[JSON] = self.guild(guild_id)["channels"]
        for ch in channels:
            if ch["type"] == 0 and (name is None or ch["name"] == name):
                return ch
        raise KeyError(f"no text channel {name!r}")

    def channel(self, channel_id: str | int) -> tuple[JSON, JSON | None]:
        """``(channel, guild)`` for any known channel or thread; guild is None for DMs."""
        cid = str(channel_id)
        for g in self.guilds:
            for ch in [*g["channels"], *g["threads"]]:
                if ch["id"] == cid:
                    return ch, g
        if cid in self.dm_channels:
            return self.dm_channels[cid], None
        raise KeyError(cid)

    def human(self, guild_id: str | int | None = None) -> JSON:
        """The first non-bot member of a guild (the default message author)."""
        members: list[JSON] = self.guild(guild_id)["members"]
        for m in members:
            if not m["user"].get("bot"):
                return m
        raise KeyError("guild has no human members")

    def member(self, guild_id: str | int, user_id: str | int) -> JSON | None:
        """The member ``user_id`` of a guild, or None."""
        members: list[JSON] = self.guild(guild_id)["members"]
        for m in members:
            if m["user"]["id"] == str(user_id):
                return m
        return None

    def dm_channel_for(self, recipient: JSON) -> JSON:
        """The DM channel with ``recipient``, created on first use."""
        for ch in self.dm_channels.values():
            if ch["recipients"][0]["id"] == recipient["id"]:
                return ch
        ch = payloads.dm_channel(recipient)
        self.dm_channels[ch["id"]] = ch
        return ch

    # -- permissions ---------------------------------------------------------

    def bot_permissions(self, channel_id: str | int) -> int:
        """The bot's effective permissions in a channel (Discord's algorithm); in a thread,
        those in its parent channel, as Discord has no overwrites on threads."""
        channel, guild = self.channel(channel_id)
        if guild is None:
            return payloads.VIEW_CHANNEL | payloads.SEND_MESSAGES | payloads.EMBED_LINKS
        if is_thread(channel):
            channel, _ = self.channel(channel["parent_id"])
        return member_permissions(guild, channel, self.member(guild["id"], self.bot_id) or {})

    def add_thread(self, thread: JSON) -> JSON:
        """Keep a thread (:func:`payloads.thread_channel`) among its guild's active threads."""
        self.guild(thread["guild_id"])["threads"].append(thread)
        return thread


def is_thread(channel: JSON) -> bool:
    """Whether a channel object is a thread (announcement, public or private)."""
    return channel.get("type") in (10, payloads.PUBLIC_THREAD, 12)


def member_permissions(guild: JSON, channel: JSON, member: JSON) -> int:
    """Base role permissions, then @everyone / role / member overwrites."""
    user_id = member.get("user", {}).get("id")
    if user_id == guild.get("owner_id"):
        return (1 << 53) - 1
    roles = {r["id"]: r for r in guild["roles"]}
    member_roles = set(member.get("roles", []))
    perms = int(roles[guild["id"]]["permissions"])
    for rid in member_roles:
        if rid in roles:
            perms |= int(roles[rid]["permissions"])
    if perms & payloads.ADMINISTRATOR:
        return (1 << 53) - 1
    overwrites: dict[str, Any] = {o["id"]: o for o in channel.get("permission_overwrites", [])}
    if guild["id"] in overwrites:
        o = overwrites[guild["id"]]
        perms = (perms & ~int(o["deny"])) | int(o["allow"])
    allow = deny = 0
    for rid in member_roles:
        if rid in overwrites:
            allow |= int(overwrites[rid]["allow"])
            deny |= int(overwrites[rid]["deny"])
    perms = (perms & ~deny) | allow
    if user_id in overwrites:
        o = overwrites[user_id]
        perms = (perms & ~int(o["deny"])) | int(o["allow"])
    return perms
