"""Builders for Discord JSON objects (users, guilds, messages, interactions).

Pure functions: every id a builder needs is a parameter, so they work without a
running stand-in. ``FakeDiscord`` wraps them with defaults from its world (the
bot user, the first guild, its first text channel). Field sets follow what
Discord sent in 2025/2026 API v10 payloads, so discord.py parses them exactly as
it parses real traffic.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .snowflakes import interaction_token, iso_timestamp, snowflake

JSON = dict[str, Any]

# Permission bit sets (as Discord sends them: decimal strings).
#: @everyone in a fresh guild: view, send, history, reactions, embeds, files,
#: external emojis, threads, app commands, connect/speak, nickname, invites.
EVERYONE_PERMISSIONS = 311455763521
#: The bot's managed role: what an invite link with sensible scopes grants.
BOT_PERMISSIONS = 277025778752
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38

# Channel types: text channels, and the public threads started in them.
GUILD_TEXT, PUBLIC_THREAD = 0, 11
#: The minutes Discord accepts for a thread's ``auto_archive_duration``.
ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)

# Message flags and types used by builders.
HAS_THREAD = 1 << 5
EPHEMERAL = 1 << 6
LOADING = 1 << 7
MESSAGE_DEFAULT = 0
MESSAGE_REPLY = 19
MESSAGE_CHAT_INPUT_COMMAND = 20

# Interaction types and contexts.
INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_MESSAGE_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
CONTEXT_GUILD, CONTEXT_BOT_DM = 0, 1

#: Application-command option types inferred from Python values.
_OPTION_TYPES: tuple[tuple[type, int], ...] = ((bool, 5), (int, 4), (float, 10), (str, 3))


def user(
    username: str = "alice",
    *,
    user_id: str | None = None,
    bot: bool = False,
    global_name: str | None = None,
) -> JSON:
    """A user object (``discriminator`` "0": post-2023 unique usernames)."""
    data: JSON = {
        "id": user_id or snowflake(),
        "username": username,
        "discriminator": "0",
        "global_name": global_name if global_name is not None else (None if bot else username),
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "collectibles": None,
        "primary_guild": None,
    }
    if bot:
        data["bot"] = True
        data["discriminator"] = "4821"
    return data


def bot_user(username: str = "factbot", *, user_id: str | None = None) -> JSON:
    """The ``GET /users/@me`` shape for a bot account (adds the private fields)."""
    data = user(username, user_id=user_id, bot=True)
    data.update(verified=True, mfa_enabled=False, locale="en-US", email=None, premium_type=0)
    return data


def application(bot: JSON, *, name: str | None = None, flags: int = 1 << 19) -> JSON:
    """``GET /oauth2/applications/@me``; the app id equals the bot's user id.

    ``flags`` defaults to GATEWAY_MESSAGE_CONTENT_LIMITED (1 << 19), what an
    unverified bot with the message-content toggle on shows.
    """
    owner = user("owner")
    return {
        "id": bot["id"],
        "name": name or bot["username"],
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "hook": True,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "1e0a356058d627ca38a5c8c9648818061d49e49bd9da9e3ab17d98ad4d6b4c2e",
        "owner": owner,
        "team": None,
        "flags": flags,
        "flags_new": str(flags),
        "rpc_origins": [],
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "event_webhooks_url": None,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "eligible_oauth2_scopes": ["applications.commands", "bot"],
        "integration_types_config": {"0": {}},
        "bot": bot,
    }


def role(
    name: str,
    *,
    role_id: str | None = None,
    permissions: int = 0,
    position: int = 0,
    managed: bool = False,
    bot_id: str | None = None,
) -> JSON:
    """A guild role; pass ``bot_id`` for the managed role Discord gives a bot."""
    data: JSON = {
        "id": role_id or snowflake(),
        "name": name,
        "description": None,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": bot_id}
    return data


def member(of: JSON, *, roles: Sequence[str] = (), nick: str | None = None) -> JSON:
    """A guild member wrapping the user object ``of``."""
    return {
        "user": of,
        "nick": nick,
        "avatar": None,
        "banner": None,
        "roles": list(roles),
        "joined_at": iso_timestamp(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }


def text_channel(
    name: str,
    *,
    channel_id: str | None = None,
    guild_id: str | None = None,
    position: int = 0,
    parent_id: str | None = None,
    overwrites: Sequence[JSON] = (),
    topic: str | None = None,
) -> JSON:
    """A guild text channel (type 0). ``overwrites``: see :func:`overwrite`."""
    data: JSON = {
        "id": channel_id or snowflake(),
        "type": 0,
        "name": name,
        "position": position,
        "permission_overwrites": list(overwrites),
        "parent_id": parent_id,
        "topic": topic,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "icon_emoji": None,
        "theme_color": None,
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
    return data


def thread_channel(
    name: str,
    *,
    parent_id: str,
    guild_id: str,
    owner_id: str,
    thread_id: str | None = None,
    auto_archive_duration: int = 1440,
    rate_limit_per_user: int = 0,
) -> JSON:
    """A public thread (type 11) in the text channel ``parent_id``, started by ``owner_id``.

    A thread started from a message takes that message's id (pass it as ``thread_id``).
    """
    now = iso_timestamp()
    return {
        "id": thread_id or snowflake(),
        "type": PUBLIC_THREAD,
        "guild_id": guild_id,
        "parent_id": parent_id,
        "owner_id": owner_id,
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": rate_limit_per_user,
        "flags": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": False,
            "archive_timestamp": now,
            "auto_archive_duration": auto_archive_duration,
            "locked": False,
            "create_timestamp": now,
        },
    }


def thread_member(thread_id: str, user_id: str) -> JSON:
    """A thread member object: ``user_id`` has joined the thread ``thread_id``."""
    return {"id": thread_id, "user_id": user_id, "join_timestamp": iso_timestamp(), "flags": 0}


def category(name: str, *, channel_id: str | None = None, position: int = 0) -> JSON:
    """A category channel (type 4)."""
    return {
        "id": channel_id or snowflake(),
        "type": 4,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": None,
        "nsfw": False,
        "flags": 0,
    }


def overwrite(target_id: str, *, allow: int = 0, deny: int = 0, for_member: bool = False) -> JSON:
    """A channel permission overwrite for a role (default) or a member."""
    return {"id": target_id, "type": 1 if for_member else 0, "allow": str(allow), "deny": str(deny)}


def dm_channel(recipient: JSON, *, channel_id: str | None = None) -> JSON:
    """A DM channel (type 1) with one recipient."""
    return {
        "id": channel_id or snowflake(),
        "type": 1,
        "recipients": [recipient],
        "last_message_id": None,
        "flags": 0,
    }


def guild(
    name: str,
    *,
    bot: JSON,
    guild_id: str | None = None,
    channels: Sequence[JSON] | None = None,
    humans: Sequence[JSON] | None = None,
    everyone_permissions: int = EVERYONE_PERMISSIONS,
    bot_permissions: int = BOT_PERMISSIONS,
) -> JSON:
    """A complete GUILD_CREATE payload: roles, the bot's member, humans, channels.

    Defaults give a category with ``#general`` and ``#facts`` and one human
    member (the owner). The bot gets a managed role with ``bot_permissions``.
    """
    gid = guild_id or snowflake()
    everyone = role("@everyone", role_id=gid, permissions=everyone_permissions)
    bot_role = role(
        bot["username"], permissions=bot_permissions, position=1, managed=True, bot_id=bot["id"]
    )
    people = list(humans) if humans is not None else [user("owner")]
    if channels is None:
        cat = category("Text Channels")
        channels = [
            cat,
            text_channel("general", parent_id=cat["id"], position=0),
            text_channel("facts", parent_id=cat["id"], position=1),
        ]
    bot_public = {
        k: v
        for k, v in bot.items()
        if k not in ("verified", "mfa_enabled", "email", "locale", "premium_type")
    }
    members = [member(bot_public, roles=[bot_role["id"]])] + [member(p) for p in people]
    return {
        "id": gid,
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": people[0]["id"] if people else bot["id"],
        "application_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "mfa_level": 0,
        "nsfw_level": 0,
        "nsfw": False,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "vanity_url_code": None,
        "max_members": 500000,
        "max_presences": None,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "features": [],
        "roles": [everyone, bot_role],
        "emojis": [],
        "stickers": [],
        "incidents_data": None,
        "joined_at": iso_timestamp(),
        "large": False,
        "unavailable": False,
        "lazy": True,
        "member_count": len(members),
        "members": members,
        "channels": list(channels),
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "embedded_activities": [],
        "activity_instances": [],
        "application_command_counts": {},
        "version": 0,
    }


def message(
    content: str,
    *,
    author: JSON,
    channel_id: str,
    guild_id: str | None = None,
    author_member: JSON | None = None,
    mentions: Iterable[JSON] = (),
    mention_roles: Iterable[str] = (),
    mention_everyone: bool = False,
    webhook_id: str | None = None,
    embeds: Iterable[JSON] = (),
    components: Iterable[JSON] = (),
    attachments: Iterable[JSON] = (),
    message_id: str | None = None,
    message_type: int = MESSAGE_DEFAULT,
    referenced_message: JSON | None = None,
    flags: int = 0,
    application_id: str | None = None,
    interaction_metadata: JSON | None = None,
) -> JSON:
    """A message object as in MESSAGE_CREATE / REST responses.

    In guilds pass ``author_member`` (a member object; its ``user`` key is
    dropped, as Discord does). ``mentions`` are user objects; entries may carry
    a ``member`` key for guild messages.
    """
    mid = message_id or snowflake()
    data: JSON = {
        "id": mid,
        "type": message_type,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": iso_timestamp(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": [copy.deepcopy(m) for m in mentions],
        "mention_roles": list(mention_roles),
        "attachments": list(attachments),
        "embeds": [echo_embed(e) for e in embeds],
        "components": list(components),
        "pinned": False,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
        if author_member is not None and webhook_id is None:
            data["member"] = {k: v for k, v in author_member.items() if k != "user"}
    if webhook_id is not None:
        data["webhook_id"] = webhook_id
    if referenced_message is not None:
        data["message_reference"] = {
            "type": 0,
            "channel_id": referenced_message["channel_id"],
            "message_id": referenced_message["id"],
            **({"guild_id": guild_id} if guild_id else {}),
        }
        data["referenced_message"] = referenced_message
    if application_id is not None:
        data["application_id"] = application_id
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    return data


def webhook_author(webhook_id: str, name: str = "Captain Hook") -> JSON:
    """The pseudo-user Discord puts in ``author`` for webhook messages."""
    data = user(name, user_id=webhook_id, bot=True)
    data["discriminator"] = "0000"
    return data


def echo_embed(embed: Mapping[str, Any]) -> JSON:
    """Discord echoes embeds with ``type: rich`` and default fields filled."""
    data = dict(embed)
    data.setdefault("type", "rich")
    if "fields" in data:
        data["fields"] = [{"inline": False, **f} for f in data["fields"]]
    return data


def options_list(options: Mapping[str, Any] | Sequence[JSON] | None) -> list[JSON]:
    """Turn ``{"topic": "x", "limit": 3}`` into typed command options.

    A list is passed through unchanged (use it for subcommands, users, ...).
    """
    if options is None:
        return []
    if not isinstance(options, Mapping):
        return [dict(o) for o in options]
    result = []
    for name, value in options.items():
        kind = next(code for py, code in _OPTION_TYPES if isinstance(value, py))
        result.append({"name": name, "type": kind, "value": value})
    return result


def interaction(
    kind: int,
    data: JSON,
    *,
    application_id: str,
    invoker: JSON,
    channel: JSON,
    guild_id: str | None = None,
    invoker_member: JSON | None = None,
    permissions: int = EVERYONE_PERMISSIONS,
    app_permissions: int = BOT_PERMISSIONS,
    message: JSON | None = None,
    interaction_id: str | None = None,
    token: str | None = None,
) -> JSON:
    """An INTERACTION_CREATE payload.

    In a guild (``guild_id`` set) the invoker comes as ``member`` (with
    ``permissions``); in a DM as ``user``, with ``context`` BOT_DM.
    """
    payload: JSON = {
        "id": interaction_id or snowflake(),
        "application_id": application_id,
        "type": kind,
        "data": data,
        "channel_id": channel["id"],
        "channel": _interaction_channel(channel, guild_id, permissions),
        "token": token or interaction_token(),
        "version": 1,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild_id is not None:
        inv_member = copy.deepcopy(invoker_member) if invoker_member else member(invoker)
        inv_member["user"] = invoker
        inv_member["permissions"] = str(permissions)
        payload.update(
            guild_id=guild_id,
            guild={"id": guild_id, "locale": "en-US", "features": []},
            guild_locale="en-US",
            member=inv_member,
            authorizing_integration_owners={"0": guild_id},
            context=CONTEXT_GUILD,
        )
    else:
        payload.update(
            user=invoker,
            authorizing_integration_owners={"0": "0"},
            context=CONTEXT_BOT_DM,
        )
    if message is not None:
        payload["message"] = message
    return payload


def _interaction_channel(channel: JSON, guild_id: str | None, permissions: int) -> JSON:
    data = {k: v for k, v in channel.items() if k != "permission_overwrites"}
    if guild_id is not None:
        data["guild_id"] = guild_id
    data["permissions"] = str(permissions)
    return data


def slash_command_data(
    name: str,
    options: Mapping[str, Any] | Sequence[JSON] | None = None,
    *,
    command_id: str | None = None,
    guild_id: str | None = None,
) -> JSON:
    """``data`` of a CHAT_INPUT interaction (pass ``guild_id`` for guild commands)."""
    data: JSON = {"id": command_id or snowflake(), "name": name, "type": 1}
    opts = options_list(options)
    if opts:
        data["options"] = opts
    if guild_id is not None:
        data["guild_id"] = guild_id
    return data


def autocomplete_data(
    name: str,
    focused: str,
    value: str = "",
    *,
    other_options: Mapping[str, Any] | None = None,
    command_id: str | None = None,
) -> JSON:
    """``data`` of an AUTOCOMPLETE interaction: ``focused`` is being typed."""
    opts = options_list(other_options)
    opts.append({"name": focused, "type": 3, "value": value, "focused": True})
    return {"id": command_id or snowflake(), "name": name, "type": 1, "options": opts}


def button_data(custom_id: str) -> JSON:
    """``data`` of a button MESSAGE_COMPONENT interaction."""
    return {"custom_id": custom_id, "component_type": 2}


def button_row(*custom_ids: str, label: str = "More") -> JSON:
    """An action row of primary buttons, as Discord echoes it in messages."""
    buttons = [
        {"type": 2, "id": i + 2, "custom_id": cid, "style": 1, "label": label}
        for i, cid in enumerate(custom_ids)
    ]
    return {"type": 1, "id": 1, "components": buttons}
