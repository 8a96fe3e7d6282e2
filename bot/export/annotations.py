"""Every verbatim quote of every fact as a W3C Web Annotation (www.w3.org/TR/annotation-model/),
so annotation tools can show the facts on the articles they come from.

One Annotation per distinct passage a fact cites (its own sources and its conflict's claims'),
motivated `describing`: the target is the article's seed file (see `iris.py`) narrowed by a
TextQuoteSelector (the passage exactly as the article writes it, with up to 32 characters of
context each side) and a TextPositionSelector (its [start, end) offsets in code points into
the article's text as stored, so `text[start:end] == exact`). The bodies are the fact's text
(a TextualBody, purpose `describing`) and the fact's IRI (a SpecificResource, purpose
`linking`: the same IRI the ClaimReview export uses); a passage behind a claim of a
disagreement adds each such claim (a TextualBody, purpose `commenting`). The fact's IRI is not
the TextualBody's own `id`: the W3C test suite reads any body with an `id` as an external
resource, which may not carry a purpose. All of them come in one AnnotationCollection whose
first (only) AnnotationPage holds them in fact order; the page and each annotation carry the
context too, so each stands alone when a tool takes it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot import __version__
from bot.core import Article, Claim, Fact, FactBase, Source, quote_offsets
from bot.export.iris import DEFAULT_BASE, article_iri, fact_iri

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # prefix and suffix length: enough to tell repeated passages apart


class QuoteNotFoundError(ValueError):
    """A quote is not in its article. The loader refuses such a fact base, so only one built
    another way can have it; the message names the fact's file and line."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One distinct span of one article that a fact cites, and the claims it backs (each
    with its number in the fact's conflict, from 1)."""

    fact: Fact
    article: Article
    start: int
    end: int
    claims: tuple[tuple[int, Claim], ...]

    @property
    def exact(self) -> str:
        return self.article.text[self.start : self.end]


def passages(base: FactBase) -> Iterator[Passage]:
    """Each fact's cited spans, each once per fact: its own sources first, then those only
    its conflict's claims cite, in the order the fact base lists them."""
    for fact in base.facts:
        claims: dict[tuple[str, int, int], list[tuple[int, Claim]]] = {}  # in citing order
        cited: list[tuple[Source, tuple[int, Claim] | None]] = [(s, None) for s in fact.sources]
        if fact.conflict:
            numbered = enumerate(fact.conflict.claims, start=1)
            cited += [(s, (n, claim)) for n, claim in numbered for s in claim.sources]
        for source, claim in cited:
            backed = claims.setdefault((source.article, *_offsets(fact, source, base)), [])
            if claim is not None and claim not in backed:
                backed.append(claim)
        for (article_id, start, end), backed in claims.items():
            yield Passage(fact, base.articles[article_id], start, end, tuple(backed))


def _offsets(fact: Fact, source: Source, base: FactBase) -> tuple[int, int]:
    article = base.articles[source.article]
    span = quote_offsets(article.text, source.quote)
    if span is None:
        raise QuoteNotFoundError(
            f"{fact.origin or fact.id}: the quote {source.quote[:60]!r} is not in {article.file}"
        )
    return span


def to_annotations(
    base: FactBase, *, author: str = "factbot", iri_base: str = DEFAULT_BASE
) -> dict[str, Any]:
    """The AnnotationCollection of every passage every fact cites: ready for `json.dumps`."""
    items = []
    number: dict[str, int] = {}
    for passage in passages(base):
        number[passage.fact.id] = number.get(passage.fact.id, 0) + 1
        items.append(_annotation(passage, number[passage.fact.id], author, iri_base))
    collection = f"{iri_base}annotations"
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"The facts of {author}, on the articles they quote",
        "total": len(items),
        "first": {
            "@context": CONTEXT,
            "id": f"{collection}/page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def _annotation(passage: Passage, number: int, author: str, iri_base: str) -> dict[str, Any]:
    fact, text = passage.fact, passage.article.text
    quote_selector = {"type": "TextQuoteSelector", "exact": passage.exact}
    prefix = text[max(0, passage.start - CONTEXT_CHARS) : passage.start]
    suffix = text[passage.end : passage.end + CONTEXT_CHARS]
    if prefix:
        quote_selector["prefix"] = prefix
    if suffix:
        quote_selector["suffix"] = suffix
    bodies: list[dict[str, Any]] = [
        _text_body(fact.text, "describing"),
        {"type": "SpecificResource", "source": fact_iri(iri_base, fact.id), "purpose": "linking"},
    ]
    bodies += [_text_body(claim.text, "commenting") for _, claim in passage.claims]
    return {
        "@context": CONTEXT,
        "id": f"{iri_base}annotations/{fact.id}/{number}",
        "type": "Annotation",
        "motivation": "describing",
        "creator": {"type": "Organization", "name": author},
        "generator": {"type": "Software", "name": f"factbot {__version__}"},
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": {
                "id": article_iri(iri_base, passage.article),
                "type": "Text",
                "format": "text/plain",
            },
            "selector": [
                quote_selector,
                {"type": "TextPositionSelector", "start": passage.start, "end": passage.end},
            ],
        },
    }


def _text_body(value: str, purpose: str) -> dict[str, str]:
    return {
        "type": "TextualBody",
        "value": value,
        "format": "text/plain",
        "purpose": purpose,
    }
