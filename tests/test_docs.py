"""The documentation keeps up with the code: every subcommand, setting and slash command is
in the README and docs/discord.md, the invite asks for the documented permissions, and
ARCHITECTURE.md points at real files and names."""

from __future__ import annotations

import importlib
import re

import discord

from bot.cli import _COMMANDS
from tests.conftest import ROOT
from tests.helpers import create_bot_offline

README = (ROOT / "README.md").read_text(encoding="utf-8")
DISCORD_DOC = (ROOT / "docs" / "discord.md").read_text(encoding="utf-8")
SETTINGS = set(
    re.findall(
        r'"((?:FACTBOT|DISCORD)_[A-Z_]+)"',
        (ROOT / "bot" / "settings.py").read_text(encoding="utf-8"),
    )
)


def test_every_cli_subcommand_is_in_the_readme() -> None:
    assert [name for name in _COMMANDS if f"factbot {name}" not in README] == []


def test_every_setting_is_documented_everywhere() -> None:
    assert len(SETTINGS) > 10
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    table = DISCORD_DOC[DISCORD_DOC.index("## 6. Configuration") :]
    assert sorted(v for v in SETTINGS if v not in README) == []
    assert sorted(v for v in SETTINGS if v not in example) == []
    assert sorted(v for v in SETTINGS if f"| `{v}` |" not in table) == []


async def test_every_slash_command_is_documented() -> None:
    bot = await create_bot_offline()
    slash_commands = [c.name for c in bot.tree.get_commands()]
    await bot.close()
    assert set(slash_commands) == {
        "ask",
        "timeline",
        "fact",
        "sources",
        "about",
        "reload",
        "review",
    }
    assert [n for n in slash_commands if f"`/{n}" not in README] == []
    assert [n for n in slash_commands if f"| `/{n}" not in DISCORD_DOC] == []


def test_the_invite_asks_for_the_documented_permissions() -> None:
    least = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    assert f"**{least.value}**" in DISCORD_DOC
    assert f"scope=bot+applications.commands&permissions={least.value}" in DISCORD_DOC


def test_architecture_names_only_files_and_names_that_exist() -> None:
    """ARCHITECTURE.md's map and its "one home" table point at real places."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"\b((?:bot|tests)/[\w/]+\.py)\b", text))
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).is_file()) == []
    missing = []
    for dotted in set(re.findall(r"`(bot(?:\.\w+)+)", text)):
        module, _, name = dotted.rpartition(".")
        try:
            importlib.import_module(dotted)  # a module
            found = True
        except ImportError:
            found = hasattr(importlib.import_module(module), name)  # a name in a module
        if not found:
            missing.append(dotted)
    assert sorted(missing) == []
