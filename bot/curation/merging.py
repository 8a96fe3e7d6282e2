"""Which drafts restate a fact the base already has, and where they disagree with it.

A draft and an existing fact are compared with the matcher's two signals: meaning (cosine
similarity of the shipped sentence-embedding model's vectors, `bot.core.semantic`, over
the texts and the quotes) and words (rapidfuzz's token-set ratio of the normalised texts,
as the matcher's paraphrase feature). A close pair that shares who or where is the same
statement: the draft is proposed as an extra source of that fact; if both are dated and
the dates disagree, a `conflict` with both claims is proposed instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from bot.core import Fact, FactBase
from bot.core.normalize import normalize
from bot.core.semantic import Embedder, shipped_embedder
from bot.curation.drafting import Draft

SAME_STATEMENT = 0.74  # combined similarity from which a draft restates a fact
SEMANTIC_WEIGHT = 0.7  # ... of which meaning weighs this much, words the rest


def propose_merges(
    base: FactBase,
    drafts: Sequence[Draft],
    *,
    threshold: float = SAME_STATEMENT,
    embedder: Embedder | None = None,
) -> None:
    """Mark each draft that restates an existing fact as a merge (or conflict) proposal."""
    facts = [f for f in base.facts if f.sources]
    if not facts or not drafts:
        return
    model = embedder or shipped_embedder()
    fact_text = model.encode([f.text for f in facts])
    quotes = [(i, s.quote) for i, f in enumerate(facts) for s in f.sources]
    quote_vectors = model.encode([q for _, q in quotes])
    owner = np.array([i for i, _ in quotes])
    draft_text = model.encode([d.text for d in drafts])
    draft_quote = model.encode([d.sentence.text for d in drafts])
    by_text = draft_text @ fact_text.T
    by_quote_all = draft_quote @ quote_vectors.T
    by_quote = np.full_like(by_text, -1.0)
    for column, fact_index in enumerate(owner):
        np.maximum(by_quote[:, fact_index], by_quote_all[:, column], out=by_quote[:, fact_index])
    semantic = np.maximum(by_text, by_quote)
    normalised = [normalize(f.text) for f in facts]
    for row, draft in enumerate(drafts):
        order = np.argsort(-semantic[row])[:10]
        best: tuple[float, Fact] | None = None
        mine = normalize(draft.text)
        for index in order:
            fact = facts[int(index)]
            if not _shares_someone(draft, fact):
                continue
            lexical = fuzz.token_set_ratio(mine, normalised[int(index)]) / 100
            score = SEMANTIC_WEIGHT * float(semantic[row, index]) + (1 - SEMANTIC_WEIGHT) * lexical
            if best is None or score > best[0]:
                best = (score, fact)
        if best is None or best[0] < threshold:
            continue
        score, fact = best
        draft.similarity = round(score, 3)
        draft.into = fact.id
        draft.proposal = "merge"
        if (
            draft.date is not None
            and fact.date is not None
            and not (fact.date.contains(draft.date) or draft.date.contains(fact.date))
        ):
            draft.proposal = "conflict"
            draft.record["conflict"] = _conflict(draft, fact)


def _shares_someone(draft: Draft, fact: Fact) -> bool:
    mine = set(draft.record.get("people", [])) | set(draft.record.get("places", []))
    mine |= set(draft.record.get("organisations", []))
    if draft.record.get("said_by"):
        mine.add(draft.record["said_by"])
    theirs = set(fact.involved)
    return not mine or not theirs or bool(mine & theirs)


def _conflict(draft: Draft, fact: Fact) -> dict[str, object]:
    assert draft.date is not None and fact.date is not None
    return {
        "note": (
            f"This article dates it {draft.date.display()}; fact '{fact.id}' has "
            f"{fact.date.display()}. Both claims are shown until a curator settles it."
        ),
        "claims": [
            {
                "text": fact.text,
                "date": fact.date.iso(),
                "sources": [{"article": s.article, "quote": s.quote} for s in fact.sources[:1]],
            },
            {
                "text": draft.text,
                "date": draft.date.iso(),
                "sources": draft.record["sources"],
            },
        ],
    }
