"""Reporting a failure: log the traceback, tell the user only what they can act on.

Shared by the error handlers the `errors` extension installs and by the views (buttons),
which sit below the extensions; nothing here imports an extension or the client.

Dispatch order for slash commands and buttons (`report_interaction_error`):
1. a check refused the command (`app_commands.CheckFailure`, e.g. /reload by a non-admin):
   its message, ephemerally; nothing is logged as an error;
2. the command Discord sent is not this version's (`CommandNotFound`,
   `CommandSignatureMismatch`: the registered definitions are stale): a warning, and the
   user is told to try again once Discord has the new definitions. (Options that do not
   fit their declared types never reach a command: `_tree.FactTree` refuses them.)
3. an interaction that expired before the bot acknowledged it (404, code 10062): a
   warning; nobody can be told anything more (Discord has already said the bot did not
   respond);
4. anything else: the original exception is logged with its traceback and the user gets
   a short apology, ephemerally. An autocomplete that fails gets no choices.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.exts import _embeds
from bot.metrics import Metrics

# Failures are logged under the errors extension's name, wherever they are reported.
log = logging.getLogger("bot.exts.errors")
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction past its deadline
#: What sending a message can fail with: Discord refusing it (HTTPException), or the
#: network (aiohttp's errors, a reset or refused connection, a timeout).
DELIVERY_ERRORS = (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError)


async def report_interaction_error(interaction: discord.Interaction, error: Exception) -> None:
    """Log `error` and answer `interaction` with what the user needs to know."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CheckFailure):
        log.info("refused %s for user %s: %s", _name(interaction), interaction.user.id, error)
        await _tell(interaction, str(error) or "You can't use this command here.")
        return
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        log.warning(
            "stale command %s from user %s: %s", _name(interaction), interaction.user.id, error
        )
        await _tell(interaction, _embeds.STALE_COMMAND)
        return
    if isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION:
        # Acknowledged after Discord's 3-second deadline (a slow network or a stalled
        # loop): Discord told the user the bot did not respond, and the token is dead.
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        log.warning(
            "%s %s expired before it was acknowledged (%.1f s after it was created)",
            interaction.type.name,
            _name(interaction),
            age,
        )
        return
    log.error(
        "error in %s %s",
        interaction.type.name,
        _name(interaction),
        exc_info=(type(error), error, error.__traceback__),
    )
    metrics = getattr(interaction.client, "metrics", None)
    if isinstance(metrics, Metrics):  # views report here too, and know only the client
        metrics.error("interaction")
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await quietly(interaction.response.autocomplete([]))
        return
    await _tell(interaction, _embeds.APOLOGY)


async def _tell(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral message, as the response if there has been none, else a follow-up."""
    if interaction.response.is_done():
        await quietly(
            interaction.followup.send(
                _embeds.content(text),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        )
    else:
        await quietly(
            interaction.response.send_message(
                _embeds.content(text),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        )


async def quietly(request: Any) -> None:
    """Send, but a failure to report a failure is only logged (the interaction may have
    expired, the channel be gone, or Discord be unreachable)."""
    try:
        await request
    except DELIVERY_ERRORS as exc:
        log.warning("could not tell the user about an error: %s", exc)


def _name(interaction: discord.Interaction) -> str:
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    data: Any = interaction.data or {}
    return str(data.get("custom_id") or data.get("name") or "?")
