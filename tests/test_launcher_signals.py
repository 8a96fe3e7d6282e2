"""`factbot run` stopped by SIGTERM (what `docker stop` sends) before it has connected,
while it is still loading the fact base: a clean stop, exit 0, not a killed process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.loopback.process import ROOT, clean_env

# The fact base "loads" by receiving SIGTERM, as a slow load would under `docker stop`.
SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from bot import launcher
    from bot.settings import Settings

    def load(settings, command="run"):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the load")

    launcher._load = load
    sys.exit(launcher.run_discord(Settings.from_env({"DISCORD_TOKEN": "t.o.k"})))
    """
)


def test_sigterm_while_loading_the_fact_base_exits_0() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
