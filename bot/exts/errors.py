"""One place for failures: installs the error handlers for slash commands, buttons and
events. What a failure is told and logged as (the dispatch order) is `_report`.

Event handlers (`on_message`): the traceback is logged and the asker gets the apology as a
reply; a missing permission is a warning (the bot cannot reply there anyway). Either way
the bot keeps running.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts import _embeds
from bot.exts._report import quietly, report_interaction_error

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)


class Errors(commands.Cog):
    """Installs the tree's and the bot's error handlers; restores them when unloaded."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self._previous_tree_handler = bot.tree.on_error

    async def cog_load(self) -> None:
        self.bot.tree.error(self.on_app_command_error)
        self.bot.event(self.on_error)

    async def cog_unload(self) -> None:
        self.bot.tree.error(self._previous_tree_handler)
        vars(self.bot).pop("on_error", None)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report_interaction_error(interaction, error)

    async def on_error(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        """Bot.on_error: called by discord.py inside its `except`, so the traceback is
        the current exception's."""
        message = args[0] if args and isinstance(args[0], discord.Message) else None
        current = sys.exc_info()[1]
        if isinstance(current, discord.Forbidden):
            where = f" in channel {message.channel.id}" if message else ""
            log.warning("missing a permission in %s%s: %s", event, where, current)
            return
        log.exception("error in %s", event)
        self.bot.metrics.error("event")
        if message is not None and not message.author.bot:
            await quietly(
                message.channel.send(
                    _embeds.APOLOGY,
                    reference=message.to_reference(fail_if_not_exists=False),
                    mention_author=False,
                    allowed_mentions=discord.AllowedMentions.none(),
                )
            )


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Errors(bot))
