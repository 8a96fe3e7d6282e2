"""The curation commands' steps, for the CLI, the evaluation and the tests alike."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bot.core import FactBase, FactBaseError, load_fact_base
from bot.core.semantic import Embedder
from bot.curation.drafting import ArticleDrafts, draft_article
from bot.curation.merging import DEFAULT, Weights, propose_merges
from bot.curation.store import DraftPaths, read_drafts, write_drafts

PLACEHOLDER = """\
# Article '{article}' was added and awaits its drafts: run `factbot draft {article}`.
# Until then the bot serves the rest of the fact base; this file is no fact.
"""


@dataclass(frozen=True, slots=True)
class Drafted:
    result: ArticleDrafts
    paths: DraftPaths
    seconds: float


def mark_pending(facts_dir: Path, article_id: str) -> Path:
    """Say that an added article's drafts are still to come (the loader then does not
    count the article as cited by no fact)."""
    path = DraftPaths.of(facts_dir, article_id).facts
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(PLACEHOLDER.format(article=article_id), encoding="utf-8")
    return path


class DecisionsWouldBeLostError(Exception):
    """Drafting again would overwrite a review in progress."""


def draft(
    facts_dir: Path,
    seeds_dir: Path,
    article_id: str,
    *,
    embedder: Embedder | None = None,
    force: bool = False,
) -> Drafted:
    """Draft `article_id` against the current fact base and write the draft files; refuses
    to overwrite decisions already taken unless `force`."""
    found = read_drafts(DraftPaths.of(facts_dir, article_id))
    decided = [d for d in found[1]["drafts"] if d["decision"] != "pending"] if found else []
    if decided and not force:
        raise DecisionsWouldBeLostError(
            f"{len(decided)} draft(s) of '{article_id}' already have a decision: publish them "
            f"(factbot publish {article_id}), or draft again with --force to start over"
        )
    placeholder = mark_pending(facts_dir, article_id)
    base = load_fact_base(facts_dir, seeds_dir)
    if article_id not in base.articles:
        raise KeyError(article_id)
    drafted = draft_base(base, article_id, embedder=embedder)
    paths = write_drafts(facts_dir, drafted.result)
    assert paths.facts == placeholder
    return Drafted(drafted.result, paths, drafted.seconds)


@dataclass(frozen=True, slots=True)
class InMemory:
    result: ArticleDrafts
    seconds: float


def draft_base(
    base: FactBase,
    article_id: str,
    *,
    embedder: Embedder | None = None,
    weights: Weights = DEFAULT,
) -> InMemory:
    """The drafts of one article of `base`, with merge proposals against its other facts."""
    start = time.perf_counter()
    result = draft_article(base, base.articles[article_id])
    propose_merges(base, result.drafts, embedder=embedder, weights=weights)
    return InMemory(result, time.perf_counter() - start)


__all__ = [
    "DecisionsWouldBeLostError",
    "Drafted",
    "FactBaseError",
    "InMemory",
    "draft",
    "draft_base",
    "mark_pending",
]
