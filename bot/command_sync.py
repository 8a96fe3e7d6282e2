"""Slash-command sync: at start only when the definitions changed; `factbot sync` forces it.

Discord rate-limits command updates per application and scope, and every update makes
clients refetch the list, so a restart must not re-send unchanged definitions. After each
sync the sha256 of the definitions is kept per application and scope in
``FACTBOT_STATE_DIR/command-sync/<application>-<scope>.sha256``; at start a scope is synced
only when its digest differs. With the shards split over processes only the process that
runs shard 0 syncs: commands belong to the application, not to a shard.

`factbot sync` compares what Discord has with the definitions, reports the difference and
overwrites Discord's list regardless: for when the state directory was lost, or the
commands were edited with another tool.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bot.settings import Settings

log = logging.getLogger(__name__)
JSON = dict[str, Any]
Scope = discord.Object | None  # None: global

# What a definition is compared on, and the values Discord assumes when one is left out
# (it echoes some of them back, discord.py sends others): equal to these means absent.
_COMMAND_KEYS = (
    "type",
    "name",
    "description",
    "options",
    "default_member_permissions",
    "dm_permission",
    "nsfw",
    "contexts",
    "integration_types",
    "name_localizations",
    "description_localizations",
)
_OPTION_KEYS = (
    "type",
    "name",
    "description",
    "required",
    "autocomplete",
    "choices",
    "options",
    "channel_types",
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "name_localizations",
    "description_localizations",
)
_DEFAULTS: dict[str, Any] = {
    "type": 1,
    "dm_permission": True,
    "nsfw": False,
    "required": False,
    "autocomplete": False,
    "integration_types": [0],  # guild install
}
_ABSENT: tuple[Any, ...] = (None, [], {})


@dataclass(frozen=True, slots=True)
class Changes:
    """How one scope's commands on Discord differ from the definitions (by command label)."""

    scope: str  # "global" or "guild 123"
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]  # (label, the fields that differ)
    unchanged: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def scopes(settings: Settings) -> list[Scope]:
    """FACTBOT_GUILD_IDS (instant: development and private servers), else global."""
    return [discord.Object(guild_id) for guild_id in settings.guild_ids] or [None]


def scope_name(scope: Scope) -> str:
    return "global" if scope is None else f"guild {scope.id}"


def definitions(tree: app_commands.CommandTree[Any], scope: Scope) -> list[JSON]:
    """The commands as they are sent to Discord for `scope` (globals copied into a guild)."""
    if scope is not None:
        tree.copy_global_to(guild=scope)
    return [command.to_dict(tree) for command in tree.get_commands(guild=scope)]


def digest(commands: list[JSON]) -> str:
    return hashlib.sha256(json.dumps(commands, sort_keys=True).encode()).hexdigest()


class SyncState:
    """The digest of the last sync per scope, for one application, in the state directory."""

    def __init__(self, state_dir: Path, application_id: int | None) -> None:
        self.dir = state_dir / "command-sync"
        self.application_id = application_id

    def path(self, scope: Scope) -> Path:
        name = "global" if scope is None else f"guild-{scope.id}"
        return self.dir / f"{self.application_id}-{name}.sha256"

    def read(self, scope: Scope) -> str | None:
        try:
            return self.path(scope).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def write(self, scope: Scope, value: str) -> None:
        """Best effort, and atomic: without a writable state directory the bot just syncs
        at every start, and a crash mid-write never leaves a digest that matches nothing."""
        path = self.path(scope)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(value + "\n", encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            log.warning("could not remember the command sync in %s: %s", path, exc)


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], settings: Settings, application_id: int | None
) -> None:
    """At start: sync each scope whose definitions changed since the last recorded sync.

    A scope Discord refuses (a guild that did not grant `applications.commands`, a 5xx that
    outlasted discord.py's retries) is logged and left for the next start: the bot still
    answers mentions and DMs without its slash commands.
    """
    if settings.shard_ids is not None and 0 not in settings.shard_ids:
        log.info("slash commands are synced by the process that runs shard 0: not syncing")
        return
    state = SyncState(settings.state_dir, application_id)
    for scope in scopes(settings):
        where = "globally" if scope is None else f"to guild {scope.id}"
        current = digest(definitions(tree, scope))
        if state.read(scope) == current:
            log.info("slash commands unchanged since the last sync %s: not syncing", where)
            continue
        try:
            synced = await tree.sync(guild=scope)
        except discord.HTTPException as exc:
            log.error("could not sync slash commands %s: %s", where, exc)
            continue
        log.info("synced %d slash commands %s", len(synced), where)
        state.write(scope, current)


async def force_sync(
    tree: app_commands.CommandTree[Any],
    settings: Settings,
    application_id: int,
    *,
    dry_run: bool = False,
) -> list[Changes]:
    """`factbot sync`: per scope, what differs on Discord; then overwrite it (unless
    `dry_run`) and record the digest so the next start does not sync again.

    Raises discord.HTTPException when Discord refuses a request.
    """
    http = tree.client.http
    state = SyncState(settings.state_dir, application_id)
    report = []
    for scope in scopes(settings):
        local = definitions(tree, scope)
        if scope is None:
            remote = await http.get_global_commands(application_id)
        else:
            remote = await http.get_guild_commands(application_id, scope.id)
        report.append(compare(scope_name(scope), [dict(c) for c in remote], local))
        if not dry_run:
            synced = await tree.sync(guild=scope)
            log.info("synced %d slash commands (%s)", len(synced), scope_name(scope))
            state.write(scope, digest(local))
    return report


def compare(scope: str, remote: list[JSON], local: list[JSON]) -> Changes:
    """What syncing `local` would change in `remote` (what Discord has now)."""
    theirs = {_key(c): _canonical(c, _COMMAND_KEYS) for c in remote}
    ours = {_key(c): _canonical(c, _COMMAND_KEYS) for c in local}
    changed = []
    unchanged = []
    for key in sorted(ours.keys() & theirs.keys()):
        new, old = ours[key], theirs[key]
        fields = tuple(sorted(k for k in new.keys() | old.keys() if new.get(k) != old.get(k)))
        if fields:
            changed.append((_label(key), fields))
        else:
            unchanged.append(_label(key))
    return Changes(
        scope=scope,
        added=tuple(_label(k) for k in sorted(ours.keys() - theirs.keys())),
        removed=tuple(_label(k) for k in sorted(theirs.keys() - ours.keys())),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
    )


def _key(command: JSON) -> tuple[int, str]:
    return int(command.get("type") or 1), str(command["name"])


def _label(key: tuple[int, str]) -> str:
    kind, name = key
    return f"/{name}" if kind == 1 else f"{name} (context menu)"


def _canonical(data: JSON, keys: tuple[str, ...]) -> JSON:
    """`data` on `keys` only, without the values that mean "not set"."""
    out: JSON = {}
    for key in keys:
        value = data.get(key)
        if key == "options":
            value = [_canonical(o, _OPTION_KEYS) for o in value or []]
        elif key == "choices":
            value = [{k: v for k, v in c.items() if v not in _ABSENT} for c in value or []]
        elif key == "default_member_permissions" and value is not None:
            value = str(value)  # discord.py sends a number, Discord answers with a string
        if value in _ABSENT or (key in _DEFAULTS and value == _DEFAULTS[key]):
            continue
        out[key] = value
    return out
