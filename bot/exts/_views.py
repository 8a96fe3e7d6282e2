"""Buttons under factbot's messages: answer actions, "did you mean" choices, timeline pages.

Every view answers only the person who asked (`interaction_check`), is disabled in place
when it times out, and reports its failures like any command (_report.py). The wording and
the embeds come from _embeds.py; views only decide which embed to show next.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.core import (
    KEY_EVENTS,
    Abstention,
    Article,
    Fact,
    RankedFact,
    Reply,
    Timeline,
    TimelineFilter,
    Why,
    more_answers,
    related_facts,
    settle_choices,
)
from bot.exts import _embeds
from bot.exts._help import HelpButton, HelpDesk
from bot.exts._report import DELIVERY_ERRORS, report_interaction_error
from bot.gaps import GapsLog

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
TIMELINE_PAGE_SIZE = 8  # events per page: a screenful, well within an embed's limits
MAX_CHOICES = 4  # "did you mean" buttons, leaving room for 🗑 in the one row


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


class DismissView(OwnedView):
    """Only 🗑: for a reply with nothing more to show (a "no", a declined question)."""

    @discord.ui.button(emoji="🗑️", style=discord.ButtonStyle.secondary)
    async def delete(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await _delete(self, interaction)


async def _delete(view: OwnedView, interaction: discord.Interaction) -> None:
    await interaction.response.defer()
    view.stop()
    target = view.lasting_message() or interaction.message
    if target is not None:
        await target.delete()


class AnswerView(OwnedView):
    """One row: the sources (and both sides of a disagreement), more answers, a verdict
    (with a gaps log) and 🗑; a button appears only when it has something to show."""

    def __init__(
        self,
        reply: Reply,
        *,
        owner_id: int,
        timeout: float | None,
        gaps: GapsLog | None = None,
        deletable: bool = True,
        why: Callable[[Reply], Why | None] | None = None,
        help_desk: HelpDesk | None = None,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.reply = reply
        self.gaps = gaps
        self.why = why
        self.help_desk = help_desk
        if reply.facts[0].fact.conflict:
            self.quote.label = "Sources · both sides"
        if not more_answers(reply):
            self.remove_item(self.more)
        if not deletable:
            self.remove_item(self.delete)
        if gaps is None:
            self.remove_item(self.helpful)
            self.remove_item(self.not_helpful)

    @discord.ui.button(label="Sources", emoji="📰", style=discord.ButtonStyle.secondary)
    async def quote(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        best = self.reply.facts[0].fact
        embed = _embeds.fact_embed(best, self.reply.articles, title="Sources and their words")
        view = WhyView(self.reply, self.why, owner_id=self.owner_id, timeout=self.timeout)
        if self.help_desk is not None:  # one row stays under the answer: help is here
            view.add_item(HelpButton(self.help_desk, self.reply, lambda: _jump_url(self)))
        if not view.children:
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.response.send_message(
            embed=embed, view=view, ephemeral=True, allowed_mentions=NONE
        )

    @discord.ui.button(label="More answers", style=discord.ButtonStyle.secondary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        embed = _embeds.more_answers_embed(more_answers(self.reply), self.reply.articles)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)

    @discord.ui.button(emoji="👍", style=discord.ButtonStyle.secondary)
    async def helpful(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._verdict(interaction, helpful=True)

    @discord.ui.button(emoji="👎", style=discord.ButtonStyle.secondary)
    async def not_helpful(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._verdict(interaction, helpful=False)

    @discord.ui.button(emoji="🗑️", style=discord.ButtonStyle.secondary)
    async def delete(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await _delete(self, interaction)

    async def _verdict(self, interaction: discord.Interaction, *, helpful: bool) -> None:
        """One verdict per answer: both buttons are disabled once either is pressed."""
        self.helpful.disabled = self.not_helpful.disabled = True
        await interaction.response.edit_message(view=self)
        if self.gaps is not None:
            shown = [self.reply.facts[0].fact.id, *(r.fact.id for r in related_facts(self.reply))]
            await asyncio.to_thread(self.gaps.verdict, self.reply.question, shown, helpful)
        await interaction.followup.send(_embeds.THANKS, ephemeral=True, allowed_mentions=NONE)


class WhyView(OwnedView):
    """Under the (private) sources: why this answer was chosen, read from the matcher's
    own explanation (`Matcher.why`), for the asker only."""

    def __init__(
        self,
        reply: Reply,
        why: Callable[[Reply], Why | None] | None,
        *,
        owner_id: int,
        timeout: float | None,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.reply = reply
        self.explain = why
        if why is None:
            self.remove_item(self.why)

    @discord.ui.button(label="Why this answer?", emoji="🔎", style=discord.ButtonStyle.secondary)
    async def why(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        if self.explain is None:
            return
        found = await asyncio.to_thread(self.explain, self.reply)
        if found is None:  # the facts were reloaded and no longer give this answer
            await interaction.response.send_message(
                _embeds.WHY_GONE, ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.response.send_message(
            embed=_embeds.why_embed(found), ephemeral=True, allowed_mentions=NONE
        )


class ChoiceButton(discord.ui.Button["ChoicesView"]):
    """A numbered button, labelled with what tells its candidate apart: its date."""

    def __init__(self, number: int, choice: RankedFact) -> None:
        when = choice.fact.date.display() if choice.fact.date else None
        super().__init__(
            label=_embeds.button_label(f"{number} · {when}" if when else str(number)),
            style=discord.ButtonStyle.primary,
        )
        self.choice = choice

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.choose(interaction, self.choice)


class ChoicesView(OwnedView):
    """ "Did you mean": one button per candidate and 🗑, in one row; the pick replaces the
    question in place with that answer (and the answer's own buttons)."""

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
        for number, choice in enumerate(reply.choices[:MAX_CHOICES], 1):
            self.add_item(ChoiceButton(number, choice))
        if deletable:
            dismiss = discord.ui.Button[ChoicesView](emoji="🗑️", style=discord.ButtonStyle.secondary)
            dismiss.callback = self._dismiss  # type: ignore[method-assign]
            self.add_item(dismiss)

    async def _dismiss(self, interaction: discord.Interaction) -> None:
        await _delete(self, interaction)

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
    """Previous / Next through a timeline, a page of events at a time.

    Whoever ran it pages the message itself; anyone else who presses a button gets their
    own copy, privately, at the page they asked for, so a public timeline is pageable by
    everyone without two people fighting over one message.
    """

    def __init__(
        self,
        timeline: Timeline,
        heading: str,
        articles: Mapping[str, Article],
        *,
        owner_id: int,
        timeout: float | None,
        page_size: int = TIMELINE_PAGE_SIZE,
        number: int = 1,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.timeline = timeline
        self.heading = heading
        self.articles = articles
        self.page_size = page_size
        self.number = min(max(1, number), self.pages)
        self._update_buttons()

    @property
    def pages(self) -> int:
        return self.timeline.page(1, self.page_size).count

    def embed(self) -> discord.Embed:
        page = self.timeline.page(self.number, self.page_size)
        return _embeds.timeline_embed(self.heading, page, self.articles)

    def copy_for(self, user_id: int, number: int) -> TimelinePager:
        return TimelinePager(
            self.timeline,
            self.heading,
            self.articles,
            owner_id=user_id,
            timeout=self.timeout,
            page_size=self.page_size,
            number=number,
        )

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        step = -1 if _custom_id(interaction) == self.previous.custom_id else 1
        copy = self.copy_for(interaction.user.id, self.number + step)
        await respond(interaction, embed=copy.embed(), view=copy, ephemeral=True)
        return False

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


class TimelineSummaryView(OwnedView):
    """Under a timeline answer's key events: the full timeline, for anyone who presses it
    (privately, a pager of their own), and 🗑 for the asker."""

    def __init__(
        self,
        timeline: Timeline,
        heading: str,
        articles: Mapping[str, Article],
        *,
        owner_id: int,
        timeout: float | None,
        deletable: bool = True,
    ) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.timeline = timeline
        self.heading = heading
        self.articles = articles
        count = len(timeline.events)
        self.full.label = f"Full timeline ({count} events)"
        if not deletable:
            self.remove_item(self.delete)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if _custom_id(interaction) == self.full.custom_id:
            return True  # open to everyone: it answers privately
        return await super().interaction_check(interaction)

    @discord.ui.button(label="Full timeline", emoji="🗓️", style=discord.ButtonStyle.primary)
    async def full(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        embed, pager = timeline_view(
            self.timeline,
            self.heading,
            self.articles,
            owner_id=interaction.user.id,
            timeout=self.timeout,
        )
        await respond(interaction, embed=embed, view=pager, ephemeral=True)

    @discord.ui.button(emoji="🗑️", style=discord.ButtonStyle.secondary)
    async def delete(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await _delete(self, interaction)


def for_reply(
    reply: Reply,
    *,
    owner_id: int,
    examples: Sequence[str],
    timeout: float | None,
    gaps: GapsLog | None = None,
    question: str | None = None,
    deletable: bool = True,
    subjects: frozenset[str] = frozenset(),
    why: Callable[[Reply], Why | None] | None = None,
    help_desk: HelpDesk | None = None,
) -> tuple[discord.Embed, OwnedView | None]:
    """The embed and buttons for any reply: an answer, a choice, a timeline or a "no".

    `subjects` are the coverage's subjects (bot/core/presentation.py `same_thing`): a
    "did you mean" whose candidates are about the same thing is answered directly.
    """
    if not reply.answered:
        embed = _embeds.no_answer_embed(reply.reason, examples, reply=reply)
        dismiss = DismissView(owner_id, timeout=timeout)
        if not deletable:
            dismiss.remove_item(dismiss.delete)
        if help_desk is not None and reply.reason is not Abstention.EMPTY:
            dismiss.add_item(HelpButton(help_desk, reply, lambda: _jump_url(dismiss)))
        return embed, (dismiss if dismiss.children else None)
    if reply.form == "timeline":
        events: tuple[Fact, ...] = tuple(r.fact for r in reply.facts)
        heading = reply.heading or "Timeline"
        if len(events) <= KEY_EVENTS:  # short enough to show whole
            return timeline_view(
                Timeline(events, TimelineFilter()),
                heading,
                reply.articles,
                owner_id=owner_id,
                timeout=timeout,
            )
        summary = TimelineSummaryView(
            Timeline(events, TimelineFilter()),
            heading,
            reply.articles,
            owner_id=owner_id,
            timeout=timeout,
            deletable=deletable,
        )
        return _embeds.timeline_summary_embed(heading, events, reply.articles), summary
    reply = settle_choices(reply, subjects)
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
    answer = AnswerView(
        reply,
        owner_id=owner_id,
        timeout=timeout,
        gaps=gaps,
        deletable=deletable,
        why=why,
        help_desk=help_desk,
    )
    return _embeds.answer_embed(reply, question=question), answer


def _jump_url(view: OwnedView) -> str | None:
    """The link to the public reply a view sits under (for the staff), when known."""
    return view.message.jump_url if view.message is not None else None


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
) -> discord.Message:
    """Replace a deferred "thinking…" response with the embed (and bound buttons); the
    message it became."""
    if view is None:
        return await interaction.edit_original_response(embed=embed, allowed_mentions=NONE)
    sent = await interaction.edit_original_response(embed=embed, view=view, allowed_mentions=NONE)
    view.message = sent
    return sent


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
