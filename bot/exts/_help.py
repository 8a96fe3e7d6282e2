"""A human when needed: "Still need help?" posts one message in the staff channel.

Off unless FACTBOT_HELP_CHANNEL_ID is set. The message quotes the question and what the
bot replied, with a link to the reply; it pings FACTBOT_HELP_ROLE_ID when set (that role
only, never anyone else), and one member can call the staff once per `COOLDOWN_SECONDS`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.core import Reply
from bot.exts import _embeds
from bot.exts._report import DELIVERY_ERRORS

if TYPE_CHECKING:
    from bot.client import FactBot

NONE = discord.AllowedMentions.none()
COOLDOWN_SECONDS = 600.0  # one call for the staff per member per ten minutes
log = logging.getLogger(__name__)


class HelpDesk:
    """Calls for the staff. `_last` holds when each member last called, only for members
    who called in the last `COOLDOWN_SECONDS` (older ones are swept on every call), so it
    is bounded by the calls of ten minutes, not by every member who ever asked."""

    def __init__(
        self,
        bot: FactBot,
        channel_id: int,
        role_id: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.channel_id = channel_id
        self.role_id = role_id
        self.clock = clock
        self._last: dict[int, float] = {}

    async def call(self, interaction: discord.Interaction, reply: Reply, link: str | None) -> None:
        """Tell the staff about this reply (the member hears back privately either way)."""
        now, user = self.clock(), interaction.user
        self._last = {k: t for k, t in self._last.items() if now - t < COOLDOWN_SECONDS}
        if user.id in self._last:
            await interaction.response.send_message(
                _embeds.HELP_ALREADY, ephemeral=True, allowed_mentions=NONE
            )
            return
        self._last[user.id] = now
        role = discord.Object(self.role_id) if self.role_id else None
        channel = self.bot.get_partial_messageable(self.channel_id)
        options: dict[str, Any] = {
            "embed": _embeds.help_request_embed(reply, asker=user.mention, link=link),
            "allowed_mentions": discord.AllowedMentions(
                everyone=False, users=False, roles=[role] if role else False
            ),
        }
        if role is not None:
            options["content"] = f"<@&{role.id}>"
        try:
            await channel.send(**options)
        except DELIVERY_ERRORS as exc:
            log.warning("could not reach the staff channel %s: %r", self.channel_id, exc)
            del self._last[user.id]
            await interaction.response.send_message(
                _embeds.HELP_FAILED, ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.response.send_message(
            _embeds.HELP_SENT, ephemeral=True, allowed_mentions=NONE
        )


class HelpButton(discord.ui.Button[Any]):
    """ "Still need help?" on a "no" and under an answer's sources."""

    def __init__(self, desk: HelpDesk, reply: Reply, link: Callable[[], str | None]) -> None:
        super().__init__(label="Still need help?", emoji="🙋", style=discord.ButtonStyle.secondary)
        self.desk = desk
        self.reply = reply
        self.link = link

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.desk.call(interaction, self.reply, self.link())
