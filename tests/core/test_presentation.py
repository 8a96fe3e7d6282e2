"""What a reply shows first (bot/core/presentation.py) and how examples are written
(bot/core/examples.py): the choices every front end renders the same way."""

from __future__ import annotations

import dataclasses

from bot.core import FactBase
from bot.core.examples import example_questions, well_written
from bot.core.models import Fact, PartialDate, Source
from bot.core.presentation import (
    KEY_EVENTS,
    digest,
    is_hedged,
    key_events,
    more_answers,
    related_facts,
    settle_choices,
    short_citation,
)
from bot.core.reply import RankedFact, Reply
from tests.helpers import lighthouse_base

MAY_30 = PartialDate(2018, 5, 30)


def _fact(
    id_: str,
    *,
    story: str = "s",
    date: PartialDate | None = MAY_30,
    people: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> Fact:
    text = f"Text of {id_}."
    sources = (Source("a", "q"),)
    return Fact(id_, text, sources, "event", date, people, places, story=story)


def _reply(*ranked: tuple[Fact, float], ambiguous: bool = False, confidence: float = 0.9) -> Reply:
    facts = tuple(RankedFact(f, s) for f, s in ranked)
    return Reply("q", True, facts, ambiguous=ambiguous, confidence=confidence)


def test_did_you_mean_only_when_the_candidates_are_about_different_things() -> None:
    alice = ("alice",)
    same = _reply(
        (_fact("sentence", people=alice, date=None), 0.8),
        (_fact("released", people=alice, date=PartialDate(2018)), 0.79),
        ambiguous=True,
    )
    settled = settle_choices(same, frozenset())
    assert not settled.ambiguous and settled.best == same.best  # one person: one answer
    # the runner-up, as likely, is offered beside it ("Or perhaps")
    assert [r.fact.id for r in related_facts(settled)] == ["released"]

    different = _reply(
        (_fact("corona", places=("corona",), story="2018"), 0.8),
        (_fact("corona-guards", places=("corona",), story="2018"), 0.79),
        (_fact("lancaster", places=("lancaster",), story="2023"), 0.78),
        ambiguous=True,
    )
    settled = settle_choices(different, frozenset())
    assert settled.ambiguous
    assert [c.fact.id for c in settled.choices] == ["corona", "lancaster"]  # one per thing


def test_the_subjects_of_the_coverage_do_not_make_facts_the_same_thing() -> None:
    kim = ("kim",)
    reply = _reply(
        (_fact("a", people=kim, story="x", date=PartialDate(2018)), 0.8),
        (_fact("b", people=kim, story="y", date=PartialDate(2023)), 0.79),
        ambiguous=True,
    )
    assert settle_choices(reply, frozenset({"kim"})).ambiguous
    assert not settle_choices(reply, frozenset()).ambiguous


def test_related_facts_are_about_the_same_event_and_likely_answers() -> None:
    best = _fact("meeting")
    same_day = _fact("tweet")
    unlikely = _fact("aside")
    other_day = _fact("later", date=PartialDate(2018, 6))
    other_story = _fact("elsewhere", story="t")
    reply = _reply(
        (best, 0.9), (other_day, 0.8), (other_story, 0.8), (unlikely, 0.3), (same_day, 0.7)
    )
    assert [r.fact.id for r in related_facts(reply)] == ["tweet"]
    assert "tweet" not in [r.fact.id for r in more_answers(reply)]  # not shown twice
    undated = _reply((_fact("m", date=None), 0.9), (_fact("n", date=None), 0.9))
    assert related_facts(undated) == ()


def test_a_low_confidence_is_hedged() -> None:
    fact = _fact("f")
    assert is_hedged(_reply((fact, 0.55), confidence=0.55))
    assert not is_hedged(_reply((fact, 0.95), confidence=0.95))


def test_key_events_are_one_per_date_spread_over_the_timeline() -> None:
    events = [_fact(f"e{n}", date=PartialDate(2000 + n)) for n in range(12)]
    shown = key_events(events)
    assert len(shown) == KEY_EVENTS
    years = [f.date.year for f in shown if f.date]
    assert years == sorted(years) and years[0] == 2000 and years[-1] == 2011  # first to last
    # On a busy date, the event itself: the most quoted, before a quote about it.
    busy = [
        dataclasses.replace(_fact("quote-about-it"), kind="quote"),
        _fact("detail"),
        dataclasses.replace(_fact("the-event"), sources=(Source("a", "x"), Source("b", "y"))),
    ]
    assert [f.id for f in key_events([*busy, *events[:2]], limit=1)] == ["the-event"]


def test_key_events_say_where_the_story_starts_and_ends_even_when_the_middle_is_busier() -> None:
    quiet_start = _fact("start", date=PartialDate(2000))
    busy = [_fact(f"busy-{n}", story=f"s{n}", date=PartialDate(2005 + n)) for n in range(4)]
    busy = [f for fact in busy for f in (fact, dataclasses.replace(fact, id=f"{fact.id}-more"))]
    quiet_end = _fact("end", date=PartialDate(2020))
    shown = [f.id for f in key_events([quiet_start, *busy, quiet_end], limit=4)]
    assert shown == ["start", "busy-0", "busy-1", "end"]


def test_a_digest_of_many_dates_is_one_event_each_from_first_to_last() -> None:
    days = [PartialDate(2010 + n // 3, 1 + n % 3) for n in range(30)]
    events = [_fact(f"e{n}", date=day) for n, day in enumerate(days)]
    shown = digest(events, limit=6)
    assert len(shown) == 6 and len({f.date for f in shown}) == 6
    assert shown[0] is events[0] and shown[-1] is events[-1]
    assert shown == sorted(shown, key=events.index)  # still in order


def test_a_digest_of_few_dates_still_tells_them_events_first() -> None:
    visit = [
        dataclasses.replace(_fact(f"quote-{n}"), kind="quote", text="Q" * (50 + n))
        for n in range(4)
    ]
    visit += [_fact(f"detail-{n}") for n in range(4)]
    later = _fact("later", date=PartialDate(2019))
    shown = {f.id for f in digest([*visit, later], limit=6)}
    # every date, then the visit's own events before what was said about it
    assert shown == {"later", "detail-0", "detail-1", "detail-2", "detail-3", "quote-0"}


def test_a_short_citation_has_no_marks() -> None:
    for article in lighthouse_base().articles.values():
        shown = short_citation(dataclasses.replace(article, headline_editorial=True))
        assert "(our title)" not in shown and "(inferred)" not in shown
        assert shown.startswith(article.headline)


def test_examples_are_written_as_a_person_would(shipped_base: FactBase) -> None:
    assert well_written("did kim talk to trump", shipped_base) == "Did Kim talk to Trump?"
    for question in ("", "who built it", "what is bitcoin", "weather in paris"):
        for example in example_questions(shipped_base, question=question):
            assert example[0].isupper() and example.endswith("?")
            assert "kim kardashian" not in example  # names as the fact base spells them


def test_examples_vary_with_the_question_and_start_with_what_is_close(
    shipped_base: FactBase,
) -> None:
    asked = ["", "who is the pope", "what is bitcoin", "weather in paris", "favourite pasta"]
    seen = {tuple(example_questions(shipped_base, question=q)) for q in asked}
    assert len(seen) > 1  # not the same three every time
    assert example_questions(shipped_base, question="x") == example_questions(
        shipped_base, question="x"
    )
    near = next(f for f in shipped_base.facts if f.questions and "corona" in f.story)
    first = example_questions(shipped_base, question="zzz", near=[near])[0]
    assert first == well_written(near.questions[0], shipped_base)
