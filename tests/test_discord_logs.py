"""bot/logs.py: one line per record on stdout, discord.http quiet, the token never shown."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import HANDLER_NAME, configure_logging

TOKEN = "MTAx.secret-token.value"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level, http_level = root.level, logging.getLogger("discord.http").level
    yield
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord.http").setLevel(http_level)


@pytest.mark.usefixtures("restore_logging")
def test_the_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    out = io.StringIO()
    configure_logging("INFO", secrets=[TOKEN], stream=out)
    log = logging.getLogger("bot.test")
    log.info("token in the message: " + TOKEN)
    log.info("token as an argument: %s", TOKEN)
    try:
        raise RuntimeError(f"Authorization: Bot {TOKEN}")
    except RuntimeError:
        log.exception("token in a traceback")
    text = out.getvalue()
    assert TOKEN not in text
    assert text.count("[redacted]") == 3
    assert "RuntimeError: Authorization: Bot [redacted]" in text


@pytest.mark.usefixtures("restore_logging")
def test_one_line_per_event_and_discord_http_is_quiet() -> None:
    out = io.StringIO()
    configure_logging("DEBUG", stream=out)
    configure_logging("DEBUG", stream=out)  # twice: still one handler
    logging.getLogger("discord.http").info("PUT /commands with 200")
    logging.getLogger("discord.http").warning("We are being rate limited.")
    logging.getLogger("bot.exts.answers").debug("answer via mention")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "rate limited" in lines[0] and "answer via mention" in lines[1]


@pytest.mark.usefixtures("restore_logging")
def test_json_format_is_one_object_per_line() -> None:
    out = io.StringIO()
    configure_logging("INFO", "json", secrets=[TOKEN], stream=out)
    try:
        raise ValueError(TOKEN)
    except ValueError:
        logging.getLogger("bot.x").exception("failed with %s", TOKEN)
    [line] = out.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.x"
    assert entry["message"] == "failed with [redacted]"
    assert "ValueError: [redacted]" in entry["exc"]
    logged_at = dt.datetime.fromisoformat(entry["time"])  # "2026-11-24T22:18:38.123Z"
    assert entry["time"].endswith("Z") and logged_at.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.UTC) - logged_at).total_seconds()) < 60


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown log level 'LOUD'"):
        configure_logging("LOUD", stream=io.StringIO())
