"""Configuration, read once from the environment in the entry point and handed to the bot.

Nothing else reads the environment, so importing any module needs no token, and tests build
`Settings` directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bot.core import MAX_FILE_BYTES, MIB, UnsafeFileError, read_text
from bot.exits import UsageError

_N = TypeVar("_N", int, float)
Limits = tuple[Callable[[float], bool], str]  # a range test, and how it is said

DEFAULT_API_BASE = (
    "https://discord.com/api/v10"  # discord.py's own; bot.discord_api checks they agree
)
GAPS_LOG_BYTES = 10 * MIB  # then the log is rotated to gaps.jsonl.1 (the older one dropped)
TOKEN_FILE_BYTES = 4096  # a bot token is about 72 characters; more is not a token file
DRAIN_SECONDS = 5.0  # on SIGTERM: finishing running handlers, well inside Docker's 10 s
MAX_SECONDS = 3600  # the longest grace period a setting may ask for
MAX_MEGABYTES = 100_000  # the largest file-size limit a setting may give
_PROJECT_DIR = Path(__file__).resolve().parent.parent


class ConfigError(UsageError):
    """A setting is missing or malformed; the message names the variable and the fix."""

    def format_message(self) -> str:
        return f"factbot: configuration error: {self}"


@dataclass(frozen=True, slots=True)
class Secret:
    """A string that never shows itself in a repr, a log line or a traceback's locals."""

    _value: str = field(repr=False)

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot can be configured with (see the README's configuration table)."""

    facts_dir: Path
    seeds_dir: Path
    token: Secret | None = None
    guild_ids: tuple[int, ...] = ()
    channel_ids: tuple[int, ...] = ()
    thread_channel_ids: tuple[int, ...] = ()  # questions there are answered in a new thread
    admin_ids: tuple[int, ...] = ()
    api_base: str = DEFAULT_API_BASE
    message_content: bool = False
    state_dir: Path = Path("state")
    gaps_log: Path | None = None
    health_host: str = "127.0.0.1"
    health_port: int | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    log_questions: bool = False
    drain_seconds: float = DRAIN_SECONDS
    max_file_bytes: int = MAX_FILE_BYTES
    gaps_log_max_bytes: int = GAPS_LOG_BYTES
    help_channel_id: int | None = None  # "Still need help?" posts here (off when unset)
    help_role_id: int | None = None  # ... pinging this role, once per request

    @property
    def vector_cache(self) -> Path:
        """Where the matcher keeps the facts' vectors between starts (keyed by content)."""
        return self.state_dir / "vectors"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the FACTBOT_* and DISCORD_TOKEN* variables; raise ConfigError on bad values."""
        env = os.environ if environ is None else environ
        data_dir = _path(env, "FACTBOT_DATA_DIR")
        default_facts = data_dir / "facts" if data_dir else _default_dir("facts")
        default_seeds = data_dir / "seeds" if data_dir else _default_dir("seeds")
        state_dir = _path(env, "FACTBOT_STATE_DIR") or Path("state")
        gaps = env.get("FACTBOT_GAPS_LOG", "").strip()
        shard_count = _int(env, "FACTBOT_SHARD_COUNT", minimum=1)
        shard_ids = _shard_ids(env, "FACTBOT_SHARD_IDS", shard_count)
        log_format = env.get("FACTBOT_LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError(f"FACTBOT_LOG_FORMAT must be 'text' or 'json', not '{log_format}'")
        return cls(
            facts_dir=_path(env, "FACTBOT_FACTS_DIR") or default_facts,
            seeds_dir=_path(env, "FACTBOT_SEEDS_DIR") or default_seeds,
            token=_token(env),
            guild_ids=_ids(env, "FACTBOT_GUILD_IDS"),
            channel_ids=_ids(env, "FACTBOT_CHANNEL_IDS"),
            thread_channel_ids=_ids(env, "FACTBOT_THREAD_CHANNEL_IDS"),
            admin_ids=_ids(env, "FACTBOT_ADMIN_IDS"),
            api_base=(env.get("FACTBOT_API_BASE", "").strip() or DEFAULT_API_BASE).rstrip("/"),
            message_content=_flag(env, "FACTBOT_MESSAGE_CONTENT"),
            state_dir=state_dir,
            gaps_log=(
                state_dir / "gaps.jsonl"
                if gaps in ("1", "true", "yes")
                else Path(gaps)
                if gaps and gaps not in ("0", "false", "no")
                else None
            ),
            health_host=env.get("FACTBOT_HEALTH_HOST", "").strip() or "127.0.0.1",
            health_port=_int(env, "FACTBOT_HEALTH_PORT", minimum=0),
            shard_count=shard_count,
            shard_ids=shard_ids,
            log_level=(env.get("FACTBOT_LOG_LEVEL", "").strip() or "INFO").upper(),
            log_format=log_format,
            log_questions=_flag(env, "FACTBOT_LOG_QUESTIONS"),
            drain_seconds=_seconds(env, "FACTBOT_DRAIN_SECONDS", DRAIN_SECONDS),
            max_file_bytes=_megabytes(env, "FACTBOT_MAX_FILE_MB", MAX_FILE_BYTES),
            gaps_log_max_bytes=_megabytes(env, "FACTBOT_GAPS_LOG_MB", GAPS_LOG_BYTES),
            help_channel_id=_int(env, "FACTBOT_HELP_CHANNEL_ID", minimum=1),
            help_role_id=_int(env, "FACTBOT_HELP_ROLE_ID", minimum=1),
        )


def _default_dir(name: str) -> Path:
    """`facts/` or `seeds/` beside the package (a checkout), else in the working directory."""
    beside = _PROJECT_DIR / name
    if not beside.is_dir() or Path.cwd().resolve() == _PROJECT_DIR:
        return Path(name)  # shorter in messages: "facts/x.yaml:3: ..."
    return beside


def _path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name, "").strip()
    return Path(value) if value else None


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} must be 1 or 0 (true/false), not '{value}'")


def _number(
    env: Mapping[str, str], name: str, parse: Callable[[str], _N], what: str, limits: Limits
) -> _N | None:
    """The variable as a number; None when it is unset or blank. A value `parse` refuses is
    a ConfigError saying it must be `what`; one outside `limits` (its test and its words),
    saying what they are (nan and inf are outside any range)."""
    value = env.get(name, "").strip()
    if not value:
        return None
    try:
        number = parse(value)
    except ValueError:
        raise ConfigError(f"{name} must be {what}, not '{value}'") from None
    within, words = limits
    if not within(number):
        raise ConfigError(f"{name} must be {words}, not '{value}'")
    return number


_SECONDS_RANGE: Limits = (lambda n: 0 <= n <= MAX_SECONDS, f"between 0 and {MAX_SECONDS} seconds")
_MEGABYTES_RANGE: Limits = (
    lambda n: 0 < n <= MAX_MEGABYTES,
    f"more than 0 and at most {MAX_MEGABYTES} (MB)",
)


def _int(env: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    return _number(
        env, name, int, "a whole number", (lambda n: n >= minimum, f"at least {minimum}")
    )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    seconds = _number(env, name, float, "a number of seconds", _SECONDS_RANGE)
    return default if seconds is None else seconds


def _megabytes(env: Mapping[str, str], name: str, default: int) -> int:
    """A size given in MB (decimals allowed: 0.5), in bytes."""
    megabytes = _number(env, name, float, "a number of megabytes", _MEGABYTES_RANGE)
    return default if megabytes is None else max(int(megabytes * MIB), 1)


def _ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    value = env.get(name, "").strip()
    try:
        return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(
            f"{name} must be a comma-separated list of numeric Discord ids, not '{value}'"
        ) from None


def _shard_ids(env: Mapping[str, str], name: str, count: int | None) -> tuple[int, ...] | None:
    """`0,1` or `0-3` or `0-1,4`: the shards this process runs, each below `count`.

    Ranges are checked before they are expanded, so a typo ("0-99999999") is refused at
    once instead of filling memory; and an empty list is refused, because discord.py would
    read it as "every shard" and this process would run the other processes' shards too."""
    value = env.get(name, "").strip()
    if not value:
        return None
    if count is None:
        raise ConfigError(
            f"{name} needs FACTBOT_SHARD_COUNT (the total number of shards across all processes)"
        )
    spans: list[tuple[int, int]] = []
    try:
        for part in value.replace(" ", "").split(","):
            if part:
                low, _, high = part.partition("-")
                spans.append((int(low), int(high or low)))
    except ValueError:
        spans = []
    if not spans or any(high < low or low < 0 for low, high in spans):
        raise ConfigError(f"{name} must look like '0,1' or '0-3', not '{value}'")
    top = max(high for _, high in spans)
    if top >= count:
        raise ConfigError(
            f"{name} has shard {top} but FACTBOT_SHARD_COUNT is {count}: ids run 0 to {count - 1}"
        )
    return tuple(sorted({i for low, high in spans for i in range(low, high + 1)}))


def _token(env: Mapping[str, str]) -> Secret | None:
    token = env.get("DISCORD_TOKEN", "").strip()
    token_file = env.get("DISCORD_TOKEN_FILE", "").strip()
    if token and token_file:
        raise ConfigError("set DISCORD_TOKEN or DISCORD_TOKEN_FILE, not both")
    if token_file:
        try:
            token = read_text(
                Path(token_file),
                limit=TOKEN_FILE_BYTES,
                hint="a bot token is about 72 characters: is it the right file?",
            ).strip()
        except UnsafeFileError as exc:
            raise ConfigError(f"DISCORD_TOKEN_FILE {token_file}: {exc}") from None
        if not token:
            raise ConfigError(f"DISCORD_TOKEN_FILE {token_file} is empty")
    return Secret(token) if token else None
