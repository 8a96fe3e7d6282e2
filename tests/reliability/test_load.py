"""A busy server: bursts of questions from many users in many channels, mentions and
/ask mixed, through the loopback stand-in.

Every question is accounted for from what the stand-in received: answered (exactly once),
refused with the cooldown notice (at most one per user per window), or ignored after that
notice; the bins add up to the questions asked. Latency, throughput and memory are
measured and reported (the run prints them; `make test-slow` has the full figures), never
asserted. Memory is asserted only as "does not grow with the questions served": the
buttons' views are released when they time out, the cooldown map is swept, and a third
burst leaves the bot holding no more objects than the second did.

The short versions run in the default suite with the stand-in in the test's process; the
full ones (`slow`) put the stand-in in a process of its own, so that what is measured is
the bot.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tracemalloc
import weakref
from collections import Counter
from typing import Any

import discord
import pytest

from bot.core import FactBase
from bot.exts.answers import COOLDOWN_RATE
from tests.reliability._burst import (
    ROOT,
    BurstResult,
    Crowd,
    answers_cog,
    crowd,
    live_views,
    peak_rss_mb,
    remote_crowd,
    rss_mb,
    stored_views,
    views_listening,
    watch_timeout,
)
from tests.reliability.conftest import LogCatcher, record_figure

SHIPPED: dict[str, Any] = {"facts_dir": ROOT / "facts", "seeds_dir": ROOT / "seeds"}


def check(result: BurstResult) -> dict[str, int]:
    """Nothing lost, nothing twice, the cooldown policy kept; the bins add up."""
    assert result.problems() == []
    bins = result.accounted()
    assert bins["apology"] == bins["other"] == 0
    assert bins["answered"] + bins["notice"] + bins["silent_after_notice"] == bins["asked"]
    assert bins["slash"] + bins["mentions"] == bins["asked"]
    return bins


async def test_a_burst_of_100_questions_is_answered_exactly_once_each(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """The default run's short version: 100 questions from 50 users in 10 channels within
    one second (the full burst's rate), half of them /ask: two each, so none is limited."""
    async with crowd(base=shipped_base, **SHIPPED) as c:
        result = await c.burst(100, seconds=1.0)
        bins = check(result)
        assert bins["answered"] == 100 and bins["slash"] == 50
        record_figure("load, short (100 questions in 1 s, in-process stand-in)", **result.figures())
    assert logs.errors() == []


async def test_over_the_limit_a_user_gets_one_notice_then_silence(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """Five users asking 40 times each in one window: every user's sixth mention earns
    the one notice, the rest are ignored; /ask is not limited; the cooldown map holds
    only the users seen."""
    async with crowd(users=5, channels=3, base=shipped_base, **SHIPPED) as c:
        result = await c.burst(200, seconds=1.0)
        bins = check(result)
        asked = Counter(q.user_id for q in result.questions if q.kind == "mention")
        assert min(asked.values()) > COOLDOWN_RATE + 1  # everyone goes over the limit
        assert bins["notice"] == len(asked)
        assert bins["silent_after_notice"] == sum(n - COOLDOWN_RATE - 1 for n in asked.values())
        assert bins["answered"] == bins["slash"] + COOLDOWN_RATE * len(asked)
        assert len(answers_cog(c.bot).cooldown) == len(asked) + 1  # and the drain's sentinel
    assert logs.errors() == []


async def test_timed_out_views_are_let_go(shipped_base: FactBase, logs: LogCatcher) -> None:
    """Every answer's buttons time out (half a second here), are disabled on the message,
    and their views leave the view store and are garbage: nothing keeps them alive. No
    view is persistent (one would outlive every timeout)."""
    async with crowd(base=shipped_base, view_timeout=0.5, **SHIPPED) as c:
        watched = []

        def watch(view: discord.ui.View) -> None:  # as soon as the bot registers it
            watched.append((weakref.ref(view), *watch_timeout(view)))

        stored_views(c.bot, watch)
        result = await c.burst(50, seconds=0.5)
        check(result)
        assert c.bot.persistent_views == []
        assert len(watched) >= 25  # most answers have buttons
        for _, finished, raised in watched:
            await finished.wait()
            assert raised == []
        assert live_views(c.bot) == 0
        gc.collect()
        assert [ref for ref, _, _ in watched if ref() is not None] == []
        disabled = c.fake.find_requests("PATCH", "/channels/{c}/messages/{m}") if c.fake else []
        disabled += (
            c.fake.find_requests("PATCH", "/webhooks/*/*/messages/@original") if c.fake else []
        )
        assert len([r for r in disabled if r.json.get("components")]) >= len(watched)
    assert logs.errors() == []


async def _views_released(c: Crowd) -> None:
    """Wait for every answer's view to time out; the view store must then hold none."""
    views = views_listening(c.bot)
    await asyncio.wait_for(
        asyncio.gather(*(view.wait() for view in views)), c.bot.view_timeout + 60
    )
    assert live_views(c.bot) == 0, f"{live_views(c.bot)} views still held"


def _objects() -> int:
    gc.collect()
    return len(gc.get_objects())


def _blocks() -> int:
    """Memory blocks the interpreter holds: unlike `gc.get_objects()`, this counts strings,
    numbers and bytes too, so a growing set of message ids shows."""
    gc.collect()
    return sys.getallocatedblocks()


@pytest.mark.slow
async def test_three_bursts_of_1000_questions(shipped_base: FactBase, logs: LogCatcher) -> None:
    """The full load: three bursts of 1,000 questions from 50 users in 10 channels, each
    within 10 seconds, mentions and /ask mixed, on the shipped fact base; the stand-in in
    its own process. After each burst the answers' views time out (2 s here, 10 minutes
    in production) and the objects the process holds are counted."""
    record_figure("load: idle bot", rss_mb=rss_mb(), gc_objects=_objects())
    async with remote_crowd(shipped_base, view_timeout=2.0, **SHIPPED) as c:
        record_figure("load: connected bot", rss_mb=rss_mb(), gc_objects=_objects())
        held: list[tuple[float, int, int]] = []
        for n in (1, 2, 3):
            result = await c.burst(1000, seconds=10.0)
            bins = check(result)
            views = live_views(c.bot)
            await _views_released(c)
            held.append((rss_mb(), _objects(), _blocks()))
            record_figure(
                f"load: burst {n} (1000 questions in 10 s)",
                **bins,
                **result.figures(),
                views_live_at_end=views,
                cooldown_keys=len(answers_cog(c.bot).cooldown),
                rss_mb_after=held[-1][0],
                gc_objects_after=held[-1][1],
                blocks_after=held[-1][2],
                peak_rss_mb=peak_rss_mb(),
            )
        assert await c.driver.problems() == []
    grown = held[2][1] - held[1][1]
    blocks = held[2][2] - held[1][2]
    rss_grown = held[2][0] - held[1][0]
    record_figure(
        "load: burst 3 vs burst 2",
        gc_objects_delta=grown,
        blocks_delta=blocks,
        rss_mb_delta=round(rss_grown, 1),
    )
    # Anything kept per question (an object, a string, a few hundred bytes) shows in one
    # of these after 1,000 more questions.
    assert grown < 1000, f"{grown} more objects held after 1,000 more questions"
    # (bounded caches, such as the typo corrections of new words, still fill: 200-800 seen)
    assert blocks < 1500, f"{blocks} more memory blocks held after 1,000 more questions"
    assert rss_grown < 5, f"resident memory grew {rss_grown:.1f} MB after 1,000 more questions"
    assert logs.errors() == []


@pytest.mark.slow
async def test_capacity_with_1000_questions_at_once(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """1,000 questions dispatched back to back: how long the bot takes to work through
    them, and whether every /ask is still acknowledged within Discord's 3 seconds (the
    stand-in refuses a late acknowledgement, as Discord does)."""
    async with remote_crowd(shipped_base, **SHIPPED) as c:
        result = await c.burst(1000, seconds=0.0)
        check(result)
        record_figure("load: 1000 questions at once", **result.figures(), peak_rss_mb=peak_rss_mb())
        assert await c.driver.problems() == []
    assert logs.errors() == []


@pytest.mark.slow
async def test_memory_held_by_the_buttons_of_recent_answers(
    shipped_base: FactBase, logs: LogCatcher
) -> None:
    """With the production timeout (10 minutes) every answer with buttons keeps its view
    until then: what one costs, so memory under a sustained rate can be foreseen (it is
    bounded by the answers of the last 10 minutes, not by all answers ever)."""
    async with remote_crowd(shipped_base, **SHIPPED) as c:
        await c.burst(1000, seconds=10.0)  # warm: caches full, first views made
        for view in views_listening(c.bot):
            view.stop()
        tracemalloc.start()
        try:
            check(await c.burst(1000, seconds=10.0))
            views = views_listening(c.bot)
            count = len(views)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0]
            for view in views:
                view.stop()
            del views
            await asyncio.sleep(0.5)  # the stopped views' timeout tasks finish cancelling
            gc.collect()
            released = held - tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert live_views(c.bot) == 0
        record_figure(
            "load: memory held by live answer views",
            views=count,
            kb_per_view=round(released / count / 1024, 1),
            mb_for_10_minutes_at_this_rate=round(released / 10 * 600 / 2**20),
        )
    assert logs.errors() == []
