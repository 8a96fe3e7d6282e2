"""Why the bot answered what it did: the curator's view of one question.

`Matcher.explain` fills these with what the matcher actually used: how the question was
read, each candidate's features, which of them pushed its score up or down and by how much
(log-odds), the confidence against the threshold, and the decision. A curator reads it to
fix the fact base (add a phrasing, make a fact self-contained) instead of the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.checks import quote_offsets
from bot.core.models import Article, AskedQuestion, Fact
from bot.core.reply import Reply

PASSAGE_REACH = 160  # characters of the article shown on each side of a quote


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
    route: str  # "facts", "timeline", "declined", "empty", "quoted", "too long"
    reading: tuple[tuple[str, str], ...]  # what the question was read as: (aspect, value)
    candidates: tuple[ExplainedCandidate, ...]
    threshold: float
    decision: str  # one sentence: why it answered, abstained or offered a choice
    # The judged questions closest to it (facts/asked.yaml), with their cosines.
    judged: tuple[tuple[AskedQuestion, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """A quote in its article: the words before it, the quote as written, the words after."""

    article: Article
    before: str
    quote: str
    after: str


@dataclass(frozen=True, slots=True)
class Why:
    """A member's view of why an answer was chosen (the "Why?" button, `/why`): the fact,
    how sure the bot is and by how much the runner-up lost, what of the question it matched,
    and the fact's words in their articles."""

    fact: Fact
    confidence: float
    threshold: float
    runner_up: Fact | None
    lead: float | None  # confidence minus the runner-up's
    matched: tuple[str, ...]  # the question's words the fact shares
    phrasing: str | None  # the fact's own phrasing closest to the question
    passages: tuple[Passage, ...]


def passages(fact: Fact, articles: dict[str, Article] | None) -> tuple[Passage, ...]:
    """Each of a fact's quotes with the article text around it, cut at word boundaries."""
    found = []
    for source in fact.sources:
        article = (articles or {}).get(source.article)
        span = quote_offsets(article.text, source.quote) if article else None
        if article is None or span is None:
            continue
        start, end = span
        text = article.text
        before = text[max(0, start - PASSAGE_REACH) : start]
        after = text[end : end + PASSAGE_REACH]
        if start > PASSAGE_REACH and " " in before:
            before = "…" + before.split(" ", 1)[1]
        if end + PASSAGE_REACH < len(text) and " " in after:
            after = after.rsplit(" ", 1)[0] + "…"
        found.append(
            Passage(article, " ".join(before.split()), text[start:end], " ".join(after.split()))
        )
    return tuple(found)
