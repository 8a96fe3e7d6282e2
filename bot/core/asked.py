"""Questions already asked and judged, consulted like a colleague's memory.

People who have never seen the fact base ask about the same things in much the same words:
of the training questions, about half have a near twin (cosine 0.9 or more) in a set
written by someone else, and the twins agree on whether the coverage answers them 19 times
in 20. So a new question is compared with the judged ones (`facts/asked.yaml`, written by
`make train`): being worded like a question a fact answered is evidence for that fact, and
being worded like a question nothing answered is evidence for "the coverage doesn't say".
How much either counts is fitted with the other features (`bot/tools/train_scorer.py`).
Closeness is the cosine of the two questions' vectors less a share of how far apart their
words are (`WORDS_WEIGHT`): a static embedding puts "what did she say at the opening" and
"what did she say at the closing" at 0.93, and that nothing answered the one says little
of the other.

Only a judged question asking with the same word counts ("why did she meet him" is no
twin of "when did she meet him", though their words are alike). A judged question nothing
answered that names a year counts only for a question naming a year: "what prisons did
she visit in 2020" may have no answer for its year alone, and says nothing of "what
prisons did she visit", whose vector is almost its own (a static embedding barely tells
the year).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.core.lexicon import ask_code
from bot.core.models import AskedQuestion, Fact
from bot.core.normalize import normalize
from bot.core.patterns import YEAR_WORD
from bot.core.semantic import Embedder, Vector, cached_vectors, grouped_rows

# How sharply closeness turns into "a twin": exp((cosine - 1) / TWIN_WIDTH) is 1 for the
# same words, 0.37 at cosine 0.9 and 0.05 at 0.7. Chosen by repeated cross-validation
# among 0.02, 0.05, 0.1, 0.2 and 0.4 (reply accuracy 0.829, 0.846, 0.857, 0.856, 0.852).
TWIN_WIDTH = 0.1
# A static embedding barely tells "did she say anything nice about him" from "did any new
# pardons come up with him" (cosine 0.88): how far a judged question's words are from the
# question's (1 - Dice over their index terms) lowers its closeness by this much. Chosen by
# cross-validation among 0, 0.1, 0.2 and 0.4 (reply accuracy 0.902, 0.904, 0.904, 0.899;
# the top candidate right 0.924, 0.926, 0.929, 0.928).
WORDS_WEIGHT = 0.2


def twin(cosine: float) -> float:
    """How much a judged question this close counts as the same question (0 to 1)."""
    return math.exp((min(max(cosine, 0.0), 1.0) - 1.0) / TWIN_WIDTH)


@dataclass(frozen=True, slots=True)
class Recall:
    """A question's closeness to the judged questions asking with the same word."""

    answered_by: NDArray[np.float32]  # per candidate: the closest one it answered (0: none)
    unanswered: float  # the closest one nothing answered
    # Whether there are judged questions at all: a new base has none, and then that none was
    # answered by a candidate says nothing against it.
    remembers: bool = True


class AskedIndex:
    """The judged questions' vectors, grouped by the fact that answered them."""

    def __init__(
        self,
        asked: Sequence[AskedQuestion],
        facts: Sequence[Fact],
        embedder: Embedder,
        *,
        cache_dir: Path | None = None,
        vectors: NDArray[np.float32] | None = None,
        terms: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        """`vectors`: the questions' own (`vectors_of`), when already worked out; `terms`:
        a text's index terms, for how far a judged question's words are from a question's
        (none: closeness is the cosine alone)."""
        position = {fact.id: p for p, fact in enumerate(facts)}
        self._asked = tuple(asked)
        texts = [normalize(a.text) for a in asked]
        if vectors is None:
            vectors = cached_vectors(embedder, texts, cache_dir)
        self._vectors = vectors
        asks = np.asarray([ask_code(t) for t in texts], dtype=np.int8)
        pairs = sorted(
            (position[fact_id], row)
            for row, question in enumerate(asked)
            for fact_id in question.facts
            if fact_id in position  # a suspended fact's questions wait for it
        )
        # The judged questions' rows grouped by the fact they answered, and where each
        # fact's rows start (as the semantic index keeps its phrasings).
        owners = np.asarray([p for p, _ in pairs], dtype=np.int64)
        self._rows = np.asarray([r for _, r in pairs], dtype=np.int64)
        self._starts = np.searchsorted(owners, np.arange(len(facts) + 1))
        self._unanswered = np.flatnonzero([not a.facts for a in asked])
        # Judged questions nothing answered that name a year (`_closeness`).
        self._unanswered_of_a_year = np.asarray(
            [row for row in self._unanswered if YEAR_WORD.search(texts[row])], dtype=np.int64
        )
        # Per asking word, its judged questions (a question is compared with those alone):
        # their rows, their vectors (contiguous) and their words (`_Words`).
        owned = [frozenset(terms(t)) if terms else frozenset() for t in texts]
        self._words_known = terms is not None
        self._by_ask: dict[int, tuple[NDArray[np.int64], NDArray[np.float32], _Words]] = {}
        for code in np.unique(asks):
            rows = np.flatnonzero(asks == code)
            vectors = np.ascontiguousarray(self._vectors[rows])
            self._by_ask[int(code)] = (rows, vectors, _Words([owned[r] for r in rows]))

    @staticmethod
    def vectors_of(asked: Sequence[AskedQuestion], embedder: Embedder) -> NDArray[np.float32]:
        """The judged questions' vectors, as an index of them computes them."""
        return embedder.encode([normalize(a.text) for a in asked])

    def __len__(self) -> int:
        return len(self._vectors)

    def closest(
        self,
        query: Vector,
        asks: int,
        limit: int = 3,
        *,
        dated: bool = False,
        terms: Collection[str] = (),
    ) -> list[tuple[AskedQuestion, float]]:
        """The judged questions asking the same way that are closest to the question, with
        their closeness: what `factbot ask --explain` shows a curator."""
        if not len(self._vectors) or limit <= 0:
            return []
        scores = self._closeness(query, asks, dated, terms)
        top = np.argsort(-scores, kind="stable")[:limit]
        return [(self._asked[i], float(scores[i])) for i in top if scores[i] > 0]

    def recall(
        self,
        query: Vector,
        asks: int,
        positions: Sequence[int],
        *,
        dated: bool = False,
        terms: Collection[str] = (),
    ) -> Recall:
        """Closeness to the judged questions, for the candidates at `positions`; `dated`:
        whether the question names a year; `terms`: its index terms (`_closeness`)."""
        answered_by = np.zeros(len(positions), dtype=np.float32)
        if not len(self._vectors):
            return Recall(answered_by, 0.0, remembers=False)
        scores = self._closeness(query, asks, dated, terms)
        unanswered = float(scores[self._unanswered].max()) if len(self._unanswered) else 0.0
        has, offsets, rows = grouped_rows(self._starts, np.asarray(positions, dtype=np.int64))
        if has.any():  # the best of each wanted fact's run of rows
            answered_by[has] = np.maximum.reduceat(scores[self._rows[rows]], offsets)
        return Recall(np.maximum(answered_by, 0.0), max(unanswered, 0.0))

    def _closeness(
        self, query: Vector, asks: int, dated: bool, terms: Collection[str]
    ) -> NDArray[np.float32]:
        """The question's closeness to each judged question: the cosine, lowered by how far
        the judged question's words are from the question's terms (`WORDS_WEIGHT`); -1 for
        those asking another way, and for those nothing answered that name a year when the
        question names none."""
        scores = np.full(len(self._vectors), -1.0, dtype=np.float32)
        if asks in self._by_ask:
            rows, vectors, words = self._by_ask[asks]
            close = vectors @ query
            if self._words_known and WORDS_WEIGHT:
                close -= WORDS_WEIGHT * (1.0 - words.dice(terms))
            scores[rows] = close
        if not dated:
            scores[self._unanswered_of_a_year] = -1.0
        return scores


class _Words:
    """The index terms of a group of judged questions, looked up by term: how many of a
    question's terms each shares costs one pass over the postings of those terms."""

    def __init__(self, owned: Sequence[frozenset[str]]) -> None:
        self._sizes = np.asarray([len(own) for own in owned], dtype=np.float32)
        holders: dict[str, list[int]] = {}
        for row, own in enumerate(owned):
            for term in own:
                holders.setdefault(term, []).append(row)
        self._holders = {t: np.asarray(rows, dtype=np.int64) for t, rows in holders.items()}

    def dice(self, terms: Collection[str]) -> NDArray[np.float32]:
        """Per judged question, 2 |shared terms| / (|its terms| + |the question's|): 1 for the
        same words, 0 for none in common (and 1 when neither has any)."""
        own = set(terms)
        hits = [self._holders[t] for t in own if t in self._holders]
        shared = np.zeros(len(self._sizes), dtype=np.float32)
        if hits:
            shared += np.bincount(np.concatenate(hits), minlength=len(self._sizes))
        total = self._sizes + len(own)
        return np.divide(2 * shared, total, out=np.ones_like(total), where=total > 0)
