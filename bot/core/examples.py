"""Example questions the bot can answer, drawn from the fact base itself, for help texts and
"the coverage doesn't say" replies (so they never go stale when the facts change)."""

from __future__ import annotations

from bot.core.models import FactBase


def example_questions(base: FactBase, count: int = 3) -> list[str]:
    """One question per story, in story order, up to `count`."""
    examples: list[str] = []
    seen_stories: set[str] = set()
    for fact in base.facts:
        if fact.story in seen_stories or not fact.questions:
            continue
        seen_stories.add(fact.story)
        examples.append(fact.questions[0])
        if len(examples) == count:
            break
    return examples
