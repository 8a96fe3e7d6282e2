"""/fact, /sources and /about: look-ups that need no matching."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__
from bot.exts import _embeds, _views
from bot.scorecard import load_scorecard

if TYPE_CHECKING:
    from bot.client import FactBot


class Reference(commands.Cog):
    """Look-ups straight from the current fact base."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command()
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact (start typing to search the facts)")
    async def fact(self, interaction: discord.Interaction, fact_id: str) -> None:
        """Show one fact with its sources and their exact words."""
        knowledge = self.bot.knowledge
        fact = knowledge.base.facts_by_id.get(fact_id.strip())
        if fact is None:
            suggested = knowledge.matcher.suggest_fact_ids(_embeds.typed(fact_id), limit=3)
            close = "".join(f"\n• {_embeds.clip(text, 120)}" for _, text in suggested)
            hint = f"\nPick one from the list as you type, for example:{close}" if close else ""
            text = f"I don't know that fact (“{_embeds.echo(fact_id, 100)}”).{hint}"
            await _views.respond(interaction, embed=_embeds.notice_embed(text), ephemeral=True)
            return
        story = knowledge.base.stories.get(fact.story)
        embed = _embeds.fact_embed(
            fact, knowledge.base.articles, title=story.title if story else None
        )
        await _views.respond(interaction, embed=embed)

    @fact.autocomplete("fact_id")
    async def fact_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        matcher = self.bot.knowledge.matcher
        typed = _embeds.typed(current)
        return _embeds.choices(matcher.suggest_fact_ids(typed, limit=_embeds.CHOICE_COUNT_LIMIT))

    @app_commands.command()
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the articles the bot knows: headline, outlet and date."""
        articles = self.bot.knowledge.base.articles.values()
        await _views.respond(interaction, embed=_embeds.sources_embed(articles))

    @app_commands.command()
    async def about(self, interaction: discord.Interaction) -> None:
        """Version, facts and articles loaded, uptime and gateway latency."""
        base = self.bot.knowledge.base
        latency = self.bot.latency
        status = self.bot.snapshot()
        embed = _embeds.about_embed(
            version=__version__,
            facts=len(base.facts),
            articles=len(base.articles),
            uptime=time.monotonic() - self.bot.started,
            latency=latency if math.isfinite(latency) else None,
            shards=status.shards,
            shard_count=status.shard_count,
            scorecard=load_scorecard(),
        )
        await _views.respond(interaction, embed=embed)


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Reference(bot))
