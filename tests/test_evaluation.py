"""`factbot eval` judges as the shared scorer (../shared/eval/score.py) does, so that its
figures are the ones the held-out sets are judged by."""

from __future__ import annotations

import dataclasses

from bot.core.matcher import Matcher
from bot.tools.evaluation import Question, dated_as_expected, evaluate, fact_is_correct
from tests.helpers import wrenfield_base

# Both events of the comparison are dated 2022; only the later one says the school reopened,
# and the earlier one, the answer, is listed first.
ORDER = "which came first, the governor's visit or the school reopening?"


def _asked(kind: str) -> Question:
    return Question(ORDER, kind, (("reopen",),), frozenset(), True)


def test_a_timeline_is_judged_whole_only_when_a_timeline_was_asked_for() -> None:
    matcher = Matcher(wrenfield_base())
    reply = matcher.ask(ORDER)
    assert reply.form == "timeline" and "reopen" not in reply.facts[0].fact.text.lower()
    as_timeline, as_fact = (evaluate([_asked(kind)], matcher.ask) for kind in ("timeline", "fact"))
    assert as_timeline.outcomes[0].ok  # its events together hold the answer
    assert not as_fact.outcomes[0].ok  # its first event is the answer, and it does not


def test_a_date_question_is_about_the_fact_of_that_date_not_one_that_mentions_it() -> None:
    """Training labels: the judge accepts any fact whose words hold the date, but the
    memory of judged questions learns from the fact dated so (bot/tools/train_scorer.py)."""
    facts = wrenfield_base().facts_by_id
    visit = facts["governor-visit"]
    later = dataclasses.replace(
        facts["school-reopened"],
        text="The school reopened in September 2022, six months after the 16 March 2022 visit.",
    )
    asked = Question(
        "when did the governor visit?", "date", (("16 march", "2022-03-16"),), frozenset(), True
    )
    articles = wrenfield_base().articles
    assert fact_is_correct(visit, articles, asked) and fact_is_correct(later, articles, asked)
    assert dated_as_expected(visit, asked)
    assert not dated_as_expected(later, asked)
