"""Thread mode (FACTBOT_THREAD_CHANNEL_IDS): in those channels a question is answered in a
new public thread started from the asker's message, so each question keeps its own place,
and every message in a thread the bot started there is read as a follow-up, with the
thread as the conversation's channel (docs/discord.md, "Thread mode").

Where a thread cannot be started (the bot lacks Create Public Threads or Send Messages in
Threads, the channel takes no threads, Discord refuses), the answer is a reply in the
channel, as without the setting, and the reason is logged once per channel.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Final

import discord

from bot.exts import _views

log = logging.getLogger(__name__)
NAME_LIMIT = 100  # characters: Discord's longest channel (and thread) name
ARCHIVE_MINUTES: Final = 1440  # a thread nobody writes in leaves the channel's list after a day
_ELLIPSIS = "…"


def thread_name(question: str) -> str:
    """The question on one line, cut to fit Discord's 100 characters (at a word boundary
    unless that loses half the name; an ellipsis says it was cut); "" for an empty one."""
    line = " ".join(question.split())
    if len(line) <= NAME_LIMIT:
        return line
    cut = line[: NAME_LIMIT - len(_ELLIPSIS)]
    head, _, _ = cut.rpartition(" ")
    if len(head) >= NAME_LIMIT // 2:
        cut = head
    return cut.rstrip(" ,;:-") + _ELLIPSIS


def started_by(channel: object, bot_id: int, parents: frozenset[int]) -> bool:
    """Whether `channel` is a thread the bot started in a thread-mode channel. Threads the
    bot did not start, or started in a channel no longer in the setting, are handled as any
    other channel."""
    return (
        isinstance(channel, discord.Thread)
        and channel.owner_id == bot_id
        and channel.parent_id in parents
    )


class ThreadMode:
    """Answers in new threads in the configured channels, falling back to a reply."""

    def __init__(self, channel_ids: Iterable[int]) -> None:
        self.channel_ids = frozenset(channel_ids)
        self._refused: set[int] = set()  # channels whose fallback is already logged

    def opens_thread(self, message: discord.Message) -> bool:
        """Whether a new question in `message` is answered in a thread of its own."""
        return message.guild is not None and message.channel.id in self.channel_ids

    async def answer(
        self,
        message: discord.Message,
        question: str,
        *,
        embed: discord.Embed,
        view: _views.OwnedView | None,
    ) -> discord.Message:
        """Start a thread named after `question` on `message` and answer in it; where that
        cannot be done, reply to `message` in its channel. The message sent."""
        thread = await self._start(message, question)
        if thread is not None:
            try:
                if view is None:
                    return await thread.send(embed=embed, allowed_mentions=_views.NONE)
                sent = await thread.send(embed=embed, view=view, allowed_mentions=_views.NONE)
                view.message = sent
                return sent
            except discord.Forbidden as exc:  # a permission changed since the cache knew it
                self._refuse(message.channel.id, f"Discord refused a message in it: {exc.text}")
        return await _views.reply_to(message, embed=embed, view=view)

    async def _start(self, message: discord.Message, question: str) -> discord.Thread | None:
        name = thread_name(question)
        if not name:  # only a mention: nothing to name a thread after, so a reply in place
            return None
        why = self._cannot(message)
        if why is None:
            try:
                return await message.create_thread(name=name, auto_archive_duration=ARCHIVE_MINUTES)
            except discord.HTTPException as exc:
                why = f"Discord refused: {exc.status} {exc.code} {exc.text}"
        self._refuse(message.channel.id, why)
        return None

    @staticmethod
    def _cannot(message: discord.Message) -> str | None:
        """Why a thread cannot be started on `message`, as far as the cache knows; None
        when it can. Asking first spares Discord a 403 per question (it bans clients that
        make too many)."""
        channel = message.channel
        if not isinstance(channel, discord.TextChannel):
            return "threads start only in text channels"
        me: discord.Member | None = channel.guild.me
        if me is None:
            return None
        permissions = channel.permissions_for(me)
        missing = [
            name
            for name, held in (
                ("Create Public Threads", permissions.create_public_threads),
                ("Send Messages in Threads", permissions.send_messages_in_threads),
            )
            if not held
        ]
        return f"the bot lacks {' and '.join(missing)}" if missing else None

    def _refuse(self, channel_id: int, why: str) -> None:
        if channel_id in self._refused:
            return
        self._refused.add(channel_id)
        log.warning(
            "thread mode: no thread in channel %s (%s); answering in the channel instead",
            channel_id,
            why,
            extra={"event": "thread_fallback", "channel": channel_id},
        )
