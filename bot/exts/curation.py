"""/review: a curator decides on an article's drafts from Discord, then publishes them.

The same steps as `factbot review` and `factbot publish` (bot/curation), behind the same
permission as /reload (Manage Server or FACTBOT_ADMIN_IDS), in an ephemeral message only
the curator sees: one draft at a time with Accept / New fact / Merge / Skip buttons, then
Publish, which validates, publishes and reloads as /reload does (the current facts stay if
anything is wrong). The text is plain message content: the decisions are for curators,
not answers for readers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import FactBaseError, printable
from bot.curation.publish import PublishError, publish
from bot.curation.review import ReviewError, decide, describe, next_pending
from bot.curation.store import DraftFileError, DraftPaths, draft_articles
from bot.exts._access import require_admin
from bot.knowledge import reload_knowledge

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)
CONTENT_LIMIT = 1900  # Discord allows 2,000 characters of content
SHOWN_PROBLEMS = 5
REVIEW_TIMEOUT = 900.0  # seconds a review's buttons stay live


class Curation(commands.Cog):
    """The curator's review of drafts; `interaction_check` guards it as /reload is."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self._publishing = asyncio.Lock()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return require_admin(interaction, self.bot.settings.admin_ids)

    @app_commands.command()
    @app_commands.describe(article="the article whose drafts to review (factbot draft made them)")
    async def review(self, interaction: discord.Interaction, article: str) -> None:
        """Review an article's drafts one by one, then publish them."""
        paths = DraftPaths.of(self.bot.settings.facts_dir, article)
        if not paths.review.is_file():
            waiting = ", ".join(draft_articles(self.bot.settings.facts_dir)) or "none"
            await interaction.response.send_message(
                f"No drafts for '{printable(article, 100)}'. Articles with drafts: {waiting}.",
                ephemeral=True,
            )
            return
        view = ReviewView(self, paths, interaction.user.id)
        try:
            text, shown = view.text(), view.refreshed()
        except (DraftFileError, ReviewError) as exc:
            await interaction.response.send_message(_fit(str(exc)), ephemeral=True)
            return
        await interaction.response.send_message(text, view=shown, ephemeral=True)

    @review.autocomplete("article")
    async def _articles(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = [a for a in draft_articles(self.bot.settings.facts_dir) if current in a]
        return [app_commands.Choice(name=a, value=a) for a in found[:25]]

    async def publish_and_reload(self, paths: DraftPaths) -> str:
        """Publish the decided drafts and reload; what to tell the curator."""
        settings = self.bot.settings
        article = paths.facts.stem
        async with self._publishing:
            try:
                done = await asyncio.to_thread(
                    publish, settings.facts_dir, settings.seeds_dir, article
                )
            except PublishError as exc:
                problems = "\n".join(str(p) for p in exc.problems[:SHOWN_PROBLEMS])
                return _fit(f"Nothing was published: {exc}.\n{problems}".strip())
            try:
                knowledge = await asyncio.to_thread(
                    reload_knowledge,
                    self.bot.knowledge,
                    settings.facts_dir,
                    settings.seeds_dir,
                    max_file_bytes=settings.max_file_bytes,
                )
            except FactBaseError as exc:
                self.bot.metrics.reloaded(ok=False)
                shown = "\n".join(str(p) for p in exc.problems[:SHOWN_PROBLEMS])
                return _fit(f"Published, but the reload was refused; still answering:\n{shown}")
            await self.bot.replace_knowledge(knowledge)
        self.bot.metrics.reloaded(ok=True)
        log.info("published %s: %d new, %d merged", article, done.new, done.merged)
        return (
            f"Published '{article}': {done.new} new fact(s), {done.merged} merged into existing "
            f"facts, {done.skipped} skipped, {done.entities} new entities. Reloaded: "
            f"{len(knowledge.base.facts)} facts from {len(knowledge.base.articles)} articles. "
            "Run `make train` when you can, so the scorer knows the new facts."
        )


def _fit(text: str) -> str:
    return text if len(text) <= CONTENT_LIMIT else text[: CONTENT_LIMIT - 1] + "…"


class ReviewView(discord.ui.View):
    """One draft at a time; its buttons answer only the curator who started the review."""

    def __init__(self, cog: Curation, paths: DraftPaths, curator: int) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.cog = cog
        self.paths = paths
        self.curator = curator
        self.current: str | None = None
        self.done_text: str | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.curator:
            return True
        await interaction.response.send_message(
            "Only the curator who started this review can use its buttons.", ephemeral=True
        )
        return False

    def text(self) -> str:
        if self.done_text is not None:
            return self.done_text
        found = next_pending(self.paths)
        if found is None:
            return (
                f"Every draft of '{self.paths.facts.stem}' has a decision. Publish them now "
                "(checked first; the current facts stay if anything is wrong)?"
            )
        record, item, n, total = found
        return _fit(f"Draft {n} of {total}\n{describe(record, item)}")

    def refreshed(self) -> ReviewView:
        """The buttons that fit the current state."""
        self.clear_items()
        if self.done_text is not None:
            return self
        found = next_pending(self.paths)
        if found is None:
            self.current = None
            self._button("Publish", discord.ButtonStyle.success, self._publish)
            self._button("Later", discord.ButtonStyle.secondary, self._later)
            return self
        _, item, _, _ = found
        self.current = item["id"]
        self._button("Accept", discord.ButtonStyle.success, self._decision("accept"))
        self._button("New fact", discord.ButtonStyle.primary, self._decision("new"))
        if item.get("into"):
            self._button("Merge", discord.ButtonStyle.primary, self._decision("merge"))
        self._button("Skip", discord.ButtonStyle.secondary, self._decision("skip"))
        return self

    def _button(self, label: str, style: discord.ButtonStyle, callback: object) -> None:
        button: discord.ui.Button[ReviewView] = discord.ui.Button(label=label, style=style)
        button.callback = callback  # type: ignore[method-assign,assignment]
        self.add_item(button)

    def _decision(self, decision: str) -> object:
        async def press(interaction: discord.Interaction) -> None:
            if self.current is not None:
                try:
                    await asyncio.to_thread(decide, self.paths, self.current, decision)
                except (DraftFileError, ReviewError) as exc:
                    self.done_text = f"The review stopped: {exc}"
            await interaction.response.edit_message(content=self.text(), view=self.refreshed())

        return press

    async def _publish(self, interaction: discord.Interaction) -> None:
        # Say so at once (and take the buttons away): checking and reloading take a while.
        await interaction.response.edit_message(
            content="Publishing: checking the fact base, then reloading…", view=None
        )
        self.done_text = await self.cog.publish_and_reload(self.paths)
        self.stop()
        await interaction.edit_original_response(content=self.text(), view=self.refreshed())

    async def _later(self, interaction: discord.Interaction) -> None:
        self.done_text = (
            f"The decisions are kept: publish with /review {self.paths.facts.stem} later, or "
            f"`factbot publish {self.paths.facts.stem}`."
        )
        self.stop()
        await interaction.response.edit_message(content=self.text(), view=self.refreshed())


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Curation(bot))
