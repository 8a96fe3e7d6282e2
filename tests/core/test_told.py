"""A fact tells one event and may mention others: "the school reopened six months after the
flood" tells of the reopening. A phrase naming the flood should not be read as that fact's
event (bot/core/told.py)."""

from __future__ import annotations

from bot.core import Fact
from bot.core.index import Analyzer
from bot.core.told import ToldTerms

told = ToldTerms(Analyzer())
LAUNCH = Fact("signal", "Nine days after the probe was launched, it sent its first signal.", ())
FERRY = Fact("ferry", "By the time the bridge opened, the ferry had made its last crossing.", ())
PLAN = Fact("plan", "The agency said it was planning to launch a second probe in 2030.", ())


def _share(fact: Fact, phrase: str) -> float:
    terms = tuple(Analyzer().text_terms(phrase))
    return told.share(fact, told.named(phrase, terms), lambda term: 1.0)


def test_a_fact_does_not_tell_the_event_its_after_clause_places_it_by() -> None:
    assert _share(LAUNCH, "the probe launch") == 0.0
    assert _share(LAUNCH, "the first signal") == 1.0
    assert _share(LAUNCH, "the probe's first signal") == 2 / 3  # "probe" only places it


def test_by_the_time_and_plans_are_mentions_too() -> None:
    assert _share(FERRY, "the bridge opening") == 0.0
    assert _share(FERRY, "the ferry's last crossing") == 1.0
    assert _share(PLAN, "the second probe launch") == 0.0  # planned, not told as done


def test_a_phrase_placed_by_another_event_names_its_own() -> None:
    """ "The signal after the launch": the signal, whatever says when the launch was."""
    assert told.named("the signal after the launch", ("signal", "launch")) == {"signal"}
    assert _share(LAUNCH, "the signal after the launch") == 1.0


def test_a_phrase_sharing_no_words_with_a_fact_keeps_its_likeness() -> None:
    assert _share(LAUNCH, "the mission budget") == 1.0
