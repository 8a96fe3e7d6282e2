"""`Matcher.why`: why an answer was chosen, in a member's terms (invented Wrenfield base)."""

from __future__ import annotations

import pytest

from bot.core import Matcher
from tests.helpers import wrenfield_base


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(wrenfield_base())


def test_why_names_the_fact_its_lead_the_words_matched_and_its_words_in_the_article(
    matcher: Matcher,
) -> None:
    why = matcher.why("who lent the pikes the boats they rowed in")
    assert why is not None and why.fact.id == "pike-rowed-neighbours"
    assert why.confidence >= why.threshold
    assert why.runner_up is not None and why.runner_up.id != why.fact.id
    question = "who lent the pikes the boats they rowed in"
    runner = next(c for c in matcher.explain(question).candidates if c.fact is why.runner_up)
    assert why.lead == pytest.approx(why.confidence - runner.confidence)
    assert {"lent", "boats"} <= set(why.matched)
    [passage] = why.passages
    assert passage.quote == why.fact.sources[0].quote
    assert passage.article.text.count(passage.quote) >= 1
    # cut at whole words, marked where the article goes on
    assert passage.after.endswith("…") and not passage.after[:-1].endswith(" ")


def test_no_answer_has_no_why(matcher: Matcher) -> None:
    assert matcher.why("what is the boiling point of mercury") is None
