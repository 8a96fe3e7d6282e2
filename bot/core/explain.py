"""Why the bot answered what it did: the curator's view of one question.

`Matcher.explain` fills these with what the matcher actually used: how the question was
read, each candidate's features, which of them pushed its score up or down and by how much
(log-odds), the confidence against the threshold, and the decision. A curator reads it to
fix the fact base (add a phrasing, make a fact self-contained) instead of the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Fact
from bot.core.reply import Reply


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature of one candidate: its value and what it added to the log-odds."""

    feature: str
    value: float
    effect: float


@dataclass(frozen=True, slots=True)
class ExplainedCandidate:
    fact: Fact
    rank: float  # the ranker's probability (the order)
    confidence: float  # the answerer's probability (the decision)
    ranker: tuple[Contribution, ...]  # largest effects first
    answerer: tuple[Contribution, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    reply: Reply
    route: str  # "facts", "timeline", "declined", "empty", "too long"
    reading: tuple[tuple[str, str], ...]  # what the question was read as: (aspect, value)
    candidates: tuple[ExplainedCandidate, ...]
    threshold: float
    decision: str  # one sentence: why it answered, abstained or offered a choice
