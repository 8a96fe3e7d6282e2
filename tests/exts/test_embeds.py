"""_embeds.py keeps everything within Discord's documented limits, whatever the input.

Hostile inputs: facts of thousands of characters, dozens of sources with long headlines,
conflicts with many claims, a question full of markdown and mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import discord
import pytest

from bot.core.matcher import Matcher
from bot.core.models import Article, Claim, Conflict, Entity, Fact, FactBase, PartialDate, Source
from bot.core.names import suggest
from bot.core.presentation import short_citation
from bot.core.reply import Abstention, RankedFact, Reply
from bot.core.timeline import Timeline, TimelineFilter
from bot.exts import _embeds, _views
from bot.wording import HEDGE
from tests.helpers import embed_text, lighthouse_base, limit_problems

LONG = "The harbour authority said " + "a great deal about the lighthouse " * 150
HOSTILE_QUESTION = ("@everyone **bold** <@&123456789012345678> __under__ `code` " * 12)[:500]


def _article(n: int, headline: str | None = None) -> Article:
    return Article(
        id=f"a{n}",
        file=f"a{n}.txt",
        headline=headline or f"Headline {n} " + "with many words " * 20,
        text="",
        outlet=f"Outlet {n}",
        published=PartialDate(2021, 6, 20),
    )


ARTICLES = {a.id: a for a in (_article(n) for n in range(40))}


def _fact(n: int = 0, *, text: str = LONG, sources: int = 40, claims: int = 10) -> Fact:
    cited = tuple(Source(f"a{i % 40}", "“" + "quoted words " * 60 + "”") for i in range(sources))
    conflict = Conflict(
        note="The articles disagree " * 30,
        claims=tuple(
            Claim(f"Claim {c}: " + "it happened otherwise " * 20, cited, PartialDate(2021, 6))
            for c in range(claims)
        ),
    )
    return Fact(
        id=f"fact-{n}",
        text=text,
        sources=cited,
        kind="event",
        date=PartialDate(2021, 6, 19),
        conflict=conflict if claims else None,
    )


def _reply(*, ambiguous: bool = False, count: int = 5) -> Reply:
    return Reply(
        question=HOSTILE_QUESTION,
        answered=True,
        facts=tuple(RankedFact(_fact(n), 0.9) for n in range(count)),
        ambiguous=ambiguous,
        as_of=ARTICLES["a1"],
        articles=ARTICLES,
        confidence=0.9,
    )


def _check(embed: discord.Embed) -> None:
    assert limit_problems([embed.to_dict()]) == []  # type: ignore[list-item]


BUILDERS: dict[str, Callable[[], discord.Embed]] = {
    "answer": lambda: _embeds.answer_embed(_reply(), question=HOSTILE_QUESTION),
    "choices": lambda: _embeds.choices_embed(_reply(ambiguous=True), question=HOSTILE_QUESTION),
    "more answers": lambda: _embeds.more_answers_embed(_reply(count=30).facts, ARTICLES),
    "fact": lambda: _embeds.fact_embed(_fact(), ARTICLES, title="A story " * 400),
    "timeline": lambda: _embeds.timeline_embed(
        HOSTILE_QUESTION * 2,
        Timeline(tuple(_fact(n) for n in range(30)), TimelineFilter()).page(2, 5),
        ARTICLES,
    ),
    "sources": lambda: _embeds.sources_embed(_article(n, "H" * 400) for n in range(300)),
    "reload failed": lambda: _embeds.reload_failed_embed(
        [f"facts/x.yaml:{n}: {LONG}" for n in range(500)]
    ),
    "no answer": lambda: _embeds.no_answer_embed(Abstention.NOT_COVERED, [LONG] * 3),
    "notice": lambda: _embeds.notice_embed(_embeds.escape(LONG * 3), title=LONG),
    "about": lambda: _embeds.about_embed(
        version="9" * 300, facts=10**9, articles=10**9, uptime=10**9, latency=None
    ),
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_builder_stays_within_the_limits(name: str) -> None:
    _check(BUILDERS[name]())


def test_fit_enforces_each_limit_on_any_embed() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for _ in range(30):
        embed.add_field(name="n" * 300, value="v" * 2000)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 300)
    _check(_embeds.fit(embed))

    answer = discord.Embed(description="d" * 3000)
    for n in range(30):
        answer.add_field(name=f"field {n}", value="v" * 300)
    fitted = _embeds.fit(answer)
    _check(fitted)
    assert fitted.description == "d" * 3000  # fields go first, from the end
    assert [f.name for f in fitted.fields] == [f"field {n}" for n in range(len(fitted.fields))]


def test_a_long_answer_keeps_one_source_line_and_shows_no_score() -> None:
    embed = _embeds.answer_embed(_reply(), question=HOSTILE_QUESTION)
    description = embed.description or ""
    assert f"📰 {ARTICLES['a0'].headline[:40]}" in description
    assert "(+39 more)" in description  # 40 articles: the first, and how many more
    assert "%" not in embed_text(embed.to_dict())  # type: ignore[arg-type]
    assert "0.9" not in embed_text(embed.to_dict())  # type: ignore[arg-type]


def test_a_low_confidence_answer_is_hedged_in_words() -> None:
    sure = dataclasses.replace(_reply(), confidence=0.95)
    unsure = dataclasses.replace(_reply(), confidence=0.55)
    assert HEDGE not in (_embeds.answer_embed(sure).description or "")
    assert HEDGE in (_embeds.answer_embed(unsure).description or "")


def test_the_echoed_question_is_escaped() -> None:
    embed = _embeds.answer_embed(_reply(), question="@everyone **hi** <@&123456789012345678>")
    assert embed.title is not None
    assert "@everyone" not in embed.title and "<@&123456789012345678>" not in embed.title
    assert "\\*\\*hi\\*\\*" in embed.title


def test_each_article_is_cited_once_however_often_it_is_quoted() -> None:
    fact = Fact("f", "Text.", (Source("a1", "x"), Source("a2", "y"), Source("a1", "z")))
    reply = Reply("q", True, (RankedFact(fact, 0.9),), articles=ARTICLES, confidence=0.9)
    description = _embeds.answer_embed(reply).description or ""
    assert "(+1 more)" in description and description.count(ARTICLES["a1"].headline[:30]) == 1
    full = _embeds.fact_embed(fact, ARTICLES)
    names = [f.name or "" for f in full.fields]  # each article once, its quotes under it
    assert len(names) == 2
    assert short_citation(ARTICLES["a1"]).startswith(names[0][:-1])
    assert short_citation(ARTICLES["a2"]).startswith(names[1][:-1])
    assert full.fields[0].value == "> “x”\n> “z”"


def test_a_fact_in_full_says_how_its_date_was_worked_out() -> None:
    note = "The article says “last Monday” and is dated April 18, 2023."
    fact = dataclasses.replace(_fact(text="A fact.", claims=0, sources=1), date_note=note)
    description = _embeds.fact_embed(fact, ARTICLES).description or ""
    assert "📅 June 19, 2021\n-# " + note in description


def test_as_of_replies_say_which_article_speaks_for_now() -> None:
    latest = Article("new", "new.txt", "Latest", "", published=PartialDate(2024, 4))
    fact = Fact("f", "Text.", (Source("new", "x"),))
    reply = Reply(
        "q", True, (RankedFact(fact, 0.9),), as_of=latest, articles={"new": latest}, confidence=1
    )
    assert "As of the latest article (April 2024)" in (
        _embeds.answer_embed(reply).description or ""
    )
    no = Reply("q", False, reason=Abstention.NOT_AS_OF_NOW, as_of=latest)
    text = embed_text(_embeds.no_answer_embed(no.reason, [], reply=no).to_dict())  # type: ignore[arg-type]
    assert "April 2024" in text


@pytest.mark.parametrize("reason", [Abstention.EMPTY, Abstention.NOT_COVERED])
def test_no_answer_offers_examples_and_the_timeline(reason: Abstention) -> None:
    embed = _embeds.no_answer_embed(reason, ["when was it built", "who built it"])
    text = embed.description or ""
    assert "• When was it built" in text and "• Who built it" in text and "/timeline" in text


def test_no_events_names_what_was_asked_for() -> None:
    reply = Reply(
        "q", False, form="timeline", reason=Abstention.NO_EVENTS, heading="events in 1990"
    )
    text = _embeds.no_answer_embed(reply.reason, [], reply=reply).description or ""
    assert text.startswith("The coverage has no events in 1990.")


def test_too_long_says_the_limit() -> None:
    embed = _embeds.no_answer_embed(Abstention.TOO_LONG, [], max_length=1000)
    assert "at most 1000 characters" in (embed.description or "")


def test_clip_and_clip_lines() -> None:
    assert _embeds.clip("abcdef", 6) == "abcdef"
    assert _embeds.clip("abcdefg", 6) == "abcde…"
    lines = [f"line {n}" for n in range(100)]
    clipped = _embeds.clip_lines(lines, 60)
    assert len(clipped) <= 60 and clipped.endswith("more")
    shown = clipped.splitlines()
    assert shown[:-1] == lines[: len(shown) - 1]
    assert shown[-1] == f"… and {100 - len(shown) + 1} more"
    assert _embeds.clip_lines(["x" * 100, "y"], 30).endswith("\n… and 1 more")
    assert len(_embeds.clip_lines(["x" * 100, "y"], 30)) <= 30


def test_autocomplete_choices_are_capped() -> None:
    pairs = [(f"id-{n}", "label " * 40) for n in range(40)] + [("x" * 101, "too long a value")]
    choices = _embeds.choices(pairs)
    assert len(choices) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert _embeds.choices([("x" * 101, "too long a value")]) == []


async def test_choice_buttons_are_labelled_within_80_characters() -> None:
    view = _views.ChoicesView(_reply(ambiguous=True), owner_id=1, timeout=1)
    labels = [getattr(item, "label", "") or "" for item in view.children]
    assert len(labels) == 4 and all(0 < len(label) <= 80 for label in labels[:3])
    assert labels[:3] == ["1 · June 19, 2021", "2 · June 19, 2021", "3 · June 19, 2021"]
    view.stop()


def test_durations() -> None:
    assert _embeds.duration(42) == "0 min 42 s"
    assert _embeds.duration(3 * 3600 + 120) == "3 h 2 min"
    assert _embeds.duration(2 * 86400 + 7200) == "2 d 2 h"


def test_autocomplete_from_the_core_fits_discords_limits() -> None:
    """However long the names and however many match: 25 choices of at most 100 characters."""
    long_name = "Person " + "with a very long name " * 6  # 139 characters
    people = {
        f"p{n}": Entity(f"p{n}", "person", f"{long_name}{n}", aliases=(f"Pat {n}",))
        for n in range(40)
    }
    base = FactBase(facts=(), articles={}, entities=people, topics={}, stories={})
    for partial in ("", "pe", "pat", "person with"):
        found = _embeds.choices(suggest(base, "person", partial, limit=40))
        assert len(found) == _embeds.CHOICE_COUNT_LIMIT
        assert all(len(choice.name) <= _embeds.CHOICE_LIMIT for choice in found)
        assert all(choice.name.endswith("…") for choice in found)


def test_fact_autocomplete_from_the_matcher_fits_discords_limits() -> None:
    """The core suggests whole fact texts; Discord's choices clip them to 100 characters."""
    matcher = Matcher(lighthouse_base())
    found = _embeds.choices(matcher.suggest_fact_ids("", limit=40))
    assert 0 < len(found) <= _embeds.CHOICE_COUNT_LIMIT
    assert all(len(c.name) <= _embeds.CHOICE_LIMIT and len(c.value) <= 100 for c in found)


async def test_every_answer_from_the_shipped_facts_is_short_with_one_row_of_buttons(
    shipped_base: FactBase,
) -> None:
    """Each fact's own first question, answered as a mention is: at most about 600
    characters (ANSWER_BUDGET, plus the "Also asked" parts of a question of several parts)
    and one row of buttons, however the matcher ranked it."""
    matcher = Matcher(shipped_base)
    subjects = shipped_base.subjects()
    checked = 0
    for fact in shipped_base.facts:
        reply = matcher.ask(fact.questions[0]) if fact.questions else None
        if reply is None or not reply.answered or reply.form != "facts" or reply.also:
            continue
        embed, view = _views.for_reply(
            reply, owner_id=1, examples=(), timeout=1, gaps=None, subjects=subjects
        )
        assert len(embed) <= _embeds.ANSWER_BUDGET, (fact.questions[0], len(embed))
        assert view is not None and len(view.to_components()) <= 1
        assert "Confidence" not in embed_text(embed.to_dict())  # type: ignore[arg-type]
        view.stop()
        checked += 1
    assert checked > len(shipped_base.facts) // 2
