"""A stretch of the story, asked for by its two ends ("from the hearing to the reopening"),
on the invented Wrenfield base: the events between, both ends included, and nothing
outside; spans said from their start ("after X up until Y") or in months of two years;
loose dates ordered only when surely apart; and what an event's own day says came after it."""

from __future__ import annotations

import pytest

from bot.core.compound import between, from_to
from bot.core.matcher import Matcher
from bot.core.models import PartialDate


@pytest.fixture
def matcher(wrenfield_matcher: Matcher) -> Matcher:
    return wrenfield_matcher


def _dates(matcher: Matcher, question: str) -> tuple[str, list[str], list[tuple[int, int, int]]]:
    reply = matcher.ask(question)
    ids = [ranked.fact.id for ranked in reply.facts]
    keys = [ranked.fact.date.sort_key() for ranked in reply.facts if ranked.fact.date]
    return reply.form, ids, keys


@pytest.mark.parametrize(
    "question",
    [
        "walk me through what happened from the public hearing to the bakery reopening",
        "take me from the public hearing all the way to the bakery reopening",  # no "what"
        "from the public hearing to when the bakery reopened, what happened?",
    ],
)
def test_a_stretch_tells_both_ends_and_what_came_between(matcher: Matcher, question: str) -> None:
    form, ids, keys = _dates(matcher, question)
    assert form == "timeline"
    assert {"public-hearing", "wall-vote", "bakery-reopened"} <= set(ids)
    # Nothing before the hearing (June 8, 2022) nor after the reopening (September 2, 2022)
    assert all((2022, 6, 8) <= key <= (2022, 9, 2) for key in keys)


def test_a_stretch_is_read_within_its_clause(matcher: Matcher) -> None:
    """The chat after the comma is not part of the second end."""
    form, ids, _ = _dates(matcher, "from the levee breach to the governor's visit, what happened?")
    assert form == "timeline"
    assert {"levee-breach", "pike-rowed-neighbours", "governor-visit"} <= set(ids)
    assert "public-hearing" not in ids


def test_from_and_to_that_name_no_events_are_no_stretch(matcher: Matcher) -> None:
    reply = matcher.ask("what did the letter from the mayor to the governor say")
    assert reply.form == "facts"


def test_a_stretch_in_the_chat_is_not_what_is_asked(matcher: Matcher) -> None:
    """ "Pike went from X to Y." is chat; the question after it asks one fact."""
    reply = matcher.ask(
        "Pike went from rowing neighbours to reopening his bakery. How old did he turn?"
    )
    assert reply.form == "facts" and reply.facts[0].fact.id == "pike-birthday"


def test_after_one_event_up_until_another_leaves_out_both(matcher: Matcher) -> None:
    form, ids, _ = _dates(
        matcher, "what happened after the public hearing up until the bakery reopened"
    )
    assert form == "timeline" and "wall-vote" in ids
    assert "public-hearing" not in ids and "bakery-reopened" not in ids


def test_months_of_two_years_bound_a_span(matcher: Matcher) -> None:
    form, ids, keys = _dates(matcher, "what happened between May 2022 and February 2023")
    assert form == "timeline"
    assert {"public-hearing", "wall-construction-began"} <= set(ids)
    assert all((2022, 5, 0) <= key <= (2023, 2, 99) for key in keys)


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("walk me through it from the dinner to the visit", ("the dinner", "the visit")),
        ("from the vote all the way up to the opening?", ("the vote", "the opening")),
        ("the flood, from start to finish", None),  # the whole story
        ("a quote from her at the visit. What did she say to them?", None),  # two sentences
        ("who from the council came to the hearing?", None),  # where they are from
        ("did anyone from the mayor's office go to the reopening", None),
    ],
)
def test_from_to_finds_the_two_ends(text: str, ends: tuple[str, str] | None) -> None:
    assert from_to(text) == ends


def test_between_takes_a_span_said_from_its_start() -> None:
    assert between("what did she do after the dinner up until the visit") == (
        "the dinner",
        "the visit",
    )
    assert between("what did she do after the meeting to thank him") is None  # "in order to"


@pytest.mark.parametrize(
    ("first", "second", "surely"),
    [
        (PartialDate(2018, qualifier="early"), PartialDate(2018, 5, 30), True),  # Jan-Apr
        (PartialDate(2018, 5, 30), PartialDate(2018, 5, 31), True),
        (PartialDate(2019), PartialDate(2019, 12), False),  # "2019" may be December
        (PartialDate(2017, qualifier="late"), PartialDate(2017, 10), False),
        (PartialDate(2018, 5, 30), PartialDate(2018, 5, 30), False),
    ],
)
def test_a_date_is_surely_before_another_only_when_all_its_days_are(
    first: PartialDate, second: PartialDate, surely: bool
) -> None:
    assert first.surely_before(second) is surely


def test_which_came_first_orders_a_loose_date_surely_apart(matcher: Matcher) -> None:
    """The inspection (October 2021) and the county request (late 2021) may be either way
    round; the request (late 2021) surely came before the breach (March 14, 2022)."""
    undecided = matcher.ask("was the levee inspection before or after calder asked the county?")
    assert "does not say which came first" in (undecided.heading or "")
    decided = matcher.ask("did calder ask the county for money before or after the levee breach?")
    assert (decided.heading or "").startswith("Before")


@pytest.mark.parametrize(
    "question",
    ["what happened right after the flood wall vote", "what did calder do just after the vote"],
)
def test_what_that_day_says_it_came_right_after_an_event_comes_right_after_it(
    matcher: Matcher, question: str
) -> None:
    """ "After the flood wall vote, Ines Calder said ..." is of the vote's own day (June 20
    2022), and right after it; the vote itself is not after itself."""
    form, ids, _ = _dates(matcher, question)
    assert form == "timeline"
    assert ids[0] == "calder-river-quote"
    assert "wall-vote" not in ids


def test_what_came_after_an_event_is_what_came_of_it_not_that_day(matcher: Matcher) -> None:
    """ "What happened after the vote" (or a follow-up's "did it work?") asks what came of
    it: the later events, not what was said that day."""
    _, ids, _ = _dates(matcher, "what happened after the flood wall vote")
    assert "calder-river-quote" not in ids and ids[0] == "bakery-reopened"


def test_what_that_day_says_it_came_after_another_event_is_not_after_this_one(
    matcher: Matcher,
) -> None:
    """Of the care home's evacuation day (March 14, 2022), only what says it came after the
    evacuation would count; nothing does, so nothing of that day is after it."""
    _, ids, keys = _dates(matcher, "what happened right after the care home was evacuated")
    assert "levee-breach" not in ids and "dufresne-nobody-left-behind" not in ids
    assert all(key > (2022, 3, 14) for key in keys)
