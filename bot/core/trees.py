"""Boosted decision trees, evaluated with numpy: fitted by scikit-learn, shipped as numbers.

A linear model weighs each input alone; choosing among a follow-up's readings needs inputs
weighed together (a confident answer counts for more from one kind of reading than from
another), which trees learn. The training tool (`bot/tools/train_readings.py`) fits
scikit-learn's histogram gradient boosting and writes its trees as flat arrays; here they
are walked all at once, one level per step, so the product needs neither scikit-learn nor
a Python loop over trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Rows = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """Log-odds = baseline + the sum over trees of the value of the leaf a row falls in.

    Each array is (trees, nodes), node 0 a tree's root. A row goes left when its input
    `feature` is at most `threshold`. A leaf's children are itself, so after `levels` steps
    (the deepest tree's depth) every row rests on its leaf in every tree."""

    feature: Ints
    threshold: Rows
    left: Ints
    right: Ints
    value: Rows
    baseline: float
    levels: int

    def logits(self, rows: Rows) -> Rows:
        if len(rows) == 0:
            return np.zeros(0)
        count, width = self.feature.shape
        # Flat indices: node n of tree t is t * width + n; input f of row r is f * len + r.
        offsets = (np.arange(count) * width)[:, None]
        samples = np.arange(len(rows))[None, :]
        node = np.zeros((count, len(rows)), dtype=np.int64)
        inputs = rows.T.ravel()
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = self.left.ravel(), self.right.ravel()
        for _ in range(self.levels):
            at = offsets + node
            goes_left = inputs[feature[at] * len(rows) + samples] <= threshold[at]
            step = np.where(goes_left, left[at], right[at])
            if np.array_equal(step, node):  # every row rests on a leaf
                break
            node = step
        leaves = self.value.ravel()[offsets + node]
        logits: Rows = np.clip(self.baseline + leaves.sum(axis=0), -30, 30)
        return logits

    @classmethod
    def from_trees(
        cls, trees: list[dict[str, list[Any]]], baseline: float, inputs: int
    ) -> TreeEnsemble:
        """From one dict of equal-length node lists per tree (as `to_json` writes them);
        raises ValueError when a tree is not one: a child out of range, a cycle, an input
        the rows do not have."""
        if not trees:
            raise ValueError("no trees")
        width = max(len(tree["feature"]) for tree in trees)
        arrays: dict[str, NDArray[Any]] = {}
        for key, dtype in (
            ("feature", np.int64),
            ("threshold", np.float64),
            ("left", np.int64),
            ("right", np.int64),
            ("value", np.float64),
        ):
            arrays[key] = np.zeros((len(trees), width), dtype=dtype)
            for t, tree in enumerate(trees):
                if len(tree[key]) != len(tree["feature"]):
                    raise ValueError(f"tree {t}: {key} has another length than feature")
                arrays[key][t, : len(tree[key])] = tree[key]
        levels = max(_depth(tree["left"], tree["right"], t) for t, tree in enumerate(trees))
        if arrays["feature"].min() < 0 or arrays["feature"].max() >= inputs:
            raise ValueError(f"a tree splits on an input outside 0..{inputs - 1}")
        return cls(baseline=float(baseline), levels=levels, **arrays)

    def to_json(self) -> dict[str, Any]:
        trees = []
        for t in range(self.feature.shape[0]):
            size = int(max(self.left[t].max(), self.right[t].max())) + 1
            trees.append(
                {
                    "feature": self.feature[t, :size].tolist(),
                    # exact: rows sit right beside a threshold (a share, a confidence)
                    "threshold": self.threshold[t, :size].tolist(),
                    "left": self.left[t, :size].tolist(),
                    "right": self.right[t, :size].tolist(),
                    "value": [round(float(v), 6) for v in self.value[t, :size]],
                }
            )
        return {"kind": "trees", "baseline": round(self.baseline, 6), "trees": trees}


def _depth(left: list[int], right: list[int], tree: int) -> int:
    """The longest root-to-leaf path, checking on the way that the nodes form a tree."""
    deepest, seen, stack = 0, set(), [(0, 0)]
    while stack:
        node, depth = stack.pop()
        if not 0 <= node < len(left) or node in seen:
            raise ValueError(f"tree {tree}: node {node} is out of range or reached twice")
        seen.add(node)
        if left[node] == right[node] == node:  # a leaf
            deepest = max(deepest, depth)
        else:
            stack += [(left[node], depth + 1), (right[node], depth + 1)]
    return deepest
