"""Meaning, not words: a static sentence-embedding model and the facts' vectors.

The lexical index finds facts that share a question's words; this finds facts that say
the same thing in other words ("the newspaper interview" for a fact that names the Gazette).
The model is all-MiniLM-L6-v2 distilled into a static token-embedding table with
model2vec (bot/models/minilm-l6-m2v, MODEL_CARD.md): numpy, tokenizers and safetensors at
run time, no torch, about 30 µs a question. Each fact is represented by its text, its
quotes and its alternate questions; retrieval compares a question with every fact's
centroid in one matrix product, and the features compare it with each phrasing of the few
candidates.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.core.lexicon import ask_code
from bot.core.models import Fact
from bot.core.normalize import normalize

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "minilm-l6-m2v"
_CACHE_VERSION = "2"
MAX_TOKENS = 512  # a longer text is read to this many tokens, as model2vec does
ENCODE_BATCH = 512  # texts tokenized at once (the tokenizer holds the interpreter meanwhile)
_log = logging.getLogger(__name__)

Vector = NDArray[np.float32]


class Embedder:
    """Text -> unit vectors with the shipped static model (loaded once per process).

    A model2vec static model is a tokenizer and one vector per token; a text's vector is
    the mean of its tokens' vectors (unknown tokens left out), normalised. That is all
    model2vec's `StaticModel.encode` does for this model, so it is read here with
    `tokenizers` and `safetensors` alone, which keeps model2vec's own dependencies (the
    Hugging Face hub client among them, 25 MB) out of the image; a test checks that the
    vectors are model2vec's.
    """

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        from safetensors.numpy import load_file  # imported here: loading the core stays cheap
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        weights = model_dir / "model.safetensors"
        self._table = np.asarray(load_file(weights)["embeddings"], dtype=np.float32)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self._max_tokens = int(config.get("max_length") or MAX_TOKENS)
        unknown = getattr(self._tokenizer.model, "unk_token", None)
        self._unknown = self._tokenizer.token_to_id(unknown) if unknown else None
        self.fingerprint = hashlib.sha256(weights.read_bytes()).hexdigest()[:16]
        self.dimensions = int(self._table.shape[1])
        # The tokenizer's whole words: a vocabulary of correctly spelt English (20k words).
        self.vocabulary = frozenset(
            word
            for word in self._tokenizer.get_vocab()
            if word.isalpha() and word.islower() and len(word) > 1
        )

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised row per text (a text with no known token is a zero row)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        for start in range(0, len(texts), ENCODE_BATCH):  # bounded memory at 100k facts
            batch = list(texts[start : start + ENCODE_BATCH])
            encodings = self._tokenizer.encode_batch_fast(batch, add_special_tokens=False)
            ids = [
                [i for i in encoding.ids[: self._max_tokens] if i != self._unknown]
                for encoding in encodings
            ]
            lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
            has = np.flatnonzero(lengths)
            if not len(has):
                continue
            # Each text's tokens' vectors summed in one numpy call (which lets the event
            # loop run meanwhile), then divided by its length: the mean.
            flat = np.fromiter((t for i in ids for t in i), dtype=np.int64)
            offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))[has]
            sums = np.add.reduceat(self._table[flat], offsets, axis=0)
            out[start + has] = sums / lengths[has, None]
            time.sleep(0)  # let other threads (the event loop of a /reload) run between batches
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out /= norms  # in place: at 100k facts a copy is 100 MB
        return out

    def one(self, text: str) -> Vector:
        """One text's vector, tokenized on the calling thread (a question: the batch path
        would start the tokenizer's thread pool, whose memory grows with the threads that
        ask)."""
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        ids = [i for i in encoding.ids[: self._max_tokens] if i != self._unknown]
        vector: Vector = np.zeros(self.dimensions, dtype=np.float32)
        if ids:  # the mean of its tokens' vectors, normalised (the mean's scale cancels)
            vector = self._table[ids].sum(axis=0)
            norm = math.sqrt(float(vector @ vector))
            if norm > 0:
                vector /= norm
        return vector


@lru_cache(maxsize=1)
def shipped_embedder() -> Embedder:
    """The shipped model, shared by every matcher in the process."""
    return Embedder()


def cached_vectors(
    embedder: Embedder, texts: list[str], cache_dir: Path | None
) -> NDArray[np.float32]:
    """Vectors of `texts`, from the disk cache when the same texts were seen."""
    if cache_dir is None:
        return embedder.encode(texts)
    digest = hashlib.sha256(
        "\x00".join([_CACHE_VERSION, embedder.fingerprint, *texts]).encode()
    ).hexdigest()[:24]
    path = cache_dir / f"vectors-{digest}.npy"
    try:
        cached = np.load(path, allow_pickle=False)
        if cached.shape == (len(texts), embedder.dimensions):
            return np.asarray(cached, dtype=np.float32)
    except (OSError, ValueError):
        pass
    vectors = embedder.encode(texts)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # A name of its own: two processes sharing the state directory (shards, a reload
        # beside `factbot check`) must not write into one file and publish it half done.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with tmp.open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        tmp.replace(path)
    except OSError as exc:  # a read-only state dir costs speed, not answers
        _log.warning("cannot cache vectors in %s: %s", cache_dir, exc.strerror)
    return vectors


def grouped_rows(
    starts: NDArray[np.int64], positions: NDArray[np.int64]
) -> tuple[NDArray[np.bool_], NDArray[np.int64], NDArray[np.int64]]:
    """The rows of some groups (group p owns rows starts[p] to starts[p + 1] - 1), laid end
    to end for one `np.maximum.reduceat`: which groups have rows, where each one's run
    begins, and the rows. One numpy call per step, no Python loop over the groups."""
    first, counts = starts[positions], starts[positions + 1] - starts[positions]
    has = counts > 0
    first, counts = first[has], counts[has]
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    rows = np.repeat(first - offsets, counts) + np.arange(counts.sum())
    return has, offsets, rows


TEXT, QUESTION, QUOTE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Similarities:
    """A question's cosine similarity to one fact's phrasings, by kind (0 when none)."""

    text: float
    question: float
    quote: float
    same_ask: float  # ... to the closest alternate question asking with the same word

    @property
    def best(self) -> float:
        return max(self.text, self.question, self.quote)


class SemanticIndex:
    """Every fact's phrasing vectors, and a centroid per fact for nearest neighbours."""

    def __init__(
        self, facts: Sequence[Fact], embedder: Embedder, *, cache_dir: Path | None = None
    ) -> None:
        self.embedder = embedder
        by_kind: list[list[tuple[int, str]]] = [[], [], []]
        # Rows are grouped by kind, then fact, in the order they are added below.
        for position, fact in enumerate(facts):
            by_kind[TEXT].append((position, fact.text))
            by_kind[QUOTE].extend((position, s.quote) for s in fact.sources)
            by_kind[QUESTION].extend((position, q) for q in fact.questions)
        phrasings = [text for rows in by_kind for _, text in rows]
        # One matrix, its rows grouped by kind then fact: group kind * len(facts) + position
        # owns rows starts[group] to starts[group + 1] - 1 (`grouped_rows`).
        self._vectors = cached_vectors(embedder, phrasings, cache_dir)
        self._facts = len(facts)
        groups = np.asarray(
            [kind * len(facts) + p for kind, rows in enumerate(by_kind) for p, _ in rows],
            dtype=np.int64,
        )
        self._starts = np.searchsorted(groups, np.arange(3 * len(facts) + 1))
        centroids = np.zeros((len(facts), embedder.dimensions), dtype=np.float32)
        for kind in (TEXT, QUESTION, QUOTE):  # each fact's rows summed, kind by kind,
            block = slice(self._starts[kind * len(facts)], self._starts[(kind + 1) * len(facts)])
            owners = groups[block] - kind * len(facts)
            if len(owners):  # one dimension at a time: short C calls (a /reload's loop runs)
                for dimension in range(embedder.dimensions):
                    centroids[:, dimension] += np.bincount(
                        owners, weights=self._vectors[block, dimension], minlength=len(facts)
                    )
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self._centroids = centroids / np.where(norms > 0, norms, 1.0)
        # Each row's asking word (`lexicon.ask_code`); texts and quotes ask nothing (-1).
        self._asks = np.asarray(
            [
                ask_code(normalize(text)) if kind == QUESTION else -1
                for kind, rows in enumerate(by_kind)
                for _, text in rows
            ],
            dtype=np.int8,
        )

    def nearest(self, query: Vector, limit: int) -> list[tuple[int, float]]:
        """The `limit` facts whose centroid is closest to the question, best first."""
        count = len(self._centroids)
        if count == 0 or limit <= 0:
            return []
        scores = self._centroids @ query
        limit = min(limit, count)
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top]

    def similarities(
        self, query: Vector, positions: Sequence[int], *, asks: int = 0
    ) -> list[Similarities]:
        """The question's similarity to each kind of phrasing of some facts: one matrix
        product over just those facts' rows. `asks` is the question's asking word
        (`lexicon.ask_code`): alternate questions that ask another way do not count."""
        wanted = np.asarray(positions, dtype=np.int64)
        # The wanted facts' groups, kind by kind: texts, then questions, then quotes.
        groups = np.concatenate([wanted + kind * self._facts for kind in (TEXT, QUESTION, QUOTE)])
        best = np.zeros((2, len(groups)), dtype=np.float32)
        has, offsets, rows = grouped_rows(self._starts, groups)
        if has.any():
            scores = self._vectors[rows] @ query
            if asks:
                own = self._asks[rows]
                same = own == asks
                # Questions asking another way do not count; texts and quotes ask nothing.
                loose = np.where(same | (own <= 0), scores, np.float32(0.0))
                best[1, has] = np.maximum.reduceat(np.where(same, scores, np.float32(0.0)), offsets)
                scores = loose
            best[0, has] = np.maximum.reduceat(scores, offsets)
        text, question, quote = best[0].reshape(3, -1).tolist()
        same_ask = best[1].reshape(3, -1)[QUESTION].tolist()
        return [
            Similarities(text=t, question=q, quote=u, same_ask=a)
            for t, q, u, a in zip(text, question, quote, same_ask, strict=True)
        ]
