"""The matcher's newer skills, on the invented Wrenfield base: comparisons answered
directly, questions of two parts, the explanation a curator reads, the vectors cached
between starts, and a scorer file that cannot be read saying how to fix it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from bot.core import FactBase, PartialDate
from bot.core.compound import comparison, extreme, gap, parts
from bot.core.matcher import Matcher
from bot.core.presentation import SUMMARY_EVENTS
from bot.core.reply import Abstention
from bot.core.scorer import CONTENDERS, Scorer, ScorerError, lead
from bot.core.semantic import SemanticIndex, shipped_embedder
from bot.core.timeline_questions import LEAD_UP_SHOWN, Placed, TimelineQuestions
from tests.conftest import DATA

WRENFIELD = DATA / "wrenfield"


@pytest.fixture
def base(wrenfield: FactBase) -> FactBase:
    return wrenfield  # built once for the session (tests/core/conftest.py)


@pytest.fixture
def matcher(wrenfield_matcher: Matcher) -> Matcher:
    return wrenfield_matcher


@pytest.mark.parametrize(
    "question",
    [
        "which came first, the school reopening or the governor's visit?",
        "the governor's visit vs the school reopening, which one came first",
        "did the school reopening come first, or the governor's visit first?",
        "did the school reopening or the governor's visit happen first",
        "had the governor's visit happened by the time of the school reopening?",
        "i keep mixing these up. did the school reopening or the governor's visit come first?",
        "how long before the school reopening was the governor's visit?",
        # which came first, in other words
        "the school reopening vs the governor's visit, which was 1st",
        "what came sooner, the school reopening or the governor's visit?",
        "which of those happened first: the school reopening or the governor's visit?",
        "the governor's visit or the school reopening, which of the two came first?",
    ],
)
def test_which_came_first_names_both_events_in_order_with_the_time_between(
    matcher: Matcher, question: str
) -> None:
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    visit, reopening = (r.fact for r in reply.facts)
    assert visit.date == PartialDate.parse("2022-03-16") and "Governor" in visit.text
    assert reopening.id == "school-reopened"
    assert reply.heading is not None
    assert reply.heading.startswith('"governor')  # the earlier one, the answer, is named first
    assert "about 6 months before" in reply.heading
    assert "March 16, 2022" in reply.heading and "September 5, 2022" in reply.heading


@pytest.mark.parametrize(
    "question",
    [
        "how long after the governor's visit did the school reopen?",
        # the event said before the question, and a "that" in it
        "the school reopening, how long after the governor's visit was that?",
        "So the school reopened at last. How long after the governor's visit was that?",
        # the time between them, asked in other words
        "how many months were there between the governor's visit and the school reopening?",
        "how much time elapsed between the governor's visit and the school reopening",
        "how many months from the governor's visit to the school reopening?",
        "how long did it take from the governor's visit to the school reopening?",
        "how far apart were the governor's visit and the school reopening?",
        "whats the gap between the governor's visit and the school reopening",
        "how many months separate the governor's visit and the school reopening?",
        "roughly how much time separated the governor's visit from the school reopening",
        "how many months apart were the governor's visit and the school reopening?",
        # the two events named first, then referred to together
        "the governor's visit and the school reopening - how far apart were they?",
        "So the governor visited, and later the school reopened. How long between the two?",
        "the governor's visit and the school reopening, how many months apart were those two",
    ],
)
def test_how_long_after_an_event_names_the_later_one_first_with_the_time_since(
    matcher: Matcher, question: str
) -> None:
    """The time between two events is told of the later, as "how long after X was Y" asks
    of Y: it leads, told by the fact that says how long after ("nearly six months after")."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    reopening, visit = (r.fact for r in reply.facts)
    assert reopening.id == "school-reopened"
    assert visit.date == PartialDate.parse("2022-03-16") and "Governor" in visit.text
    assert reply.heading is not None
    assert reply.heading.startswith('"school reopen')
    assert "(September 5, 2022) came about 6 months after" in reply.heading
    assert reply.heading.endswith("(March 16, 2022)")


@pytest.mark.parametrize(
    "question",
    [
        "give me a recap of everything",
        "can you give me the whole story from start to finish?",
        "what are the highlights?",
        "tl;dr of what happened",
        "sum it all up for me",
    ],
)
def test_a_summary_asked_for_is_the_key_events_from_the_first_to_the_last(
    matcher: Matcher, question: str
) -> None:
    everything = matcher.ask("show me the timeline")
    assert everything.form == "timeline" and len(everything.facts) > SUMMARY_EVENTS
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    assert len(reply.facts) == SUMMARY_EVENTS
    shown = [r.fact for r in reply.facts]
    assert shown[0] == everything.facts[0].fact and shown[-1] == everything.facts[-1].fact
    assert len({(f.date, f.story) for f in shown}) == SUMMARY_EVENTS  # one per occasion
    assert reply.heading is not None
    assert reply.heading.endswith(f"{SUMMARY_EVENTS} key events of {len(everything.facts)}")


def test_the_time_between_is_told_by_the_fact_of_that_day_that_says_it(base: FactBase) -> None:
    """Of the facts of an event's day and story, a gap's answer gives the one that says
    the time between ("nearly six months after the flood"), not only that it happened."""
    told = next(f for f in base.facts if f.id == "school-reopened")
    plain = dataclasses.replace(
        told, text="Wrenfield Primary School reopened on September 5, 2022."
    )
    says_gap = dataclasses.replace(
        told,
        id="reopening-six-months-on",
        kind="background",
        text="The school's reopening came nearly six months after the flood.",
        questions=(),
    )
    facts = tuple(plain if f is told else f for f in base.facts)
    matcher = Matcher(dataclasses.replace(base, facts=(*facts, says_gap)))
    asked = "how many months were there between the governor's visit and the school reopening?"
    reply = matcher.ask(asked)
    assert reply.form == "timeline" and reply.heading is not None
    assert "about 6 months after" in reply.heading
    assert reply.facts[0].fact.id == "reopening-six-months-on"


def test_a_comparison_of_things_the_coverage_does_not_know_is_not_forced(
    matcher: Matcher,
) -> None:
    reply = matcher.ask("which came first, the moon landing or the invention of the telephone?")
    assert not (reply.form == "timeline" and len(reply.facts) == 2)


def test_the_time_between_two_dates_is_said_at_their_precision() -> None:
    day = PartialDate.parse
    assert gap(day("2022-09-02"), day("2022-09-05")) == "3 days"
    assert gap(day("2022-03-16"), day("2022-04-20")) == "about 5 weeks"
    assert gap(day("2022-03-16"), day("2024-05-21")) == "about 2 years"
    assert gap(day("2022-03"), day("2023-03")) == "about a year"
    assert gap(day("2021"), day("2021")) == "less than a year"
    # "early June" is about the 5th: a week after May 30, not "about a month"
    assert gap(day("2022-05-30"), day("2022-06", "early")) == "about a week"
    assert gap(day("2022-06", "late"), day("2022-07-20")) == "about 4 weeks"
    # "the 1990s" to June 2018: the decade's first and last years bound the gap
    assert gap(day("1990s"), day("2018-06")) == "19 to 28 years"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("was the school reopening before or after the governor's visit?", 'After: "school'),
        ("was the governor's visit before or after the school reopening?", 'Before: "governor'),
        ("the governor's visit. was that before or after the school reopening?", 'Before: "gov'),
    ],
)
def test_before_or_after_is_answered_as_asked(matcher: Matcher, question: str, answer: str) -> None:
    """ "Was X before or after Y": the answer says which, of X, with both dates."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and reply.heading is not None
    assert reply.heading.startswith(answer) and "about 6 months" in reply.heading
    assert "March 16, 2022" in reply.heading and "September 5, 2022" in reply.heading


def test_comparisons_and_parts_are_read_from_plain_english() -> None:
    asked = comparison("how long between the flood and the wall opening")
    assert asked is not None and (asked.kind, asked.first, asked.second) == (
        "gap",
        "flood",
        "wall opening",
    )
    before = comparison("how long before the wall opening did construction begin")
    assert before is not None and (before.kind, before.first, before.second) == (
        "gap",
        "wall opening",
        "construction begin",
    )
    # What each takes for granted: the event after "how long before" is the later one.
    assert before.later == "first" and asked.later is None
    after = comparison("how soon after the flood did the school reopen")
    assert after is not None and after.later == "second"
    assert comparison("when did the bakery reopen") is None
    # "how far apart were they" with nothing named before it compares nothing
    assert comparison("how far apart were they") is None
    assert comparison("the flood how far apart were they") is None
    # ... nor does a gap in something other than time
    assert comparison("the mayor and the governor how far apart were they in age") is None
    assert comparison("the flood and the reopening how far apart were they in years") is not None
    # what happened in between is a timeline, not the time between
    assert comparison("what happened between the flood and the wall opening") is None
    assert (
        comparison("how long did the mayor speak at the school between the songs and the prayers")
        is None
    )
    assert parts("when did the bakery reopen and who owns it") == [
        "when did the bakery reopen",
        "who owns it",
    ]
    # "and" inside one question is not a second question
    assert parts("when did the mayor and the governor meet") == [
        "when did the mayor and the governor meet"
    ]


def test_a_question_of_two_parts_is_answered_part_by_part(matcher: Matcher) -> None:
    reply = matcher.ask("when did the bakery on mill lane reopen and what did the governor pledge?")
    assert reply.answered and reply.best is not None
    assert reply.best.fact.id == "bakery-reopened"
    [(part, answer)] = reply.also
    assert part == "what did the governor pledge"
    assert answer is not None and answer.fact.id == "governor-pledge"


def test_a_part_the_coverage_does_not_cover_is_said_to_be_so(matcher: Matcher) -> None:
    reply = matcher.ask(
        "when did the bakery on mill lane reopen and what is the price of a croissant there?"
    )
    assert reply.answered and reply.best is not None
    assert reply.best.fact.id == "bakery-reopened"
    [(part, answer)] = reply.also
    assert "croissant" in part and answer is None


@pytest.mark.parametrize(
    "question",
    [
        "who opened the flood wall and when did that happen?",
        "when was the flood wall opened and who opened it?",
        "who opened wrenfield's flood wall and when was it opened?",
    ],
)
def test_one_fact_that_answers_every_part_leads_and_is_not_said_twice(
    matcher: Matcher, question: str
) -> None:
    """ "Ines Calder and Tobias Renwick opened the wall on May 20, 2024" says who and when: it
    answers the question, not the first part's best guess with the second part below."""
    reply = matcher.ask(question)
    assert reply.best is not None and reply.best.fact.id == "wall-opened"
    assert reply.also == ()


@pytest.mark.parametrize(
    ("question", "events"),
    [
        (
            "when did the bakery on mill lane reopen, and when did the governor visit?",
            ["2022-03-16", "2022-09-02"],
        ),
        (  # asked later first: told in order
            "when did the primary school reopen and when did the bakery on mill lane reopen?",
            ["2022-09-02", "2022-09-05"],
        ),
        (  # however the message asks for order
            "when did the primary school reopen and when did the bakery on mill lane reopen? "
            "list them in order",
            ["2022-09-02", "2022-09-05"],
        ),
    ],
)
def test_parts_that_each_ask_when_are_answered_with_their_events_in_order(
    matcher: Matcher, question: str, events: list[str]
) -> None:
    """Each part's event with its date, the earlier first, as one timeline: not the first
    part's answer with the second below it as an afterthought."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and not reply.also
    assert [r.fact.date for r in reply.facts] == [PartialDate.parse(d) for d in events]
    assert reply.heading is not None and reply.heading.count('"') == 4


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "who manages st brigid's care home, and what did she say about the evacuation?",
            "dufresne-profile",
            "dufresne-nobody-left-behind",
        ),
        (
            "who is the county's chief flood engineer and what did he open in 2024?",
            "renwick-profile",
            "wall-opened",
        ),
    ],
)
def test_a_later_part_s_pronoun_means_whom_the_first_part_was_about(
    matcher: Matcher, question: str, first: str, second: str
) -> None:
    """Alone, "what did she say about the evacuation?" names no one; after the first part it
    means the person that part was answered with."""
    reply = matcher.ask(question)
    assert reply.best is not None and reply.best.fact.id == first
    [(_, answer)] = reply.also
    assert answer is not None and answer.fact.id == second


def test_the_explanation_shows_the_reading_the_candidates_and_the_decision(
    matcher: Matcher,
) -> None:
    explained = matcher.explain("when did the wrenfield primary school reopen?")
    assert explained.route == "facts"
    assert ("wants", "when") in explained.reading
    first = explained.candidates[0]
    assert first.fact.id == "school-reopened"
    assert first.confidence >= explained.threshold
    assert explained.decision.startswith("Answered")
    # the effects add up to the candidate's log-odds, so they explain it: among the largest
    # are how far the question's words and meaning match the fact's
    features = [c.feature for c in first.ranker]
    assert any(f.startswith(("lexical_", "semantic_")) for f in features)
    off = matcher.explain("what is the boiling point of mercury")
    assert not off.reply.answered and off.decision.startswith("Abstained")


def test_explain_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    code = main(
        [
            "ask",
            "--facts",
            str(WRENFIELD / "facts"),
            "--seeds",
            str(WRENFIELD / "seeds"),
            "--explain",
            "when did the school reopen",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Why (factbot ask --explain):" in out and "school-reopened" in out
    assert "confidence" in out and "Answered" in out


def test_the_facts_vectors_are_cached_by_content(base: FactBase, tmp_path: Path) -> None:
    embedder = shipped_embedder()
    first = SemanticIndex(base.facts, embedder, cache_dir=tmp_path)
    [cached] = tmp_path.glob("vectors-*.npy")
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temporary file left
    again = SemanticIndex(base.facts, embedder, cache_dir=tmp_path)
    query = embedder.one("when did the school reopen")
    assert first.nearest(query, 3) == again.nearest(query, 3)
    # another base gets its own file; a damaged file is recomputed, not trusted
    SemanticIndex(base.facts[:5], embedder, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("vectors-*.npy"))) == 2
    cached.write_bytes(b"not numpy")
    damaged = SemanticIndex(base.facts, embedder, cache_dir=tmp_path)
    assert damaged.nearest(query, 3) == first.nearest(query, 3)


def test_meaning_finds_a_fact_that_shares_no_word_with_the_question(base: FactBase) -> None:
    index = SemanticIndex(base.facts, shipped_embedder())
    query = shipped_embedder().one("ancient ruins dug up by construction workers")
    positions = [p for p, _ in index.nearest(query, 3)]
    assert "roman-well" in {base.facts[p].id for p in positions}


def test_a_scorer_file_that_cannot_be_used_says_how_to_fix_it(tmp_path: Path) -> None:
    missing = tmp_path / "scorer.json"
    with pytest.raises(ScorerError, match="make train"):
        Scorer.load(missing)
    missing.write_text(json.dumps({"features": ["something else"]}))
    with pytest.raises(ScorerError, match="other features"):
        Scorer.load(missing)


def test_the_answer_is_the_contender_the_answerer_is_surest_of() -> None:
    """The ranker's first `CONTENDERS` contend; the answerer's choice among them wins, and
    a candidate further down never does, however sure the answerer would be of it."""
    rank = np.asarray([0.62, 0.80, 0.10, 0.55, 0.58])
    order = [1, 0, 4, 3, 2]  # by rank
    for winner in order[:CONTENDERS]:
        sure = np.full(len(rank), 0.1)
        sure[winner], sure[order[CONTENDERS]] = 0.9, 0.99
        assert lead(rank, sure) == winner
    assert lead(rank, np.full(len(rank), 0.4)) == 1  # a tie: the ranker's first
    assert lead(np.asarray([0.3]), np.asarray([0.2])) == 0
    # a contender far behind the ranker's first does not contend
    assert lead(np.asarray([0.49, 0.11]), np.asarray([0.72, 0.75])) == 0


def test_how_many_counts_the_thing_and_how_much_asks_an_amount(matcher: Matcher) -> None:
    """ "How many homes" wants a number before "homes"; "how much rent" is answered in the
    text's own units ("one pound a year"), so no count of rent is looked for."""
    many = matcher.reader.read("how many homes were flooded")
    much = matcher.reader.read("how much rent does the school pay")
    assert many.counted and many.focus == matcher.analyzer.term("homes")
    assert not much.counted and much.focus == matcher.analyzer.term("rent")


def test_the_confidence_is_a_probability(matcher: Matcher) -> None:
    for question in ("when did the school reopen", "zzz qqq", "who is the mayor"):
        scores = [s.confidence for s in matcher.rank(matcher.reader.read(question))]
        assert all(0.0 <= s <= 1.0 for s in scores)


def _dates(reply_facts: object) -> list[str]:
    return [r.fact.date.iso() for r in reply_facts if r.fact.date]  # type: ignore[attr-defined]


@pytest.mark.parametrize("question", ["what happened in june", "anything in june of any year"])
def test_a_month_without_a_year_means_that_month_in_every_year(
    matcher: Matcher, question: str
) -> None:
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    assert reply.heading == "Events in June, any year"
    assert _dates(reply.facts) and all(d[5:7] == "06" for d in _dates(reply.facts))


def test_a_day_without_a_year_means_that_day_in_every_year_and_the_heading_says_so(
    matcher: Matcher,
) -> None:
    reply = matcher.ask("what happened on 16 march")
    assert reply.answered and reply.heading == "Events on March 16, any year"
    assert _dates(reply.facts) and all(d[5:] == "03-16" for d in _dates(reply.facts))
    nothing = matcher.ask("what happened on march 17")  # no event that day: named, not "all"
    assert not nothing.answered and nothing.heading == "Events on March 17, any year"


def test_a_topic_with_nothing_dated_then_gives_what_happened_then_and_says_so(
    matcher: Matcher,
) -> None:
    """A topic is a curator's label: nothing labelled "flood defences" in 1998 leaves what
    did happen in 1998, under a heading that says the topic had none."""
    reply = matcher.ask("what happened with the flood defences in 1998")
    assert reply.answered and [r.fact.id for r in reply.facts] == ["flood-of-1998"]
    assert reply.heading == "No events about Flood defences in 1998; events in 1998"
    # someone named is no label: nothing of theirs that year is nothing
    alone = matcher.ask("what did joel pike do in 2024")
    assert not alone.answered and alone.reason == Abstention.NO_EVENTS


@pytest.mark.parametrize(
    "question",
    [
        "what happened between june and september 2022",
        "list what went on from june to september of 2022",
    ],
)
def test_a_span_of_months_is_every_event_from_the_first_to_the_last(
    matcher: Matcher, question: str
) -> None:
    """Not only the month that ends it: the hearing and the vote in June, the reopenings in
    September, in order, and the heading says which months."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    assert reply.heading is not None and "from June 2022 to September 2022" in reply.heading
    dates = _dates(reply.facts)
    assert (
        dates == sorted(dates)
        and dates[0].startswith("2022-06")
        and dates[-1].startswith("2022-09")
    )
    assert all("2022-06" <= d[:7] <= "2022-09" for d in dates)


def test_may_the_verb_is_not_the_month(matcher: Matcher) -> None:
    assert matcher.reader.read("what may happen to the bakery").months == ()
    assert matcher.reader.read("anything in may?").months == (5,)


def test_a_span_after_an_event_is_a_window_around_then(matcher: Matcher) -> None:
    # the vote was on June 20, 2022; three months after it is around September 2022
    reply = matcher.ask("what happened three months after the flood wall vote")
    assert reply.form == "timeline" and reply.answered
    assert {"school-reopened", "bakery-reopened"} <= {r.fact.id for r in reply.facts}
    assert all(d.startswith("2022-09") for d in _dates(reply.facts))


@pytest.mark.parametrize("bound", ["more than", "over", "at least"])
def test_more_than_a_span_after_an_event_is_any_time_from_then_on(
    matcher: Matcher, bound: str
) -> None:
    # the vote was on June 20, 2022: more than a year after it is from June 20, 2023 on
    reply = matcher.ask(f"what happened {bound} a year after the flood wall vote")
    assert reply.form == "timeline" and reply.answered
    dates = _dates(reply.facts)
    assert "wall-opened" in {r.fact.id for r in reply.facts}
    assert dates and all(d >= "2023-06-20" for d in dates)


@pytest.mark.parametrize("bound", ["within", "less than", "under"])
def test_within_a_span_after_an_event_is_any_time_up_to_then(matcher: Matcher, bound: str) -> None:
    # the hearing was on June 8, 2022: within four months after it is up to October 8
    reply = matcher.ask(f"what happened {bound} four months after the public hearing")
    assert reply.form == "timeline" and reply.answered
    dates = _dates(reply.facts)
    assert {"wall-vote", "bakery-reopened"} <= {r.fact.id for r in reply.facts}
    assert dates and all("2022-06-08" < d <= "2022-10-08" for d in dates)


@pytest.mark.parametrize("about", ["a little over", "just over", "slightly more than"])
def test_a_little_over_a_span_is_about_that_span_not_any_time_beyond(
    matcher: Matcher, about: str
) -> None:
    # the governor came on March 16, 2022: a little over two months after is about mid-May,
    # give or take a month; the hearing (June 8) is, the flood wall's opening (2024) is not
    reply = matcher.ask(f"what happened {about} two months after the governor's visit")
    assert reply.form == "timeline" and reply.answered
    assert "public-hearing" in {r.fact.id for r in reply.facts}
    assert all("2022-04-15" <= d <= "2022-06-17" for d in _dates(reply.facts))


@pytest.mark.parametrize("count", ["a few", "several", "a couple of"])
def test_a_vague_count_of_months_after_an_event_is_one_to_a_handful(
    matcher: Matcher, count: str
) -> None:
    # the levee broke on March 14, 2022: a few months after is mid-April to mid-August, the
    # hearing of June 8 among them (four months to the day would miss it)
    reply = matcher.ask(f"what happened {count} months after the levee breach")
    assert reply.form == "timeline" and reply.answered
    assert {"public-hearing", "wall-vote"} <= {r.fact.id for r in reply.facts}
    assert all("2022-04-13" <= d <= "2022-08-15" for d in _dates(reply.facts))


def test_what_someone_did_a_span_after_an_event_asks_for_events(matcher: Matcher) -> None:
    """ "What did calder do two years after the wall opened?" asks for her doings then:
    the coverage tells of none, and no fact of some other time stands in for them."""
    query = matcher.reader.read("what did calder do two years after the flood wall opened")
    assert query.timeline and not query.set_in_time
    reply = matcher.ask("what did calder do two years after the flood wall opened")
    assert reply.form == "timeline" and not reply.answered


@pytest.mark.parametrize(
    "question",
    [
        "There was a public hearing on the flood wall. What happened two weeks later?",
        "the town held a public hearing about the wall. what happened two weeks after that?",
        "so there was this public hearing on the wall... what happened about two weeks after?",
    ],
)
def test_a_time_set_from_the_event_the_chat_before_names(matcher: Matcher, question: str) -> None:
    """ "What happened two weeks later?" asks of the event the sentence before names (the
    hearing, June 8, 2022): the vote of June 20, not the hearing's own day."""
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.answered
    assert [r.fact.id for r in reply.facts][:1] == ["wall-vote"]
    assert all("2022-06-08" < d <= "2022-06-25" for d in _dates(reply.facts))


def test_the_month_the_chat_dates_its_event_to_is_not_the_month_asked(matcher: Matcher) -> None:
    # the levee broke in March 2022; three months later is June, not March
    reply = matcher.ask("The levee broke in March. What happened three months later?")
    assert reply.form == "timeline" and reply.answered
    assert {"public-hearing", "wall-vote"} <= {r.fact.id for r in reply.facts}
    assert all(d.startswith("2022-06") or d.startswith("2022-05") for d in _dates(reply.facts))


def test_a_time_later_with_no_event_before_it_sets_no_time(matcher: Matcher) -> None:
    # nothing said before "a year later": no event to count from, so no list of events
    assert matcher.reader.read("what did calder say a year later").timeline is False


def test_shortly_after_an_event_is_the_months_after_it(matcher: Matcher) -> None:
    reply = matcher.ask("what happened shortly after the public hearing")
    assert reply.form == "timeline" and reply.answered
    dates = _dates(reply.facts)
    assert dates and all("2022-06-08" < d <= "2022-09-08" for d in dates)
    # "how soon after" asks for a duration, not a window
    assert matcher.reader.read("how soon after the flood did the school reopen").timeline is False


@pytest.mark.parametrize(
    "question",
    [
        "what else happened the same day as the governor's visit",
        "what else happened on the day of the governor's visit",
        "anything else going on the day the governor visited?",
        "what happened that very day the governor came to town",
    ],
)
def test_events_the_same_day_as_an_event_are_that_days_events(
    matcher: Matcher, question: str
) -> None:
    """The day of the event named, all of it: not the events of the person who names it
    (the governor), nor the week around it."""
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.heading is not None
    assert reply.heading.startswith("Events on March 16, 2022")
    ids = {r.fact.id for r in reply.facts}
    assert {"governor-visit", "calder-thanked-rowing-club"} <= ids  # the mayor's, too
    assert set(_dates(reply.facts)) == {"2022-03-16"}


@pytest.mark.parametrize(
    ("side", "day"),
    [("after", "2022-03-15"), ("before", "2022-03-13"), ("following", "2022-03-15")],
)
def test_the_day_after_an_event_is_the_next_day_only(matcher: Matcher, side: str, day: str) -> None:
    """ "The day after the levee broke" (March 14): the one day next to it, on its side,
    neither the event's own day nor the day beyond."""
    reply = matcher.ask(f"what happened the day {side} the levee broke")
    assert reply.form == "timeline"
    assert set(_dates(reply.facts)) <= {day}
    if side != "before":  # the night after the flood: the neighbour's rowing, the shelter
        assert "pike-rowed-neighbours" in {r.fact.id for r in reply.facts}


@pytest.mark.parametrize(
    "question",
    [
        "what else happened the same year as the flood wall vote",
        "anything else going on that same year the council voted for the flood wall?",
    ],
)
def test_events_the_same_year_as_an_event_are_all_that_years(
    matcher: Matcher, question: str
) -> None:
    """The vote's year (2022), every event of it, not only the flood wall's."""
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.heading is not None
    assert reply.heading.startswith("Events in 2022")
    assert "levee-breach" in {r.fact.id for r in reply.facts}
    assert {d[:4] for d in _dates(reply.facts)} == {"2022"}


def test_the_year_after_an_event_is_the_next_calendar_year(matcher: Matcher) -> None:
    reply = matcher.ask("what happened the year after the governor's visit")
    assert reply.form == "timeline" and reply.heading is not None
    assert reply.heading.startswith("Events in 2023")
    assert reply.facts and {d[:4] for d in _dates(reply.facts)} == {"2023"}


@pytest.mark.parametrize(
    "question",
    [
        "besides the governor's visit, what else happened in march 2022",
        "what else happened in march 2022 apart from the governor's visit",
        "the governor's visit was big news here. what else happened in march 2022?",
    ],
)
def test_what_the_asker_already_knows_of_does_not_narrow_the_events(
    matcher: Matcher, question: str
) -> None:
    """ "Besides the governor's visit": the month's other events are asked for, not the
    governor's (nor only the visit's day)."""
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.heading == "Events in March 2022"
    assert {"levee-breach", "governor-visit"} <= {r.fact.id for r in reply.facts}


def test_a_day_before_an_event_is_not_the_events_own_day(matcher: Matcher) -> None:
    reply = matcher.ask("what happened a day before the governor's visit")
    dates = _dates(reply.facts)
    assert reply.form == "timeline" and "2022-03-15" in dates
    assert "2022-03-16" not in dates  # the visit's own day is not "before" it


@pytest.mark.parametrize(
    "question",
    ["when does joel pike first show up in the coverage", "first time joel pike is mentioned"],
)
def test_the_first_time_someone_appears_is_their_earliest_event(
    matcher: Matcher, question: str
) -> None:
    reply = matcher.ask(question)
    assert reply.form == "timeline" and len(reply.facts) == 1
    [first] = reply.facts
    assert first.fact.date == PartialDate.parse("2022-03-15")  # the night after the flood
    assert "Pike" in first.fact.text
    assert reply.heading == "The first event with Joel Pike"


@pytest.mark.parametrize(
    "question",
    [
        "who did the governor meet the first time he came to wrenfield",
        "what did mayor calder say the first time she spoke about the levee",
        "where did the residents go the first time the river flooded",
    ],
)
def test_the_first_time_as_a_time_clause_asks_its_own_question(
    matcher: Matcher, question: str
) -> None:
    """ "The first time he came" says when; the question asks who, what or where. It is
    not a request for the coverage's earliest event."""
    assert matcher.reader.read(question).timeline is False
    assert not (matcher.ask(question).heading or "").startswith("The first event")


def test_in_order_to_is_a_purpose_not_a_request_for_events_in_order(matcher: Matcher) -> None:
    assert (
        matcher.reader.read("in order to stop the floods, what did wrenfield build").timeline
        is False
    )
    assert (
        matcher.reader.read("put the flood and the wall opening in order for me").timeline is True
    )


def test_a_request_for_a_summary_is_the_story_in_order(matcher: Matcher) -> None:
    reply = matcher.ask("can you give me a quick summary of the rebuilding")
    assert reply.form == "timeline" and len(reply.facts) >= 3
    dates = _dates(reply.facts)
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("question", "heading", "first_event"),
    [
        ("what happened after 16 march 2022", "Events after March 16, 2022", "public-hearing"),
        ("anything after early june 2022", "Events after early June 2022", "public-hearing"),
        ("what happened before 14 march 2022", "Events before March 14, 2022", "levee-built"),
    ],
)
def test_a_date_after_before_or_since_bounds_the_events(
    matcher: Matcher, question: str, heading: str, first_event: str
) -> None:
    """ "After March 16, 2022" is the events after that day, not those on it."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and reply.heading == heading
    assert reply.facts[0].fact.id == first_event


@pytest.mark.parametrize(
    "question",
    [
        "list the main events in order",  # "main" says which events, not what about
        "what were the biggest moments",
        "list the things calder did in 2022",
        "summarize the main events",  # "summarize", "covered": how to list, not what about
        "summarize the events covered here",
    ],
)
def test_a_request_for_the_main_events_or_what_someone_did_is_a_timeline(
    matcher: Matcher, question: str
) -> None:
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and len(reply.facts) >= 3
    keys = [r.fact.date.sort_key() for r in reply.facts if r.fact.date]
    assert len(keys) == len(reply.facts) and keys == sorted(keys)


def test_the_static_model_reads_as_model2vec_reads_it() -> None:
    """bot/core/semantic.py reads the model without model2vec (to keep its dependencies out
    of the image); its vectors must be model2vec's own."""
    from model2vec import StaticModel

    from bot.core.semantic import MODEL_DIR

    texts = [
        "when did the governor visit wrenfield",
        "Joel Pike's bakery on Mill Lane reopened on Friday, September 2, 2022.",
        "Khloé’s visit—LAC!",
        "zzqx",
        "word " * 600,  # past the model's 512 tokens
    ]
    ours = shipped_embedder().encode(texts)
    theirs = StaticModel.from_pretrained(MODEL_DIR).encode(texts)
    for mine, reference in zip(ours, theirs, strict=True):
        assert float(mine @ reference) == pytest.approx(1.0, abs=1e-3)
    for text, mine in zip(texts[:4], ours, strict=False):  # one question: the same vector
        assert float(shipped_embedder().one(text) @ mine) == pytest.approx(1.0, abs=1e-5)


def test_a_word_the_coverage_never_uses_is_colour_beside_someone_and_a_year(
    matcher: Matcher,
) -> None:
    """ "what did X do in 2022 politics-wise": X and the year say which events; the word
    the coverage never uses does not empty the timeline. Alone, it still does."""
    reply = matcher.ask("walk me through what ines calder did in 2022 politics-wise")
    assert reply.answered and reply.form == "timeline"
    assert _dates(reply.facts) and all(d.startswith("2022") for d in _dates(reply.facts))
    alone = matcher.ask("what happened with the zorp in 2022")
    assert not alone.answered and alone.heading is not None and "zorp" in alone.heading


def test_a_word_the_coverage_never_uses_is_colour_beside_someone_it_names(
    matcher: Matcher,
) -> None:
    """ "How did X's saga play out, from first to last": X says which events, even where the
    question reads as a comparison and no person filter applies; the words the coverage
    never uses ("saga", "played") do not empty the timeline. Beside a place they still do:
    many things happen at a place, and a pizza party on Mill Lane is not among them."""
    reply = matcher.ask("walk me through how joel pike's saga played out, from first to last")
    assert reply.answered and reply.form == "timeline"
    assert "pike-rowed-neighbours" in {r.fact.id for r in reply.facts}
    place = matcher.ask("what happened at the mill lane pizza party")
    assert not place.answered and place.heading is not None and "pizza party" in place.heading


def test_one_thing_asked_in_a_setting_of_time_is_asked_of_the_facts(matcher: Matcher) -> None:
    """ "Who manages the care home that was evacuated just before midnight?" asks for a
    person; "just before midnight" only says which care home. With no events then to list,
    the facts answer it. Events asked for in such a setting are still a timeline, however
    the asking verb is put ("what did the mayor do right after the flood")."""
    reply = matcher.ask("who manages the care home that was evacuated just before midnight")
    assert reply.answered and reply.form == "facts"
    assert "Renée Dufresne" in reply.facts[0].fact.text
    done = matcher.ask("what did the mayor do right after the flood")
    assert done.answered and done.form == "timeline"
    nothing = matcher.ask("which ferry sank just before midnight")
    assert not nothing.answered and nothing.reason == Abstention.NO_EVENTS


def test_a_span_with_nothing_in_it_names_its_two_events_and_the_time_between(
    matcher: Matcher,
) -> None:
    """ "What happened between the hearing and the vote?" with nothing told between them is
    not "no events": the asker learns the two events' dates and how far apart they were,
    even when chat follows the question. A span with events lists them; a span emptied only
    by what else the question asks (the governor) still has none."""
    reply = matcher.ask(
        "What happened between the public hearing and the flood wall vote? "
        "I was away all summer and missed the news."
    )
    assert reply.answered and reply.form == "timeline" and reply.heading is not None
    assert reply.heading.startswith("The coverage tells of nothing in between")
    assert "12 days after" in reply.heading and "June 8, 2022" in reply.heading
    assert "public-hearing" in {f.fact.id for f in reply.facts}
    listed = matcher.ask("what happened between the flood wall vote and the school reopening")
    assert listed.heading is not None and listed.heading.startswith("Events between")
    assert "bakery-reopened" in {f.fact.id for f in listed.facts}
    none = matcher.ask(
        "what did the governor do between the flood wall vote and the school reopening"
    )
    assert not none.answered and none.reason == Abstention.NO_EVENTS


@pytest.mark.parametrize(
    "question",
    [
        "what do you think of the governor",
        "say something mean about joel pike",
        "rate the mayor from 1 to 10",
        "what's your honest opinion of the flood wall",
    ],
)
def test_a_request_for_the_bots_own_opinion_is_declined(matcher: Matcher, question: str) -> None:
    reply = matcher.ask(question)
    assert not reply.answered and reply.reason is Abstention.DECLINED


@pytest.mark.parametrize(
    "question",
    [
        "write a tweet trashing the mayor for the flood wall",
        "can you compose a short poem about joel pike",
        "ok now draft an angry post about the bakery on mill lane",
        "roast the governor for me",
        "pls make fun of joel pike",
    ],
)
def test_a_request_to_write_something_or_mock_someone_is_declined(
    matcher: Matcher, question: str
) -> None:
    """A fact bot quotes the coverage; it composes nothing and mocks no one."""
    reply = matcher.ask(question)
    assert not reply.answered and reply.reason is Abstention.DECLINED


def test_what_someone_in_the_coverage_thought_is_still_asked(matcher: Matcher) -> None:
    assert not matcher.reader.read("what did the mayor think of the flood wall").injection


@pytest.mark.parametrize(
    "question",
    ["did the mayor write a letter to the governor", "who wrote the post about the flood wall"],
)
def test_what_someone_in_the_coverage_wrote_is_still_asked(matcher: Matcher, question: str) -> None:
    assert not matcher.reader.read(question).injection


def test_a_number_that_belongs_to_the_question_is_kept(matcher: Matcher) -> None:
    """Only a stray number typed after a question is chat; "at 60", "on june 20" and a
    number the question starts with are part of it."""
    assert matcher.reader.read("did joel pike turn 60 at 60").normalized.endswith("at 60")
    assert "20" in matcher.reader.read("what happened on june 20").normalized
    assert matcher.reader.read("15 homes flooded?").normalized.startswith("15")
    assert matcher.reader.read("when did the school reopen 10").normalized.endswith("reopen")


def test_a_question_that_names_nothing_means_what_the_chat_before_it_names(
    matcher: Matcher,
) -> None:
    """ "... the bakery on Mill Lane came back. what day?": the asking sentence names
    nothing, so the whole message is what is meant (compared with the facts by meaning);
    one that names its own thing means itself, whatever the chat around it."""
    bare = matcher.reader.read("i heard the bakery on mill lane came back. what day?")
    assert bare.asked == "what day" and bare.meaning == bare.normalized
    own = matcher.reader.read("my gran lives by the river. when did the school reopen?")
    assert own.meaning == own.asked == "when did the school reopen"
    assert matcher.ask("i heard the bakery on mill lane came back. what day?").answered


def test_a_timeline_is_about_the_topic_the_asking_sentence_names_not_the_chat_s(
    matcher: Matcher,
) -> None:
    reply = matcher.ask(
        "my gran still talks about the flooding every week. can you list the rebuilding "
        "events in order?"
    )
    assert reply.form == "timeline" and reply.heading == "Events about Rebuilding"
    assert {fact.fact.id for fact in reply.facts} >= {"governor-pledge", "bakery-reopened"}


def test_an_event_known_only_to_its_month_bounds_a_timeline_by_the_whole_month(
    matcher: Matcher,
) -> None:
    """An event named as a bound and dated only "March 2022": the events dated more closely
    in March may come after it, so "what happened after" keeps them; events of the very
    same loose date are on neither side."""
    timelines = TimelineQuestions(
        matcher.base, matcher.index, lambda phrase: Placed(PartialDate(2022, 3)), matcher.told
    )
    answer = timelines.answer(matcher.reader.read("what happened after the homes were flooded?"))
    shown = [fact.id for fact in answer.events]
    assert "levee-breach" in shown and "governor-visit" in shown  # 14 and March 16, 2022
    assert "homes-flooded" not in shown  # "March 2022" itself
    assert all(fact.date is not None and fact.date.year >= 2022 for fact in answer.events)


@pytest.mark.parametrize(
    ("question", "answer", "order"),
    [
        (
            "the bakery reopening, the flood wall vote and the public hearing: which one was "
            "the most recent?",
            PartialDate(2022, 9, 2),
            "newest first",
        ),
        (
            "my gran keeps mixing them up. the school reopening, the governor's visit, the "
            "flood wall opening. which was earliest?",
            PartialDate(2022, 3, 16),
            "in order",
        ),
    ],
)
def test_which_of_several_named_events_was_the_latest_or_the_earliest_is_answered(
    matcher: Matcher, question: str, answer: PartialDate, order: str
) -> None:
    """The events named (in the question or the chat before it) are found one by one; the
    one asked for comes first and the heading names it with its date."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and reply.heading is not None
    assert reply.facts[0].fact.date == answer
    assert answer.display() in reply.heading and order in reply.heading
    assert len(reply.facts) == 3
    dates = [PartialDate.sort_key(f.fact.date) for f in reply.facts if f.fact.date]
    assert dates == sorted(dates, reverse=order == "newest first")


def test_which_came_first_of_three_is_not_a_comparison_of_the_first_two_with_the_third(
    matcher: Matcher,
) -> None:
    reply = matcher.ask(
        "which came first: the bakery reopening, the public hearing or the flood wall vote?"
    )
    assert reply.form == "timeline" and len(reply.facts) == 3
    assert reply.facts[0].fact.id == "public-hearing"  # June 8, 2022
    assert reply.heading is not None and "bakery reopening the public hearing" not in reply.heading


@pytest.mark.parametrize(
    "question",
    [
        "put these in order: the school reopening, the governor's visit, the flood wall "
        "opening. which was last?",
        "in what order did these happen: the flood wall opening, the school reopening, the "
        "governor's visit",
        "sort these by date: the school reopening; the flood wall opening; the governor's visit",
    ],
)
def test_events_listed_to_put_in_order_are_each_found_and_told_in_order_with_their_dates(
    matcher: Matcher, question: str
) -> None:
    """Each event of the list is found on its own (not every fact that shares a word with
    the list), and the heading walks the list in order with each date."""
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline" and reply.heading is not None
    assert _dates(reply.facts) == ["2022-03-16", "2022-09-05", "2024-05-20"]
    heading = reply.heading
    assert heading.index("March 16, 2022") < heading.index("September 5, 2022")
    assert heading.index("September 5, 2022") < heading.index("May 20, 2024")


def test_putting_things_somewhere_is_not_a_list_to_put_in_order() -> None:
    assert extreme("where did he put them? on facebook, on instagram or on his website") is None
    assert extreme("put them in order: the vote, the hearing, the reopening") is not None


def test_a_question_before_in_what_order_is_no_event_of_a_list() -> None:
    """ "How many schools did she visit, and in what order?" asks for her visits; its
    question and the chat after it name no two events to put in order."""
    asked = "so how many schools did she visit, and in what order? my friend says just one"
    assert extreme(asked) is None


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("what happened prior to the public hearing", "before"),
        ("what happened in the run-up to the public hearing", "before"),
        ("what did the mayor do ahead of the public hearing", "before"),
        ("what led up to the public hearing", "before"),
        ("what happened following the public hearing", "after"),
        ("what happened in the wake of the public hearing", "after"),
        ("what came in the aftermath of the public hearing", "after"),
    ],
)
def test_other_words_for_before_and_after_bound_the_events_by_the_event_named(
    matcher: Matcher, question: str, side: str
) -> None:
    reply = matcher.ask(question)  # the hearing was on June 8, 2022
    assert reply.answered and reply.form == "timeline" and reply.heading is not None
    assert "June 8, 2022" in reply.heading
    dates = _dates(reply.facts)
    assert dates and all(d < "2022-06-08" if side == "before" else d > "2022-06-08" for d in dates)


def test_the_run_up_to_an_event_is_the_events_nearest_before_it(matcher: Matcher) -> None:
    """Told from the start of the story, the run-up to an event long after it would begin
    decades early; the events nearest before it are what led up to it."""
    reply = matcher.ask("what led up to the flood wall opening")  # May 20, 2024
    assert reply.answered and reply.heading is not None
    dates = [r.fact.date for r in reply.facts if r.fact.date]
    assert len(dates) == LEAD_UP_SHOWN
    assert dates == sorted(dates, key=PartialDate.sort_key)
    assert dates[-1] == PartialDate(2023, 8)  # the Roman remains, the last event before it
    assert reply.heading.startswith(f"The last {LEAD_UP_SHOWN} of ")


def test_right_after_an_event_with_nothing_soon_after_it_is_the_next_events(
    matcher: Matcher,
) -> None:
    """ "Right after" asks for what came next: with nothing told in the months after the
    event, the next events however far on, and the heading says so."""
    reply = matcher.ask("what happened right after the roman remains were found")  # Aug 2023
    assert reply.answered and reply.heading is not None
    dates = _dates(reply.facts)
    assert dates and all(d.startswith("2024-05") for d in dates)  # the wall's opening
    assert reply.heading.startswith("Nothing is told in the 3 months right after")
    before = matcher.ask("what happened just before the flood wall construction began")
    assert before.answered and _dates(before.facts)[-1] == "2022-09-05"  # Feb 2023: the school


def test_what_happened_to_something_after_an_event_is_not_the_rest_of_the_story(
    matcher: Matcher,
) -> None:
    """The question names something the story has events about, none after the event it
    names: no events, and the heading says about what; the rest of the story is not the
    answer. With nothing named but the event, every later event is."""
    nothing = matcher.ask("what happened to the roman well after the flood wall opened?")
    assert not nothing.facts and nothing.heading is not None and "roman" in nothing.heading
    bakery = matcher.ask("what happened to the bakery after the levee broke?")
    assert bakery.answered and "bakery-reopened" in {f.fact.id for f in bakery.facts}
    later = matcher.ask("what happened after the flood wall vote?")
    assert later.answered and len(later.facts) > 2


def test_a_date_in_an_events_name_dates_the_event_and_bounds_nothing_else(
    matcher: Matcher,
) -> None:
    """ "After the March 2022 flood": the flood of March 2022, not the 1998 flood a fact
    compares it with; and the answer is every later event, not only those of March 2022."""
    reply = matcher.ask("what happened to the bakery after the march 2022 flood?")
    assert reply.answered and "bakery-reopened" in {f.fact.id for f in reply.facts}
    assert reply.heading is not None and "March 14, 2022" in reply.heading
    later = matcher.ask("what happened after the 2022 flood?")
    assert later.answered and any(f.fact.date and f.fact.date.year > 2022 for f in later.facts)
    # a year the question names outside the event's name still bounds the answer
    within = matcher.ask("what happened in 2022 after the levee broke?")
    assert within.answered and all(f.fact.date and f.fact.date.year == 2022 for f in within.facts)


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("what happened after 2022?", 2023, None),  # after a year: the next one on
        ("what happened since 2023?", 2023, None),  # since a year: that year on
        ("what happened before 2023?", None, 2022),
    ],
)
def test_after_and_before_a_year_leave_that_year_out_and_since_keeps_it(
    matcher: Matcher, question: str, first: int | None, last: int | None
) -> None:
    reply = matcher.ask(question)
    years = {f.fact.date.year for f in reply.facts if f.fact.date}
    assert reply.answered and reply.form == "timeline" and years
    assert first is None or min(years) == first
    assert last is None or max(years) == last


def test_what_someone_has_done_since_a_year_is_a_timeline(matcher: Matcher) -> None:
    """ "What has X done since 2023?" asks for X's events from then, as "what did X do after
    2022?" does."""
    reply = matcher.ask("what has ines calder done since 2023?")
    assert reply.answered and reply.form == "timeline"
    assert all(f.fact.date and f.fact.date.year >= 2023 for f in reply.facts)


@pytest.mark.parametrize(
    "question",
    [
        # a request without a question mark, then a question of chat
        "give me a rundown of the rebuilding. honestly it felt slow to me, was it?",
        "walk me through the rebuilding. how did the town manage all that?",
        # the order asked for in other words
        "can you list the things the town rebuilt in the order they happened?",
        "give me the order of the reopenings and roughly when each one happened",
    ],
)
def test_a_request_for_events_in_order_is_a_timeline(matcher: Matcher, question: str) -> None:
    reply = matcher.ask(question)
    assert reply.answered and reply.form == "timeline"
    dates = _dates(reply.facts)
    assert len(dates) > 1 and dates == sorted(dates)
    assert "school-reopened" in {r.fact.id for r in reply.facts}


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        # an adverb between "what" and "happened"
        ("what actually happened in march 2022", "Events in March 2022"),
        ("what exactly went on in june 2022?", "Events in June 2022"),
        # the time the chat before named, pointed back to
        ("a friend said the mayor did something in 2019. what did she do that year?", None),
        # what anyone does, in other words
        ("what did calder pull off in 2022", "Events in 2022"),
        ("what was calder involved with in 2019", "Events in 2019"),
        # a request to set the events out
        ("lay out the rebuilding for me", "Events about Rebuilding"),
        # a kind of thing done, and anything done, in a year
        ("what flood stuff did calder do in 2022?", "Events in 2022"),
        ("did calder do anything flood related in 2019?", "Events in 2019"),
        ("was there anything else in 2023?", "Events in 2023"),
    ],
)
def test_events_asked_for_in_other_words_are_a_timeline(
    matcher: Matcher, question: str, heading: str | None
) -> None:
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.answered
    if heading is not None:
        assert reply.heading == heading
    else:
        assert {d[:4] for d in _dates(reply.facts)} == {"2019"}


def test_anything_done_for_someone_is_no_timeline(matcher: Matcher) -> None:
    """ "On the river" places the people helped, not the time: one thing asked."""
    assert not matcher.reader.read("did calder do anything for people on the river").timeline
    assert not matcher.reader.read("did she do anything about it?").timeline


def test_an_order_that_is_a_document_is_no_timeline(matcher: Matcher) -> None:
    assert not matcher.reader.read("what order did the mayor sign?").timeline
    assert not matcher.reader.read("was there an evacuation order?").timeline


@pytest.mark.parametrize(
    "question",
    [
        "what happened with the flood defences, oldest to newest",
        "the flood defences from earliest to latest please",
        "flood defences, first to last",
    ],
)
def test_an_order_asked_for_is_the_story_from_its_start_not_its_latest_events(
    matcher: Matcher, question: str
) -> None:
    """ "Oldest to newest" asks for an order: its "newest" is not "the latest events",
    which would cut the story to its end."""
    reply = matcher.ask(question)
    assert reply.form == "timeline" and reply.heading is not None
    assert not reply.heading.startswith("The latest")
    ids = [f.fact.id for f in reply.facts]
    assert ids[0] == "levee-inspection"  # the defences' story from its start to its end
    assert "wall-opened" in ids


@pytest.mark.parametrize(
    "question",
    [
        "my kid's school is doing a project on the river. can you give me a timeline of the"
        " flood defences?",
        "new here, been reading about the school all day. what happened with the flood defences?",
    ],
)
def test_the_chat_around_a_topics_timeline_narrows_none_of_its_events(
    matcher: Matcher, question: str
) -> None:
    """The topic says which events; the chat's words ("school", "river") are colour, not
    a filter that leaves one or two of them."""
    plain = matcher.ask("timeline of the flood defences")
    reply = matcher.ask(question)
    assert reply.heading == plain.heading == "Events about Flood defences"
    assert [f.fact.id for f in reply.facts] == [f.fact.id for f in plain.facts]
