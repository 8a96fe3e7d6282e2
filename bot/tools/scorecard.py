"""Write bot/models/scorecard.json: the shipped base scored on the held-out blind sets.

    make scorecard        (python -m bot.tools.scorecard)

The blind sets (tests/data/blind) and the blind follow-up sets (tests/data/conversations,
asked in conversation) were written from the articles alone and are never trained or tuned
on; scoring them is how their figures are reported, here as in the README.
The file records the digest of everything the figures come from (`inputs_sha256`):
`tests/test_scorecard.py` fails in a moment when one of them changed without `make
scorecard`, and `make test-slow` scores the sets afresh and compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from bot.core import Conversations
from bot.core.readings import READINGS_FILE
from bot.core.reply import Reply
from bot.core.scorer import SCORER_FILE
from bot.scorecard import SCORECARD_FILE, Scorecard
from bot.tools.digest import files_sha256
from bot.tools.evaluation import (
    Outcome,
    Report,
    evaluate,
    evaluate_conversations,
    load_conversations,
    load_questions,
)
from bot.tools.parallel import in_processes, shipped_matcher

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "tests" / "data" / "blind"
# The blind sets whose one "after" score is already taken. A newer set joins once its own
# before/after pair is recorded (tests/data/blind/README.md): until then not even its
# aggregate may be watched while the matcher changes.
SETS = tuple(f"blind{n}" for n in range(3, 90))
CONVERSATIONS = ROOT / "tests" / "data" / "conversations"
# The blind follow-up sets, asked in conversation; only their follow-up turns count here.
FOLLOW_UP_SETS = ("followups", *(f"followups{n}" for n in range(2, 78)))


Job = tuple[Literal["questions", "conversations"], Path, Path, Path]  # kind, set, facts, seeds


def _scored(job: Job) -> list[Outcome]:
    """One set's outcomes, each reply kept only as answered or not (all the figures need,
    and all that need cross from a worker process)."""
    kind, path, facts, seeds = job
    matcher = shipped_matcher(facts, seeds)
    if kind == "questions":
        report = evaluate(load_questions(path), matcher.ask)
    else:
        conversations = load_conversations(path)
        memory = Conversations(limit=max(1, len(conversations)))
        report = evaluate_conversations(conversations, lambda n, q: memory.get(n).ask(matcher, q))
    return [replace(o, reply=Reply(o.reply.question, o.reply.answered)) for o in report.outcomes]


def measure(
    facts: Path, seeds: Path, folder: Path = BLIND, talks: Path = CONVERSATIONS
) -> dict[str, Any]:
    """The scorecard's figures (rounded to three places) and the sets they come from. The
    sets are asked in parallel, a set per process (`bot.tools.parallel`)."""
    files = [folder / f"{name}.yaml" for name in SETS]
    talk_files = [talks / f"{name}.yaml" for name in FOLLOW_UP_SETS]
    jobs: list[Job] = [
        *(("conversations", path, facts, seeds) for path in talk_files),
        *(("questions", path, facts, seeds) for path in files),
    ]
    scored = in_processes(_scored, jobs)
    report = Report([o for outcomes in scored[len(talk_files) :] for o in outcomes])
    metrics = report.metrics()
    talked = Report([o for outcomes in scored[: len(talk_files)] for o in outcomes])
    follow_ups = talked.by_kind()["follow-up"]
    return {
        "sets": [p.relative_to(ROOT).as_posix() for p in files],
        "follow_up_sets": [p.relative_to(ROOT).as_posix() for p in talk_files],
        "follow_ups": len(follow_ups.outcomes),
        "follow_up_accuracy": round(follow_ups.metrics()["reply_accuracy"] or 0.0, 3),
        "questions": len(report.outcomes),
        "answerable": len(report.answerable),
        "unanswerable": len(report.unanswerable),
        "reply_accuracy": round(metrics["reply_accuracy"] or 0.0, 3),
        "correct_answerable": round(metrics["correct_at_1"] or 0.0, 3),
        "abstain_unanswerable": round(metrics["abstain"] or 0.0, 3),
        "wrong_citation": round(metrics["wrong_citation"] or 0.0, 3),
    }


def inputs_sha256(facts: Path, seeds: Path) -> str:
    """One digest of what the figures come from: the fact base, the matcher's code and
    fitted files (scorer, reading chooser, embedding model), the scoring code, and the sets."""
    code = ROOT / "bot"
    return files_sha256(
        [
            *sorted(facts.glob("*.yaml")),
            *sorted(seeds.glob("*.txt")),
            *sorted((code / "core").rglob("*.py")),
            *(code / "tools" / f"{name}.py" for name in ("scorecard", "evaluation", "parallel")),
            SCORER_FILE,
            READINGS_FILE,
            *sorted(p for p in (code / "models" / "minilm-l6-m2v").iterdir() if p.is_file()),
            *(BLIND / f"{name}.yaml" for name in SETS),
            *(CONVERSATIONS / f"{name}.yaml" for name in FOLLOW_UP_SETS),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--out", type=Path, default=SCORECARD_FILE)
    args = parser.parse_args(argv)
    figures = measure(args.facts, args.seeds)
    figures["measured_on"] = dt.datetime.now(dt.UTC).date().isoformat()
    figures["command"] = "make scorecard"
    figures["inputs_sha256"] = inputs_sha256(args.facts, args.seeds)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    card = Scorecard(**{k: figures[k] for k in Scorecard.__dataclass_fields__})
    print("\n".join(card.lines()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
