"""docs/discord.md stays true: every setting, every slash command, the permissions integer."""

from __future__ import annotations

import re

import discord

from tests.conftest import ROOT
from tests.helpers import create_bot_offline

DOC = (ROOT / "docs" / "discord.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")


def test_every_environment_variable_is_in_the_configuration_table() -> None:
    variables = set(re.findall(r'"((?:FACTBOT|DISCORD)_[A-Z_]+)"', SETTINGS))
    assert len(variables) > 10
    table = DOC[DOC.index("## 6. Configuration") :]
    missing = sorted(v for v in variables if f"| `{v}` |" not in table)
    assert missing == []


async def test_every_slash_command_is_documented() -> None:
    bot = await create_bot_offline()
    names = [c.name for c in bot.tree.get_commands()]
    await bot.close()
    assert len(names) == 6
    assert [n for n in names if f"| `/{n}" not in DOC] == []


def test_the_invite_asks_for_the_documented_permissions() -> None:
    least = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    assert f"**{least.value}**" in DOC
    assert f"scope=bot+applications.commands&permissions={least.value}" in DOC
