"""Choosing among a follow-up's readings: the most confident without a fitted chooser; with
one, what it weighs (here an invented chooser that holds repeating the last answer against
a reading), on invented facts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from bot.core import Fact, PartialDate, Source
from bot.core.readings import (
    FORM,
    INPUTS,
    FollowUp,
    Form,
    Reading,
    ReadingChooser,
    choose,
    describe_all,
)
from bot.core.reply import RankedFact, Reply
from bot.core.scorer import LinearModel, ScorerError

DAM = Fact("dam", "The Wren dam was inspected.", (Source("a", "inspected"),), tags=("dam",))
WALL = Fact("wall", "The flood wall opened.", (Source("a", "opened"),), tags=("dam",))


def _reply(fact: Fact, confidence: float) -> Reply:
    return Reply(
        "q", confidence >= 0.5, facts=(RankedFact(fact, confidence),), confidence=confidence
    )


def _chooser(**weights: float) -> ReadingChooser:
    size = len(INPUTS)
    coef = np.asarray([weights.get(name, 0.0) for name in INPUTS])
    return ReadingChooser(LinearModel(np.zeros(size), np.ones(size), coef, 0.0), {})


def test_without_a_chooser_the_most_confident_reading_wins_and_the_first_on_a_tie() -> None:
    first = (Reading("about the dam. when was that", "context"), _reply(DAM, 0.7))
    second = (Reading("when was that the dam", "inline"), _reply(WALL, 0.9))
    third = (Reading("when was that", "alone"), _reply(WALL, 0.9))
    assert choose([first, second, third], FollowUp(DAM), None) is second


def test_a_chooser_can_prefer_a_new_answer_to_a_surer_repeat_of_the_last_one() -> None:
    repeat = (Reading("about the dam. who else was there", "context"), _reply(DAM, 0.8))
    new = (Reading("about Tom Hale. who else was there", "answer"), _reply(WALL, 0.6))
    chooser = _chooser(confidence=1.0, same_as_last=-2.0)
    assert choose([repeat, new], FollowUp(DAM), chooser) is new
    # with no last answer to repeat, the surer reading wins again
    assert choose([repeat, new], FollowUp(None), chooser) is repeat


TERMS = {"dam": frozenset({"wren", "dam", "inspect"}), "wall": frozenset({"flood", "wall", "open"})}


def test_a_chooser_can_prefer_the_answer_that_holds_the_follow_ups_own_words() -> None:
    """ "How high is the wall?" after the dam: the reading that carries the dam's words is
    surer of the dam, but only the wall's fact has the follow-up's own word."""
    follow_up = FollowUp(
        DAM, {"wall": 2.0, "high": 1.0}, rarest=2.0, terms_of=lambda fact: TERMS[fact.id]
    )
    dam = (Reading("about the dam. how high is the wall", "context"), _reply(DAM, 0.8))
    wall = (Reading("how high is the wall", "alone"), _reply(WALL, 0.6))
    assert choose([dam, wall], follow_up, _chooser(confidence=1.0)) is dam
    chooser = _chooser(confidence=1.0, own_coverage=1.0, own_missing=-1.0)
    assert choose([dam, wall], follow_up, chooser) is wall
    # a follow-up with no words of its own ("and when?") is not held against either
    bare = FollowUp(DAM, {}, terms_of=lambda fact: TERMS[fact.id])
    assert choose([dam, wall], bare, chooser) is dam


def test_a_chooser_can_prefer_the_answer_that_fits_the_follow_up_as_asked() -> None:
    """ "When was that?": the reading that names the wall is surer, but only the dam's fact
    gives what is asked (the matcher's likelihood for the follow-up as asked, `fits`)."""
    fits = {"dam": 0.9, "wall": 0.1}
    follow_up = FollowUp(DAM, fits=lambda fact: fits[fact.id])
    dam = (Reading("when was that", "alone"), _reply(DAM, 0.6))
    wall = (Reading("about the wall. when was that", "context"), _reply(WALL, 0.8))
    assert choose([dam, wall], follow_up, _chooser(confidence=1.0)) is wall
    assert choose([dam, wall], follow_up, _chooser(confidence=1.0, fits_as_asked=1.0)) is dam


def test_a_chooser_can_hold_a_repeat_against_a_follow_up_in_a_new_setting() -> None:
    """ "And at the opening?" asks the last question elsewhere: repeating the last answer
    is what it does not want; "and when was that?" may well want it."""
    repeat = (Reading("what did she say about the dam at the opening", "inline"), _reply(DAM, 0.8))
    new = (Reading("what did she say at the opening", "frame"), _reply(WALL, 0.7))
    chooser = _chooser(confidence=1.0, repeats_in_new_setting=-1.0)
    assert choose([repeat, new], FollowUp(DAM, new_setting=True), chooser) is new
    assert choose([repeat, new], FollowUp(DAM), chooser) is repeat


def test_a_chooser_can_prefer_the_answer_most_readings_agree_on() -> None:
    """Three readings give the wall, one, surer, the dam: the agreeing readings carry it,
    and a decline shared by the other readings counts as agreement too."""
    dam = (Reading("about the dam. when did it open", "context"), _reply(DAM, 0.8))
    walls = [
        (Reading(text, kind), _reply(WALL, 0.6))  # type: ignore[arg-type]
        for text, kind in [("when did it open", "alone"), ("when did the wall open", "person")]
    ]
    chooser = _chooser(confidence=1.0, agreement=1.0)
    assert choose([dam, *walls], FollowUp(DAM), _chooser(confidence=1.0)) is dam
    assert choose([dam, *walls], FollowUp(DAM), chooser) in walls
    declines = [(r, _reply(WALL, 0.4)) for r, _ in walls]  # below 0.5: not answered
    assert choose([dam, *declines], FollowUp(DAM), chooser) in declines


def test_a_chooser_can_weigh_a_reading_against_the_others_of_the_same_follow_up() -> None:
    """Confidence is compared across a follow-up's readings: a chooser that prefers the
    reading surest beyond the follow-up as asked picks the reading that gains most on it,
    though another is surer in itself, and keeps the one reading there is."""
    asked = (Reading("when did it open", "alone"), _reply(WALL, 0.7))
    context = (Reading("about the dam. when did it open", "context"), _reply(DAM, 0.75))
    follow_up = FollowUp(DAM)
    rows = describe_all([asked, context], follow_up)
    column = {name: rows[:, i] for i, name in enumerate(INPUTS)}
    assert column["outranked_by"].tolist() == [1.0, 0.0]
    assert column["above_alone"] == pytest.approx([0.0, 0.05])
    assert column["above_others"] == pytest.approx([-0.05, 0.05])
    assert column["readings"].tolist() == [2.0, 2.0]
    assert column["as_alone"].tolist() == [1.0, 0.0]  # the wall as asked; the dam not
    # a chooser that holds a reading's gain over the as-asked one against its confidence
    chooser = _chooser(confidence=1.0, below_best=-1.0, above_alone=-20.0)
    assert choose([asked, context], follow_up, chooser) is asked
    assert choose([asked, context], follow_up, _chooser(confidence=1.0)) is context


def test_a_reading_is_described_by_the_people_its_answer_shares_with_the_last_one() -> None:
    """After an answer about Ann and Tom, a reading answered with a fact about Tom and Lee
    shares one of the three people between them; one answered with a stranger's, none."""
    last = dataclasses.replace(DAM, people=("ann", "tom"))
    toms = dataclasses.replace(WALL, people=("tom", "lee"))
    strangers = dataclasses.replace(WALL, id="gate", people=("eve",))
    follow_up = FollowUp(last, last_confidence=0.9)
    readings = [
        (Reading("what did he build", "person"), _reply(toms, 0.6)),
        (Reading("what did he build", "alone"), _reply(strangers, 0.7)),
    ]
    rows = describe_all(readings, follow_up)
    column = {name: rows[:, i] for i, name in enumerate(INPUTS)}
    assert column["people_shared"] == pytest.approx([1 / 3, 0.0])
    assert column["last_confidence"].tolist() == [0.9, 0.9]


def test_a_reading_is_described_by_how_many_years_its_answer_is_from_the_last() -> None:
    """ "How old was she then?" after an answer from 2024 stays in 2024: a reading answered
    from 2018 is six years away, one from 2024 none, and an undated answer says so (-1)."""
    last = dataclasses.replace(DAM, date=PartialDate(2024, 4, 25))
    then = dataclasses.replace(WALL, date=PartialDate(2024))
    before = dataclasses.replace(WALL, id="gate", date=PartialDate(2018, 5))
    readings = [
        (Reading("how old was she then", "alone"), _reply(before, 0.8)),
        (Reading("about the dam. how old was she then", "context"), _reply(then, 0.6)),
        (Reading("how old was she then the dam", "inline"), _reply(WALL, 0.4)),
    ]
    rows = describe_all(readings, FollowUp(last))
    assert rows[:, INPUTS.index("years_apart")].tolist() == [6.0, 0.0, -1.0]
    chooser = _chooser(confidence=1.0, years_apart=-0.1)
    assert choose(readings, FollowUp(last), chooser) is readings[1]


def test_every_reading_carries_how_the_follow_up_is_put() -> None:
    """The form is the follow-up's, not a reading's: the trees weigh a reading's kind by
    it ("and when was that?" leans on the last turn, a question with a name of its own
    perhaps not)."""
    asked = (Reading("when was that", "alone"), _reply(WALL, 0.7))
    context = (Reading("about the dam. when was that", "context"), _reply(DAM, 0.6))
    leaning = FollowUp(DAM, form=Form(points_back=True, continues=True, asks=3))
    rows = describe_all([asked, context], leaning)
    columns = [INPUTS.index(f"form_{name}") for name in FORM]
    assert rows[:, columns].tolist() == [[1, 1, 0, 0, 0, 0, 3]] * 2


def test_a_chooser_file_that_cannot_be_used_says_how_to_fix_it(tmp_path: Path) -> None:
    broken = tmp_path / "readings.json"
    broken.write_text('{"inputs": ["confidence"], "model": {}}', encoding="utf-8")
    with pytest.raises(ScorerError, match="make train"):
        ReadingChooser.load(broken)
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ScorerError, match="cannot read"):
        ReadingChooser.load(broken)
