"""How drafting dates a sentence: a date counted from the one before ("a week after the
meeting"), and the rules of news writing for a sentence without a date of its own
(bot/curation/timing.py). Invented articles about a town's dam, no story of the coverage."""

from __future__ import annotations

import pytest

from bot.core import Article, Entity, FactBase, PartialDate
from bot.curation.dates import find_dates
from bot.curation.drafting import Draft, draft_article
from bot.curation.timing import present_state, span

PUBLISHED = PartialDate(2021, 9)  # an article dated only to its month, as many are
PEOPLE = {
    "ada-rowe": Entity("ada-rowe", "person", "Ada Rowe", ("Rowe", "Ada", "the engineer")),
    "tom-hale": Entity("tom-hale", "person", "Tom Hale", ("Hale", "Tom", "the mayor")),
}
LEAD = "Ada Rowe inspected the Wren dam on Friday, September 3, to see the spillway.\n\n"


def _drafts(text: str, published: PartialDate = PUBLISHED) -> list[Draft]:
    article = Article("dam", "seeds/dam.txt", "Dam", text, published=published)
    base = FactBase(facts=(), articles={"dam": article}, entities=PEOPLE, topics={}, stories={})
    return draft_article(base, article).drafts


def _iso(draft: Draft) -> str | None:
    return draft.date.iso() if draft.date else None


@pytest.mark.parametrize(
    ("previous", "sentence", "iso", "qualifier"),
    [
        # A week is no finer than a part of a month, whatever it counts from.
        (PartialDate(2019, 5, 30), "A week after the vote, it rained.", "2019-06", "early"),
        (PartialDate(2019, 5, None, "late"), "A week after it, it rained.", "2019-06", "early"),
        (PartialDate(2019, 5, 30), "Two days later, the council resigned.", "2019-06-01", None),
        (PartialDate(2019, 5), "Three months before the vote, the council met.", "2019-02", None),
        (PartialDate(2019, 5), "A year after the vote, the council resigned.", "2020", None),
    ],
)  # fmt: skip
def test_a_date_counted_from_another_event_starts_at_the_date_the_article_gave_last(
    previous: PartialDate, sentence: str, iso: str, qualifier: str | None
) -> None:
    (mention,) = find_dates(sentence, PUBLISHED, previous)
    assert mention.date is not None
    assert (mention.date.iso(), mention.date.qualifier) == (iso, qualifier)
    assert previous.display() in mention.note  # says what it counted from


@pytest.mark.parametrize(
    "sentence",
    [
        "Over four years after the vote, the council met again.",  # a bound, not a date
        "A week after the vote, the council resigned.",  # nothing dated before it
    ],
)
def test_a_count_that_gives_no_date_is_left_with_its_reason(sentence: str) -> None:
    previous = None if sentence.startswith("A week") else PartialDate(2019, 5, 30)
    (mention,) = find_dates(sentence, PUBLISHED, previous)
    assert mention.date is None
    assert "set the date from that event's fact" in mention.note


def test_a_count_over_a_month_that_may_end_in_either_of_two_is_no_finer_than_the_year() -> None:
    (mention,) = find_dates("A week after the vote, it rained.", PUBLISHED, PartialDate(2019, 5))
    assert mention.date == PartialDate(2019)  # May 8 to June 7: only the year is sure


def test_today_in_a_newspapers_name_is_no_date() -> None:
    day = PartialDate(2021, 9, 7)
    assert find_dates("The mayor said so, per Valley Today.", day) == []
    (mention,) = find_dates("Today the mayor opened the dam.", day)
    assert mention.date == day


def test_a_span_of_two_dates_is_the_finest_date_that_holds_both() -> None:
    assert span(PartialDate(2023, 4, 17), PartialDate(2023, 4, 18)) == PartialDate(2023, 4)
    assert span(PartialDate(2018, 6, None, "early"), PartialDate(2018, 7)) == PartialDate(2018)
    assert span(PartialDate(2018, 12, 30), PartialDate(2019, 1)) is None


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        ("Her latest cause is clean water for the valley.", True),
        ("Rowe has been the county's engineer since the flood.", True),
        ("The inspection is part of a yearly review.", False),  # about an event: the event's
        ("While the results have not been released, Rowe had planned a second visit.", False),
        ("Rowe, who has been vocal about the dam, spoke about the inspection.", False),
        ('"The wall is sound," Rowe said.', False),
    ],
)
def test_the_main_clause_decides_whether_a_sentence_tells_a_present_state(
    sentence: str, present: bool
) -> None:
    assert present_state(sentence) is present


def test_a_present_state_holds_as_of_the_article_and_an_events_details_at_the_event() -> None:
    drafts = _drafts(
        LEAD + "Rowe is the county's chief engineer. The inspection is part of a yearly review.\n"
    )
    assert [_iso(d) for d in drafts] == ["2021-09-03", "2021-09", "2021-09-03"]
    assert "present tense" in drafts[1].record["date_note"]


def test_a_post_is_dated_between_the_event_and_the_article_and_more_of_it_with_it() -> None:
    drafts = _drafts(
        LEAD + "Tom Hale took to his social media to share photos of the spillway.\n\n"
        '"The spillway held through the storm and the crews worked all night," he wrote.\n'
    )
    # Posted after September 3, by the article of September 2021: September 2021.
    assert [_iso(d) for d in drafts] == ["2021-09-03", "2021-09", "2021-09"]
    assert "a post about the event" in drafts[1].record["date_note"]
    assert "same speaker" in drafts[2].record["date_note"]


def test_words_that_say_today_were_said_on_the_events_day() -> None:
    drafts = _drafts(
        LEAD + "Tom Hale took to his social media to thank the crews for their work. "
        '"A long day at the dam today, and a proud one for the whole town," he wrote.\n'
    )
    assert [_iso(d) for d in drafts] == ["2021-09-03", "2021-09-03", "2021-09-03"]


def test_words_said_after_someones_event_count_from_the_last_date_given_about_them() -> None:
    drafts = _drafts(
        LEAD + "Tom Hale signed the repair order on June 2 at the town hall.\n\n"
        "In an interview after Hale's signing, Rowe said she was relieved about the dam.\n\n"
        "During the interview, Rowe also praised the repair crews for their work.\n"
    )
    # After June 2, by the article of September 2021: 2021 (not one month).
    assert [_iso(d) for d in drafts] == ["2021-09-03", "2021-06-02", "2021", "2021"]
    assert "after Hale's signing" in drafts[2].record["date_note"]
    assert '"the interview" is the interview told of before' in drafts[3].record["date_note"]


def test_a_date_after_after_belongs_to_another_event_and_the_story_goes_on_there() -> None:
    drafts = _drafts(
        LEAD + "The inspection also comes after Rowe met the mayor at the end of May.\n\n"
        "Rowe spoke with the mayor about the cracks in the spillway wall.\n\n"
        "A week after the meeting, the council voted for the repairs.\n"
    )
    inspection, met, vote = drafts[1:]
    assert _iso(inspection) == "2021-09-03"  # the inspection's date, not May's
    assert inspection.mentioned == [PartialDate(2021, 5, None, "late")]
    assert _iso(met) == "2021-05"  # "the mayor" again: the story is still at the end of May
    assert (_iso(vote), vote.date and vote.date.qualifier) == ("2021-06", "early")
