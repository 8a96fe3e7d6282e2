"""Questions already judged (facts/asked.yaml) steer a new question worded like them.

On the invented flood base (tests/data/wrenfield), which no training question is about:
the judged questions here are written for these tests, so the behaviour shown is the
memory's, not the story's."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.core import FactBase, load_fact_base
from bot.core.errors import FactBaseError
from bot.core.matcher import Matcher
from bot.core.models import AskedQuestion, Fact
from bot.core.presentation import is_hedged
from bot.core.reply import Reply
from bot.terminal import render_explanation
from tests.helpers import WRENFIELD, lighthouse_base, wrenfield_base

NOBODY_SAYS = "wen did rufus merriman become head of the river authority"
UNSAID_TWIN = "when did rufus merriman become the head of the river authority"
WALL = "how long is the new flood wall"
WALL_TWIN = "how long is the flood wall"
# A memory whose one judged question asks why: the questions below ask otherwise, so what
# they get with it is what they get from a memory holding nothing like them.
UNLIKE = (AskedQuestion("why did the river burst its banks", ()),)


def _top(reply: Reply) -> str | None:
    return reply.facts[0].fact.id if reply.answered and reply.facts else None


def _shown(reply: Reply) -> Fact:
    """The fact a reply gives, or offers as the closest: in a base that remembers, facts no
    judged question was answered by (these invented ones) answer less surely."""
    return (reply.facts or reply.near_misses)[0].fact


def _with(asked: tuple[AskedQuestion, ...]) -> Matcher:
    return Matcher(replace(wrenfield_base(), asked=asked))


def test_a_question_worded_like_one_nothing_answered_is_declined() -> None:
    assert Matcher(wrenfield_base()).ask(NOBODY_SAYS).answered  # a near-topic fact, wrongly
    reply = _with((AskedQuestion(UNSAID_TWIN, ()),)).ask(NOBODY_SAYS)
    assert not reply.answered


@pytest.mark.parametrize(
    ("question", "unanswered"),
    [
        ("what did calder say at the opening", "what did calder say at the closing"),
        ("what did calder say at the opening", "what did calder say at the party"),
        (
            "what did calder say at the opening of the flood wall",
            "what did calder say at the sale of the flood wall",
        ),
    ],
)
def test_a_question_unlike_in_the_word_that_matters_is_no_twin_of_one_nothing_answered(
    question: str, unanswered: str
) -> None:
    """Their vectors are close (cosine 0.90 to 0.94: a static embedding hardly tells
    "opening" from "closing"), but the judged question asks about another occasion: that
    nothing answered it says little of this one, which the coverage answers."""
    reply = _with((AskedQuestion(unanswered, ()),)).ask(question)
    assert _top(reply) == "calder-sleep-quote"
    assert not _with((AskedQuestion(question, ()),)).ask(question).answered  # its twin counts


def test_a_base_that_keeps_no_judged_questions_is_not_doubted_as_one_where_none_is_alike() -> None:
    """A new base has no memory yet: that no judged question was answered by a fact is then
    no evidence against it, as it is where the memory holds nothing like the question."""
    question = "who is tobias renwick"
    new = Matcher(wrenfield_base()).ask(question)
    unlike = _with(UNLIKE).ask(question)
    # Either of the two profiles that say who he is (they tie within 0.02).
    assert _top(new) == _shown(unlike).id in {"renwick-profile", "renwick-engineer-2024"}
    assert new.confidence > unlike.confidence


def test_a_new_base_answers_its_facts_own_questions_without_a_hedge() -> None:
    """The lighthouse base has alternate questions and no memory yet, as a new newsroom's
    has: asked one of a fact's own questions, it answers with that fact and says it surely
    (it hedged each of them at about 0.5 before the scorer learnt of such bases)."""
    base = lighthouse_base()
    matcher = Matcher(base)
    asked = [(fact.id, question) for fact in base.facts for question in fact.questions]
    assert len(asked) >= 5
    for fact_id, question in asked:
        reply = matcher.ask(question)
        assert _top(reply) == fact_id and not is_hedged(reply), question


def test_a_question_worded_like_one_a_fact_answered_gets_that_fact() -> None:
    assert not Matcher(wrenfield_base()).ask(WALL).answered
    reply = _with((AskedQuestion(WALL_TWIN, ("wall-length-and-cost",)),)).ask(WALL)
    assert _top(reply) == "wall-length-and-cost"


def test_only_a_judged_question_asking_the_same_way_counts() -> None:
    """ "why was the flood wall so long" is no twin of "how long is the flood wall"."""
    other_ask = (AskedQuestion("why is the flood wall so long", ("wall-length-and-cost",)),)
    assert not _with(other_ask).ask(WALL).answered


def test_who_someone_is_asks_apart_from_who_their_relations_are() -> None:
    """ "Who was Tobias Renwick's father" (nothing answered it) is no twin of "who is Tobias
    Renwick", though their vectors are close: the engineer's profile answers as surely as
    from a memory holding nothing like it."""
    unsaid = (AskedQuestion("who was tobias renwick father", ()),)
    reply = _with(unsaid).ask("who is tobias renwick")
    alone = _with(UNLIKE).ask("who is tobias renwick")
    assert _top(reply) == _top(alone)
    assert _top(reply) in {"renwick-profile", "renwick-engineer-2024"}  # his two profiles
    assert reply.confidence == pytest.approx(alone.confidence)


def test_a_judged_question_nothing_answered_for_its_year_leaves_the_question_without_one() -> None:
    """ "How many homes were flooded in 2019" had no answer, for its year: that says nothing
    of "how many homes were flooded" (whose vector is almost its own), which is answered as
    from a memory holding nothing like it; a question asking of another year is still declined."""
    judged = _with((AskedQuestion("how many homes were flooded in 2019", ()),))
    alone = _with(UNLIKE)
    reply = judged.ask("how many homes were flooded")
    assert _top(reply) == _top(alone.ask("how many homes were flooded")) == "homes-flooded"
    assert reply.confidence == pytest.approx(alone.ask("how many homes were flooded").confidence)
    assert not judged.ask("how many homes were flooded in 2015").answered


def test_what_year_asks_as_when_does_not_as_what_someone_said() -> None:
    """ "What year did the flood wall open" asks when, as "when did ..." does: a judged "what
    did they say about the flood wall opening" (nothing answered it) is no twin of it."""
    question = "what year did the flood wall open"
    unsaid = (AskedQuestion("what did they say about the flood wall opening", ()),)
    reply = _with(unsaid).ask(question)
    shown = _shown(reply).date
    assert shown is not None and shown.year == 2024
    assert reply.confidence == pytest.approx(_with(UNLIKE).ask(question).confidence)


def _copy_base(tmp_path: Path, asked: str) -> Path:
    facts = tmp_path / "facts"
    facts.mkdir()
    for path in (WRENFIELD / "facts").glob("*.yaml"):
        (facts / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (facts / "asked.yaml").write_text(asked, encoding="utf-8")
    return facts


def test_the_judged_questions_load_with_the_fact_base(tmp_path: Path) -> None:
    facts = _copy_base(
        tmp_path, 'asked:\n  - q: "how long is the flood wall"\n    facts: [wall-length-and-cost]\n'
    )
    base: FactBase = load_fact_base(facts, WRENFIELD / "seeds")
    assert base.asked == (AskedQuestion("how long is the flood wall", ("wall-length-and-cost",)),)


def test_a_judged_question_naming_an_unknown_fact_names_the_file_line_and_fix(
    tmp_path: Path,
) -> None:
    facts = _copy_base(
        tmp_path,
        'asked:\n  - q: "how long is the wall"\n    facts: []\n'
        '  - q: "how tall is the wall"\n    facts: [wall-height]\n',
    )
    with pytest.raises(FactBaseError) as caught:
        load_fact_base(facts, WRENFIELD / "seeds")
    message = str(caught.value)
    assert "asked.yaml:5" in message
    assert "'wall-height'" in message
    assert "make train" in message


def test_training_reads_the_base_without_the_judged_questions_it_writes_afresh(
    tmp_path: Path,
) -> None:
    """`make train` rewrites asked.yaml: one naming a fact since removed does not stop it."""
    facts = _copy_base(
        tmp_path, 'asked:\n  - q: "how tall is the wall"\n    facts: [wall-height]\n'
    )
    base = load_fact_base(facts, WRENFIELD / "seeds", judged=False)
    shipped = load_fact_base(WRENFIELD / "facts", WRENFIELD / "seeds")
    assert base.asked == () and [f.id for f in base.facts] == [f.id for f in shipped.facts]


def test_the_explanation_shows_the_closest_judged_questions_asking_the_same_way() -> None:
    """`factbot ask --explain` tells a curator which judged question the answer leaned on."""
    asked = (
        AskedQuestion(WALL_TWIN, ("wall-length-and-cost",)),
        AskedQuestion("why is the flood wall so long", ()),
    )
    explanation = _with(asked).explain(WALL)
    assert [(a.text, a.facts) for a, _ in explanation.judged] == [
        (WALL_TWIN, ("wall-length-and-cost",))
    ]
    shown = render_explanation(explanation, wrenfield_base())
    assert f"judged alike ({explanation.judged[0][1]:.2f}): '{WALL_TWIN}' -> wall-length" in shown


def test_an_opening_when_clause_does_not_ask_when() -> None:
    """ "When the flood wall opened, what did it cost?" asks what it cost: a judged "when did
    the flood wall open" is no twin of it, and the wall's cost answers as from a memory
    holding nothing like it."""
    question = "When the flood wall opened, what did it cost?"
    judged = _with((AskedQuestion("when did the flood wall open", ("wall-opened",)),))
    reply = judged.ask(question)
    alone = _with(UNLIKE).ask(question)
    assert _shown(reply).id == _shown(alone).id == "wall-length-and-cost"
    assert reply.confidence == pytest.approx(alone.confidence)
