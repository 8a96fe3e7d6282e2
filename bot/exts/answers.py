"""Questions: a message that mentions the bot, a DM, any message in an opt-in channel or in
a thread the bot started in thread mode, and /ask. Each is answered by the core matcher and
rendered by _embeds/_views; in thread mode (_threads) the answer opens a thread.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import (
    MAX_QUESTION_CHARS,
    Abstention,
    Conversation,
    Conversations,
    Reply,
    example_questions,
    looks_like_question,
    subjects_of,
)
from bot.exts import _embeds, _threads, _views
from bot.exts._cooldown import Cooldown, Verdict
from bot.exts._markup import plain_text

if TYPE_CHECKING:
    from bot.client import FactBot
    from bot.knowledge import Knowledge

log = logging.getLogger(__name__)
COOLDOWN_RATE, COOLDOWN_SECONDS = 5, 30.0  # questions per user in messages, per window
ANSWERED_TYPES = (discord.MessageType.default, discord.MessageType.reply)


def trigger(
    message: discord.Message,
    bot_id: int,
    channel_ids: frozenset[int],
    thread_channel_ids: frozenset[int] = frozenset(),
) -> str | None:
    """Why the bot should answer `message` ("dm", "mention", "channel"), or None.

    Bots (the bot itself included), webhooks and system messages are never answered. An
    @everyone/@here is not a mention of the bot (`ClientUser.mentioned_in` says it is). In
    a thread the bot started in thread mode every message is asked, as in an opt-in channel.
    """
    author = message.author
    if author.bot or message.webhook_id is not None or message.type not in ANSWERED_TYPES:
        return None
    if message.guild is None:
        return "dm"
    if any(user.id == bot_id for user in message.mentions):
        return "mention"
    channel = message.channel
    parent = getattr(channel, "parent_id", None)  # threads in an opt-in channel count too
    if channel.id in channel_ids or parent in channel_ids:
        return "channel"
    if _threads.started_by(channel, bot_id, thread_channel_ids):
        return "channel"
    return None


def replies_to(message: discord.Message, bot_id: int) -> bool:
    """Whether a message is a reply to one of the bot's own messages (a follow-up)."""
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    return isinstance(resolved, discord.Message) and resolved.author.id == bot_id


def strip_mention(content: str, bot_id: int) -> str:
    """The question without the bot's own mention(s): what the length limit measures."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


@dataclass(frozen=True, slots=True)
class Asked:
    """A question answered from one snapshot of the knowledge, not yet counted or logged."""

    reply: Reply
    knowledge: Knowledge
    seconds: float


class Answers(commands.Cog):
    """Answers questions; the matcher decides what to say."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self.channel_ids = frozenset(bot.settings.channel_ids)
        self.threads = _threads.ThreadMode(bot.settings.thread_channel_ids)
        self.cooldown = Cooldown(COOLDOWN_RATE, COOLDOWN_SECONDS)
        self.conversations = Conversations()

    async def cog_load(self) -> None:
        if self.channel_ids and not self.bot.settings.message_content:
            log.warning(
                "FACTBOT_CHANNEL_IDS is set but FACTBOT_MESSAGE_CONTENT is off: Discord sends "
                "the text of messages that mention the bot only, so only those are answered"
            )
        if self.threads.channel_ids and not self.bot.settings.message_content:
            log.warning(
                "FACTBOT_THREAD_CHANNEL_IDS is set but FACTBOT_MESSAGE_CONTENT is off: in the "
                "bot's threads only messages that mention it are answered"
            )

    async def consult(
        self, question: str, conversation: Conversation | None = None, *, follow: bool = False
    ) -> Asked:
        """Ask the current knowledge (one snapshot) off the event loop; in a conversation,
        remember the turn, and read the question as a follow-up when `follow`."""
        knowledge = self.bot.knowledge
        started = time.perf_counter()
        if conversation is None:
            reply = await asyncio.to_thread(knowledge.matcher.ask, question)
        else:
            reply = await asyncio.to_thread(
                conversation.ask, knowledge.matcher, question, follow=follow
            )
        return Asked(reply, knowledge, time.perf_counter() - started)

    async def answer(
        self,
        question: str,
        *,
        source: str,
        guild_id: int | None,
        channel_id: int | None,
        asked: Asked | None = None,
    ) -> tuple[Reply, Knowledge]:
        """Ask (unless `asked` already did), then count, log and record gaps. Returns the
        knowledge used so the reply is rendered from the same base.

        The log line carries its fields as `extra` for FACTBOT_LOG_FORMAT=json; the question
        text only with FACTBOT_LOG_QUESTIONS=1, and never who asked.
        """
        asked = asked or await self.consult(question)
        reply, knowledge, seconds = asked.reply, asked.knowledge, asked.seconds
        self.bot.metrics.answered(reply, seconds)
        gaps = self.bot.gaps
        if gaps is not None:
            await asyncio.to_thread(gaps.record, reply)
        fields: dict[str, object] = {
            "event": "answer",
            "source": source,
            "guild": guild_id,
            "channel": channel_id,
            "answered": reply.answered,
            "form": reply.form,
            "reason": reply.reason.value if reply.reason else None,
            "confidence": round(reply.confidence, 3),
            "fact_ids": [ranked.fact.id for ranked in reply.facts],
            "latency_ms": round(seconds * 1000, 3),
        }
        if self.bot.settings.log_questions:
            fields["question"] = question
        log.info(
            "answer via %s: answered=%s form=%s reason=%s confidence=%.2f facts=%d ms=%.1f%s",
            source,
            reply.answered,
            reply.form,
            reply.reason.value if reply.reason else "-",
            reply.confidence,
            len(reply.facts),
            seconds * 1000,
            f" question={question!r}" if self.bot.settings.log_questions else "",
            extra=fields,
        )
        return reply, knowledge

    def render(
        self,
        reply: Reply,
        knowledge: Knowledge,
        *,
        owner_id: int,
        question: str | None = None,
        deletable: bool = True,
    ) -> tuple[discord.Embed, _views.OwnedView | None]:
        """The embed and buttons for `reply`, with examples from the base that answered."""
        return _views.for_reply(
            reply,
            owner_id=owner_id,
            examples=example_questions(
                knowledge.base, question=reply.question, near=[r.fact for r in reply.related]
            ),
            timeout=self.bot.view_timeout,
            gaps=self.bot.gaps,
            question=question,
            deletable=deletable,
            subjects=subjects_of(knowledge.base),
            why=lambda shown: knowledge.matcher.why(shown.understood or shown.question),
            help_desk=self.bot.help_desk,
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None:
            return
        parents = self.threads.channel_ids
        source = trigger(message, me.id, self.channel_ids, parents)
        if source is None:
            return
        typed = strip_mention(message.content, me.id)
        question = plain_text(typed)
        # One conversation per member and channel (a thread is a channel): a reply to the
        # bot's answer, any message in a DM or in a thread the bot started in thread mode,
        # is read with the member's last question there.
        follow = (
            source == "dm"
            or _threads.started_by(message.channel, me.id, parents)
            or replies_to(message, me.id)
        )
        # A new question in a thread-mode channel gets a thread, and a conversation there
        # once the thread exists.
        threaded = not follow and self.threads.opens_thread(message)
        conversation = None
        if not threaded:
            conversation = self.conversations.get((message.author.id, message.channel.id))
        asked = None
        if source == "channel" and len(typed) <= MAX_QUESTION_CHARS:
            asked = await self.unless_chatter(question, conversation, follow=follow)
            if asked is None:
                return
        self.bot.metrics.question(source)
        if await self.turned_away(message, typed):
            return
        reply, knowledge = await self.answer(
            question,
            source=source,
            guild_id=message.guild.id if message.guild else None,
            channel_id=message.channel.id,
            asked=asked or await self.consult(question, conversation, follow=follow),
        )
        embed, view = self.render(reply, knowledge, owner_id=message.author.id)
        if threaded:
            sent = await self.threads.answer(message, question, embed=embed, view=view)
            # Follow-ups in the thread (or, where none could be opened, replies to the
            # answer in the channel) continue from this question.
            self.conversations.get((message.author.id, sent.channel.id)).remember(question, reply)
        else:
            sent = await _views.reply_to(message, embed=embed, view=view)
        self.served(sent, reply)

    def served(self, sent: discord.Message, reply: Reply) -> None:
        """Remember which facts a message gave, to correct it if a reload changes them."""
        if reply.answered and reply.form == "facts":
            self.bot.served.record(sent.channel.id, sent.id, [r.fact.id for r in reply.facts])

    async def unless_chatter(
        self, question: str, conversation: Conversation | None, *, follow: bool
    ) -> Asked | None:
        """The answer to a message the bot was not addressed in (an opt-in channel, its own
        thread), or None for chatter ("lol", "nice one"): the bot stays quiet and the
        author's cooldown is not spent. A message not phrased as a question must be
        answered on its own: read after the last question, "ok cool" would repeat it."""
        if not looks_like_question(question):
            alone = await self.consult(question)
            if not alone.reply.answered:
                return None
            if not follow:
                if conversation is not None:  # the next reply to the bot follows it
                    conversation.remember(question, alone.reply)
                return alone
        asked = await self.consult(question, conversation if follow else None, follow=True)
        if asked.reply.reason is Abstention.EMPTY:
            return None
        if not follow and conversation is not None:
            conversation.remember(question, asked.reply)
        return asked

    async def turned_away(self, message: discord.Message, typed: str) -> bool:
        """Whether the question is not asked: the author is over the cooldown (one notice,
        then silence) or it is too long (a short reply saying so). Either stays in the
        channel: no thread is opened for it."""
        verdict = self.cooldown.hit(message.author.id)
        if verdict is not Verdict.ALLOW:
            self.bot.metrics.cooldown_refused()
        if verdict is Verdict.SILENT:
            return True
        if verdict is Verdict.NOTIFY:
            await message.channel.send(
                _embeds.COOLDOWN_NOTICE,
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                allowed_mentions=_views.NONE,
            )
            return True
        if len(typed) > MAX_QUESTION_CHARS:
            self.bot.metrics.abstained(Abstention.TOO_LONG)
            embed = _embeds.no_answer_embed(Abstention.TOO_LONG, (), max_length=MAX_QUESTION_CHARS)
            dismiss = _views.DismissView(message.author.id, timeout=self.bot.view_timeout)
            await _views.reply_to(message, embed=embed, view=dismiss)
            return True
        return False

    @app_commands.command()
    @app_commands.describe(
        question="What you want to know about the coverage, in your own words",
        private="Show the answer only to you (default: everyone in the channel sees it)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
    ) -> None:
        """Ask a question about the news coverage; the answer cites its sources."""
        # Public by default, like a mention and every other command (docs/discord.md,
        # "Who sees what"); `private` keeps it to the asker.
        self.bot.metrics.question("slash")
        await interaction.response.defer(ephemeral=private, thinking=True)
        reply, knowledge = await self.answer(
            plain_text(question),
            source="slash",
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
        )
        embed, view = self.render(
            reply, knowledge, owner_id=interaction.user.id, question=question, deletable=not private
        )
        sent = await _views.finish_deferred(interaction, embed=embed, view=view)
        if not private:  # an ephemeral answer cannot be replied to once its token has died
            self.served(sent, reply)


async def setup(bot: FactBot) -> None:
    await bot.add_cog(Answers(bot))
