"""Harmless changes keep the answer: chat that says nothing ("hey bot,", "thanks!", an
emoji, a stray number, doubled spaces) and contractions ("who's" for "who is") must not
change whether the bot answers nor which fact it gives, because it is stripped when the
question is read, not listed per question.

Measured over the project's own question sets (answerable questions); each variant must
keep the answered flag and the top fact on at least 98% of them
(`python -m tests.core.test_metamorphic` prints the figures).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest

from bot.core import FactBase
from bot.core.matcher import Matcher
from bot.core.reply import Reply
from bot.tools.evaluation import load_questions
from tests.conftest import DATA

SETS = ("dev", "own", "holdout", "blind", "blind2")
KEPT = 0.98
VARIANTS: dict[str, Callable[[str], str]] = {
    "a stray number": lambda q: f"{q} 10",
    "an emoji": lambda q: f"{q} 🙂",
    "thanks": lambda q: f"{q} thanks!",
    "a greeting": lambda q: f"hey bot, {q}",
    "wondering aloud": lambda q: f"hi, so I was just wondering: {q}",
    "an apology": lambda q: f"sorry if this is a dumb question but {q}",
    "an interjection": lambda q: f"wait, {q}",
    "asking the room": lambda q: f"does anyone here know {q}",
    "doubled spaces": lambda q: q.replace(" ", "  "),
    # Commas stay: they part the events of a list ("put these in order: X, Y, Z"), which
    # is meaning, not chat.
    "lower case, no punctuation but commas": lambda q: re.sub(r"[^\w\s,]", "", q.lower()),
    "a contraction": lambda q: re.sub(r"\b(who|what|where|when|how) is\b", r"\1's", q),
}


def _key(reply: Reply) -> tuple[bool, str | None, str]:
    return reply.answered, reply.best.fact.id if reply.best else None, reply.form


def _questions() -> list[str]:
    return [
        q.q
        for name in SETS
        for q in load_questions(DATA / "questions" / f"{name}.yaml")
        if q.answerable
    ]


@pytest.fixture(scope="module")
def answers(shipped_base: FactBase) -> tuple[Matcher, dict[str, tuple[bool, str | None, str]]]:
    matcher = Matcher(shipped_base)
    return matcher, {q: _key(matcher.ask(q)) for q in _questions()}


def kept(
    matcher: Matcher, plain: dict[str, tuple[bool, str | None, str]], vary: Callable[[str], str]
) -> tuple[float, list[str]]:
    changed = [q for q, key in plain.items() if _key(matcher.ask(vary(q))) != key]
    return 1 - len(changed) / len(plain), changed


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_harmless_change_keeps_the_answer(
    answers: tuple[Matcher, dict[str, tuple[bool, str | None, str]]], variant: str
) -> None:
    matcher, plain = answers
    share, changed = kept(matcher, plain, VARIANTS[variant])
    assert share >= KEPT, f"{variant}: {share:.3f} kept; changed: {changed[:5]}"


if __name__ == "__main__":  # the figures for every variant
    from bot.core import load_fact_base
    from tests.conftest import ROOT

    matcher = Matcher(load_fact_base(ROOT / "facts", ROOT / "seeds"))
    plain = {q: _key(matcher.ask(q)) for q in _questions()}
    for name, vary in VARIANTS.items():
        print(f"{name}: {kept(matcher, plain, vary)[0]:.3f} of {len(plain)} kept")
    sys.exit(0)
