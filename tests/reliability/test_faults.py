"""Faults around the bot: the gateway dropped mid-burst (resumed, or re-identified),
REST 429s, 500s and 502s on sends, slow endpoints, work that outlasts Discord's 3-second
interaction deadline. For each, what was asked is answered exactly once or the asker gets
a clear message, nothing is logged as an error that an operator should not see, and the
bot keeps running (it answers the next question).

Each fault hits a burst of questions from a crowd (tests/reliability/_burst.py), and the
ledger accounts for every question as in the load tests. The default run has a short
case (a few seconds) of most faults; the `slow` ones cover every kind, with bigger bursts
and Discord's real timings.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import discord
import pytest

from bot.core import FactBase
from bot.core.matcher import Matcher
from bot.core.reply import Reply
from bot.exts import _embeds, _views
from tests.helpers import MESSAGES, Harness, embed_text, running_bot
from tests.loopback import FakeDiscord
from tests.reliability._burst import (
    ROOT,
    BurstResult,
    Crowd,
    crowd,
    live_views,
    stored_views,
    watch_timeout,
)
from tests.reliability.conftest import LogCatcher

SHIPPED: dict[str, Any] = {"facts_dir": ROOT / "facts", "seeds_dir": ROOT / "seeds"}
CALLBACK = "/interactions/*/*/callback"
ORIGINAL = "/webhooks/*/*/messages/@original"
Fault = Callable[[FakeDiscord], Awaitable[object] | object]
JSON = dict[str, Any]


def exactly_once(result: BurstResult) -> dict[str, int]:
    """Every question answered once (or noticed/ignored by the cooldown policy), none
    twice, none lost, no apology needed."""
    assert result.problems() == []
    bins = result.accounted()
    assert bins["apology"] == bins["other"] == 0
    assert bins["answered"] + bins["notice"] + bins["silent_after_notice"] == bins["asked"]
    return bins


async def _burst_with(c: Crowd, count: int, seconds: float, fault: Fault) -> BurstResult:
    """A burst with `fault` applied half-way through it."""

    async def halfway() -> None:
        await asyncio.sleep(seconds / 2)
        assert c.fake is not None
        done = fault(c.fake)
        if asyncio.iscoroutine(done):
            await done

    result, _ = await asyncio.gather(c.burst(count, seconds=seconds), halfway())
    return result


async def _still_answers(c: Crowd) -> None:
    """After the fault: a new question gets its answer."""
    assert c.fake is not None
    asked = await c.fake.send_message(
        "on what date did kim kardashian sit down with trump at the white house?",
        author=c.users[0],
        mention_bot=True,
    )
    reply = await c.fake.wait_for_request(
        "POST",
        MESSAGES,
        status=200,
        where=lambda r: (
            str((r.json.get("message_reference") or {}).get("message_id")) == asked["id"]
        ),
    )
    assert "Trump" in embed_text(reply.json["embeds"][0])


# -- the gateway --------------------------------------------------------------------------------

GATEWAY_FAULTS: dict[str, Fault] = {
    "resumed (close 4000)": lambda fake: fake.drop_gateway(resumable=True),
    "resumed (TCP cut)": lambda fake: fake.drop_gateway(resumable=True, abrupt=True),
    "reconnect requested (op 7)": lambda fake: fake.request_reconnect(),
    "session invalidated (op 9)": lambda fake: fake.drop_gateway(resumable=False),
    "close 4009, then re-identify": lambda fake: fake.drop_gateway(
        resumable=False, close_code=4009
    ),
}


async def _gateway_drop(
    name: str, count: int, seconds: float, shipped_base: FactBase, logs: LogCatcher
) -> None:
    async with crowd(base=shipped_base, **SHIPPED) as c:
        assert c.fake is not None
        result = await _burst_with(c, count, seconds, GATEWAY_FAULTS[name])
        exactly_once(result)
        await _still_answers(c)
        sessions = {"identifies": len(c.fake.identifies), "resumes": len(c.fake.resumes)}
        if "resumed" in name or "op 7" in name:
            assert sessions == {"identifies": 1, "resumes": 1}
        else:
            assert sessions["identifies"] == 2
    assert logs.errors() == []


@pytest.mark.parametrize(
    "name", ["resumed (close 4000)", "resumed (TCP cut)", "session invalidated (op 9)"]
)
async def test_a_gateway_drop_mid_burst_loses_and_repeats_nothing(
    name: str, shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Dropped half-way through 60 questions in 0.6 s. Resumed, Discord replays what
    was missed; re-identified, the stand-in delivers the events that arrived meanwhile to
    the new session (real Discord does not: see docs/reliability.md)."""
    await _gateway_drop(name, 60, 0.6, shipped_base, logs)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(GATEWAY_FAULTS))
async def test_every_kind_of_gateway_drop_in_a_1000_question_burst(
    name: str, shipped_base: FactBase, logs: LogCatcher
) -> None:
    await _gateway_drop(name, 1000, 10.0, shipped_base, logs)


async def test_an_answer_in_flight_when_the_session_dies_is_still_delivered_once(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Replies go over REST, not the gateway: a question being worked on when the session
    is invalidated is answered once, after the bot has identified again."""
    gate = asyncio.Event()

    class Held(Matcher):
        def ask(self, question: str, **options: Any) -> Reply:
            asyncio.run_coroutine_threadsafe(gate.wait(), loop).result(timeout=10)
            return super().ask(question, **options)

    loop = asyncio.get_running_loop()
    async with crowd(base=shipped_base, matcher=Held(shipped_base), **SHIPPED) as c:
        assert c.fake is not None
        fake = c.fake
        asked = await fake.send_message("who did kim meet?", author=c.users[0], mention_bot=True)
        ask = await fake.invoke_slash("ask", {"question": "who did kim meet?"}, user=c.users[1])
        await fake.wait_for_request("POST", f"/interactions/{ask['id']}/*/callback")
        await fake.drop_gateway(resumable=False)
        await fake.wait_for_identify(2)
        gate.set()
        await fake.wait_for_request("PATCH", f"/webhooks/*/{ask['token']}/messages/@original")
        await fake.wait_for_request(
            "POST",
            MESSAGES,
            status=200,
            where=lambda r: (
                str((r.json.get("message_reference") or {}).get("message_id")) == asked["id"]
            ),
        )
        await asyncio.sleep(0.2)  # nothing more follows
        refs = [
            r
            for r in fake.find_requests("POST", MESSAGES, status=200)
            if str((r.json.get("message_reference") or {}).get("message_id")) == asked["id"]
        ]
        assert len(refs) == 1
    assert logs.errors() == []


# -- REST: rate limits and server errors ----------------------------------------------------------

REST_FAULTS: dict[str, Fault] = {
    "429 on 3 sends (retry_after 0.5 s)": lambda fake: fake.fail_next(
        "POST", MESSAGES, 429, retry_after=0.5, times=3
    ),
    "global 429 (retry_after 0.5 s)": lambda fake: fake.fail_next(
        "POST", MESSAGES, 429, retry_after=0.5, is_global=True
    ),
    "500 on 2 sends": lambda fake: fake.fail_next("POST", MESSAGES, 500, times=2),
    "502 on 2 sends": lambda fake: fake.fail_next("POST", MESSAGES, 502, times=2),
    "500 on 2 /ask answers": lambda fake: fake.fail_next("PATCH", ORIGINAL, 500, times=2),
    "429 on an /ask acknowledgement": lambda fake: fake.fail_next(
        "POST", CALLBACK, 429, retry_after=0.5
    ),
}


async def _rest_fault(
    name: str, count: int, seconds: float, shipped_base: FactBase, logs: LogCatcher
) -> None:
    async with crowd(base=shipped_base, **SHIPPED) as c:
        assert c.fake is not None
        result = await _burst_with(c, count, seconds, REST_FAULTS[name])
        exactly_once(result)
        faulted = [r for r in c.fake.requests if r.fault]
        assert faulted, "the fault was never hit"
        sent = c.fake.find_requests("POST", MESSAGES, status=200)
        for failed in [r for r in faulted if r.path.startswith("/channels/")]:
            # Retried with the same nonce and enforce_nonce: had Discord created the
            # message despite the error, it would not create it again.
            assert failed.json["enforce_nonce"] is True
            assert sum(1 for r in sent if r.json["nonce"] == failed.json["nonce"]) == 1
        await _still_answers(c)
    assert logs.errors() == []


@pytest.mark.parametrize(
    "name", ["429 on 3 sends (retry_after 0.5 s)", "500 on 2 sends", "502 on 2 sends"]
)
async def test_rate_limits_and_server_errors_on_sends_are_retried_once_each(
    name: str, shipped_base: FactBase, logs: LogCatcher
) -> None:
    """discord.py waits out a 429 and retries a 5xx; each question still gets exactly one
    reply (the stand-in answers a failed request without acting on it)."""
    await _rest_fault(name, 60, 0.6, shipped_base, logs)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REST_FAULTS))
async def test_every_rest_fault_in_a_1000_question_burst(
    name: str, shipped_base: FactBase, logs: LogCatcher
) -> None:
    await _rest_fault(name, 1000, 10.0, shipped_base, logs)


@pytest.mark.slow
async def test_discord_failing_every_retry_ends_in_an_apology(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Discord answers 500 to all five tries of a reply (about 25 seconds of retrying) and
    to an /ask's answer: the asker then gets the apology instead, once, and the failure
    is logged with its traceback (an operator needs to know Discord was failing)."""
    async with running_bot(base=shipped_base, **SHIPPED) as h:
        h.fake.fail_next("POST", MESSAGES, 500, times=5)
        h.fake.fail_next("PATCH", ORIGINAL, 502, times=5)
        asked = await h.say("who did kim meet?", mention_bot=True)
        ask = await h.slash("ask", {"question": "who did kim meet?"})
        apology = await h.fake.wait_for_request("POST", MESSAGES, status=200, timeout=60)
        assert apology.json["content"] == _embeds.APOLOGY
        assert str(apology.json["message_reference"]["message_id"]) == asked["id"]
        followup = await h.followup(ask)
        assert followup.json["content"] == _embeds.APOLOGY and followup.json["flags"] == 64
        await asyncio.sleep(0.5)
        assert len(h.fake.find_requests("POST", MESSAGES, status=200)) == 1
    failures = [r for r in logs.at_least(logging.ERROR) if r.name == "bot.exts.errors"]
    assert len(failures) == 2 and all(r.exc_info for r in failures)


# -- slowness -------------------------------------------------------------------------------------


async def _slow_sends(
    seconds_each: float, count: int, shipped_base: FactBase, logs: LogCatcher
) -> None:
    async with crowd(base=shipped_base, **SHIPPED) as c:
        assert c.fake is not None
        c.fake.delay("POST", MESSAGES, seconds_each)
        c.fake.delay("PATCH", ORIGINAL, seconds_each)
        result = await c.burst(count, seconds=count / 100, timeout=120 + 10 * seconds_each)
        exactly_once(result)
        c.fake.clear_faults()
        await _still_answers(c)
    assert logs.errors() == []


async def test_slow_sends_delay_answers_but_lose_none(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Every reply and every /ask answer takes half a second longer to send."""
    await _slow_sends(0.5, 50, shipped_base, logs)


@pytest.mark.slow
async def test_sends_several_seconds_slow_in_a_1000_question_burst(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    await _slow_sends(4.0, 1000, shipped_base, logs)


def _seconds_to(fake: FakeDiscord, method: str, pattern: str, payload: JSON) -> float:
    """From dispatching an interaction to the first request of this kind for it."""
    [first, *_] = [
        r
        for r in fake.find_requests(method, pattern)
        if payload["id"] in r.path or payload["token"] in r.path
    ]
    return first.at - fake.rest.interactions[payload["id"]].dispatched_at


class Slow(Matcher):
    """The real matcher, `seconds` slower on every question (in the worker thread, where
    the bot runs it)."""

    def __init__(self, base: FactBase, seconds: float) -> None:
        super().__init__(base)
        self.seconds = seconds

    def ask(self, question: str, **options: Any) -> Reply:
        time.sleep(self.seconds)
        return super().ask(question, **options)


async def _slow_matcher(
    matcher_seconds: float, deadline: float, shipped_base: FactBase, logs: LogCatcher
) -> None:
    async with running_bot(base=shipped_base, matcher=Slow(shipped_base, matcher_seconds)) as h:
        h.fake.rest.ack_deadline = deadline
        asks = [
            await h.slash("ask", {"question": f"who did kim meet in {year}?"})
            for year in (2018, 2023, 2024)
        ]
        for ask in asks:
            ack = await h.callback(ask)
            assert ack.status == 200 and ack.json["type"] == 5  # "thinking…", in time
        for ask in asks:
            answer = await h.fake.wait_for_request(
                "PATCH", f"/webhooks/*/{ask['token']}/messages/@original", timeout=60
            )
            assert answer.status == 200 and answer.json["embeds"]
        waited = [_seconds_to(h.fake, "POST", CALLBACK, ask) for ask in asks]
        answered = [_seconds_to(h.fake, "PATCH", ORIGINAL, ask) for ask in asks]
        # Acknowledged in time although each answer took longer than the deadline.
        assert max(waited) < deadline < matcher_seconds <= min(answered)
    assert logs.errors() == []


async def test_slow_work_still_acknowledges_ask_within_the_deadline(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """/ask defers before it looks anything up, so however long the answer takes the
    acknowledgement meets the deadline (shortened here to half a second, with answers
    taking a second each)."""
    await _slow_matcher(1.0, 0.5, shipped_base, logs)


@pytest.mark.slow
async def test_answers_slower_than_3_seconds_are_still_acknowledged_in_time(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Discord's real deadline, and answers taking five seconds each."""
    await _slow_matcher(5.0, 3.0, shipped_base, logs)


async def test_an_interaction_acknowledged_too_late_is_a_warning_not_an_error(
    logs: LogCatcher,
) -> None:
    """The acknowledgement reached Discord after its deadline (here: a slow callback
    endpoint, the deadline shortened to keep the test quick). Discord has told the user
    the bot did not respond, and the interaction's token is dead: nobody can be told
    anything more. The log says so once, as a warning, and the bot keeps answering."""
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


# -- Discord unreachable -------------------------------------------------------------------------


@contextlib.contextmanager
def discord_unreachable() -> Iterator[None]:
    """Every REST request fails to connect (nothing listens on port 9), as when the
    network to Discord is down."""
    base = discord.http.Route.BASE
    discord.http.Route.BASE = "http://127.0.0.1:9/api/v10"
    try:
        yield
    finally:
        discord.http.Route.BASE = base


async def test_buttons_timing_out_while_discord_is_unreachable_fail_quietly(
    logs: LogCatcher,
) -> None:
    """Disabling an answer's buttons when they time out is a courtesy: if Discord cannot
    be reached then, a warning says so; no task dies with an unhandled error."""
    async with running_bot(view_timeout=0.5) as h:
        stored = stored_views(h.bot)
        await h.say("who built the lighthouse?", mention_bot=True)
        view = await stored.get()
        finished, raised = watch_timeout(view)
        with discord_unreachable():
            await finished.wait()
        assert raised == []
        await _still_answers_lighthouse(h)
    assert logs.errors() == []
    assert any("buttons" in r.getMessage() for r in logs.at_least(logging.WARNING))


async def test_a_reply_lost_to_the_network_is_one_error_and_no_unhandled_failure(
    logs: LogCatcher,
) -> None:
    """The answer cannot be sent (and neither can the apology): the lost reply is logged
    as an error once, the failed apology as a warning, and the bot keeps answering."""
    async with running_bot() as h:
        with discord_unreachable():
            await h.say("who built the lighthouse?", mention_bot=True)
            await logs.wait_for("could not tell the user")
        await _still_answers_lighthouse(h)
    gc.collect()  # a task that died unhandled is reported when it is collected
    [error] = logs.errors()
    assert error.startswith("bot.exts.errors: error in on_message")


async def _still_answers_lighthouse(h: Harness) -> None:
    await h.say("who built the lighthouse?", mention_bot=True)
    assert "Thomas Greer" in embed_text((await h.sent()).json["embeds"][0])


async def test_closing_the_bot_stops_listening_to_buttons(logs: LogCatcher) -> None:
    """On shutdown the views stop with the bot: none can time out afterwards and try to
    disable its buttons through an HTTP session that is already closed (which failed as
    an unhandled task error)."""
    async with running_bot(view_timeout=0.5) as h:
        stored = stored_views(h.bot)
        await h.say("who built the lighthouse?", mention_bot=True)
        view = await stored.get()
        finished, raised = watch_timeout(view)
        await h.bot.close()
        assert view.is_finished() and live_views(h.bot) == 0
        assert not finished.is_set() and raised == []
    assert logs.errors() == []


async def test_a_view_timing_out_after_the_bot_closed_does_nothing(logs: LogCatcher) -> None:
    """A reply still being sent when the bot shuts down registers its view after close()
    stopped the others; when that view times out, the HTTP session is gone. Disabling
    its buttons is then skipped, without an unhandled error."""
    async with running_bot() as h:
        stored = stored_views(h.bot)
        await h.say("who built the lighthouse?", mention_bot=True)
        view = await stored.get()
        assert isinstance(view, _views.OwnedView)
        await h.bot.close()
        late = _views.OwnedView(owner_id=1, timeout=None)  # registered after the close
        late.message = view.message
        await late.on_timeout()
    assert logs.errors() == []
