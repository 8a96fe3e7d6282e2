"""What a fact's text offers as an answer (bot/core/fit.py), read from its words."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.fit import FactFeatures
from tests.helpers import wrenfield_base


@pytest.mark.parametrize(
    ("text", "gives_a_reason"),
    [
        ("The choir sang in the square as part of the flood appeal.", True),
        ("The bakery closed because the cellar had flooded.", True),
        ("The mayor came in order to thank the rowers.", True),
        # belonging to something is not a reason for anything
        ("The singers are part of the Wrenfield Rowing Club.", False),
        ("Joel Pike was part of the group that rowed neighbours to safety.", False),
    ],
)
def test_a_reason_is_told_by_the_words_that_give_one_not_by_membership(
    text: str, gives_a_reason: bool
) -> None:
    """ "Why did they bring the rowers?" is not answered by a fact that only says the
    rowers are part of a club: it lacks a reason (the `lacks_why` feature)."""
    fact = dataclasses.replace(wrenfield_base().facts[0], text=text)
    features = FactFeatures.of(fact, lambda word: word, lambda text: ())
    assert features.has_reason is gives_a_reason


@pytest.mark.parametrize(
    ("text", "gives_a_count"),
    [
        ("Fifteen rowers took their boats out.", True),
        ("Numerous neighbours wrote to the council.", True),
        ("The mayor met the rowers a few times before the vote.", True),
        ("Dozens of sandbags lined Mill Lane.", True),
        # a year is no count
        ("The rowers took their boats out in 2022.", False),
        ("The rowers took their boats out.", False),
    ],
)
def test_a_count_may_be_given_in_words_however_vague(text: str, gives_a_count: bool) -> None:
    """ "How many times did they meet?" is answered by "numerous meetings": a fact that
    says so does not lack a count (the `lacks_count` feature)."""
    fact = dataclasses.replace(wrenfield_base().facts[0], text=text)
    features = FactFeatures.of(fact, lambda word: word, lambda text: ())
    assert features.has_count is gives_a_count
