"""The pure core of factbot: fact base, matcher, timeline and replies.

No Discord import, no environment reads, no printing: everything here can be driven from a
REPL or a test, and both front ends (terminal and Discord) render what it returns.
"""

from bot.core.checks import uncited_sentences
from bot.core.errors import FactBaseError, Problem
from bot.core.loading import load_fact_base, read_fact_base
from bot.core.models import (
    Article,
    Claim,
    Conflict,
    Entity,
    Fact,
    FactBase,
    PartialDate,
    Source,
    Story,
    Topic,
)
from bot.core.query import MAX_QUESTION_CHARS

__all__ = [
    "MAX_QUESTION_CHARS",
    "Article",
    "Claim",
    "Conflict",
    "Entity",
    "Fact",
    "FactBase",
    "FactBaseError",
    "PartialDate",
    "Problem",
    "Source",
    "Story",
    "Topic",
    "load_fact_base",
    "read_fact_base",
    "uncited_sentences",
]
