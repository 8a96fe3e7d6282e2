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
