"""/timeline: the events in order, filtered by person, topic and years, a page at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import SuggestKind, TimelineFilter, build_timeline, suggest
from bot.exts import _embeds, _views

if TYPE_CHECKING:
    from bot.client import FactBot

Year = app_commands.Range[int, 1, 9999]


class Timelines(commands.Cog):
    """/timeline; names are resolved and events filtered by the core (bot/core/timeline.py)."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command()
    @app_commands.describe(
        person="Only events involving this person (pick from the list or type a name)",
        topic="Only events on this topic",
        from_year="Only events from this year on",
        to_year="Only events up to this year",
    )
    async def timeline(
        self,
        interaction: discord.Interaction,
        person: str | None = None,
        topic: str | None = None,
        from_year: Year | None = None,
        to_year: Year | None = None,
    ) -> None:
        """See the events in the coverage in order, filtered by person, topic or years."""
        self.bot.metrics.timeline()
        base = self.bot.knowledge.base
        timeline = build_timeline(
            base,
            TimelineFilter(person=person, topic=topic, year_from=from_year, year_to=to_year),
        )
        if not timeline.events:
            embed = _embeds.notice_embed(_embeds.escape(timeline.empty_message), title="Timeline")
            await _views.respond(interaction, embed=embed, ephemeral=True)
            return
        described = timeline.filter.describe()
        embed, view = _views.timeline_view(
            timeline,
            f"Timeline: {described}",
            base.articles,
            owner_id=interaction.user.id,
            timeout=self.bot.view_timeout,
        )
        await _views.respond(interaction, embed=embed, view=view)

    @timeline.autocomplete("person")
    async def person_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("person", current)

    @timeline.autocomplete("topic")
    async def topic_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("topic", current)

    def _choices(self, kind: SuggestKind, current: str) -> list[app_commands.Choice[str]]:
        base = self.bot.knowledge.base
        typed = _embeds.typed(current)
        return _embeds.choices(suggest(base, kind, typed, limit=_embeds.CHOICE_COUNT_LIMIT))


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Timelines(bot))
