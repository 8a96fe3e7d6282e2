"""The command tree: Discord's own option checks, repeated when an interaction arrives.

Discord checks slash-command options against the registered definitions, yet an
interaction can still arrive that does not fit the code: the definitions Discord holds are
stale (a deploy changed a command and the new definitions have not been synced), or the
payload is not Discord's. discord.py hands such values to the callbacks as they come (a
number where text is declared, 3,000 characters where the limit is 500, nothing for a
required option), and the callbacks then fail in ways that look like bugs in the bot.
`FactTree.interaction_check` refuses them first: the user is told which option could not
be used (an autocomplete gets no choices), and the log gets a warning, not an error.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import discord
from discord import AppCommandOptionType, app_commands

from bot.exts import _embeds

log = logging.getLogger(__name__)
SUBCOMMANDS = (AppCommandOptionType.subcommand, AppCommandOptionType.subcommand_group)
TYPE_WORDS = {
    AppCommandOptionType.string: "must be text",
    AppCommandOptionType.integer: "must be a whole number",
    AppCommandOptionType.number: "must be a number",
    AppCommandOptionType.boolean: "must be true or false",
}


class FactTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        problem = option_problem(interaction)
        if problem is None:
            return True
        name = interaction.command.qualified_name if interaction.command else "?"
        log.warning(
            "refused %s /%s from user %s: %s",
            interaction.type.name,
            name,
            interaction.user.id,
            problem,
        )
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
        else:
            await interaction.response.send_message(
                _embeds.content(_embeds.OPTIONS_REFUSED.format(problem=problem)),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        return False


def option_problem(interaction: discord.Interaction) -> str | None:
    """What is wrong with the interaction's options for its command, or None.

    Unknown commands are left to discord.py (CommandNotFound, reported by errors.py).
    An option the command does not have, or of another type than declared, is refused
    before discord.py converts it. An autocomplete may leave required options out, and
    its focused option holds what has been typed so far, which only has to be text.
    """
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return None
    data: Mapping[str, Any] = interaction.data or {}
    params = {param.display_name: param for param in command.parameters}
    given = {str(option.get("name")): option for option in _leaf_options(data)}
    completing = interaction.type is discord.InteractionType.autocomplete
    for name, option in given.items():
        param = params.get(name)
        if param is None:
            return f"“{_embeds.echo(name, 32)}” is not an option of /{command.qualified_name}"
        if option.get("focused"):
            completes = completing and param.autocomplete
            problem = (
                None
                if completes and isinstance(option.get("value"), str)
                else "cannot be completed"
            )
        elif option.get("type") != param.type.value or "value" not in option:
            problem = TYPE_WORDS.get(param.type, "has the wrong type")
        else:
            problem = value_problem(param, option["value"])
        if problem is not None:
            return f"the option “{name}” {problem}"
    if not completing:
        for name, param in params.items():
            if param.required and name not in given:
                return f"the required option “{name}” is missing"
    return None


def value_problem(param: app_commands.Parameter, value: object) -> str | None:
    """Why `value` is not acceptable for `param` as Discord would have checked it."""
    kind = param.type
    low, high = param.min_value, param.max_value
    if kind is AppCommandOptionType.string:
        if not isinstance(value, str):
            return TYPE_WORDS[kind]
        if low is not None and len(value) < low:
            return f"must be at least {low:g} characters long"
        if high is not None and len(value) > high:
            return f"must be at most {high:g} characters long"
    elif kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
        numeric = int if kind is AppCommandOptionType.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, numeric):
            return TYPE_WORDS[kind]
        if low is not None and value < low:
            return f"must be at least {low:g}"
        if high is not None and value > high:
            return f"must be at most {high:g}"
    elif kind is AppCommandOptionType.boolean and not isinstance(value, bool):
        return TYPE_WORDS[kind]
    if param.choices and value not in [choice.value for choice in param.choices]:
        return "must be one of the offered choices"
    return None


def _leaf_options(data: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    """The options of the (sub)command being run, below any subcommand levels."""
    options: Any = data.get("options") or []
    while (
        options
        and isinstance(options[0], Mapping)
        and options[0].get("type") in [t.value for t in SUBCOMMANDS]
    ):
        options = options[0].get("options") or []
    return [option for option in options if isinstance(option, Mapping)]
