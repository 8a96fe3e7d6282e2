"""The bot's discord.py extensions, loaded in this order by `FactBot.setup_hook`.

An explicit tuple, not discovery: the load order is visible (errors first, so its handlers
are in place before any command can fail) and modules starting with "_" are helpers, not
extensions.
"""

EXTENSIONS: tuple[str, ...] = (
    "bot.exts.errors",
    "bot.exts.answers",
    "bot.exts.timeline",
    "bot.exts.reference",
    "bot.exts.admin",
    "bot.exts.curation",
)
