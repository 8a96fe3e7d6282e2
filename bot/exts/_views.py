"""Buttons under factbot's messages: answer actions, "did you mean" choices, timeline pages.

Every view answers only the person who asked (`interaction_check`), is disabled in place
when it times out, and reports its failures like any command (_report.py). The wording and
the embeds come from _embeds.py; views only decide which embed to show next.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.core import Article, Fact, RankedFact, Reply, Timeline, TimelineFilter
from bot.exts import _embeds
from bot.exts._report import DELIVERY_ERRORS, report_interaction_error
from bot.gaps import GapsLog

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
TIMELINE_PAGE_SIZE = 5  # events per page: five fields stay well within an embed's limits


def answer_unknown_buttons(bot: FactBot) -> None:
    """A press of a button no view knows (forged, too long, timed out, deleted, from before
    a restart) gets a short private "this button has expired" instead of Discord's "This
    interaction failed". discord.py drops such presses without a word, so the check sits
    where it looks them up: its view store. (The bot has no `DynamicItem`s, whose presses
    the store handles without a view; with one registered this stays out of the way.)"""
    store = bot._connection._view_store
    dispatch_view = store.dispatch_view

    def dispatch(component_type: int, custom_id: str, interaction: discord.Interaction) -> None:
        message_id = interaction.message.id if interaction.message is not None else None
        key = (component_type, custom_id)
        item = store._views.get(message_id, {}).get(key) or store._views.get(None, {}).get(key)
        if (item is None or item.view is None) and not store._dynamic_items:
            bot.metrics.expired_button()
            store.add_task(
                asyncio.create_task(_expired(interaction), name="factbot: expired button")
            )
        dispatch_view(component_type, custom_id, interaction)

    store.dispatch_view = dispatch  # type: ignore[method-assign]


async def _expired(interaction: discord.Interaction) -> None:
    log.info("button %r is not known (expired or forged)", _custom_id(interaction)[:100])
    try:
        await interaction.response.send_message(
            _embeds.BUTTON_EXPIRED, ephemeral=True, allowed_mentions=NONE
        )
    except DELIVERY_ERRORS as exc:
        log.warning("could not say that a button has expired: %r", exc)


def _custom_id(interaction: discord.Interaction) -> str:
    data: Mapping[str, Any] = interaction.data or {}
    return str(data.get("custom_id", "?"))


class OwnedView(discord.ui.View):
    """A view only its owner can use; when it times out its buttons are disabled on the
    message (set `message` after sending) so nobody clicks a dead button."""

    def __init__(self, owner_id: int, *, timeout: float | None) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            _embeds.ONLY_ASKER, ephemeral=True, allowed_mentions=NONE
        )
        return False

    def disable_all(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True

    def lasting_message(self) -> discord.Message | discord.PartialMessage | None:
        """The view's message, reached in the way that lasts: one that everyone sees through
        its channel, with the bot's own token (an interaction's token dies after 15 minutes,
        and a view may outlive it); an ephemeral one only through the interaction."""
        message = self.message
        if message is None or message.flags.ephemeral:
            return message
        partial = getattr(message.channel, "get_partial_message", None)
        return partial(message.id) if partial is not None else message

    async def on_timeout(self) -> None:
        """discord.py runs this as a task nobody awaits: it must not raise."""
        self.disable_all()
        if self.message is None:
            return
        try:
            await (self.lasting_message() or self.message).edit(view=self)
        except discord.HTTPException:
            pass  # deleted, or ephemeral and its token expired: nothing left to disable
        except DELIVERY_ERRORS as exc:  # Discord unreachable: the dead buttons stay shown
            log.warning("could not disable the buttons of message %s: %r", self.message.id, exc)
        except RuntimeError as exc:  # the bot has closed ("Session is closed"): leave them
            log.debug("not disabling the buttons of message %s: %s", self.message.id, exc)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await report_interaction_error(interaction, error)


class AnswerView(OwnedView):
    """More answers, the supporting quotes, delete, and (with a gaps log) a verdict."""

    def __init__(
        self,
        reply: Reply,
        *,
        owner_id: int,
        timeout: float | None,
        gaps: GapsLog | None = None,
        deletable: bool = True,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.reply = reply
        self.gaps = gaps
        if not reply.facts[1:]:  # nothing beyond the answer shown
            self.remove_item(self.more)
        if not deletable:
            self.remove_item(self.delete)
        if gaps is None:
            self.remove_item(self.helpful)
            self.remove_item(self.not_helpful)

    @discord.ui.button(label="More answers", style=discord.ButtonStyle.primary, row=0)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        embed = _embeds.more_answers_embed(self.reply.facts[1:], self.reply.articles)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)

    @discord.ui.button(label="Show quote", style=discord.ButtonStyle.secondary, row=0)
    async def quote(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        best = self.reply.facts[0].fact
        embed = _embeds.fact_embed(best, self.reply.articles)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)

    @discord.ui.button(emoji="🗑️", style=discord.ButtonStyle.secondary, row=0)
    async def delete(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.defer()
        self.stop()
        target = self.lasting_message() or interaction.message
        if target is not None:
            await target.delete()

    @discord.ui.button(label="Helpful", emoji="👍", style=discord.ButtonStyle.success, row=1)
    async def helpful(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._verdict(interaction, helpful=True)

    @discord.ui.button(label="Not helpful", emoji="👎", style=discord.ButtonStyle.secondary, row=1)
    async def not_helpful(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._verdict(interaction, helpful=False)

    async def _verdict(self, interaction: discord.Interaction, *, helpful: bool) -> None:
        """One verdict per answer: both buttons are disabled once either is pressed."""
        self.helpful.disabled = self.not_helpful.disabled = True
        await interaction.response.edit_message(view=self)
        if self.gaps is not None:
            shown = [r.fact.id for r in self.reply.facts[: 1 + _embeds.RELATED_SHOWN]]
            await asyncio.to_thread(self.gaps.verdict, self.reply.question, shown, helpful)
        await interaction.followup.send(_embeds.THANKS, ephemeral=True, allowed_mentions=NONE)


class ChoiceButton(discord.ui.Button["ChoicesView"]):
    def __init__(self, number: int, choice: RankedFact) -> None:
        super().__init__(
            label=_embeds.button_label(f"{number}. {choice.fact.text}"),
            style=discord.ButtonStyle.secondary,
            row=number - 1,
        )
        self.choice = choice

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.choose(interaction, self.choice)


class ChoicesView(OwnedView):
    """ "Did you mean": one button per candidate; the pick replaces the question in place
    with that answer (and the answer's own buttons)."""

    def __init__(
        self,
        reply: Reply,
        *,
        owner_id: int,
        timeout: float | None,
        gaps: GapsLog | None = None,
        deletable: bool = True,
        question: str | None = None,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.reply = reply
        self.gaps = gaps
        self.deletable = deletable
        self.question = question
        for number, choice in enumerate(reply.choices, 1):
            self.add_item(ChoiceButton(number, choice))

    async def choose(self, interaction: discord.Interaction, choice: RankedFact) -> None:
        """The picked fact first, the other candidates after it, as a plain answer."""
        others = tuple(r for r in self.reply.facts if r is not choice)
        picked = dataclasses.replace(
            self.reply, facts=(choice, *others), ambiguous=False, confidence=choice.score
        )
        view = AnswerView(
            picked,
            owner_id=self.owner_id,
            timeout=self.timeout,
            gaps=self.gaps,
            deletable=self.deletable,
        )
        view.message = self.message
        self.stop()
        await interaction.response.edit_message(
            embed=_embeds.answer_embed(picked, question=self.question), view=view
        )


class TimelinePager(OwnedView):
    """Previous / Next through a timeline, a page of events at a time."""

    def __init__(
        self,
        timeline: Timeline,
        heading: str,
        articles: Mapping[str, Article],
        *,
        owner_id: int,
        timeout: float | None,
        page_size: int = TIMELINE_PAGE_SIZE,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.timeline = timeline
        self.heading = heading
        self.articles = articles
        self.page_size = page_size
        self.number = 1
        self._update_buttons()

    @property
    def pages(self) -> int:
        return self.timeline.page(1, self.page_size).count

    def embed(self) -> discord.Embed:
        page = self.timeline.page(self.number, self.page_size)
        return _embeds.timeline_embed(self.heading, page, self.articles)

    def _update_buttons(self) -> None:
        self.previous.disabled = self.number <= 1
        self.next.disabled = self.number >= self.pages

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.number = min(max(1, self.number + step), self.pages)
        self._update_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, +1)


def timeline_view(
    timeline: Timeline,
    heading: str,
    articles: Mapping[str, Article],
    *,
    owner_id: int,
    timeout: float | None,
) -> tuple[discord.Embed, TimelinePager | None]:
    """The first page, and a pager when there is more than one page."""
    pager = TimelinePager(timeline, heading, articles, owner_id=owner_id, timeout=timeout)
    embed = pager.embed()
    if pager.pages == 1:
        pager.stop()
        return embed, None
    return embed, pager


def for_reply(
    reply: Reply,
    *,
    owner_id: int,
    examples: Sequence[str],
    timeout: float | None,
    gaps: GapsLog | None = None,
    question: str | None = None,
    deletable: bool = True,
) -> tuple[discord.Embed, OwnedView | None]:
    """The embed and buttons for any reply: an answer, a choice, a timeline or a "no"."""
    if not reply.answered:
        return _embeds.no_answer_embed(reply.reason, examples, reply=reply), None
    if reply.form == "timeline":
        events: tuple[Fact, ...] = tuple(r.fact for r in reply.facts)
        return timeline_view(
            Timeline(events, TimelineFilter()),
            reply.heading or "Timeline",
            reply.articles,
            owner_id=owner_id,
            timeout=timeout,
        )
    if reply.ambiguous:
        choices = ChoicesView(
            reply,
            owner_id=owner_id,
            timeout=timeout,
            gaps=gaps,
            deletable=deletable,
            question=question,
        )
        return _embeds.choices_embed(reply, question=question), choices
    answer = AnswerView(reply, owner_id=owner_id, timeout=timeout, gaps=gaps, deletable=deletable)
    return _embeds.answer_embed(reply, question=question), answer


async def respond(
    interaction: discord.Interaction,
    *,
    embed: discord.Embed,
    view: OwnedView | None = None,
    ephemeral: bool = False,
) -> None:
    """Answer an interaction with an embed (and buttons, bound to the sent message)."""
    if view is None:
        await interaction.response.send_message(
            embed=embed, ephemeral=ephemeral, allowed_mentions=NONE
        )
        return
    callback = await interaction.response.send_message(
        embed=embed, view=view, ephemeral=ephemeral, allowed_mentions=NONE
    )
    sent = callback.resource
    view.message = (
        sent
        if isinstance(sent, discord.InteractionMessage)
        else await interaction.original_response()
    )


async def finish_deferred(
    interaction: discord.Interaction, *, embed: discord.Embed, view: OwnedView | None = None
) -> None:
    """Replace a deferred "thinking…" response with the embed (and bound buttons)."""
    if view is None:
        await interaction.edit_original_response(embed=embed, allowed_mentions=NONE)
        return
    view.message = await interaction.edit_original_response(
        embed=embed, view=view, allowed_mentions=NONE
    )


async def reply_to(
    message: discord.Message, *, embed: discord.Embed, view: OwnedView | None = None
) -> discord.Message:
    """Reply to a question asked in a message, without pinging its author or anyone."""
    reference = message.to_reference(fail_if_not_exists=False)
    if view is None:
        return await message.channel.send(
            embed=embed, reference=reference, mention_author=False, allowed_mentions=NONE
        )
    sent = await message.channel.send(
        embed=embed, view=view, reference=reference, mention_author=False, allowed_mentions=NONE
    )
    view.message = sent
    return sent
