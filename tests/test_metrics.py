"""/metrics as Prometheus scrapes it: questions, answers, abstentions, rate-limit refusals,
timelines, reloads and errors counted; the gauges say what is loaded and which shard."""

from __future__ import annotations

import asyncio
import time

from bot.metrics import LATENCY_BUCKETS
from tests.exts.test_answers import Scripted
from tests.helpers import (
    Harness,
    add_human,
    running_bot,
    sample,
    scrape,
    serving_health,
)
from tests.loopback import World


async def _ask(h: Harness, question: str) -> None:
    await h.say(question, mention_bot=True)
    await h.sent()


async def test_a_question_an_abstention_and_a_refusal_are_counted() -> None:
    async with running_bot() as h, serving_health(h.bot) as url:
        before = await scrape(url)
        assert sample(before, "factbot_questions_total", source="mention") == 0
        assert sample(before, "factbot_abstentions_total", reason="not_covered") == 0

        for _ in range(4):
            await _ask(h, "who built the lighthouse?")
        await _ask(h, "what is the capital of France?")
        await _ask(h, "and who repaired it?")  # the sixth in 30 s: one polite notice
        await h.callback(await h.slash("timeline"))
        after = await scrape(url)

    assert sample(after, "factbot_questions_total", source="mention") == 6
    assert sample(after, "factbot_answers_total", form="facts") == 4
    assert sample(after, "factbot_abstentions_total", reason="not_covered") == 1
    assert sample(after, "factbot_cooldown_refusals_total") == 1
    assert sample(after, "factbot_answer_latency_seconds_count") == 5
    assert 0 < (sample(after, "factbot_answer_latency_seconds_sum") or 0) < 5
    assert sample(after, "factbot_answer_latency_seconds_bucket", le="+Inf") == 5
    assert sample(after, "factbot_answer_latency_seconds_bucket", le=str(LATENCY_BUCKETS[-1])) == 5
    assert sample(after, "factbot_timeline_requests_total") == 1
    assert sample(after, "factbot_errors_total", where="event") == 0


async def test_gauges_show_what_is_loaded_and_the_shard_with_its_latency() -> None:
    async with running_bot() as h, serving_health(h.bot) as url:
        deadline = time.monotonic() + 3  # the first heartbeat ack measures the latency
        while (
            latency := sample(await scrape(url), "factbot_gateway_latency_seconds", shard="0")
        ) is None:
            assert time.monotonic() < deadline, "no gateway latency after 3 s"
            await asyncio.sleep(0.1)
        samples = await scrape(url)
    assert 0 <= latency < 1
    assert sample(samples, "factbot_facts_loaded") == 13
    assert sample(samples, "factbot_articles_loaded") == 2
    assert sample(samples, "factbot_shard_info", shard="0", shard_count="1") == 1
    assert sample(samples, "factbot_shard_connected", shard="0") == 1
    assert sample(samples, "factbot_guilds", shard="0") == 1
    assert sample(samples, "factbot_healthy") == 1
    assert any(name == "factbot_build_info" for name, _ in samples)


async def test_reloads_and_errors_are_counted() -> None:
    world = World.default()
    admin = add_human(world, "curator")
    matcher = Scripted({"break please": RuntimeError("the index caught fire")})
    async with (
        running_bot(world=world, matcher=matcher, admin_ids=(int(admin["id"]),)) as h,
        serving_health(h.bot) as url,
    ):
        await _ask(h, "break please")  # the apology
        payload = await h.slash("reload", user=admin["id"])
        await h.edited_original(payload)
        samples = await scrape(url)
    assert sample(samples, "factbot_errors_total", where="event") == 1
    assert sample(samples, "factbot_reloads_total", result="ok") == 1
    assert sample(samples, "factbot_reloads_total", result="failed") == 0
