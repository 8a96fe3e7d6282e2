"""The timeline: order, precision, filters, paging and autocomplete on tests/data/timeline.

Every expected value below is read off the fixture's YAML by hand. The fixture's dated facts,
in the order a reader expects them:

    rosa-elected        2016
    bridge-proposed     late 2017
    budget-approved     July 1, 2018
    bridge-opened       July 14, 2018   (conflict: the flood article says July 15)
    marsh-bridge-quote  July 14, 2018   (said_by Chloé Marsh, not in its `people`)
    council-vote        July 2018      (a month with no day follows the month's exact dates)
    trust-pledge        2018           (... and a year with no month follows the year's)
    floods-hit          March 2, 2019
    trust-relief        March 2019
    okafor-rebuild      mid 2019       (a qualifier puts it where it says)
and riverton-population, undated, which is never an event.
"""

from __future__ import annotations

import pytest

from bot.core import FactBase, PartialDate, load_fact_base
from bot.core.matcher import Matcher
from bot.core.names import suggest
from bot.core.timeline import Timeline, TimelineFilter, build_timeline
from tests.conftest import DATA

ALL = [
    "rosa-elected",
    "bridge-proposed",
    "budget-approved",
    "bridge-opened",
    "marsh-bridge-quote",
    "council-vote",
    "trust-pledge",
    "floods-hit",
    "trust-relief",
    "okafor-rebuild",
]
CHLOE = ["bridge-proposed", "bridge-opened", "marsh-bridge-quote"]
BEN = ["bridge-opened", "okafor-rebuild"]
FLOODS = ["floods-hit", "trust-relief", "okafor-rebuild"]


@pytest.fixture(scope="module")
def base() -> FactBase:
    return load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")


def ids(timeline: Timeline) -> list[str]:
    return [fact.id for fact in timeline.events]


# -- order and display ------------------------------------------------------------------------


def test_every_dated_fact_in_chronological_order(base: FactBase) -> None:
    assert ids(build_timeline(base)) == ALL


def test_a_month_follows_the_exact_dates_of_that_month_whatever_the_ids(base: FactBase) -> None:
    # "council-vote" < "marsh-bridge-quote" alphabetically; the broader date still goes after.
    order = ids(build_timeline(base))
    assert order.index("council-vote") > order.index("marsh-bridge-quote")
    assert order.index("trust-relief") > order.index("floods-hit")


@pytest.mark.parametrize(
    ("fact_id", "shown"),
    [
        ("rosa-elected", "2016"),
        ("bridge-proposed", "late 2017"),
        ("council-vote", "July 2018"),
        ("budget-approved", "July 1, 2018"),
        ("okafor-rebuild", "mid 2019"),
    ],
)
def test_each_date_shows_its_own_precision(base: FactBase, fact_id: str, shown: str) -> None:
    fact = base.facts_by_id[fact_id]
    assert fact.date is not None
    assert fact.date.display() == shown


def test_conflict_fact_is_one_event(base: FactBase) -> None:
    everything = ids(build_timeline(base))
    assert everything.count("bridge-opened") == 1
    in_july = ids(build_timeline(base, TimelineFilter(within=PartialDate(2018, 7))))
    assert in_july.count("bridge-opened") == 1


# -- filters, one at a time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Chloé Marsh", "chloe", "CHLOE MARSH", "Marsh", "chloe-marsh", "chloe mrash", "marsh chloe"],
)
def test_person_by_alias_accent_free_and_misspelt(base: FactBase, typed: str) -> None:
    timeline = build_timeline(base, TimelineFilter(person=typed))
    assert ids(timeline) == CHLOE  # marsh-bridge-quote only through said_by
    assert timeline.filter.person == "Chloé Marsh"
    assert timeline.unresolved == ()


@pytest.mark.parametrize("typed", ["Ben", "okafr", "Benedikt Okafor"])
def test_person_with_short_alias_and_typos(base: FactBase, typed: str) -> None:
    assert ids(build_timeline(base, TimelineFilter(person=typed))) == BEN


def test_person_by_title_alias(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="governor delgado"))
    assert ids(timeline) == ["rosa-elected", "floods-hit"]


@pytest.mark.parametrize("typed", ["flooding", "Floods", "flodding"])
def test_topic_by_id_alias_and_typo(base: FactBase, typed: str) -> None:
    timeline = build_timeline(base, TimelineFilter(topic=typed))
    assert ids(timeline) == FLOODS
    assert timeline.filter.topic == "Flooding"


def test_topic_by_label(base: FactBase) -> None:
    assert ids(build_timeline(base, TimelineFilter(topic="the riverton bridge"))) == [
        "bridge-proposed",
        "budget-approved",
        "bridge-opened",
        "marsh-bridge-quote",
        "council-vote",
        "trust-pledge",
    ]


def test_organisation(base: FactBase) -> None:
    council = build_timeline(base, TimelineFilter(organisation="the council"))
    assert ids(council) == ["bridge-proposed", "budget-approved", "council-vote"]
    trust = build_timeline(base, TimelineFilter(organisation="Green Shore Trust"))
    assert ids(trust) == ["trust-pledge", "trust-relief"]


def test_place_leaves_out_undated_facts(base: FactBase) -> None:
    riverton = build_timeline(base, TimelineFilter(place="riverton"))
    assert ids(riverton) == [
        "bridge-proposed",
        "bridge-opened",
        "marsh-bridge-quote",
        "council-vote",
    ]
    harbor = build_timeline(base, TimelineFilter(place="Harbor City"))
    assert ids(harbor) == FLOODS


@pytest.mark.parametrize(
    ("year_from", "year_to", "expected"),
    [
        (2018, 2018, ALL[2:7]),
        (2019, None, FLOODS),
        (None, 2017, ["rosa-elected", "bridge-proposed"]),
        (2017, 2018, ALL[1:7]),
        (2018, 2017, ALL[1:7]),  # reversed: swapped, not empty
    ],
)
def test_year_range_is_inclusive(
    base: FactBase, year_from: int | None, year_to: int | None, expected: list[str]
) -> None:
    timeline = build_timeline(base, TimelineFilter(year_from=year_from, year_to=year_to))
    assert ids(timeline) == expected


def test_within_a_month_leaves_out_year_only_dates(base: FactBase) -> None:
    # trust-pledge says only "2018": it may not have been in July, so it is not shown.
    timeline = build_timeline(base, TimelineFilter(within=PartialDate(2018, 7)))
    assert ids(timeline) == [
        "budget-approved",
        "bridge-opened",
        "marsh-bridge-quote",
        "council-vote",
    ]


def test_within_a_day(base: FactBase) -> None:
    on_14 = build_timeline(base, TimelineFilter(within=PartialDate(2018, 7, 14)))
    assert ids(on_14) == ["bridge-opened", "marsh-bridge-quote"]
    on_1 = build_timeline(base, TimelineFilter(within=PartialDate(2018, 7, 1)))
    assert ids(on_1) == ["budget-approved"]  # not the month-only council vote


def test_within_a_day_one_conflicting_source_gives(base: FactBase) -> None:
    # The flood article dates the opening July 15: the disputed event is shown, once.
    on_15 = build_timeline(base, TimelineFilter(within=PartialDate(2018, 7, 15)))
    assert ids(on_15) == ["bridge-opened"]


@pytest.mark.parametrize(
    "question",
    ["what happened on 15 july 2018", "anything on july 15?", "what went on on the 15th of july"],
)
def test_asked_about_a_day_one_conflicting_source_gives_the_event_is_listed(
    base: FactBase, question: str
) -> None:
    # Asked in words, as the /timeline filter: the opening dated July 14 by one article is
    # what happened on July 15 by the other, and it is still shown at its own date.
    reply = Matcher(base).ask(question)
    assert reply.answered and reply.form == "timeline"
    assert [r.fact.id for r in reply.facts] == ["bridge-opened"]


def test_a_conflicting_date_does_not_move_the_event_past_itself(base: FactBase) -> None:
    # "after the opening": the July 15 its second source gives is not after its own July 14.
    reply = Matcher(base).ask("what happened after the bridge opened?")
    assert "bridge-opened" not in [r.fact.id for r in reply.facts]


def test_within_a_year_includes_qualified_dates(base: FactBase) -> None:
    assert ids(build_timeline(base, TimelineFilter(within=PartialDate(2017)))) == [
        "bridge-proposed"
    ]


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        # a qualified year is a third of it: early Jan-Apr, mid May-Aug, late Sep-Dec
        (PartialDate.parse("2017", "late"), ["bridge-proposed"]),
        (PartialDate.parse("2019", "early"), ["floods-hit", "trust-relief"]),
        # "mid 2019" is in mid 2019; March 2019 is not, and plain "2018" may not be
        (PartialDate.parse("2019", "mid"), ["okafor-rebuild"]),
        (PartialDate.parse("2018", "mid"), ALL[2:6]),
        (PartialDate.parse("2018", "late"), []),
        # a qualified month is a third of it: early 1-10, mid 11-20, late 21-31
        (PartialDate.parse("2018-07", "early"), ["budget-approved"]),
        (PartialDate.parse("2018-07", "mid"), ["bridge-opened", "marsh-bridge-quote"]),
    ],
)
def test_within_a_qualified_span(base: FactBase, within: PartialDate, expected: list[str]) -> None:
    assert ids(build_timeline(base, TimelineFilter(within=within))) == expected


def test_after_and_before_a_date_are_exclusive(base: FactBase) -> None:
    opened = PartialDate(2018, 7, 14)
    after = build_timeline(base, TimelineFilter(after=opened))
    # the flood article dates the opening July 15: the disputed event is after the 14th
    assert ids(after) == ["bridge-opened", "council-vote", "trust-pledge", *FLOODS]
    before = build_timeline(base, TimelineFilter(before=opened))
    assert ids(before) == ["rosa-elected", "bridge-proposed", "budget-approved"]
    between = TimelineFilter(after=PartialDate(2018, 7, 1), before=PartialDate(2019, 3, 2))
    assert ids(build_timeline(base, between)) == ALL[3:7]


def test_article_counts_conflict_claim_sources(base: FactBase) -> None:
    # bridge-opened cites the flood article only in its conflict's second claim.
    flood = build_timeline(base, TimelineFilter(article="flood-article"))
    assert ids(flood) == ["bridge-opened", *FLOODS]
    bridge = build_timeline(base, TimelineFilter(article="bridge-article"))
    assert ids(bridge) == ALL[:7]


# -- filters combined -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (TimelineFilter(person="chloe", year_from=2018, year_to=2018), CHLOE[1:]),
        (TimelineFilter(person="ben", place="harbor city"), ["okafor-rebuild"]),
        (
            TimelineFilter(topic="bridge", organisation="council", within=PartialDate(2018, 7)),
            ["budget-approved", "council-vote"],
        ),
        (TimelineFilter(article="flood-article", topic="bridge"), ["bridge-opened"]),
        (TimelineFilter(topic="elections", year_from=2018), ["council-vote"]),
    ],
)
def test_filters_combine_with_and(
    base: FactBase, filter_: TimelineFilter, expected: list[str]
) -> None:
    assert ids(build_timeline(base, filter_)) == expected


def test_blank_values_mean_no_filter(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="  ", topic=""))
    assert ids(timeline) == ALL
    assert timeline.filter == TimelineFilter()


def test_resolved_filter_gives_the_same_timeline_again(base: FactBase) -> None:
    first = build_timeline(base, TimelineFilter(person="chloe mrash", topic="floods"))
    assert first.filter == TimelineFilter(person="Chloé Marsh", topic="Flooding")
    again = build_timeline(base, first.filter)
    assert again == first


# -- nothing found ----------------------------------------------------------------------------


def test_filter_matching_nothing_names_the_filter(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="chloe", year_from=2016, year_to=2016))
    assert timeline.events == ()
    assert timeline.unresolved == ()
    assert timeline.empty_message == "No events for Chloé Marsh in 2016."


def test_unknown_person_is_reported_not_ignored(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="zorp", year_from=2018))
    assert timeline.events == ()
    assert timeline.unresolved == ("no person called 'zorp'",)
    assert timeline.empty_message == "No events: no person called 'zorp'."


def test_a_place_is_not_a_person(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="Riverton"))
    assert timeline.unresolved == ("no person called 'Riverton'",)


def test_shared_surname_is_ambiguous_not_guessed(base: FactBase) -> None:
    timeline = build_timeline(base, TimelineFilter(person="reyes"))
    assert timeline.unresolved == ("'reyes' could be Ana Reyes or Luis Reyes",)


def test_every_unresolved_value_is_reported(base: FactBase) -> None:
    filter_ = TimelineFilter(topic="zzzz", organisation="acme", place="mars", article="nope")
    assert build_timeline(base, filter_).unresolved == (
        "no organisation called 'acme'",
        "no place called 'mars'",
        "no topic called 'zzzz'",
        "no article 'nope'",
    )


@pytest.mark.parametrize(
    ("filter_", "described"),
    [
        (TimelineFilter(), "all events"),
        (TimelineFilter(person="Khloé Kardashian", year_from=2023, year_to=2023),
         "events with Khloé Kardashian in 2023"),
        (TimelineFilter(year_from=2017, year_to=2018), "events from 2017 to 2018"),
        (TimelineFilter(year_from=2019), "events from 2019 on"),
        (TimelineFilter(year_to=2017), "events up to 2017"),
        (TimelineFilter(within=PartialDate(2018, 7)), "events in July 2018"),
        (TimelineFilter(within=PartialDate(2024, 4, 25)), "events on April 25, 2024"),
        (TimelineFilter(within=PartialDate(2017, qualifier="late")), "events in late 2017"),
        (TimelineFilter(after=PartialDate(2018, 5, 30)), "events after May 30, 2018"),
        (TimelineFilter(before=PartialDate(2023, 4)), "events before April 2023"),
        (TimelineFilter(after=PartialDate(2019, 12), before=PartialDate(2023, 4, 17)),
         "events between December 2019 and April 17, 2023"),
        (
            TimelineFilter(
                person="Chloé Marsh",
                organisation="Riverton Council",
                topic="The Riverton bridge",
                place="Riverton",
                article="bridge-article",
            ),
            "events with Chloé Marsh involving Riverton Council about The Riverton bridge "
            "in Riverton from article 'bridge-article'",
        ),
    ],
)  # fmt: skip
def test_describe(filter_: TimelineFilter, described: str) -> None:
    assert filter_.describe() == described


def test_empty_message_for_other_filters(base: FactBase) -> None:
    july_2016 = TimelineFilter(topic="floods", within=PartialDate(2016, 7))
    assert build_timeline(base, july_2016).empty_message == "No events about Flooding in July 2016."
    assert Timeline((), TimelineFilter()).empty_message == "No dated events in the fact base."


# -- pages and years ------------------------------------------------------------------------------


def test_pages_of_four(base: FactBase) -> None:
    timeline = build_timeline(base)
    first = timeline.page(1, 4)
    assert [f.id for f in first.events] == ALL[:4]
    assert (first.number, first.count, first.total, first.start) == (1, 3, 10, 0)
    assert (first.has_previous, first.has_next) == (False, True)
    last = timeline.page(3, 4)
    assert [f.id for f in last.events] == ["trust-relief", "okafor-rebuild"]
    assert (last.number, last.start, last.has_previous, last.has_next) == (3, 8, True, False)


@pytest.mark.parametrize(("asked", "given"), [(0, 1), (-5, 1), (4, 3), (99, 3)])
def test_page_number_clamps(base: FactBase, asked: int, given: int) -> None:
    assert build_timeline(base).page(asked, 4).number == given


def test_empty_timeline_has_one_empty_page(base: FactBase) -> None:
    page = build_timeline(base, TimelineFilter(person="zorp")).page(2, 5)
    assert (page.events, page.number, page.count, page.total) == ((), 1, 1, 0)


def test_page_size_must_be_positive(base: FactBase) -> None:
    with pytest.raises(ValueError, match="page size must be at least 1"):
        build_timeline(base).page(1, 0)


def test_by_year(base: FactBase) -> None:
    grouped = [(year, [f.id for f in facts]) for year, facts in build_timeline(base).by_year()]
    assert grouped == [
        (2016, ["rosa-elected"]),
        (2017, ["bridge-proposed"]),
        (2018, ALL[2:7]),
        (2019, FLOODS),
    ]


def test_suggested_value_resolves_to_the_same_thing(base: FactBase) -> None:
    value, _ = suggest(base, "person", "gov")[0]
    assert build_timeline(base, TimelineFilter(person=value)).filter.person == "Rosa Delgado"
