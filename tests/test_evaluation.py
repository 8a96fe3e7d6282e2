"""`factbot eval` judges as the shared scorer (../shared/eval/score.py) does, so that its
figures are the ones the held-out sets are judged by."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import PartialDate
from bot.core.matcher import Matcher
from bot.tools.evaluation import Question, dated_as_expected, evaluate, fact_is_correct
from bot.tools.event_naming import named_right
from tests.conftest import DATA
from tests.helpers import wrenfield_base

WRENFIELD = DATA / "wrenfield"

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
        text="The school reopened in September 2022, six months after the March 16, 2022 visit.",
    )
    asked = Question(
        "when did the governor visit?", "date", (("march 16", "2022-03-16"),), frozenset(), True
    )
    articles = wrenfield_base().articles
    assert fact_is_correct(visit, articles, asked) and fact_is_correct(later, articles, asked)
    assert dated_as_expected(visit, asked)
    assert not dated_as_expected(later, asked)


def test_an_event_is_named_right_within_the_date_given_at_least_as_precisely() -> None:
    june, day = PartialDate.parse("2018-06"), PartialDate.parse("2018-06-06")
    assert named_right(day, (june,))  # a day of the month given
    assert not named_right(PartialDate.parse("2018"), (june,))  # vaguer than given
    assert named_right(PartialDate.parse("2018-05-30"), (PartialDate.parse("2018-05-31"),))
    assert not named_right(PartialDate.parse("2018-05-28"), (PartialDate.parse("2018-05-31"),))
    assert named_right(day, (PartialDate.parse("2017"), june))  # any of the dates given


def test_factbot_eval_events_scores_phrases_named_and_untold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        '- phrase: "the wrenfield primary school reopening"\n  date: "2022-09"\n'
        '- phrase: "the moon landing"\n  date: none\n',
        encoding="utf-8",
    )
    wrenfield = ["--facts", str(WRENFIELD / "facts"), "--seeds", str(WRENFIELD / "seeds")]
    assert main(["eval", "--events", str(events), *wrenfield]) == 0
    assert "named_right=1.000 dated=1/1 untold_declined=1/1" in capsys.readouterr().out
    events.write_text('- phrase: "the school reopening"\n  date: "next spring"\n', "utf-8")
    assert main(["eval", "--events", str(events), *wrenfield]) == 2
    err = capsys.readouterr().err
    assert f"{events}: phrase 1" in err and "2018-05" in err and "date: none" in err
