"""Fit the chooser among a follow-up's readings: `make train` (needs the dev extras).

The team's follow-up conversations (tests/data/conversations: dev.yaml, own.yaml and the
training sets of `CONVERSATION_SETS`, which may be read and tuned to; the blind follow-up
sets are never opened here) are replayed as the bot would take them, the most confident
reading answering each turn. Every reading of every follow-up is asked and described
(`bot.core.readings.describe_all`), and labelled right when the external judge's rule
accepts its reply: the first fact right, or an abstention on a question the coverage does not
answer. A logistic regression is fitted on those rows; its regularisation is chosen by
cross-validation that leaves out one conversation at a time, and the figure it was chosen
by is written with the weights to bot/models/readings.json.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.core import load_fact_base
from bot.core.conversation import Conversation, asked_readings, follow_up
from bot.core.matcher import Matcher
from bot.core.readings import READINGS_FILE, ReadingChooser, describe_all
from bot.core.scorer import LinearModel
from bot.tools.evaluation import Question, fact_is_correct, load_conversations
from bot.tools.train_scorer import fit_linear, training_arguments

ROOT = Path(__file__).resolve().parents[2]
# The conversation sets (tests/data/conversations) the chooser is fitted on: dev, own and the
# numbered sets written for training ("train" is the first); a new one is numbered on.
CONVERSATION_SETS = ("dev", "own", "train", *(f"train{n}" for n in range(2, 30)))
C_GRID = (0.03, 0.1, 0.3, 1.0)


@dataclass(slots=True)
class Turn:
    """One follow-up: its readings' inputs and whether each was answered right."""

    conversation: str
    rows: NDArray[np.float64]
    right: NDArray[np.int64]
    confidence: NDArray[np.float64]


def gather(matcher: Matcher, folder: Path) -> list[Turn]:
    turns = []
    for name in CONVERSATION_SETS:
        for n, talk in enumerate(load_conversations(folder / f"{name}.yaml")):
            conversation = Conversation(chooser="most confident")
            for t, question in enumerate(talk):
                last = conversation.last()
                if t and last is not None:
                    turns.append(_turn(matcher, f"{name}:{n}", question, conversation))
                conversation.ask(matcher, question.q)
    return turns


def _turn(matcher: Matcher, key: str, question: Question, conversation: Conversation) -> Turn:
    last = conversation.last()
    assert last is not None
    right, confidence = [], []
    known = follow_up(matcher, question.q, last)
    candidates = list(asked_readings(matcher, question.q, last))
    for _, reply in candidates:
        confidence.append(reply.confidence)
        if question.answerable:
            best = reply.facts[0].fact if reply.facts else None
            ok = reply.answered and best is not None
            right.append(ok and fact_is_correct(best, matcher.base.articles, question))  # type: ignore[arg-type]
        else:
            right.append(not reply.answered)
    return Turn(
        key,
        describe_all(candidates, known),
        np.asarray(right, dtype=np.int64),
        np.asarray(confidence, dtype=np.float64),
    )


def _fit(turns: Sequence[Turn], c: float) -> LinearModel:
    rows = np.vstack([t.rows for t in turns])
    return fit_linear(rows, np.concatenate([t.right for t in turns]), c)


def _share_right(turns: Sequence[Turn], pick: list[int]) -> float:
    return float(np.mean([t.right[i] for t, i in zip(turns, pick, strict=True)]))


def cross_validate(turns: Sequence[Turn], c: float) -> float:
    """Share of follow-ups answered right when each conversation's readings are chosen by a
    chooser fitted on the other conversations."""
    members: dict[str, list[int]] = {}
    for i, turn in enumerate(turns):
        members.setdefault(turn.conversation, []).append(i)
    pick = [0] * len(turns)
    for conversation, held_out in members.items():  # one fit per conversation left out
        model = _fit([t for t in turns if t.conversation != conversation], c)
        for i in held_out:
            pick[i] = int(np.argmax(model.logits(turns[i].rows)))
    return _share_right(turns, pick)


def main(argv: Sequence[str] | None = None) -> int:
    args = training_arguments(
        __doc__,
        "conversations",
        ROOT / "tests/data/conversations",
        READINGS_FILE,
        argv,
        fixed_c=True,
    )

    matcher = Matcher(load_fact_base(args.facts, args.seeds))
    turns = gather(matcher, args.conversations)
    confident = _share_right(turns, [int(np.argmax(t.confidence)) for t in turns])
    best_any = float(np.mean([t.right.max() for t in turns]))
    results = {c: cross_validate(turns, c) for c in C_GRID} if args.c is None else {}
    c = max(results, key=lambda k: (results[k], -k)) if results else args.c
    print(f"{len(turns)} follow-ups, {sum(len(t.rows) for t in turns)} readings")
    print(f"most confident reading right {confident:.3f}; some reading right {best_any:.3f}")
    if results:
        print(
            "chooser, cross-validated by conversation: "
            + ", ".join(f"C={k}: {v:.3f}" for k, v in results.items())
        )
    about = {
        "trained_on": [f"tests/data/conversations/{name}.yaml" for name in CONVERSATION_SETS],
        "follow_ups": len(turns),
        "C": c,
        **({"cv_right_by_conversation": round(results[c], 3)} if results else {}),
        "most_confident_right": round(confident, 3),
        "some_reading_right": round(best_any, 3),
        "command": "make train",
    }
    ReadingChooser(_fit(turns, c), about).save(args.out)
    print(f"chose C={c}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
