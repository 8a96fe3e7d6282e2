"""What the bot says, as data: every front end (terminal, Discord, the ask protocol) renders a
`Reply` and none of them decides *what* to say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from bot.core.models import Article, Fact, PartialDate, Source, cited_articles

Form = Literal["facts", "timeline"]


class Abstention(StrEnum):
    """Why a question got no facts. Every front end words each one from bot/wording.py
    (tests/test_wording.py renders every member in both), so a new member needs words there."""

    EMPTY = "empty"  # nothing to search for: blank, only mentions, emoji, punctuation
    TOO_LONG = "too_long"  # a paste, not a question
    NOT_COVERED = "not_covered"  # the coverage does not answer it
    NO_EVENTS = "no_events"  # a timeline question whose filters match no event
    NOT_AS_OF_NOW = "not_as_of_now"  # about "now", and the latest article does not say
    DECLINED = "declined"  # instructions for a language model, or private details


@dataclass(frozen=True, slots=True)
class RankedFact:
    """A fact offered as an answer, with the matcher's confidence in it (0 to 1)."""

    fact: Fact
    score: float


@dataclass(frozen=True, slots=True)
class Reply:
    """The answer to one question: facts best first, or a timeline in order, or an abstention.
    A timeline of events compared ("how long after X was Y") lists the one the heading
    tells of first, as the heading says them: Y, then X.

    `articles` is the article table of the fact base that produced the reply, so a reply
    stays consistent even if the base is reloaded while it is being rendered.
    """

    question: str
    answered: bool
    facts: tuple[RankedFact, ...] = ()
    form: Form = "facts"
    reason: Abstention | None = None
    ambiguous: bool = False  # the top facts are close in score but say different things
    choice_count: int = 0  # how many of the top facts are the choices (0: up to three)
    as_of: Article | None = None  # set for "now"/"latest" questions: the newest article
    heading: str | None = None  # for timelines: what the events are ("Events in July 2018")
    articles: Mapping[str, Article] = field(default_factory=dict, repr=False)
    confidence: float = 0.0
    near_misses: tuple[RankedFact, ...] = ()  # best candidates of an abstention, for curators
    # Of an abstention: facts close to the question, offered as related, never as the answer.
    related: tuple[RankedFact, ...] = ()
    # The other parts of a question of several parts: (the part, its answer or None).
    also: tuple[tuple[str, RankedFact | None], ...] = ()
    # A follow-up as the matcher read it, rewritten with the turn before (None: as asked).
    understood: str | None = None

    @property
    def best(self) -> RankedFact | None:
        return self.facts[0] if self.facts else None

    @property
    def choices(self) -> tuple[RankedFact, ...]:
        """The "did you mean" options when the reply is ambiguous."""
        return self.facts[: self.choice_count or 3] if self.ambiguous else ()

    def articles_of(self, fact: Fact) -> list[Article]:
        """The articles a fact cites, each once, in order: how sources are listed."""
        return cited_articles(fact.sources, self.articles)

    def sources_of(self, fact: Fact) -> list[tuple[Source, Article]]:
        """Each source of a fact with its article, in order."""
        return [(s, self.articles[s.article]) for s in fact.sources if s.article in self.articles]


def date_json(date: PartialDate | None) -> str | None:
    """The protocol's `YYYY[-MM[-DD]]`; a decade has none of those forms, so null."""
    return date.iso() if date and not date.decade else None


def reply_to_json(
    reply: Reply, *, limit: int | None = None, ms: float | None = None
) -> dict[str, Any]:
    """The ask protocol's JSON object for a reply (plus a few fields only humans read)."""
    facts = reply.facts if limit is None else reply.facts[:limit]
    out: dict[str, Any] = {
        "answered": reply.answered,
        "form": reply.form,
        "facts": [_fact_json(ranked, reply) for ranked in facts],
    }
    if reply.reason:
        out["reason"] = reply.reason.value
    if reply.ambiguous:
        out["ambiguous"] = True
    if reply.as_of:
        out["as_of"] = {"article": reply.as_of.id, "published": date_json(reply.as_of.published)}
    if reply.heading:
        out["heading"] = reply.heading
    if reply.also:
        out["also"] = [
            {"question": part, "fact": _fact_json(ranked, reply) if ranked else None}
            for part, ranked in reply.also
        ]
    if reply.understood:
        out["understood"] = reply.understood
    out["confidence"] = round(reply.confidence, 3)
    if ms is not None:
        out["ms"] = round(ms, 3)
    return out


def _fact_json(ranked: RankedFact, reply: Reply) -> dict[str, Any]:
    return {**fact_to_json(ranked.fact, reply.articles), "score": round(ranked.score, 4)}


def fact_to_json(fact: Fact, articles: Mapping[str, Article]) -> dict[str, Any]:
    """A fact as every JSON output writes it: text, ISO date, each source with its article
    and quote, and both claims of a conflict with their own sources (`conflict` null when
    the sources agree)."""
    return {
        "id": fact.id,
        "text": fact.text,
        "date": date_json(fact.date),
        "sources": [
            {
                "article": article.id,
                "file": article.file,
                "headline": article.headline,
                "title": article.headline,
                "outlet": article.outlet,
                "published": date_json(article.published),
                "quote": source.quote,
            }
            for source in fact.sources
            if (article := articles.get(source.article)) is not None
        ],
        "conflict": fact.conflict
        and {
            "note": fact.conflict.note,
            "claims": [
                {
                    "text": claim.text,
                    "date": date_json(claim.date),
                    "sources": [{"article": s.article, "quote": s.quote} for s in claim.sources],
                }
                for claim in fact.conflict.claims
            ],
        },
    }
