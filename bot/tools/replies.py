"""Every reply over every question set: what a change moves, seen before it is scored.

    python -m bot.tools.replies record OUT.json        # every set under tests/data
    python -m bot.tools.replies compare A.json B.json [--show]

A change is chosen on the training sets: `compare` prints, for each, how many replies it
changed and how many are right before and after (`--show`: which, with their first fact).
A training question set is asked with the judged questions of the *other* sets only (as
`make train` fits the scorer), so its figure is not the memory of its own questions.
The blind sets (tests/data/blind, and the follow-up sets named followups*) are recorded as
their replies' first facts alone and compared by count: how many replies changed, never
which or whether right, so that nobody reads a blind question or failure between its
baseline and its result (tests/data/blind/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.core import Conversations, load_fact_base
from bot.core.matcher import Matcher
from bot.tools.evaluation import (
    Question,
    Report,
    evaluate,
    evaluate_conversations,
    load_conversations,
    load_questions,
)
from bot.tools.train_scorer import judged_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
Record = dict[str, list[list[Any]]]


def is_blind(name: str) -> bool:
    """Whether a recorded set (`folder/stem`) is blind: counted, never read."""
    folder, _, stem = name.partition("/")
    return folder == "blind" or (folder == "conversations" and stem.startswith("followups"))


def record(matcher: Matcher, data: Path = DATA) -> Record:
    """Each set's replies: [question, answered, first facts, right, kind] per question, or
    [answered, first fact] for a blind set."""
    out: Record = {}
    full = matcher.base.asked
    for path in sorted((data / "questions").glob("*.yaml")):
        questions = load_questions(path)
        own = {judged_text(matcher, q.q) for q in questions}
        matcher.consult([a for a in full if a.text not in own])
        out[f"questions/{path.stem}"] = _rows(evaluate(questions, matcher.ask), blind=False)
    matcher.consult(full)
    for path in sorted((data / "blind").glob("*.yaml")):
        out[f"blind/{path.stem}"] = _rows(evaluate(load_questions(path), matcher.ask), True)
    for path in sorted((data / "conversations").glob("*.yaml")):
        name = f"conversations/{path.stem}"
        out[name] = _rows(_converse(matcher, load_conversations(path)), blind=is_blind(name))
    return out


def _converse(matcher: Matcher, talks: list[list[Question]]) -> Report:
    memory = Conversations(limit=len(talks) + 1)
    return evaluate_conversations(talks, lambda n, q: memory.get(n).ask(matcher, q))


def _rows(report: Report, blind: bool) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for outcome in report.outcomes:
        reply, question = outcome.reply, outcome.question
        first = [r.fact.id for r in reply.facts[:3]]
        if blind:
            rows.append([reply.answered, first[:1]])
            continue
        if question.answerable:
            right = reply.answered and outcome.correct_at_1
        else:
            right = not reply.answered
        rows.append([question.q, reply.answered, first, bool(right), question.label])
    return rows


def compare(
    before: Mapping[str, list[list[Any]]],
    after: Mapping[str, list[list[Any]]],
    *,
    show: bool = False,
) -> Iterable[str]:
    """Lines saying what changed from one record to the other, set by set."""
    right = [0, 0, 0]
    blind_changed = 0
    for name, old in before.items():
        new = after.get(name, [])
        if len(new) != len(old):
            yield f"{name}: {len(old)} replies, then {len(new)}: not comparable"
            continue
        if is_blind(name):
            changed = sum(a != b for a, b in zip(old, new, strict=True))
            blind_changed += changed
            yield f"{name}: {changed} of {len(old)} replies changed"
            continue
        moved = [(a, b) for a, b in zip(old, new, strict=True) if a[1:3] != b[1:3]]
        was, now = sum(a[3] for a in old), sum(b[3] for b in new)
        right = [right[0] + was, right[1] + now, right[2] + len(old)]
        yield f"{name}: right {was} → {now} of {len(old)}; {len(moved)} replies changed"
        for a, b in moved if show else ():
            verdict = {(True, False): "lost", (False, True): "gained"}.get((a[3], b[3]), "same")
            yield f"  {verdict} [{a[4]}] {a[0]}"
            yield f"    {_said(a)} → {_said(b)}"
    yield f"training sets: right {right[0]} → {right[1]} of {right[2]}"
    yield f"blind sets: {blind_changed} replies changed"


def _said(row: Sequence[Any]) -> str:
    return (row[2][0] if row[2] else "nothing") + ("" if row[1] else " (declined)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="every reply over every set, to a JSON file")
    rec.add_argument("out", type=Path)
    rec.add_argument("--facts", type=Path, default=ROOT / "facts")
    rec.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    cmp = sub.add_parser("compare", help="what changed between two records")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    cmp.add_argument("--show", action="store_true", help="list the training sets' changes")
    args = parser.parse_args(argv)
    if args.command == "record":
        recorded = record(Matcher(load_fact_base(args.facts, args.seeds)))
        args.out.write_text(json.dumps(recorded), encoding="utf-8")
        print(f"wrote {args.out}: {len(recorded)} sets")
        return 0
    before, after = (
        json.loads(path.read_text(encoding="utf-8")) for path in (args.before, args.after)
    )
    for line in compare(before, after, show=args.show):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
