"""Hostile and malformed input: a clear answer or a silent ignore, never a crash, never a
ping.

"Never a crash" is what an admin sees: no record at ERROR (the error handler logs every
unexpected exception there, and discord.py logs the ones it swallows there too).
"Never a ping" is what a user sees: every message the bot sends carries
`allowed_mentions` with nothing allowed, and the stand-in, which works out mentions as
Discord does, finds none in what was created (tests/reliability/_checks.py).

The hypothesis tests run their examples against one connected bot; the `slow` variants
run many more (`make test-slow`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.exts import _embeds
from bot.exts._cooldown import Cooldown
from tests.helpers import MESSAGES, Harness, add_human, buttons, running_bot, settle
from tests.loopback import RecordedRequest, World
from tests.reliability._burst import answers_cog, drain
from tests.reliability._checks import ping_problems, size_problems
from tests.reliability.conftest import LogCatcher

JSON = dict[str, Any]
FEW, MANY = 25, 400  # hypothesis examples per test: default run, `make test-slow`

# Pieces hostile text is made of: mentions of every kind ({user}, {role}, {channel} are
# filled in with real ids of the test guild), markdown and code blocks, zero-width and
# bidirectional controls, other scripts, and words the bot knows.
FRAGMENTS = (
    "@everyone",
    "@here",
    "<@{user}>",
    "<@!{user}>",
    "<@&{role}>",
    "<#{channel}>",
    "</ask:1>",
    "<:blob:123456789012345678>",
    "**",
    "__",
    "~~",
    "||",
    "`",
    "```",
    "```py\n",
    "> ",
    "# ",
    "-# ",
    "[click](https://example.com)",
    "https://example.com/@everyone",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u2067",
    "\u2069",
    "\u061c",
    "\n",
    "who built the lighthouse",
    "when",
    "?",
    "🙂",
    "מגדלור",
    "منارة",
)
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20))
_text = st.lists(_piece, max_size=40).map("".join)
#: Up to 4,000 characters (Discord's limit for Nitro users), often far more than 500.
HOSTILE = st.one_of(
    _text, st.tuples(_text, st.integers(1, 300)).map(lambda pair: (pair[0] * pair[1])[:4000])
)
#: Option values of every JSON type, including text far over any limit.
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE,
    st.lists(st.integers(), max_size=3),
)
OPTION_TYPES = st.sampled_from([3, 4, 5, 10])  # string, integer, boolean, number
COMMAND_OPTIONS = {
    "ask": ["question", "public"],
    "timeline": ["person", "topic", "from_year", "to_year"],
    "fact": ["id"],
    "sources": [],
    "about": [],
    "reload": [],
}


@dataclass
class Target:
    """A connected bot, and the ids a hostile message can mention."""

    h: Harness
    bystander: JSON
    role_id: str
    channel_id: str

    def fill(self, text: str) -> str:
        return (
            text.replace("{user}", str(self.bystander["id"]))
            .replace("{role}", self.role_id)
            .replace("{channel}", self.channel_id)
        )

    async def settled(self) -> None:
        """Every event dispatched so far has been taken up by the bot."""
        await drain(self.h.fake, self.channel_id)


@pytest_asyncio.fixture
async def target(logs: LogCatcher) -> AsyncIterator[Target]:
    world = World.default()
    bystander = add_human(world, "bystander")
    role_id = str(world.guild()["roles"][0]["id"])
    channel_id = str(world.text_channel()["id"])
    async with running_bot(world=world) as h:
        answers_cog(h.bot).cooldown = Cooldown(
            10**9, 30.0
        )  # the cooldown policy is tested elsewhere
        yield Target(h, bystander, role_id, channel_id)
        assert ping_problems(h.fake.requests) == []
        assert size_problems(h.fake.requests) == []
    assert logs.errors() == []


def _quick(examples: int) -> settings:
    """Hypothesis settings for examples that each talk to a running bot."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


async def _replies_to(h: Harness, message: JSON) -> RecordedRequest:
    return await h.fake.wait_for_request(
        "POST",
        MESSAGES,
        status=200,
        where=lambda r: (
            str((r.json.get("message_reference") or {}).get("message_id")) == message["id"]
        ),
    )


# -- messages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """A question in a message: its text, whether it pings @everyone and a bystander
    (as Discord flags them), and whether it is a DM."""

    content: str
    everyone: bool
    ping: bool
    dm: bool


HOSTILE_MESSAGES = st.builds(Hostile, HOSTILE, st.booleans(), st.booleans(), st.booleans())


async def _hostile_message(target: Target, logs: LogCatcher, message: Hostile) -> None:
    h = target.h
    start = len(h.fake.requests)
    in_guild = not message.dm
    asked = await h.say(
        target.fill(message.content),
        mention_bot=in_guild,
        dm=message.dm,
        mention_everyone=message.everyone and in_guild,
        mentions=[target.bystander["id"]] if message.ping and in_guild else [],
    )
    reply = (await _replies_to(h, asked)).json
    assert reply.get("embeds"), reply  # an answer, or a "no" that says why
    new = h.fake.requests[start:]
    assert ping_problems(new) == [] and size_problems(new) == []
    assert logs.errors() == []


@_quick(FEW)
@given(message=HOSTILE_MESSAGES)
async def test_a_hostile_question_gets_one_safe_reply(
    target: Target, logs: LogCatcher, message: Hostile
) -> None:
    await _hostile_message(target, logs, message)


@pytest.mark.slow
@_quick(MANY)
@given(message=HOSTILE_MESSAGES)
async def test_many_hostile_questions_get_one_safe_reply_each(
    target: Target, logs: LogCatcher, message: Hostile
) -> None:
    await _hostile_message(target, logs, message)


# -- slash commands and autocomplete -----------------------------------------------------------


@st.composite
def slash_options(draw: st.DrawFn) -> tuple[str, list[JSON]]:
    """A command and options that may be anything: right or wrong types, missing,
    unknown, overlong; sometimes exactly what Discord would send."""
    command = draw(st.sampled_from(sorted(COMMAND_OPTIONS)))
    names = COMMAND_OPTIONS[command] + ["unknown"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    options = []
    for name in chosen:
        if draw(st.booleans()):  # well typed
            value: Any = draw(
                st.booleans()
                if name == "public"
                else st.integers(-5, 12000)
                if name.endswith("_year")
                else HOSTILE
            )
            kind = 5 if name == "public" else 4 if name.endswith("_year") else 3
        else:
            value, kind = draw(ANY_VALUE), draw(OPTION_TYPES)
        options.append({"name": name, "type": kind, "value": value})
    return command, options


async def _hostile_slash(
    target: Target, logs: LogCatcher, command: str, options: list[JSON]
) -> None:
    h = target.h
    start = len(h.fake.requests)
    for option in options:
        if isinstance(option["value"], str):
            option["value"] = target.fill(option["value"])
    payload = await h.slash(command, options)
    first = await h.callback(payload)
    assert first.status in (200, 204), first.response
    if first.json["type"] == 5:  # deferred: the answer (or the reload report) follows
        followed = re.compile(rf"/webhooks/[^/]+/{re.escape(payload['token'])}(/.*)?")
        await h.fake.wait_for_request(
            None, followed, status=200, where=lambda r: r.method in ("PATCH", "POST")
        )
    else:
        assert first.json["type"] == 4
    await target.settled()
    new = h.fake.requests[start:]
    acks = [r for r in new if r.path.startswith(f"/interactions/{payload['id']}/")]
    assert len(acks) == 1
    assert ping_problems(new) == [] and size_problems(new) == []
    assert logs.errors() == []


@_quick(FEW)
@given(call=slash_options())
async def test_any_slash_command_options_get_one_clear_response(
    target: Target, logs: LogCatcher, call: tuple[str, list[JSON]]
) -> None:
    await _hostile_slash(target, logs, *call)


@pytest.mark.slow
@_quick(MANY)
@given(call=slash_options())
async def test_many_slash_command_options_get_one_clear_response_each(
    target: Target, logs: LogCatcher, call: tuple[str, list[JSON]]
) -> None:
    await _hostile_slash(target, logs, *call)


@_quick(FEW)
@given(
    typing=st.tuples(
        st.sampled_from(["timeline", "fact"]), st.sampled_from(["person", "topic", "id"]), ANY_VALUE
    )
)
async def test_any_autocomplete_gets_choices_or_none_without_an_error(
    target: Target, logs: LogCatcher, typing: tuple[str, str, Any]
) -> None:
    """Whatever is "typed" into whichever option of a command with autocomplete."""
    command, focused, value = typing
    h = target.h
    payload = h.fake.autocomplete_interaction_payload(command, focused, "")
    payload["data"]["options"][-1]["value"] = (
        target.fill(value) if isinstance(value, str) else value
    )
    await h.fake.dispatch("INTERACTION_CREATE", payload)
    response = await h.callback(payload)
    choices = response.json["data"]["choices"]
    assert len(choices) <= 25
    assert all(1 <= len(c["name"]) <= 100 and 1 <= len(str(c["value"])) <= 100 for c in choices)
    assert logs.errors() == []


# -- buttons -----------------------------------------------------------------------------------


@_quick(FEW)
@given(custom_id=st.text(min_size=1, max_size=100))
async def test_a_button_the_bot_never_made_is_ignored(
    target: Target, logs: LogCatcher, custom_id: str
) -> None:
    h = target.h
    payload = h.fake.component_interaction_payload(custom_id)
    await h.fake.dispatch("INTERACTION_CREATE", payload)
    await target.settled()
    assert h.fake.find_requests(None, f"/interactions/{payload['id']}/**") == []
    assert logs.errors() == []


async def test_a_button_pressed_by_someone_else_is_refused_politely(
    target: Target, logs: LogCatcher
) -> None:
    h = target.h
    asked = await h.say("who founded the friends of the lighthouse?", mention_bot=True)
    sent = await _replies_to(h, asked)
    message = h.message(sent.response["id"])
    for label in buttons(message):
        refused = (await h.callback(await h.click(message, label, user=target.bystander))).json
        assert refused["type"] == 4 and refused["data"]["flags"] == 64
        assert refused["data"]["content"] == _embeds.ONLY_ASKER
    assert h.message(sent.response["id"]) == message  # nothing deleted or changed
    assert logs.errors() == []


async def test_an_expired_or_deleted_answers_buttons_are_ignored(logs: LogCatcher) -> None:
    """After the view timed out (its buttons were disabled in place) or the answer was
    deleted, a late press of an old button gets no response and breaks nothing."""
    async with running_bot(view_timeout=0.3) as h:
        await h.say("who founded the friends of the lighthouse?", mention_bot=True)
        sent = await h.sent()
        shown = h.message(sent.response["id"])
        disabled = await h.fake.wait_for_request("PATCH", "/channels/{c}/messages/{m}")
        assert all(b["disabled"] for b in buttons(disabled.json).values())
        assert not h.bot._connection._view_store._views  # the timed-out view was let go

        late = await h.click(shown, "Show quote")  # a client still showing the old buttons
        await settle()
        assert h.fake.find_requests(None, f"/interactions/{late['id']}/**") == []

        await h.say("who built the lighthouse?", mention_bot=True)
        fresh = h.message((await h.sent()).response["id"])
        await h.click(fresh, "🗑️")
        await h.fake.wait_for_request("DELETE", "/channels/{c}/messages/{m}")
        again = await h.click(fresh, "🗑️")  # pressed again on a client that lags behind
        await settle()
        assert h.fake.find_requests(None, f"/interactions/{again['id']}/**") == []
    assert logs.errors() == []


# -- malformed options, one by one (the cases the hypothesis tests generalise) ---------------

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
    pytest.param(
        "timeline", [{"name": "colour", "type": 10, "value": [1]}], "colour", id="unknown-option"
    ),
    pytest.param("fact", [{"name": "id", "type": 3}], "id", id="no-value"),
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


@pytest.mark.parametrize(
    ("command", "focused", "value"),
    [("timeline", "person", 5), ("fact", "person", "kim"), ("timeline", "from_year", "19")],
)
async def test_a_malformed_autocomplete_gets_no_choices_and_no_error(
    command: str, focused: str, value: object, logs: LogCatcher
) -> None:
    """A number being "typed", an option the command does not have, an option without
    autocomplete."""
    async with running_bot() as h:
        payload = h.fake.autocomplete_interaction_payload(command, focused, "")
        payload["data"]["options"][-1]["value"] = value
        await h.fake.dispatch("INTERACTION_CREATE", payload)
        response = await h.callback(payload)
        assert response.json == {"type": 8, "data": {"choices": []}}
    assert logs.errors() == []
