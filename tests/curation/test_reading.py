"""How drafting reads English: dates against the article's date, statements without page
furniture, names from aliases and proposals. Invented sentences, no story of the coverage."""

from __future__ import annotations

import pytest

from bot.core import Entity, PartialDate
from bot.curation.dates import find_dates
from bot.curation.linking import Linker
from bot.curation.text import statements

TUESDAY = PartialDate(2023, 4, 18)  # a Tuesday
MONTH_ONLY = PartialDate(2018, 7)


@pytest.mark.parametrize(
    ("sentence", "published", "iso", "qualifier"),
    [
        ("The mayor visited the dam this past Monday to see it.", TUESDAY, "2023-04-17", None),
        ("The mayor visited the dam on Friday to see it.", TUESDAY, "2023-04-14", None),
        ("The dam opened on Friday, July 6, to the public.", MONTH_ONLY, "2018-07-06", None),
        ("The dam opened on May 31, to the public.", MONTH_ONLY, "2018-05-31", None),
        ("The council agreed late last year to build it.", TUESDAY, "2022", "late"),
        ("This past February, the council met at the school.", TUESDAY, "2023-02", None),
        ("The plans were drawn in Oct. 2017 by the engineers.", TUESDAY, "2017-10", None),
        ("The mill was built in 1912 by the town.", TUESDAY, "1912", None),
        ("The vote was held at the start of 2021 in the hall.", TUESDAY, "2021", "early"),
    ],
)
def test_a_date_phrase_resolves_at_its_own_precision(
    sentence: str, published: PartialDate, iso: str, qualifier: str | None
) -> None:
    found = [m for m in find_dates(sentence, published) if m.date is not None]
    assert found
    assert (found[0].date.iso(), found[0].date.qualifier) == (iso, qualifier)  # type: ignore[union-attr]
    assert found[0].phrase in found[0].note  # the note quotes what the article says


@pytest.mark.parametrize(
    "sentence",
    [
        "The pump house was built in the 1990s by the county.",  # a decade is no date
        "A week after the meeting, the council changed its mind.",  # counts from another event
    ],
)
def test_a_date_that_cannot_be_pinned_down_is_left_unset_with_a_reason(sentence: str) -> None:
    found = find_dates(sentence, TUESDAY)
    assert [m.date for m in found] == [None]
    assert found[0].note


def test_a_weekday_needs_the_articles_day_to_resolve() -> None:
    (mention,) = find_dates("The mayor visited the dam on Friday afternoon.", MONTH_ONLY)
    assert mention.date is None
    assert "only to July 2018" in mention.note


def test_a_weekday_that_disagrees_with_its_date_takes_the_weekday_and_says_so() -> None:
    (mention,) = find_dates("On Wednesday (May 31), the dam opened.", MONTH_ONLY)
    assert mention.date == PartialDate(2018, 5, 30)  # May 31, 2018 was a Thursday
    assert "was a Thursday, not a Wednesday" in mention.note


def test_may_the_verb_is_no_month() -> None:
    assert find_dates("The council may decide to build it.", TUESDAY) == []


def test_statements_skip_page_furniture_and_keep_a_quotation_whole() -> None:
    text = (
        "A headline without a full stop\n"
        "By Ann Author\n\n"
        "Share this article 12 shares\n\n"
        '"We are ready. The water is high," the mayor said on the bridge.\n\n'
        "READ MORE: Another story entirely, about something else.\n"
        "Photo: Town Archive / Ann Author\n"
        "Related news\n"
        "Ms. Rowe, the engineer, checked the gauges at noon today.\n"
    )
    found = [s.text for s in statements(text)]
    assert found == [
        '"We are ready. The water is high," the mayor said on the bridge.',
        "Ms. Rowe, the engineer, checked the gauges at noon today.",
    ]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in statements(text))


def test_names_link_through_aliases_and_unknown_names_are_proposed() -> None:
    linker = Linker([Entity("ada-rowe", "person", "Ada Rowe", ("Rowe", "the engineer"))])
    sentence = "The engineer met Mayor Tom Hale at Wren Bridge in Wrenfield with Rowe."
    known = linker.link(sentence)
    assert [m.entity for m in known] == ["ada-rowe", "ada-rowe"]
    proposed = linker.propose(sentence, known)
    assert {m.entity: m.kind for m in proposed} == {
        "tom-hale": "person",
        "wren-bridge": "place",
        "wrenfield": "place",
    }
    assert "Hale" in linker.proposals["tom-hale"].aliases
    assert "Mayor Tom Hale" in linker.proposals["tom-hale"].aliases


def _drafts_of(text: str) -> list[tuple[str, list[str]]]:
    """The draft texts of an invented article about two people, one of them named most."""
    from bot.core import Article, FactBase
    from bot.curation.drafting import draft_article

    people = {
        "ada-rowe": Entity("ada-rowe", "person", "Ada Rowe", ("Rowe", "Ada")),
        "tom-hale": Entity("tom-hale", "person", "Tom Hale", ("Hale", "Tom")),
    }
    article = Article("flood", "seeds/flood.txt", "Flood", text, published=TUESDAY)
    base = FactBase(facts=(), articles={"flood": article}, entities=people, topics={}, stories={})
    return [(d.text, d.unresolved) for d in draft_article(base, article).drafts]


def test_pronouns_and_epithets_are_resolved_only_when_it_is_safe() -> None:
    drafts = _drafts_of(
        "Ada Rowe and Tom Hale inspected the flood wall on Monday morning.\n"
        "The pair then walked the length of the new levee.\n"
        "Rowe said the wall had held through the night.\n"
        "Rowe and Hale met the council in the afternoon.\n"
        "Later that evening, she wrote the report for the county.\n"
        "The 52-year-old has inspected every wall in the valley.\n"
    )
    texts = [text for text, _ in drafts]
    assert texts[0].startswith("Ada Rowe and Tom Hale inspected the flood wall on Monday, April 17")
    assert texts[1].startswith("Ada Rowe and Tom Hale then walked")  # a plural epithet, two people
    assert texts[2].startswith("Ada Rowe said")  # a surname alone becomes the full name
    # "she" after a subject of two: the person the article is about (named most).
    assert texts[4].startswith("Later that evening, Ada Rowe wrote")
    assert texts[5].startswith("The 52-year-old")  # no entity says whose age: left, and said
    assert drafts[5][1] and not any(unresolved for _, unresolved in drafts[:5])
