"""Example questions the bot can answer, drawn from the fact base itself, for help texts and
"the coverage doesn't say" replies (so they never go stale when the facts change).

They are shown to members, so they are written as a person would: the names as the fact
base spells them ("Ines Calder", not "ines calder"), a capital first letter and a
question mark. They vary with the question, and facts close to the question come first.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from bot.core.models import Fact, FactBase
from bot.core.normalize import normalize


def example_questions(
    base: FactBase, count: int = 3, *, question: str = "", near: Iterable[Fact] = ()
) -> list[str]:
    """Up to `count` questions, each from a different story where there are enough: first
    from the facts `near` the question, then from the stories in turn, starting at a place
    that depends on `question` (the same question always gets the same examples)."""
    by_story: dict[str, list[Fact]] = {}
    for fact in base.facts:
        if fact.questions:
            by_story.setdefault(fact.story, []).append(fact)
    if not by_story:
        return []
    turn = zlib.crc32(normalize(question).encode()) if question else 0
    stories = list(by_story)
    start = turn % len(stories)
    order = stories[start:] + stories[:start]
    picked: list[Fact] = [f for f in near if f.questions][:1]
    round_ = 0
    while len(picked) < count and round_ < max(len(facts) for facts in by_story.values()):
        for story in order:
            facts = by_story[story]
            fact = facts[(turn + round_) % len(facts)]
            if len(picked) < count and fact not in picked and _new_story(fact, picked, round_):
                picked.append(fact)
        round_ += 1
    return [well_written(f.questions[0], base) for f in picked[:count]]


def _new_story(fact: Fact, picked: list[Fact], round_: int) -> bool:
    """On the first pass, one example per story; later passes fill in from any."""
    return round_ > 0 or all(p.story != fact.story for p in picked)


def well_written(question: str, base: FactBase) -> str:
    """`question` with the names spelt as the fact base spells them, a capital first
    letter and a question mark: "did calder talk to pike" -> "Did Calder talk to Pike?"."""
    text = " ".join(question.split())
    if not text:
        return text
    spelling = _spelling(base)

    def spelt(match: re.Match[str]) -> str:
        name = spelling[match.group(0).casefold()]
        # "The Future Shapers" is "the Future Shapers" inside a sentence
        return "the" + name[3:] if match.start() and name.startswith("The ") else name

    text = _names_pattern(base).sub(spelt, text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith(("?", "!", ".")) else f"{text}?"


_cache: list[tuple[FactBase, re.Pattern[str], dict[str, str]]] = []


def _prepare(base: FactBase) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every name and alias that has a capital letter, longest first, as one pattern."""
    if _cache and _cache[0][0] is base:
        return _cache[0][1], _cache[0][2]
    spelling: dict[str, str] = {}
    for entity in base.entities.values():
        for name in entity.names:
            if name != name.casefold() and name[:1].isalnum():
                spelling.setdefault(name.casefold(), name)
    names = sorted(spelling, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names) or r"(?!x)x"
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    _cache[:] = [(base, pattern, spelling)]
    return pattern, spelling


def _names_pattern(base: FactBase) -> re.Pattern[str]:
    return _prepare(base)[0]


def _spelling(base: FactBase) -> dict[str, str]:
    return _prepare(base)[1]
