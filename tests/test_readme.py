"""The README keeps up with the code: every command and setting is documented."""

from __future__ import annotations

import re

from bot.cli import _COMMANDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_subcommand_is_in_the_readme() -> None:
    for name in _COMMANDS:
        assert f"factbot {name}" in README, name


def test_every_setting_is_in_the_readme_and_the_example_env() -> None:
    source = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:FACTBOT|DISCORD)_[A-Z_]+)"', source))
    assert names
    for name in names:
        assert name in README, name
        assert name in example, name


def test_every_slash_command_is_in_the_readme() -> None:
    import importlib

    from discord.ext import commands

    from bot.exts import EXTENSIONS

    names = set()
    for extension in EXTENSIONS:
        module = importlib.import_module(extension)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, commands.Cog):
                names |= {c.name for c in getattr(value, "__cog_app_commands__", [])}
    assert names >= {"ask", "timeline", "fact", "sources", "about", "reload"}
    for name in names:
        assert f"`/{name}" in README, name


def test_architecture_names_only_files_and_names_that_exist() -> None:
    """ARCHITECTURE.md's map and its "one home" table point at real places."""
    import importlib

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
