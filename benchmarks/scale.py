"""The fact base at scale: `python benchmarks/scale.py [--facts N]` (part of `make bench`).

Writes a fact base of N facts to a temporary directory (the shipped facts repeated under
new ids, in one story file, quoting the shipped articles), then measures:

* `factbot check` on it, as a curator runs it: wall and CPU time, and the process's peak
  RSS;
* a `/reload` as the bot does it (load, validate and index in a worker thread) while the
  event loop runs a 50 ms ticker: the worst lateness of a tick is how far a gateway
  heartbeat would fall behind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import load_knowledge  # noqa: E402

TICK = 0.05  # seconds between ticks of the lateness probe


def write_base(target: Path, count: int) -> Path:
    """`target`/facts and `target`/seeds: the shipped base plus a story of `count` facts."""
    shutil.copytree(ROOT / "seeds", target / "seeds")
    shutil.copytree(ROOT / "facts", target / "facts")
    records: list[dict[str, Any]] = []
    for story in sorted((ROOT / "facts").glob("*.yaml")):
        data = yaml.safe_load(story.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "facts" in data:
            records += data["facts"]
    facts = []
    for n in range(count):
        record = dict(records[n % len(records)])
        record["id"] = f"copy-{n}-{record['id']}"
        record.pop("conflict", None)  # one conflict per event is enough
        facts.append(record)
    story = {"story": "Synthetic copies of the shipped facts", "facts": facts}
    path = target / "facts" / "synthetic.yaml"
    path.write_text(yaml.safe_dump(story, allow_unicode=True, width=100), encoding="utf-8")
    return path


def measure_check(facts: Path, seeds: Path) -> dict[str, float]:
    """`factbot check` as a process: seconds, CPU seconds and peak RSS (MB). The CPU time
    is the figure to compare on a busy machine, where the wall time includes waiting."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "check", "--facts", str(facts), "--seeds", str(seeds)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read() if proc.stderr else ""
    return {
        "check_s": seconds,
        "check_cpu_s": usage.ru_utime + usage.ru_stime,
        "check_peak_mb": usage.ru_maxrss / 1024,
    }


async def _reload_lateness(facts: Path, seeds: Path) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            due = loop.time() + TICK
            await asyncio.sleep(TICK)
            worst = max(worst, loop.time() - due)

    def reload() -> int:  # what /reload runs in its worker thread (bot/exts/admin.py)
        return len(load_knowledge(facts, seeds).base.facts)

    probe = asyncio.create_task(ticker())
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    count = await asyncio.to_thread(reload)
    seconds = time.perf_counter() - started
    done.set()
    await probe
    return {"facts": count, "reload_s": seconds, "loop_worst_late_s": worst}


def measure_reload(facts: Path, seeds: Path) -> dict[str, float]:
    result = asyncio.run(_reload_lateness(facts, seeds))
    result["reload_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000, help="synthetic facts to add")
    parser.add_argument("--reload-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Each step in a process of its own: a child starts with its parent's peak RSS (it is
    # inherited through fork and exec), so the parent must never hold a large base.
    if args.reload_only:
        print(json.dumps(measure_reload(args.reload_only / "facts", args.reload_only / "seeds")))
        return 0
    if args.write_only:
        write_base(args.write_only, args.facts)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, __file__, "--write-only", tmp, "--facts", str(args.facts)],
            check=True,
        )
        size_mb = (Path(tmp) / "facts" / "synthetic.yaml").stat().st_size / 1e6
        check = measure_check(Path(tmp) / "facts", Path(tmp) / "seeds")
        out = subprocess.run(
            [sys.executable, __file__, "--reload-only", tmp],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        reload = json.loads(out)
    print(
        f"{reload['facts']:,} facts ({size_mb:.0f} MB story file): "
        f"check {check['check_s']:.1f} s ({check['check_cpu_s']:.1f} s of CPU), "
        f"peak {check['check_peak_mb']:.0f} MB; "
        f"reload in a worker thread {reload['reload_s']:.1f} s, peak "
        f"{reload['reload_peak_mb']:.0f} MB, event loop at most "
        f"{reload['loop_worst_late_s'] * 1000:.0f} ms late"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
