"""Boosted trees as the bot walks them: the same log-odds as scikit-learn's own model, through
the JSON file, and a broken file refused with what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.core.readings import INPUTS, ReadingChooser
from bot.core.scorer import ScorerError
from bot.core.trees import TreeEnsemble
from bot.tools.train_readings import TREES, fit_trees

STUMP: dict[str, list[Any]] = {  # input 1 at most 0.5: -1, else +2
    "feature": [1, 0, 0],
    "threshold": [0.5, 0.0, 0.0],
    "left": [1, 1, 2],
    "right": [2, 1, 2],
    "value": [0.0, -1.0, 2.0],
}


def _either_but_not_both(n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Right when exactly one of two inputs is high: no weighing of each alone gets it."""
    rng = np.random.default_rng(7)
    rows = rng.random((n, 3))
    labels = ((rows[:, 0] > 0.5) != (rows[:, 1] > 0.5)).astype(np.int64)
    return rows, labels


def test_a_stump_sends_each_row_to_its_leaf() -> None:
    trees = TreeEnsemble.from_trees([STUMP, STUMP], baseline=0.5, inputs=2)
    logits = trees.logits(np.asarray([[9.0, 0.2], [9.0, 0.5], [-9.0, 0.9]]))
    assert logits.tolist() == [-1.5, -1.5, 4.5]
    assert trees.logits(np.zeros((0, 2))).shape == (0,)


def test_fitted_trees_give_scikit_learns_log_odds_and_learn_what_inputs_do_together() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows, labels = _either_but_not_both()
    trees = fit_trees(rows, labels)
    reference = HistGradientBoostingClassifier(**TREES).fit(rows, labels)
    assert np.allclose(trees.logits(rows), reference.decision_function(rows))
    probe = np.asarray([[0.9, 0.1, 0.5], [0.1, 0.9, 0.5], [0.9, 0.9, 0.5], [0.1, 0.1, 0.5]])
    assert (trees.logits(probe) > 0).tolist() == [True, True, False, False]


def test_the_json_file_keeps_the_trees(tmp_path: Path) -> None:
    rows, labels = _either_but_not_both()
    rows = np.hstack([rows, np.zeros((len(rows), len(INPUTS) - rows.shape[1]))])
    chooser = ReadingChooser(fit_trees(rows, labels), {"note": "kept"})
    path = tmp_path / "readings.json"
    chooser.save(path)
    loaded = ReadingChooser.load(path)
    assert loaded.about == {"note": "kept"}
    assert np.allclose(loaded.model.logits(rows), chooser.model.logits(rows), atol=1e-4)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"left": [1, 0, 2]}, "reached twice"),  # a child that points back to the root
        ({"right": [7, 1, 2]}, "out of range"),
        ({"feature": [len(INPUTS), 0, 0]}, "input outside"),
        ({"value": [0.0]}, "another length"),
    ],
)
def test_a_broken_tree_is_refused_with_what_to_do(
    tmp_path: Path, change: dict[str, list[float]], why: str
) -> None:
    path = tmp_path / "readings.json"
    model = {"kind": "trees", "baseline": 0.0, "trees": [STUMP | change]}
    path.write_text(json.dumps({"inputs": list(INPUTS), "about": {}, "model": model}))
    with pytest.raises(ScorerError, match=f"{why}.*make train"):
        ReadingChooser.load(path)
