"""`factbot run` and `factbot sync`: the Discord entry points, from settings to Discord.

`run`, order matters: logging first (with the token redacted), then the fact base (an
invalid one is refused before anything connects), then the API base (FACTBOT_API_BASE; the
gateway URL comes from that base's `GET /gateway/bot`, which also proves the token early),
then the health server (FACTBOT_HEALTH_PORT, so /healthz says "gateway not ready" while
the bot connects), then the bot.

SIGTERM and SIGINT drain, then exit 0: the bot stops reading the gateway (no new work;
/healthz says "draining"), lets every handler already running finish and send its reply
for up to FACTBOT_DRAIN_SECONDS (cancelling, counting and logging those still running
then), closes the gateway and the HTTP session, then the health server.

`sync` logs in over REST only (no gateway session), overwrites the slash commands on
Discord and prints what changed (bot/command_sync.py).

Exit codes, as in bot/cli.py: 0 stopped on request, 1 the fact base is invalid or the bot
failed, 2 configuration (no or rejected token, a refused privileged intent, bad log level,
a health port that cannot be used).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord

from bot import __version__, command_sync, discord_api
from bot.client import FactBot, create_bot
from bot.core import FactBase, FactBaseError, load_fact_base
from bot.health import HealthServer
from bot.logs import configure_logging
from bot.settings import Settings

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Closing the gateway and the HTTP session after the drain; with the default drain (5 s)
# and the health server's second, a 10 s container stop is clean.
CLOSE_SECONDS = 3.0
AUTHENTICATION_FAILED = 4004  # gateway close code for a bad token
TOKEN_REJECTED = (
    "factbot run: Discord rejected the bot token (401 Unauthorized): check DISCORD_TOKEN "
    "or DISCORD_TOKEN_FILE (Developer Portal → your application → Bot → Reset Token)"
)
INTENT_REFUSED = (
    "factbot run: Discord refused the Message Content intent: enable it in the Developer "
    "Portal (Bot → Privileged Gateway Intents) or unset FACTBOT_MESSAGE_CONTENT"
)


def _token(settings: Settings, command: str) -> str | None:
    """The bot token, or None after saying in one line how to set one."""
    if settings.token is None:
        print(
            f"factbot {command}: no Discord token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE "
            "(or run `factbot chat` to use the bot in the terminal)",
            file=sys.stderr,
        )
        return None
    return settings.token.get()


def run_discord(settings: Settings) -> int:
    """Run the bot until it is stopped; the process exit code."""
    token = _token(settings, "run")
    if token is None:
        return EXIT_USAGE
    try:
        configure_logging(
            settings.log_level,
            settings.log_format,
            secrets=[token],
            log_questions=settings.log_questions,
        )
    except ValueError as exc:
        print(f"factbot run: configuration error: FACTBOT_LOG_LEVEL: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Until the event loop's own handlers take over, SIGTERM (`docker stop` during the
    # load) is a clean stop too: nothing has connected yet, so nothing needs closing.
    previous = signal.signal(signal.SIGTERM, _stop_before_serving)
    try:
        base = _load(settings)
    except _StopRequestedError:
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)
    if base is None:
        return EXIT_FAILED
    try:
        return asyncio.run(serve(settings, base, token))
    except KeyboardInterrupt:  # no signal handlers on this platform
        return EXIT_OK


class _StopRequestedError(Exception):
    """SIGTERM arrived before the bot started serving."""


def _stop_before_serving(signum: int, frame: object) -> None:
    raise _StopRequestedError


def _load(settings: Settings, command: str = "run") -> FactBase | None:
    """The fact base, or None after listing its problems as `factbot check` does."""
    try:
        return load_fact_base(
            settings.facts_dir, settings.seeds_dir, max_file_bytes=settings.max_file_bytes
        )
    except FactBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(
            f"factbot {command}: the fact base is invalid ({count} problem{'s' * (count != 1)}); "
            "not connecting. `factbot check` lists them",
            file=sys.stderr,
        )
        return None


def run_sync(settings: Settings, *, dry_run: bool = False) -> int:
    """`factbot sync`: overwrite the slash commands on Discord and print what changed."""
    token = _token(settings, "sync")
    if token is None:
        return EXIT_USAGE
    configure_logging("WARNING", settings.log_format, secrets=[token], stream=sys.stderr)
    base = _load(settings, "sync")
    if base is None:
        return EXIT_FAILED
    try:
        report = asyncio.run(_sync(settings, base, token, dry_run=dry_run))
    except discord.LoginFailure:
        print(TOKEN_REJECTED.replace("factbot run:", "factbot sync:"), file=sys.stderr)
        return EXIT_USAGE
    except discord.HTTPException as exc:
        print(f"factbot sync: Discord refused the sync: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (aiohttp.ClientError, OSError) as exc:
        print(
            f"factbot sync: cannot reach the Discord API at {settings.api_base} ({exc})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    for changes in report:
        for line in describe_changes(changes):
            print(line)
    total = sum(len(c.added) + len(c.changed) + len(c.unchanged) for c in report)
    if dry_run:
        print("dry run: nothing was sent to Discord")
    else:
        print(f"synced {total} command{'s' * (total != 1)} in {len(report)} scope(s)")
    return EXIT_OK


async def _sync(
    settings: Settings, base: FactBase, token: str, *, dry_run: bool
) -> list[command_sync.Changes]:
    """Log in over REST (no gateway session), compare and sync, log out."""
    discord_api.use_api_base(settings.api_base)
    try:
        async with create_bot(settings, base, sync_on_start=False) as bot:
            await bot.login(token)  # also fetches the application, whose id scopes commands
            if bot.application_id is None:
                raise discord.LoginFailure("Discord returned no application for this token")
            return await command_sync.force_sync(
                bot.tree, settings, bot.application_id, dry_run=dry_run
            )
    finally:
        discord_api.use_discord()


def describe_changes(changes: command_sync.Changes) -> list[str]:
    """A scope's changes for a person: a summary line, then one line per command."""
    count = len(changes.added) + len(changes.changed) + len(changes.unchanged)
    if not changes.any:
        return [f"{changes.scope}: unchanged ({count} command{'s' * (count != 1)})"]
    summary = ", ".join(
        f"{len(items)} {what}"
        for what, items in (
            ("added", changes.added),
            ("removed", changes.removed),
            ("changed", changes.changed),
            ("unchanged", changes.unchanged),
        )
        if items
    )
    lines = [f"{changes.scope}: {summary}"]
    lines += [f"  + {label}" for label in changes.added]
    lines += [f"  - {label}" for label in changes.removed]
    lines += [f"  ~ {label}: {', '.join(fields)}" for label, fields in changes.changed]
    return lines


async def serve(
    settings: Settings, base: FactBase, token: str, *, stop: asyncio.Event | None = None
) -> int:
    """Connect and run until `stop` is set (by SIGTERM/SIGINT) or the bot fails."""
    stop = stop or asyncio.Event()
    installed = _install_signal_handlers(stop)
    try:
        try:
            gateway = await discord_api.use_api(settings.api_base, token)
        except discord.LoginFailure:
            print(TOKEN_REJECTED, file=sys.stderr)
            return EXIT_USAGE
        except discord.GatewayNotFound:
            print(
                f"factbot run: cannot reach the Discord API at {settings.api_base}", file=sys.stderr
            )
            return EXIT_FAILED
        log.info(
            "factbot %s: %d facts from %d articles; API %s, gateway %s; message content %s",
            __version__,
            len(base.facts),
            len(base.articles),
            settings.api_base,
            gateway,
            "on" if settings.message_content else "off",
        )
        bot = create_bot(settings, base)
        health = _health_server(settings, bot)
        async with bot:
            if health is not None:
                try:
                    await health.start()
                except OSError as exc:
                    print(
                        f"factbot run: cannot serve health and metrics on {health.url} "
                        f"(FACTBOT_HEALTH_HOST/FACTBOT_HEALTH_PORT): {exc.strerror or exc}",
                        file=sys.stderr,
                    )
                    return EXIT_USAGE
            try:
                code = await _run_until_stopped(bot, token, stop, settings.drain_seconds)
            finally:
                if health is not None:
                    await health.stop()
        if stop.is_set():
            log.info("stopped")
        return code
    finally:
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)


async def _run_until_stopped(
    bot: FactBot, token: str, stop: asyncio.Event, drain_seconds: float
) -> int:
    running = asyncio.create_task(bot.start(token), name="factbot gateway")
    stopping = asyncio.create_task(stop.wait(), name="factbot stop")
    await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if running.done():
        stopping.cancel()
        return _exit_code(running, bot.settings.api_base)
    # Stop taking new work: the reader of the gateway goes (the unsharded bot's is the
    # `running` task, each shard has its own); the connections stay open for the replies.
    bot.stop_reading()
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await running
    busy = len(bot.handler_tasks())
    log.info(
        "draining: no new questions; finishing %d running handler%s (up to %.1f s)",
        busy,
        "s" * (busy != 1),
        drain_seconds,
    )
    cut = await bot.drain(drain_seconds)
    if cut:
        log.warning(
            "drain deadline (%.1f s, FACTBOT_DRAIN_SECONDS): %d handler%s cut off, "
            "their replies not sent",
            drain_seconds,
            cut,
            "s" * (cut != 1),
        )
    log.info("shutting down: closing the gateway connection")
    try:
        await asyncio.wait_for(bot.close(), CLOSE_SECONDS)
    except TimeoutError:
        log.warning("the gateway did not close within %.0f s", CLOSE_SECONDS)
    return EXIT_OK


def _health_server(settings: Settings, bot: FactBot) -> HealthServer | None:
    if settings.health_port is None:
        return None
    return HealthServer(
        bot.snapshot, bot.metrics.registry, host=settings.health_host, port=settings.health_port
    )


def _install_signal_handlers(stop: asyncio.Event) -> list[signal.Signals]:
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, _request_stop, stop, sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            continue
        installed.append(sig)
    return installed


def _request_stop(stop: asyncio.Event, sig: signal.Signals) -> None:
    log.info("received %s", sig.name)
    stop.set()


def _exit_code(running: asyncio.Task[None], api_base: str) -> int:
    """Why the bot stopped by itself, as an exit code (and one line on stderr)."""
    if running.cancelled():
        return EXIT_OK
    exc = running.exception()
    if exc is None:
        return EXIT_OK
    if isinstance(exc, discord.LoginFailure) or (
        isinstance(exc, discord.ConnectionClosed) and exc.code == AUTHENTICATION_FAILED
    ):
        print(TOKEN_REJECTED, file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        print(INTENT_REFUSED, file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, aiohttp.ClientError | OSError):  # Discord unreachable: no traceback
        log.error("cannot reach the Discord API at %s: %s", api_base, exc)
        print(
            f"factbot run: cannot reach the Discord API at {api_base} ({exc})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    log.error("the bot stopped on an error", exc_info=exc)
    print(
        f"factbot run: the bot stopped on an error ({type(exc).__name__}); see the log",
        file=sys.stderr,
    )
    return EXIT_FAILED
