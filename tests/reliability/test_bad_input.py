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

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.exts import _embeds
from bot.exts._cooldown import Cooldown
from tests.helpers import MESSAGES, Harness, add_human, buttons, running_bot, settle
from tests.loopback import RecordedRequest, World
from tests.loopback import payloads as pl
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
#: Up to 4,000 characters (Discord's limit for Nitro users), often over the question limit.
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


def _reference(req: RecordedRequest) -> str | None:
    """The id of the message `req` replies to, if it is a reply."""
    body = req.json if isinstance(req.json, dict) else {}
    ref = (body.get("message_reference") or {}).get("message_id")
    return None if ref is None else str(ref)


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
    """A message: its text, whether it pings @everyone and a bystander (as Discord flags
    them), and where it is: a mention of the bot, a DM, or a guild message that does not
    mention the bot (in a channel that is not opted in, so not a question)."""

    content: str
    everyone: bool
    ping: bool
    where: Literal["mention", "dm", "unaddressed"]


HOSTILE_MESSAGES = st.builds(
    Hostile,
    HOSTILE,
    st.booleans(),
    st.booleans(),
    st.sampled_from(["mention", "mention", "dm", "unaddressed"]),
)


async def _hostile_message(target: Target, logs: LogCatcher, message: Hostile) -> None:
    h = target.h
    start = len(h.fake.requests)
    in_guild = message.where != "dm"
    asked = await h.say(
        target.fill(message.content),
        mention_bot=message.where == "mention",
        dm=not in_guild,
        mention_everyone=message.everyone and in_guild,
        mentions=[target.bystander["id"]] if message.ping and in_guild else [],
    )
    if message.where != "unaddressed":
        reply = (await _replies_to(h, asked)).json
        assert reply.get("embeds"), reply  # an answer, or a "no" that says why
    await target.settled()  # a question asked after it has been answered
    new = h.fake.requests[start:]
    about_it = [r for r in new if _reference(r) == asked["id"] or asked["id"] in r.path]
    posted = [r for r in new if r.method == "POST" and r.path.endswith("/messages")]
    replies = 0 if message.where == "unaddressed" else 1
    assert len(about_it) == replies, [(r.method, r.path, r.json) for r in about_it]
    assert len(posted) == replies + 1, [r.json for r in posted]  # and the settling answer
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
@given(custom_id=st.text(min_size=1, max_size=300))
async def test_a_button_the_bot_never_made_gets_a_private_expired_reply(
    target: Target, logs: LogCatcher, custom_id: str
) -> None:
    """A forged id (or one from before a restart) gets a short private "expired" within
    Discord's 3 seconds, not Discord's "This interaction failed"."""
    h = target.h
    payload = h.fake.component_interaction_payload(custom_id)
    await h.fake.dispatch("INTERACTION_CREATE", payload)
    reply = (await h.callback(payload)).json
    assert reply["type"] == 4 and reply["data"]["flags"] == 64
    assert reply["data"]["content"] == _embeds.BUTTON_EXPIRED
    await target.settled()
    assert len(h.fake.find_requests(None, f"/interactions/{payload['id']}/**")) == 1
    assert logs.errors() == []


#: Questions whose answers carry buttons of each kind: an answer (more answers, quote,
#: delete, verdict) and a paged timeline (previous / next).
#: A timeline answer's "Full timeline" button is anyone's (it opens a private pager:
#: tests/exts/test_answers.py); every other button is the asker's.
OPEN_TO_ALL = "Full timeline"
WITH_BUTTONS = ("who founded the friends of the lighthouse?", "timeline of the lighthouse")
#: Who presses: the bystander (a member), or a member with any other id.
PRESSERS = st.one_of(st.just("bystander"), st.integers(10**17, 2**63 - 1))


@dataclass(frozen=True)
class Press:
    """Someone other than the asker presses a live button (`button`: an index into the
    ones the answer shows) of the answer to `question`; the asker meanwhile does not
    press, presses the same button at the same moment, or presses it after."""

    question: str
    who: str | int
    button: int
    asker: Literal["does not press", "presses together", "presses after"]


PRESSES = st.builds(
    Press,
    st.sampled_from(WITH_BUTTONS),
    PRESSERS,
    st.integers(0, 9),
    st.sampled_from(["does not press", "presses together", "presses after"]),
)


@dataclass(frozen=True)
class LatePress:
    """A button of an answer that has timed out or been deleted (only an answer, not a
    timeline, can be deleted), pressed `late_by` seconds later by the asker or anyone."""

    gone: Literal["timed out", "deleted"]
    question: str
    who: str | int
    button: int
    late_by: float


_late = {"who": st.one_of(st.just("asker"), PRESSERS), "button": st.integers(0, 9)}
LATE_PRESSES = st.one_of(
    st.builds(
        LatePress,
        gone=st.just("timed out"),
        question=st.sampled_from(WITH_BUTTONS),
        late_by=st.floats(0, 0.1),
        **_late,
    ),
    st.builds(
        LatePress,
        gone=st.just("deleted"),
        question=st.just(WITH_BUTTONS[0]),
        late_by=st.floats(0, 0.1),
        **_late,
    ),
)


def _presser(target: Target, who: str | int, asker_id: str) -> JSON | None:
    """The user pressing: the asker (None), the bystander, or a member with the given id
    (added to the guild the first time)."""
    world = target.h.world
    if who == "asker" or str(who) == asker_id:
        return None
    if who == "bystander" or str(who) == world.bot_id:
        return target.bystander
    member = world.member(world.guild()["id"], str(who))
    if member is None:
        member = pl.member(pl.user(f"stranger{who}", user_id=str(who)))
        world.guild()["members"].append(member)
    return dict(member["user"])


async def _answer_with_buttons(target: Target, question: str) -> tuple[JSON, JSON]:
    """Ask in the channel; (the question, the answer as the stand-in holds it)."""
    h = target.h
    asked = await h.say(question, mention_bot=True)
    sent = await _replies_to(h, asked)
    return asked, h.message(sent.response["id"])


@_quick(15)
@given(press=PRESSES)
async def test_a_button_pressed_by_someone_else_is_refused_politely(
    target: Target, logs: LogCatcher, press: Press
) -> None:
    """Whoever presses whichever live button of someone else's answer is told, and only
    they, that only the asker can use it; the answer is left as it was, and the asker's
    own press (at the same moment, or after) still works."""
    h = target.h
    asked, message = await _answer_with_buttons(target, press.question)
    live = sorted(
        label
        for label, b in buttons(message).items()
        if not b.get("disabled") and not label.startswith(OPEN_TO_ALL)
    )
    label = live[press.button % len(live)]
    presser = _presser(target, press.who, asked["author"]["id"]) or target.bystander
    stranger = await h.click(message, label, user=presser)
    own = await h.click(message, label) if press.asker == "presses together" else None
    refused = (await h.callback(stranger)).json
    assert refused["type"] == 4 and refused["data"]["flags"] == 64
    assert refused["data"]["content"] == _embeds.ONLY_ASKER
    if press.asker == "presses after":
        own = await h.click(message, label)
    if own is not None:  # the asker's press is handled as the asker's
        used = (await h.callback(own)).json
        assert used["type"] in (4, 5, 6, 7), used
        assert (used.get("data") or {}).get("content") != _embeds.ONLY_ASKER
    await target.settled()
    if own is None:
        assert h.message(message["id"]) == message  # nothing deleted or changed
    assert len(h.fake.find_requests(None, f"/interactions/{stranger['id']}/**")) == 1
    assert logs.errors() == []


@_quick(8)
@given(press=LATE_PRESSES)
async def test_an_expired_or_deleted_answers_buttons_say_they_have_expired(
    target: Target, logs: LogCatcher, press: LatePress
) -> None:
    """After the view timed out (its buttons were disabled in place) or the answer was
    deleted, a late press of any of its old buttons, by the asker or anyone else, on a
    client still showing them, is told privately that the button has expired, and breaks
    nothing."""
    h = target.h
    h.bot.view_timeout = 0.1 if press.gone == "timed out" else 60.0
    asked, shown = await _answer_with_buttons(target, press.question)
    path = f"/channels/*/messages/{shown['id']}"
    if press.gone == "timed out":
        disabled = await h.fake.wait_for_request("PATCH", path)
        assert all(b["disabled"] for b in buttons(disabled.json).values())
    else:
        await h.click(shown, "🗑️")
        await h.fake.wait_for_request("DELETE", path)
    assert int(shown["id"]) not in h.bot._connection._view_store._views  # let go
    old = sorted(buttons(shown))
    presser = _presser(target, press.who, asked["author"]["id"])
    await asyncio.sleep(press.late_by)
    late = await h.click(shown, old[press.button % len(old)], user=presser)
    reply = (await h.callback(late)).json
    assert reply["data"]["content"] == _embeds.BUTTON_EXPIRED and reply["data"]["flags"] == 64
    await target.settled()
    await settle(0.05)
    assert len(h.fake.find_requests(None, f"/interactions/{late['id']}/**")) == 1
    assert logs.errors() == []


# -- malformed options, one by one (the cases the hypothesis tests generalise) ---------------

MALFORMED_OPTIONS = [
    pytest.param("ask", [{"name": "question", "type": 4, "value": 5}], "question", id="ask-number"),
    pytest.param("ask", [], "question", id="ask-missing"),
    pytest.param(
        "ask", [{"name": "question", "type": 3, "value": "why " * 300}], "question", id="ask-long"
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
