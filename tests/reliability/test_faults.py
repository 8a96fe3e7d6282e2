"""Faults around the bot: a dropped gateway, REST 429/500/502, slow endpoints, late
interactions. For each, what was asked is answered exactly once or the asker gets a clear
message, and the bot keeps running (it answers the next question).
"""

from __future__ import annotations

import logging

from tests.helpers import embed_text, running_bot
from tests.reliability.conftest import LogCatcher

CALLBACK = "/interactions/*/*/callback"


async def test_an_interaction_acknowledged_too_late_is_a_warning_not_an_error(
    logs: LogCatcher,
) -> None:
    """The acknowledgement reached Discord after its 3-second deadline (here: a slow
    callback endpoint, the deadline shortened to keep the test quick). Discord has told
    the user the bot did not respond, and the interaction's token is dead: nobody can be
    told anything more. The log says so once, as a warning, and the bot keeps answering."""
    async with running_bot() as h:
        h.fake.rest.ack_deadline = 0.2
        h.fake.delay("POST", CALLBACK, 0.4, times=1)
        late = await h.slash("ask", {"question": "who built the lighthouse?"})
        refused = await h.callback(late)
        assert refused.status == 404 and refused.response["code"] == 10062

        await h.say("who built the lighthouse?", mention_bot=True)
        assert "Thomas Greer" in embed_text((await h.sent()).json["embeds"][0])
        assert h.fake.find_requests("POST", f"/webhooks/*/{late['token']}") == []
    assert logs.errors() == []
    [expired] = [r for r in logs.at_least(logging.WARNING) if r.name.startswith("bot.")]
    assert "expired" in expired.getMessage() and "/ask" in expired.getMessage()
