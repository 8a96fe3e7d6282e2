"""Which drafts restate an existing fact: by their wording, or as the same event (the same
people on the same date), by naming it ("March's harvest dinner") or by going on about the
event the draft before restates ("The dinner, which ..."). Invented articles and facts."""

from __future__ import annotations

from bot.core import Article, Entity, Fact, FactBase, PartialDate, Source
from bot.curation.drafting import Draft, draft_article
from bot.curation.merging import Candidate, Weights, candidates, choose, propose_merges

PEOPLE = {
    "ada-rowe": Entity("ada-rowe", "person", "Ada Rowe", ("Rowe", "Ada")),
    "tom-hale": Entity("tom-hale", "person", "Tom Hale", ("Hale", "Tom", "the mayor")),
    "wren-dam": Entity("wren-dam", "place", "Wren dam", ("the Wren dam",)),
}
OLD = Article("old", "seeds/old.txt", "Old", "", published=PartialDate(2021, 9))
INSPECTION = Fact(
    "inspection",
    "Ada Rowe and Mayor Tom Hale inspected the Wren dam on September 3, 2021.",
    (Source("old", "inspected the Wren dam"),),
    kind="event",
    date=PartialDate(2021, 9, 3),
    people=("ada-rowe", "tom-hale"),
    places=("wren-dam",),
)
DINNER = Fact(
    "harvest-dinner",
    "In March 2021 Ada Rowe hosted the growers' harvest dinner at the mill.",
    (Source("old", "hosted the harvest dinner"),),
    kind="event",
    date=PartialDate(2021, 3),
    people=("ada-rowe",),
)
WALK_2015 = Fact(
    "walk-2015",
    "Ada Rowe and Tom Hale walked the Wren dam on May 4, 2015.",
    (Source("old", "walked the Wren dam"),),
    kind="event",
    date=PartialDate(2015, 5, 4),
    people=("ada-rowe", "tom-hale"),
    places=("wren-dam",),
)
LOOSE = Weights(threshold=0.0, same_event=0.0)  # every fact that may be the same one passes


def _drafts(text: str, *facts: Fact) -> tuple[FactBase, list[Draft]]:
    new = Article("new", "seeds/new.txt", "New", text, published=PartialDate(2021, 9, 10))
    base = FactBase(
        facts=facts,
        articles={"old": OLD, "new": new},
        entities=PEOPLE,
        topics={},
        stories={},
    )
    return base, draft_article(base, new).drafts


def test_the_same_people_on_the_same_date_merge_where_wording_alone_would_not() -> None:
    base, drafts = _drafts(
        "Ada Rowe walked the Wren dam with Tom Hale on Friday, September 3.\n"
        "Ada Rowe walked Mill Bridge with the town's children on Friday, September 3.\n",
        INSPECTION,
    )
    same, other = candidates(base, drafts)
    assert [c.same_event for c in same] == [True]  # Rowe, Hale and the dam, September 3
    assert [c.same_event for c in other] == [False]  # only Rowe in common
    weights = Weights(threshold=0.99, same_event=0.3)
    picked = choose(base, drafts, [[Candidate("inspection", 0.5, True)], []], weights)
    assert picked[0] is not None and picked[0].why == "the same people on the same date"
    assert choose(base, drafts, [[Candidate("inspection", 0.5, False)], []], weights) == [
        None,
        None,
    ]


def test_a_year_a_state_or_a_date_far_away_is_no_same_event() -> None:
    base, drafts = _drafts(
        "In 2021, Ada Rowe and Tom Hale walked the Wren dam together.\n"
        "Ada Rowe and Tom Hale are the dam's keepers.\n"
        "Ada Rowe and Tom Hale shook hands at the Wren dam.\n",
        INSPECTION,
        WALK_2015,
    )
    year, state, undated = candidates(base, drafts)
    assert [c.same_event for c in year if c.fact == "inspection"] == [False]  # too coarse
    assert drafts[1].state and [(c.fact, c.same_event) for c in state] == [("inspection", False)]
    # No date of its own: the article's (September 2021) rules out a fact of 2015 too.
    assert [c.fact for c in undated] == ["inspection"]


def test_more_of_the_event_the_draft_before_restates_goes_to_the_same_fact() -> None:
    base, drafts = _drafts(
        "This past March, Ada Rowe hosted the growers' harvest dinner at the mill. "
        "The dinner, which was held in the old barn, featured three speakers. "
        "The mayor, who was not there, praised the growers.\n",
        DINNER,
    )
    found = [[Candidate("harvest-dinner", 0.9, True)], [], []]
    first, second, third = choose(base, drafts, found, Weights())
    assert first is not None and second is not None
    assert second.fact == "harvest-dinner" and "The dinner" in second.why
    assert third is None  # no dinner in it: nothing to go on about


def test_an_event_named_by_its_month_is_the_one_fact_of_that_month_with_those_words() -> None:
    base, drafts = _drafts(
        '"We build on March\'s harvest dinner and on the work of every grower," Rowe said.\n',
        DINNER,
    )
    (picked,) = choose(base, drafts, [[]], Weights())
    assert picked is not None and picked.fact == "harvest-dinner"


def test_of_several_facts_about_the_named_event_the_one_introducing_it_is_chosen() -> None:
    introduces = Fact(
        "harvest-dinner-hosted",
        "In March 2021 Ada Rowe hosted a harvest dinner at the mill.",
        (Source("old", "hosted the harvest dinner"),),
        kind="event",
        date=PartialDate(2021, 3),
        people=("ada-rowe",),
    )
    more = Fact(
        "harvest-dinner-speakers",
        "The March 2021 harvest dinner at the mill featured three speakers.",
        (Source("old", "featured three speakers"),),
        kind="event",
        date=PartialDate(2021, 3),
        people=("ada-rowe",),
    )
    base, drafts = _drafts(
        '"We build on March\'s harvest dinner and on the work of every grower," Rowe said.\n',
        more,
        introduces,
    )
    propose_merges(base, drafts)
    (quote,) = drafts
    assert (quote.proposal, quote.into) == ("merge", "harvest-dinner-hosted")
    # Said in September about March's dinner: the quotation keeps its own date.
    assert quote.date is not None and quote.date.month == 9
    assert "conflict" not in quote.record


def test_a_clause_about_another_event_makes_the_draft_its_source_and_keeps_its_own_date() -> None:
    base, drafts = _drafts(
        "Tom Hale opened the school on Wednesday, September 8, with Ada Rowe.\n\n"
        "The opening also comes after Rowe and Hale inspected the Wren dam on September 3.\n",
        INSPECTION,
    )
    propose_merges(base, drafts, weights=LOOSE)
    clause = drafts[1]
    assert (clause.proposal, clause.into) == ("merge", "inspection")
    assert clause.date == PartialDate(2021, 9, 8)  # the opening's, not the inspection's
    assert "conflict" not in clause.record
