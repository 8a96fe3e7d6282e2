"""The core stays pure: importing it pulls in no Discord library and reads no token."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_importing_the_core_imports_no_discord() -> None:
    code = (
        "import sys, bot.core, bot.core.loading, bot.core.matcher, bot.core.timeline; "
        "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "[]"
