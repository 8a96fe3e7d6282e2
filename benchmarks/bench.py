"""Speed and scale of the matcher: `make bench` (or `python benchmarks/bench.py`).

Prints, for the shipped fact base and with synthetic distractors added up to 1k, 10k and
100k facts: time to load and index, per-question latency (p50/p99 over the question sets,
warm), peak RSS, and the dev-set accuracy with distractors mixed in. Each size runs in its
own process so its memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.distractors import with_distractors  # noqa: E402
from bot.core import load_fact_base  # noqa: E402
from bot.core.matcher import Matcher  # noqa: E402
from bot.tools.evaluation import evaluate, load_questions  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "questions"
SIZES = (0, 1_000, 10_000, 100_000)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def measure(total: int) -> dict[str, float]:
    start = time.perf_counter()
    base = load_fact_base(ROOT / "facts", ROOT / "seeds")
    loaded = time.perf_counter()
    base = with_distractors(base, max(0, total - len(base.facts)))
    mixed = time.perf_counter()
    matcher = Matcher(base)
    indexed = time.perf_counter()
    questions = [q for name in ("dev.yaml", "own.yaml") for q in load_questions(QUESTIONS / name)]
    for question in questions:  # warm-up: first-use caches, as in a running bot
        matcher.ask(question.q)
    latencies = []
    for _ in range(3):
        for question in questions:
            t = time.perf_counter()
            matcher.ask(question.q)
            latencies.append((time.perf_counter() - t) * 1000)
    dev = evaluate(load_questions(QUESTIONS / "dev.yaml"), matcher.ask).metrics()
    return {
        "facts": len(base.facts),
        "load_ms": (loaded - start) * 1000,
        "index_ms": (indexed - mixed) * 1000,
        "p50_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": max(latencies),
        "dev_accuracy": dev["reply_accuracy"] or 0.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="measure one size in this process (JSON out)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    if args.size is not None:
        print(json.dumps(measure(args.size)))
        return 0
    print(
        f"{'facts':>8} {'load ms':>8} {'index ms':>9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'peak RSS MB':>12} {'dev accuracy':>13}"
    )
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out)
        print(
            f"{r['facts']:>8} {r['load_ms']:>8.1f} {r['index_ms']:>9.1f} {r['p50_ms']:>7.3f} "
            f"{r['p99_ms']:>7.3f} {r['max_ms']:>7.2f} {r['peak_rss_mb']:>12.1f} "
            f"{r['dev_accuracy']:>13.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
