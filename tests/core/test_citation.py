"""A citation names a source as the article itself does, and marks what it does not:
our own title for an article without a headline, an outlet or date worked out from it."""

from __future__ import annotations

import pytest

from bot.core import Article, Fact, FactBase, PartialDate, Source
from bot.core.models import citations
from bot.core.presentation import short_citation
from bot.core.reply import RankedFact, Reply
from bot.core.timeline import Timeline, TimelineFilter
from bot.export.timelinejs import to_timelinejs
from bot.exts import _embeds
from bot.terminal import render_events, render_reply


def _article(**fields: object) -> Article:
    values: dict[str, object] = {
        "id": "a",
        "file": "seeds/a.txt",
        "headline": "Bridge opens",
        "text": "",
        "outlet": "The Gazette",
        "published": PartialDate(2018, 7, 16),
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "citation"),
    [
        ({}, "Bridge opens — The Gazette, July 16, 2018"),
        ({"headline_editorial": True}, "Bridge opens (our title) — The Gazette, July 16, 2018"),
        (
            {"outlet_inferred_from": "the 'Videos by' lines"},
            "Bridge opens — The Gazette (inferred), July 16, 2018",
        ),
        (
            {"published": PartialDate(2018, 7), "published_inferred_from": "'on Friday, July 6'"},
            "Bridge opens — The Gazette, July 2018 (inferred)",
        ),
        (
            {"outlet": None, "published": None, "headline_editorial": True},
            "Bridge opens (our title)",
        ),
        # what is only noted, or inferred about a field the citation does not show, is no mark
        (
            {"notes": "A short piece.", "author_inferred_from": "the byline"},
            "Bridge opens — The Gazette, July 16, 2018",
        ),
        # an explanation of a value that is not there marks nothing
        ({"outlet": None, "outlet_inferred_from": "nothing"}, "Bridge opens — July 16, 2018"),
    ],
)
def test_citation_marks_what_the_article_does_not_say(
    fields: dict[str, object], citation: str
) -> None:
    assert _article(**fields).citation() == citation


def test_shipped_citations_say_which_headlines_are_ours_and_what_was_inferred(
    shipped_base: FactBase,
) -> None:
    cite = {a.id: a.citation() for a in shipped_base.articles.values()}
    assert cite["lancaster-visit-rare-2023"] == (
        "Kim and Khloé Kardashian visit a Los Angeles County prison with REFORM Alliance "
        "(our title) — Rare (inferred), April 2023 (inferred)"
    )
    assert cite["harris-roundtable-2024"].endswith("(our title) — April 2024 (inferred)")
    assert cite["trump-meeting-2018"] == (
        "‘Optimistic’ Kim Kardashian meets with Donald Trump to discuss prison reform"
        " — May 2018 (inferred)"
    )
    # The one article whose text states its date (a "date 2023-04-18" line): no mark.
    assert cite["lancaster-visit-2023"] == (
        "Kim and Khloe Kardashian Visit California Prison to Hear Inmates' Experiences"
        " — April 18, 2023"
    )


def test_every_renderer_lists_each_cited_article_once_in_citing_order() -> None:
    """An article quoted twice is one source, and the first one cited comes first: in the
    terminal, on Discord and in the TimelineJS export alike (bot.core.models.citations)."""
    second = _article(id="b", headline="Council hails bridge", outlet="Bay Courier")
    first = _article()
    fact = Fact(
        "opened",
        "The bridge opened.",
        (Source("b", "opened"), Source("a", "the bridge"), Source("b", "it opened")),
        kind="event",
        date=PartialDate(2018, 7, 16),
    )
    base = FactBase((fact,), {"a": first, "b": second}, {}, {}, {})
    expected = [second.citation(), first.citation()]

    assert citations(fact.sources, base.articles) == expected
    table = render_events("T", [fact], base=base)
    assert "; ".join(expected) in " ".join(part.strip(" │") for part in table.splitlines())
    answer = render_reply(Reply("q", True, (RankedFact(fact, 1.0),), articles=base.articles), base)
    assert f"Source: {'; '.join(expected)}" in " ".join(answer.split())
    discord = _embeds.fact_embed(fact, base.articles)  # an answer's "Sources" button
    assert [field.name for field in discord.fields] == [
        short_citation(second),
        short_citation(first),
    ]
    [slide] = to_timelinejs(Timeline((fact,), TimelineFilter()), base)["events"]
    assert f"Sources: {'; '.join(expected)}" in slide["text"]["text"]


def test_participants_are_the_people_named_and_the_one_quoted() -> None:
    quoted = Fact(
        "said",
        "“It is open,” she said.",
        (Source("a", "open"),),
        people=("mayor", "engineer"),
        places=("harbour",),
        said_by="mayor",
    )
    assert quoted.participants == ("mayor", "engineer")
    assert quoted.involved == ("mayor", "engineer", "harbour")
    speaker_only = Fact("s", "“Yes.”", (Source("a", "yes"),), said_by="clerk")
    assert speaker_only.participants == ("clerk",)
