"""Facts whose sources disagree as schema.org ClaimReview JSON-LD (schema.org/ClaimReview),
the markup fact-checkers publish and search engines and fact-check tools read.

A conflict keeps each side's claim with its own sources, and the fact base judges none of
them true or false: its note says why they disagree, and the fact says what the bot tells
people. So each claim of each conflict is one ClaimReview: `claimReviewed` is the claim,
`itemReviewed` a Claim whose `text` is the article's own words and whose `appearance`s
are the articles (headline, publisher, author and date only as far as each article states
them; what is inferred is said in the article's `description`), `reviewBody` the fact's
text, `reviewRating` a textual rating only ("Sources disagree", with the note as its
explanation: no number, since there is no verdict to scale), and `identifier` the fact id,
which the reviews of one conflict share. The schema has no verdict field, so only conflicts
are exported. Google's guidance asks for the `url` of the page that publishes each review:
it is set when the IRI base is a web address (see `iris.py`).
"""

from __future__ import annotations

from typing import Any

from bot.core import Article, Claim, Fact, FactBase, Source, cited_articles, quote_offsets
from bot.export.iris import DEFAULT_BASE, article_iri, fact_iri, is_web

CONTEXT = "https://schema.org"
RATING = "Sources disagree"  # the textual rating: a disagreement, not a verdict
_QUOTE_JOIN = " … "  # between a claim's quotes, when it has several


def to_claimreviews(
    base: FactBase, *, author: str = "factbot", iri_base: str = DEFAULT_BASE
) -> list[dict[str, Any]]:
    """One ClaimReview per claim of each fact whose sources disagree, in fact-base order:
    a JSON-LD list ready for `json.dumps`."""
    return [
        _review(fact, number, claim, base, author=author, iri_base=iri_base)
        for fact in base.facts
        if fact.conflict
        for number, claim in enumerate(fact.conflict.claims, start=1)
    ]


def _review(
    fact: Fact, number: int, claim: Claim, base: FactBase, *, author: str, iri_base: str
) -> dict[str, Any]:
    assert fact.conflict is not None  # only conflicts are reviewed
    iri = f"{fact_iri(iri_base, fact.id)}#claim-{number}"
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": _QUOTE_JOIN.join(dict.fromkeys(_as_written(s, base) for s in claim.sources)),
        "appearance": [
            _appearance(article, iri_base)
            for article in cited_articles(claim.sources, base.articles)
        ],
    }
    if claim.date:
        item["temporalCoverage"] = claim.date.iso()  # the time the claim is about
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": iri,
        "identifier": fact.id,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewBody": fact.text,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": RATING,
            "ratingExplanation": fact.conflict.note,
        },
        "author": {"@type": "Organization", "name": author},
    }
    if is_web(iri_base):
        review["url"] = iri
    return review


def _as_written(source: Source, base: FactBase) -> str:
    """The quote as its article writes it (curly quotes and all), on one line; the curator's
    copy if it cannot be found (a fact base the loader did not check)."""
    text = base.articles[source.article].text
    span = quote_offsets(text, source.quote)
    return " ".join((text[span[0] : span[1]] if span else source.quote).split())


def _appearance(article: Article, iri_base: str) -> dict[str, Any]:
    """An article as a schema.org Article: its own headline as `headline` (ours, when it has
    none, as `name`), and publisher, author and date as far as known, the inferred ones
    said to be so in `description`."""
    work: dict[str, Any] = {"@type": "Article", "@id": article_iri(iri_base, article)}
    work["name" if article.headline_editorial else "headline"] = article.headline
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.author:
        work["author"] = {"@type": "Person", "name": article.author}
    if article.published:
        work["datePublished"] = article.published.iso()
    inferred = [
        f"{what} {value} is inferred from: {' '.join(reason.split())}"
        for what, value, reason in (
            ("The publisher", article.outlet, article.outlet_inferred_from),
            ("The author", article.author, article.author_inferred_from),
            (
                "The date",
                article.published.iso() if article.published else None,
                article.published_inferred_from,
            ),
        )
        if value and reason
    ]
    if article.headline_editorial:
        inferred.insert(0, "The article has no headline of its own; the name is descriptive.")
    if inferred:
        work["description"] = " ".join(inferred)
    return work
