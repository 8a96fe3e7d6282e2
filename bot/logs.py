"""Logging for the Discord bot: one line per event on stdout, secrets never shown.

A container collects stdout, so there is one handler and no files; discord.py's loggers
propagate to it like ours. discord.py logs every HTTP request at DEBUG and rate-limit
details at INFO under ``discord.http``; that logger is held at WARNING so a busy bot's log
stays readable. ``discord.gateway`` logs every raw gateway event at DEBUG, message text
included, so it is held at INFO unless question text may be logged (FACTBOT_LOG_QUESTIONS).
The redacting filter sits on the handler, so it sees every record that reaches it, from any
logger, including tracebacks and structured fields.

Structured fields: pass them as ``extra={...}``; the JSON format writes them beside
time, level, logger and message (the answer line: guild, channel, latency_ms, answered,
fact_ids, ...). The text format shows the message only, which already says the same.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable
from typing import TextIO

REDACTED = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
QUIET_LOGGERS = {"discord.http": logging.WARNING}
# Loggers whose DEBUG lines carry message content (raw gateway events).
CONTENT_LOGGERS = {"discord.gateway": logging.INFO}
HANDLER_NAME = "factbot"
# Every attribute a plain LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    """The fields a caller passed with ``extra=``."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD_ATTRIBUTES}


class RedactingFilter(logging.Filter):
    """Replaces each secret in a record's message, arguments and traceback text.

    The message is formatted here (msg % args), then redacted, so a secret passed as an
    argument is caught too; the traceback is rendered once and cached in ``exc_text``,
    which formatters print instead of rendering it again.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in extra_fields(record).items():
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


def utc_timestamp(seconds: float) -> str:
    """`2026-11-24T22:18:38.123Z`: UTC with milliseconds, unambiguous for any log collector."""
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors: time, level, logger, message, the
    record's structured fields, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    level: str = "INFO",
    fmt: str = "text",
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    log_questions: bool = False,
) -> logging.Handler:
    """Send every log record to stdout (or ``stream``), redacting ``secrets``; message
    content only with ``log_questions``.

    Replaces the handler an earlier call installed (and only that one), so calling it twice
    does not print each line twice. Raises ValueError for an unknown level name.
    """
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(
            f"unknown log level '{level}': use DEBUG, INFO, WARNING, ERROR or CRITICAL"
        )
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    quiet_loggers = dict(QUIET_LOGGERS)
    if not log_questions:
        quiet_loggers.update(CONTENT_LOGGERS)
    for name in CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)  # a second call may allow it again
    for name, quiet in quiet_loggers.items():
        logging.getLogger(name).setLevel(max(quiet, numeric))
    return handler
