"""The fact base's semantic rules: verbatim quotes, unambiguous names, full coverage.

Field shapes are `schema.py`'s job; these rules need several records at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.core.models import Article, Entity, FactBase, Topic
from bot.core.normalize import fold_for_quotes, normalize

_SENTENCE_END = re.compile(r"(?<=[.!?\"\u201d])\s+(?=[A-Z\u201c\"\u2018'])")
_MIN_OVERLAP = 20  # characters of a sentence a quote must cover to count as citing it


# An article's folded text, made once: every quote of every fact is looked up in it.
_folded_article = lru_cache(maxsize=64)(fold_for_quotes)


def quote_span(article: Article, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in the article (in quote-folded text), or None if it does not."""
    haystack = _folded_article(article.text)
    needle = fold_for_quotes(quote)
    start = haystack.find(needle)
    return None if start < 0 or not needle else (start, start + len(needle))


def is_verbatim(article: Article, quote: str) -> bool:
    """Whether `quote` occurs in the article (`quote_span` without the span: it runs for
    every source of every fact)."""
    return fold_for_quotes(quote) in _folded_article(article.text)


@dataclass(frozen=True, slots=True)
class NameClash:
    """One name claimed by two entities or topics."""

    name: str
    first: str
    second: str


def name_clashes(entities: Iterable[Entity], topics: Iterable[Topic]) -> list[NameClash]:
    """Names (canonical or alias) that would point at two different things.

    Names are compared the way the matcher compares them (case and accents ignored), so
    "Khloé" and "khloe" on two entities clash.
    """
    owner: dict[str, str] = {}
    clashes = []
    named = [(e.id, e.names) for e in entities] + [(t.id, (t.label, *t.aliases)) for t in topics]
    for thing_id, names in named:
        for name in names:
            key = normalize(name)
            if not key:
                continue
            if owner.setdefault(key, thing_id) != thing_id:
                clashes.append(NameClash(name, owner[key], thing_id))
    return clashes


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) spans of quote-folded text, split at sentence ends and lines."""
    folded_lines = [fold_for_quotes(line) for line in text.splitlines()]
    folded = fold_for_quotes(text)
    spans = []
    cursor = 0
    for line in folded_lines:
        if not line:
            continue
        for raw in _SENTENCE_END.split(line):
            part = raw.strip()
            if not part:
                continue
            start = folded.find(part, cursor)
            if start < 0:
                continue
            spans.append((start, start + len(part), part))
            cursor = start + len(part)
    return spans


def uncited_sentences(base: FactBase) -> dict[str, list[str]]:
    """Per article, the sentences no fact quotes from: what a curator has not yet covered."""
    cited: dict[str, list[tuple[int, int]]] = {a: [] for a in base.articles}
    for fact in base.facts:
        sources = list(fact.sources)
        if fact.conflict:
            sources += [s for claim in fact.conflict.claims for s in claim.sources]
        for source in sources:
            article = base.articles[source.article]
            span = quote_span(article, source.quote)
            if span:
                cited[source.article].append(span)
    report: dict[str, list[str]] = {}
    for article_id, article in base.articles.items():
        missing = []
        for start, end, sentence in sentences(article.text):
            covered = sum(max(0, min(end, e) - max(start, s)) for s, e in cited[article_id])
            if covered < min(_MIN_OVERLAP, end - start):
                missing.append(sentence)
        report[article_id] = missing
    return report
