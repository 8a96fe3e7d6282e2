"""The Discord bot: handed its settings and fact base, it loads the extensions and syncs
the slash commands in `setup_hook` (discord.py's advanced_startup example).

Everything that imports `discord` is this module and `bot/exts/`; the core never does.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import Counter
from typing import Any

import discord
from discord.ext import commands

from bot import command_sync, discord_api
from bot.core import FactBase, Matcher, fact_changes
from bot.exts import EXTENSIONS, _embeds, _views
from bot.exts._help import HelpDesk
from bot.exts._tree import FactTree
from bot.gaps import GapsLog
from bot.knowledge import Knowledge
from bot.metrics import Metrics
from bot.served import ServedLog
from bot.settings import Settings
from bot.status import ShardStatus, Status

log = logging.getLogger(__name__)
VIEW_TIMEOUT = 600.0  # buttons stay usable for 10 minutes, then are disabled
MAX_CORRECTIONS = 50  # corrections one reload posts at most (the newest answers first)
# The tasks that are handlers of something Discord sent, by the names discord.py gives them
# (events, slash commands and autocomplete, button presses) and ours ("factbot: ...").
# The drain on stop waits for these; view time-outs and the gateway itself are not work.
HANDLER_TASK_PREFIXES = (
    "discord.py: ",
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "factbot: ",
)


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
        sync_on_start: bool = True,
        **options: Any,
    ) -> None:
        discord_api.quiet_voice_warnings()
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=FactTree,
            **options,
        )
        self.settings = settings
        self.knowledge = Knowledge(base, matcher or Matcher(base, cache_dir=settings.vector_cache))
        self.gaps = GapsLog.for_settings(settings, threshold=self.knowledge.matcher.threshold)
        self.view_timeout = view_timeout
        self.sync_on_start = sync_on_start  # `factbot sync` loads the commands but syncs itself
        self.started = time.monotonic()
        self.metrics = Metrics(self.snapshot)
        self.draining = False  # stopping: the gateway is no longer read
        self.served = ServedLog(settings.state_dir / "served.jsonl")  # for corrections
        self.help_desk = (  # "Still need help?": off unless a staff channel is configured
            HelpDesk(self, settings.help_channel_id, settings.help_role_id)
            if settings.help_channel_id
            else None
        )
        self._connected: set[int] = set()  # shards whose gateway session is up
        _views.answer_unknown_buttons(self)

    async def replace_knowledge(self, knowledge: Knowledge) -> int:
        """Answer from `knowledge` from now on (one assignment: no answer mixes two bases),
        then post a correction under each earlier answer whose fact it withdrew or reworded
        (at most `MAX_CORRECTIONS`); returns how many were posted."""
        old, self.knowledge = self.knowledge.base, knowledge
        changes = fact_changes(old, knowledge.base)
        if not changes:
            return 0
        posted = 0
        for served in self.served.take(changes)[-MAX_CORRECTIONS:]:
            text = _embeds.correction_text([changes[i] for i in served.fact_ids if i in changes])
            message = self.get_partial_messageable(served.channel_id).get_partial_message(
                served.message_id
            )
            try:
                await message.reply(text, mention_author=False, allowed_mentions=_views.NONE)
                posted += 1
            except discord.HTTPException as exc:  # deleted meanwhile, or no longer allowed
                log.info("could not correct message %s: %s", served.message_id, exc)
        self.metrics.corrected(posted)
        log.info("reload corrected %d earlier answer(s)", posted)
        return posted

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_on_start:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync to FACTBOT_GUILD_IDS when set (instant: development and private servers),
        else globally, and only when the definitions changed since the last sync from
        this state directory (bot/command_sync.py)."""
        await command_sync.sync_if_changed(self.tree, self.settings, self.application_id)

    def running_shards(self) -> tuple[int, ...]:
        """The gateway shards this process runs (shard 0 of 1 when not sharded)."""
        return (0,)

    def shard_latencies(self) -> dict[int, float]:
        return {0: self.latency}

    def snapshot(self) -> Status:
        """One snapshot of the gateway and the fact base, for /healthz, /metrics and /about."""
        latencies = self.shard_latencies()
        guilds = Counter(guild.shard_id for guild in self.guilds)
        shards = tuple(
            ShardStatus(
                id=shard_id,
                connected=shard_id in self._connected,
                latency=_finite(latencies.get(shard_id)),
                guilds=guilds[shard_id],
            )
            for shard_id in self.running_shards()
        )
        base = self.knowledge.base
        return Status(
            ready=self.is_ready(),
            closed=self.is_closed(),
            shard_count=self.shard_count or 1,
            shards=shards,
            facts=len(base.facts),
            articles=len(base.articles),
            draining=self.draining,
        )

    # The drain on stop (bot/launcher.py): stop reading the gateway, so no new work comes
    # in, then let every handler already running finish and send its reply.

    def stop_reading(self) -> None:
        """Stop taking events from the gateway; the connections stay open for replies.

        The unsharded bot reads the gateway in the task running `start()`, which its owner
        (bot/launcher.py) cancels; this marks the bot as draining (/healthz says so)."""
        self.draining = True

    @staticmethod
    def handler_tasks() -> set[asyncio.Task[object]]:
        """The handlers running now (see HANDLER_TASK_PREFIXES), this task excepted."""
        me = asyncio.current_task()
        return {
            task
            for task in asyncio.all_tasks()
            if task is not me
            and not task.done()
            and task.get_name().startswith(HANDLER_TASK_PREFIXES)
        }

    async def drain(self, seconds: float) -> int:
        """Wait up to `seconds` for the running handlers (and any they start) to finish;
        cancel those still running then, and return how many were cut off."""
        deadline = asyncio.get_running_loop().time() + seconds
        while tasks := self.handler_tasks():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                for task in tasks:
                    task.cancel()
                await asyncio.wait(tasks, timeout=0.5)
                self.metrics.drain_cut_off(len(tasks))
                return len(tasks)
            await asyncio.wait(tasks, timeout=left)
        return 0

    # Gateway sessions, for the health check: up on "ready" (READY and its guilds, again
    # after every new session) and "resumed", down on "disconnect"; the sharded bot gets
    # the same per shard as "shard_*" events.

    async def on_disconnect(self) -> None:
        self._connected.discard(0)

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
        if not isinstance(self, commands.AutoShardedBot):  # else on_shard_ready says which
            self._connected.add(0)

    async def on_resumed(self) -> None:
        log.info("gateway session resumed")
        self._connected.add(0)

    async def close(self) -> None:
        """Stop listening to buttons, then close. A view left running would time out after
        the HTTP session has closed and fail to disable its buttons (discord.py does not
        stop views on close; its view store is the only list of them)."""
        for view in discord_api.live_views(self):
            view.stop()
        await super().close()


class ShardedFactBot(FactBot, commands.AutoShardedBot):
    """FactBot over several gateway shards (FACTBOT_SHARD_COUNT / FACTBOT_SHARD_IDS)."""

    def running_shards(self) -> tuple[int, ...]:
        return tuple(self.shard_ids or range(self.shard_count or 1))

    def stop_reading(self) -> None:
        """Also stop each shard's reader: a task of its own (discord.py has no public call)."""
        super().stop_reading()
        for shard in self.shards.values():
            shard._parent._cancel_task()

    def shard_latencies(self) -> dict[int, float]:
        return dict(self.latencies)

    async def on_disconnect(self) -> None:
        """Also dispatched per shard, without saying which: on_shard_disconnect says."""

    async def on_resumed(self) -> None:
        """As on_disconnect: on_shard_resumed says which shard."""

    async def on_shard_ready(self, shard_id: int) -> None:
        self._connected.add(shard_id)

    async def on_shard_disconnect(self, shard_id: int) -> None:
        self._connected.discard(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        log.info("gateway session resumed on shard %d", shard_id)
        self._connected.add(shard_id)


def create_bot(settings: Settings, base: FactBase, **options: Any) -> FactBot:
    """A FactBot, sharded when FACTBOT_SHARD_COUNT is set (this process runs the shards in
    FACTBOT_SHARD_IDS, or all of them)."""
    if settings.shard_count is None:
        return FactBot(settings, base, **options)
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return ShardedFactBot(settings, base, shard_count=settings.shard_count, **options)


def _finite(seconds: float | None) -> float | None:
    """discord.py says inf or nan before the first heartbeat is acknowledged."""
    return seconds if seconds is not None and math.isfinite(seconds) else None
