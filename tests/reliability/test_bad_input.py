"""Hostile and malformed input: a clear answer or a silent ignore, never a crash, never a
ping.

"Never a crash" is what an admin sees: no record at ERROR (the error handler logs every
unexpected exception there, and discord.py logs the ones it swallows there too).
"Never a ping" is what a user sees: every message the bot sends carries
`allowed_mentions` with nothing allowed, and the stand-in, which works out mentions as
Discord does, finds none in what was created.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.helpers import running_bot, settle
from tests.reliability.conftest import LogCatcher

JSON = dict[str, Any]

MALFORMED_OPTIONS = [
    pytest.param("ask", [{"name": "question", "type": 4, "value": 5}], "question", id="ask-number"),
    pytest.param("ask", [], "question", id="ask-missing"),
    pytest.param(
        "ask", [{"name": "question", "type": 3, "value": "why " * 200}], "question", id="ask-long"
    ),
    pytest.param(
        "ask",
        [
            {"name": "question", "type": 3, "value": "who built it"},
            {"name": "public", "type": 3, "value": "yes"},
        ],
        "public",
        id="ask-public-text",
    ),
    pytest.param(
        "timeline", [{"name": "from_year", "type": 3, "value": "abc"}], "from_year", id="year-text"
    ),
    pytest.param(
        "timeline", [{"name": "to_year", "type": 4, "value": 10**30}], "to_year", id="year-huge"
    ),
    pytest.param(
        "timeline", [{"name": "person", "type": 4, "value": 7}], "person", id="person-number"
    ),
    pytest.param("fact", [{"name": "id", "type": 5, "value": True}], "id", id="fact-bool"),
    pytest.param("fact", [], "id", id="fact-missing"),
]


@pytest.mark.parametrize(("command", "options", "culprit"), MALFORMED_OPTIONS)
async def test_malformed_options_get_a_clear_ephemeral_answer(
    command: str, options: list[JSON], culprit: str, logs: LogCatcher
) -> None:
    """Discord checks options against the registered command, so these arrive only when
    the registration is stale or the payload is not Discord's: the user is told which
    option could not be used, and nothing is logged as an error."""
    async with running_bot() as h:
        payload = await h.slash(command, options)
        response = await h.callback(payload)
        data = response.json["data"]
        assert response.json["type"] == 4 and data["flags"] == 64
        assert culprit in data["content"]
        assert data["allowed_mentions"] == {"parse": []}
        await settle()
        assert h.fake.find_requests("PATCH", f"/webhooks/*/{payload['token']}/**") == []
    assert logs.errors() == []
    [warning] = [r for r in logs.at_least(logging.WARNING) if r.name.startswith("bot.")]
    assert culprit in warning.getMessage()


async def test_an_unknown_command_is_answered_without_an_error(logs: LogCatcher) -> None:
    """A command Discord still lists but this version of the bot no longer has."""
    async with running_bot() as h:
        payload = await h.slash("retired", [])
        data = (await h.callback(payload)).json["data"]
        assert data["flags"] == 64 and "out of date" in data["content"]
    assert logs.errors() == []


async def test_a_malformed_autocomplete_gets_no_choices_and_no_error(logs: LogCatcher) -> None:
    async with running_bot() as h:
        payload = h.fake.autocomplete_interaction_payload("timeline", "person", "")
        payload["data"]["options"][-1]["value"] = 5
        await h.fake.dispatch("INTERACTION_CREATE", payload)
        response = await h.callback(payload)
        assert response.json == {"type": 8, "data": {"choices": []}}
    assert logs.errors() == []
