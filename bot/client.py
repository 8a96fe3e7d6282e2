"""The Discord bot: handed its settings and fact base, it loads the extensions and syncs
the slash commands in `setup_hook` (discord.py's advanced_startup example).

Everything that imports `discord` is this module and `bot/exts/`; the core never does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

from bot.core import FactBase
from bot.core.matcher import Matcher
from bot.exts import EXTENSIONS
from bot.gaps import GapsLog
from bot.settings import Settings

log = logging.getLogger(__name__)
VIEW_TIMEOUT = 600.0  # buttons stay usable for 10 minutes, then are disabled


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The fact base and the matcher built on it, replaced as one value by /reload.

    Handlers read `bot.knowledge` once and use only that value, so every answer comes
    wholly from the old base or wholly from the new one, never a mix.
    """

    base: FactBase
    matcher: Matcher


def intents_for(settings: Settings) -> discord.Intents:
    """The least the bot needs: guilds (channels and permissions) and messages.

    Message Content is privileged: without it Discord still sends the text of messages
    that mention the bot and of DMs, which is all the bot needs unless it answers every
    message in FACTBOT_CHANNEL_IDS.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content
    return intents


class FactBot(commands.Bot):
    """factbot on Discord. No text commands: questions are plain messages, the rest is
    slash commands (bot/exts)."""

    def __init__(
        self,
        settings: Settings,
        base: FactBase,
        matcher: Matcher | None = None,
        *,
        view_timeout: float = VIEW_TIMEOUT,
        **options: Any,
    ) -> None:
        # A text-only bot: no voice, so no warnings that voice libraries are missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.knowledge = Knowledge(base, matcher or Matcher(base))
        self.gaps = (
            GapsLog(settings.gaps_log, threshold=self.knowledge.matcher.threshold)
            if settings.gaps_log
            else None
        )
        self.view_timeout = view_timeout
        self.started = time.monotonic()

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync to FACTBOT_GUILD_IDS when set (instant: development and private servers),
        else globally, and only when the definitions changed since the last sync from
        this state directory: Discord rate-limits command updates, and an unchanged
        global sync still makes every client refetch the commands."""
        scopes: list[discord.Object | None] = [discord.Object(g) for g in self.settings.guild_ids]
        for guild in scopes or [None]:
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            where = "globally" if guild is None else f"to guild {guild.id}"
            marker = self._sync_marker(guild)
            digest = self._commands_digest(guild)
            if _read_text(marker) == digest:
                log.info("slash commands unchanged since the last sync %s: not syncing", where)
                continue
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d slash commands %s", len(synced), where)
            _write_text(marker, digest)

    def _commands_digest(self, guild: discord.Object | None) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def _sync_marker(self, guild: discord.Object | None) -> Path:
        scope = "global" if guild is None else f"guild-{guild.id}"
        return self.settings.state_dir / "command-sync" / f"{self.application_id}-{scope}.sha256"

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: questions are answered by the answers extension, and
        `commands.Bot` must not try to read "@factbot when did..." as a command."""

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "ready as %s (id %s) in %d guild(s)%s",
            user,
            user.id if user else "?",
            len(self.guilds),
            f", shards {self.shard_ids}" if isinstance(self, commands.AutoShardedBot) else "",
        )

    async def on_resumed(self) -> None:
        log.info("gateway session resumed")


class ShardedFactBot(FactBot, commands.AutoShardedBot):
    """FactBot over several gateway shards (FACTBOT_SHARD_COUNT / FACTBOT_SHARD_IDS)."""


def create_bot(settings: Settings, base: FactBase, **options: Any) -> FactBot:
    """A FactBot, sharded when FACTBOT_SHARD_COUNT is set (this process runs the shards in
    FACTBOT_SHARD_IDS, or all of them)."""
    if settings.shard_count is None:
        return FactBot(settings, base, **options)
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return ShardedFactBot(settings, base, shard_count=settings.shard_count, **options)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _write_text(path: Path, text: str) -> None:
    """Best effort: without a writable state directory the bot just syncs every start."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("could not remember the command sync in %s: %s", path, exc)
