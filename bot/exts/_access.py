"""Who may run the commands that change what the bot serves (/reload, /review)."""

from __future__ import annotations

from collections.abc import Collection

import discord
from discord import app_commands

from bot.exts import _embeds


def require_admin(interaction: discord.Interaction, admin_ids: Collection[int]) -> bool:
    """Members with Manage Server, or the users in FACTBOT_ADMIN_IDS (also in DMs); anyone
    else is refused with `_embeds.NOT_ADMIN`. For a cog's `interaction_check`."""
    if interaction.user.id in admin_ids:
        return True
    if interaction.guild is not None and interaction.permissions.manage_guild:
        return True
    raise app_commands.CheckFailure(_embeds.NOT_ADMIN)
