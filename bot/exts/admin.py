"""/reload: re-read facts/ and seeds/ while the bot keeps answering.

The new base is loaded and validated off the event loop; only a valid one replaces the
old, in one assignment of an immutable `Knowledge`, so no answer mixes the two.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import FactBaseError, drift_notes
from bot.exts import _embeds, _views
from bot.exts._access import require_admin
from bot.knowledge import Knowledge, reload_knowledge

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    """Commands for the people who run the bot; `interaction_check` guards them all."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self._reloading = asyncio.Lock()  # two reloads at once would race to the swap

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return require_admin(interaction, self.bot.settings.admin_ids)

    @app_commands.command()
    @app_commands.default_permissions(manage_guild=True)  # hidden from other members
    async def reload(self, interaction: discord.Interaction) -> None:
        """Re-read the fact files; if they have problems, keep the current facts."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._reloading:
            try:
                knowledge = await asyncio.to_thread(self._load)
            except FactBaseError as exc:
                log.warning("reload refused: %d problem(s) in the fact base", len(exc.problems))
                self.bot.metrics.reloaded(ok=False)
                problems = [str(p) for p in exc.problems]
                await _views.finish_deferred(
                    interaction, embed=_embeds.reload_failed_embed(problems)
                )
                return
            corrected = await self.bot.replace_knowledge(knowledge)
        self.bot.metrics.reloaded(ok=True)
        base = knowledge.base
        log.info("reloaded: %d facts, %d articles", len(base.facts), len(base.articles))
        embed = _embeds.reloaded_embed(
            facts=len(base.facts),
            articles=len(base.articles),
            notes=drift_notes(base),
            corrected=corrected,
        )
        await _views.finish_deferred(interaction, embed=embed)

    def _load(self) -> Knowledge:
        """Load, validate and index a new base (runs in a worker thread)."""
        settings = self.bot.settings
        return reload_knowledge(
            self.bot.knowledge,
            settings.facts_dir,
            settings.seeds_dir,
            max_file_bytes=settings.max_file_bytes,
        )


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Admin(bot))
