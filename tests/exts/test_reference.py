"""/fact, /sources and /about over the loopback stand-in."""

from __future__ import annotations

import time

from bot import __version__
from bot.core import FactBase
from bot.scorecard import load_scorecard
from tests.helpers import (
    COUNCIL_CITATION,
    LIGHTHOUSE_CITATION,
    embed_text,
    lighthouse_base,
    limit_problems,
    running_bot,
)


async def test_fact_shows_the_fact_its_sources_and_their_exact_words() -> None:
    async with running_bot() as h:
        response = await h.callback(await h.slash("fact", {"id": "lamp-relit"}))
        [embed] = response.json["data"]["embeds"]
        text = embed_text(embed)
        assert "The lighthouse lamp was lit again in June 2021" in text
        assert "The lamp was lit again on Saturday, 19 June 2021." in text  # the quote
        assert "The lamp was relit on 20 June 2021, the council said." in text
        assert LIGHTHOUSE_CITATION in text and COUNCIL_CITATION in text
        assert "The Harbourview lighthouse" in text  # the story it belongs to
        assert "lamp-relit" not in text  # named by its story, never by its id
        assert limit_problems([embed]) == []


async def test_an_unknown_fact_id_suggests_close_ones() -> None:
    async with running_bot() as h:
        response = await h.callback(await h.slash("fact", {"id": "lamp-relt"}))
        data = response.json["data"]
        assert data["flags"] == 64
        text = embed_text(data["embeds"][0])
        relit = lighthouse_base().facts_by_id["lamp-relit"].text
        assert relit[:100] in text  # the fact's words, never its id
        assert "lamp-relit" not in text


async def test_fact_id_autocomplete() -> None:
    async with running_bot() as h:
        choices = await h.autocomplete("fact", "id", "storm")
        assert choices[0]["value"] == "storm-damage"
        assert len(choices) <= 25
        assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_sources_lists_every_article() -> None:
    async with running_bot() as h:
        response = await h.callback(await h.slash("sources"))
        text = embed_text(response.json["data"]["embeds"][0])
        for article in lighthouse_base().articles.values():
            assert article.headline in text and str(article.outlet) in text
        assert "2 articles" in text


async def test_about_shows_version_counts_uptime_and_latency() -> None:
    async with running_bot() as h:
        response = await h.callback(await h.slash("about"))
        fields = {f["name"]: f["value"] for f in response.json["data"]["embeds"][0]["fields"]}
        assert fields["Version"] == __version__
        assert fields["Facts"] == "13" and fields["Articles"] == "2"
        assert fields["Uptime"].endswith(" s")
        assert fields["Gateway latency"].endswith("ms")
        # the measured scorecard, in words, from bot/models/scorecard.json
        card = load_scorecard()
        assert card is not None
        assert fields["How often it is right"].splitlines() == card.lines()


async def test_a_pasted_wall_of_text_in_autocomplete_is_answered_at_once(
    shipped_base: FactBase,
) -> None:
    """10,000 characters typed into /fact's id (or /timeline's person) are matched only as
    far as an id or a name can go: the choices come as fast as for a short prefix."""
    async with running_bot(base=shipped_base) as h:
        await h.autocomplete("fact", "id", "trump")  # warm
        started = time.perf_counter()
        choices = await h.autocomplete("fact", "id", "trump-meeting " + "x" * 10_000)
        fact_took = time.perf_counter() - started
        started = time.perf_counter()
        people = await h.autocomplete("timeline", "person", "khloe " + "x" * 10_000)
        person_took = time.perf_counter() - started
    assert choices[0]["value"] == "trump-meeting"
    assert people and people[0]["name"].startswith("Khlo")
    # Before the input was cut, the fact ids alone took about 0.4 s to match here.
    assert fact_took < 0.15 and person_took < 0.15
