"""The TimelineJS export: dates only as precise as the facts', escaped text, both claims of
a conflict, and a title that says why when there are no events."""

from __future__ import annotations

import json

import pytest

from bot.core import FactBase, load_fact_base
from bot.core.timeline import TimelineFilter, build_timeline
from bot.export.timelinejs import headline, to_timelinejs
from tests.conftest import DATA

FLOODS = ["floods-hit", "trust-relief", "okafor-rebuild"]  # Harbor City's events, in order


@pytest.fixture(scope="module")
def base() -> FactBase:
    return load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")


def test_timelinejs_start_date_only_as_precise_as_the_date(base: FactBase) -> None:
    events = {e["unique_id"]: e for e in to_timelinejs(build_timeline(base), base)["events"]}
    assert len(events) == 10
    assert events["rosa-elected"]["start_date"] == {"year": "2016"}
    assert events["bridge-proposed"]["start_date"] == {"year": "2017"}
    assert events["bridge-proposed"]["display_date"] == "late 2017"
    assert events["council-vote"]["start_date"] == {"year": "2018", "month": "7"}
    assert events["council-vote"]["display_date"] == "July 2018"
    assert events["budget-approved"]["start_date"] == {"year": "2018", "month": "7", "day": "1"}
    assert events["okafor-rebuild"]["start_date"] == {"year": "2019"}
    assert events["okafor-rebuild"]["display_date"] == "mid 2019"


def test_timelinejs_slide_text_group_and_escaped_sources(base: FactBase) -> None:
    document = to_timelinejs(build_timeline(base, TimelineFilter(place="harbor city")), base)
    assert [e["unique_id"] for e in document["events"]] == FLOODS
    slide = document["events"][1]
    assert slide["group"] == "Floods in Harbor City"
    assert slide["text"]["headline"] == ("In March 2019 the Green Shore Trust raised money for…")
    assert slide["text"]["text"] == (
        "<p>In March 2019 the Green Shore Trust raised money for families who lost their "
        "homes in the Harbor City floods.</p>"
        "<p>Sources: Harbor City counts the cost of the floods — Harbor Post &amp; Courier, "
        "August 2019</p>"
    )


def test_timelinejs_conflict_shows_both_claims(base: FactBase) -> None:
    document = to_timelinejs(build_timeline(base, TimelineFilter(article="flood-article")), base)
    slide = document["events"][0]
    assert slide["unique_id"] == "bridge-opened"
    assert slide["group"] == "The Riverton bridge"
    assert slide["text"]["headline"] == "⚠ The Riverton bridge opened on Saturday"
    text = slide["text"]["text"]
    assert "<strong>Sources disagree:</strong> The two articles give different opening days." in (
        text
    )
    assert (
        "<li><strong>July 14, 2018</strong>: The bridge opened on July 14, 2018. — "
        "Riverton's new bridge opens — The Riverton Gazette, July 16, 2018</li>"
    ) in text
    assert (
        "<li><strong>July 15, 2018</strong>: The bridge opened on July 15, 2018. — "
        "Harbor City counts the cost of the floods — Harbor Post &amp; Courier, "
        "August 2019</li>"
    ) in text


def test_timelinejs_title(base: FactBase) -> None:
    chloe = build_timeline(base, TimelineFilter(person="chloe"))
    document = to_timelinejs(chloe, base)
    assert document["title"] == {
        "text": {
            "headline": "Events with Chloé Marsh",
            "text": "<p>3 dated events from 2 articles.</p>",
        }
    }
    titled = to_timelinejs(chloe, base, title="Chloé & the bridge")
    assert titled["title"]["text"]["headline"] == "Chloé &amp; the bridge"
    json.dumps(document)  # plain JSON types only


def test_timelinejs_empty_timeline_says_why(base: FactBase) -> None:
    document = to_timelinejs(build_timeline(base, TimelineFilter(person="zorp")), base)
    assert document["events"] == []
    assert document["title"]["text"]["text"] == "<p>No events: no person called 'zorp'.</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rosa Delgado was elected governor in 2016.", "Rosa Delgado was elected governor in 2016"),
        (
            "The Riverton bridge opened on Saturday, July 14, 2018, with two people cutting it.",
            "The Riverton bridge opened on Saturday",
        ),
        (
            # The first clause only sets the scene, so the sentence is cut instead.
            "In February 2023, Kim Kardashian and Michael Rubin hosted a dinner for young people.",
            "In February 2023, Kim Kardashian and Michael Rubin hosted a…",
        ),
        (
            "Robert Kardashian, Kim Kardashian's father, represented O.J. Simpson in his trial.",
            "Robert Kardashian, Kim Kardashian's father, represented…",
        ),
    ],
)
def test_headline(text: str, expected: str) -> None:
    assert headline(text) == expected
    assert len(headline(text)) <= 60
