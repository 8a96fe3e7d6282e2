"""FACTBOT_LOG_FORMAT=json from a running bot: every line is a JSON object, the answer line
carries its fields, and neither the token nor (unless FACTBOT_LOG_QUESTIONS=1) the
question text ever appears, even at DEBUG."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.logs import HANDLER_NAME, configure_logging
from tests.helpers import running_bot
from tests.loopback import World

TOKEN = "FAKE-TOKEN.factbot-json-log-test.do-not-print"
QUESTION = "who built the harbourview lighthouse?"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    levels = {
        name: logging.getLogger(name).level for name in ("", "discord.http", "discord.gateway")
    }
    yield
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def _log_of_one_question(
    *, log_questions: bool, question: str = QUESTION
) -> tuple[str, list[dict[str, Any]]]:
    """The bot's stdout (as JSON lines) for a start, one mention and a stop, at DEBUG."""
    out = io.StringIO()
    configure_logging("DEBUG", "json", secrets=[TOKEN], stream=out, log_questions=log_questions)
    world = World.default()
    world.token = TOKEN
    async with running_bot(world=world, log_questions=log_questions) as h:
        asked = await h.say(question, mention_bot=True)
        await h.sent()
    text = out.getvalue()
    entries = [json.loads(line) for line in text.splitlines()]  # each line parses
    assert all({"time", "level", "logger", "message"} <= e.keys() for e in entries)
    [answer] = [e for e in entries if e.get("event") == "answer"]
    assert answer["guild"] == int(world.guild()["id"])
    assert answer["channel"] == int(asked["channel_id"])
    return text, [answer, *entries]


@pytest.mark.usefixtures("restore_logging")
async def test_json_lines_carry_the_answer_and_never_the_token_or_the_question() -> None:
    text, [answer, *entries] = await _log_of_one_question(log_questions=False)
    assert answer["logger"] == "bot.exts.answers" and answer["level"] == "INFO"
    assert answer["answered"] is True and answer["source"] == "mention"
    assert answer["fact_ids"][0] == "lighthouse-built"
    assert 0 < answer["latency_ms"] < 5000
    assert "question" not in answer
    assert any(e["logger"].startswith("discord.") for e in entries)  # discord.py's lines too
    assert TOKEN not in text
    assert "harbourview" not in text  # not in discord.py's gateway DEBUG lines either


@pytest.mark.usefixtures("restore_logging")
async def test_the_question_is_logged_only_when_allowed_and_a_pasted_token_is_redacted() -> None:
    pasted = f"{QUESTION} is this my token {TOKEN}"
    text, [answer, *_] = await _log_of_one_question(log_questions=True, question=pasted)
    assert answer["question"] == pasted.replace(TOKEN, "[redacted]")
    assert "harbourview" in text and "[redacted]" in text  # the gateway's DEBUG lines too
    assert TOKEN not in text
