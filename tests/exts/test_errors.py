"""A failing handler is logged with its traceback, the user gets a short apology, and the
bot keeps answering."""

from __future__ import annotations

import logging

import pytest

from tests.exts.test_answers import Scripted
from tests.helpers import embed_text, running_bot


async def test_an_exception_answering_a_message_is_logged_and_apologised_for(
    caplog: pytest.LogCaptureFixture,
) -> None:
    matcher = Scripted({"break please": RuntimeError("the index caught fire")})
    async with running_bot(matcher=matcher) as h:
        asked = await h.say("break please", mention_bot=True)
        apology = await h.sent()
        assert "sorry" in apology.json["content"].lower()
        assert str(apology.json["message_reference"]["message_id"]) == asked["id"]
        assert apology.json["allowed_mentions"] == {"parse": [], "replied_user": False}

        await h.say("who built the lighthouse?", mention_bot=True)
        assert "Thomas Greer" in embed_text((await h.sent()).json["embeds"][0])
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info is not None and "the index caught fire" in str(record.exc_info[1])


async def test_an_exception_in_a_slash_command_gets_an_ephemeral_apology(
    caplog: pytest.LogCaptureFixture,
) -> None:
    matcher = Scripted({"break please": RuntimeError("the index caught fire")})
    async with running_bot(matcher=matcher) as h:
        payload = await h.slash("ask", {"question": "break please"})
        assert (await h.callback(payload)).json["type"] == 5  # deferred first
        apology = await h.followup(payload)
        assert apology.json["flags"] == 64 and "sorry" in apology.json["content"].lower()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None
