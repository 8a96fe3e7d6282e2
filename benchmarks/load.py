"""Load, latency and memory of the Discord front end: `make bench-load` (or
`python benchmarks/load.py [--only NAME ...]`), about 3 minutes.

tests/reliability/ asserts the behaviour (every question answered exactly once, memory that
does not grow with the questions served); this measures what those tests leave open, so
docs/reliability.md can quote it: latency from the gateway event to the reply request,
throughput, resident memory, what the buttons of one live answer cost, and how slow sends
delay replies. It drives the real bot through the loopback stand-in with the reliability
suite's crowd and ledger (tests/reliability/_burst.py), on the shipped fact base. Run it
in a fresh process: the memory figures are this process's (the bot, plus the harness).

Sections, in this order (memory is measured from the idle process up):
  bursts      three bursts of 1,000 questions from 50 users in 10 channels, each in 10 s,
              stand-in in its own process; answers' buttons time out after 2 s
  capacity    1,000 questions dispatched at once
  views       memory held per live answer view (production's 10-minute buttons), the
              measured burst over 30 s (tracemalloc slows the bot)
  slow-sends  every send and /ask answer 4 s slow, 1,000 questions (stand-in in-process)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core import FactBase, load_fact_base  # noqa: E402
from tests.helpers import MESSAGES  # noqa: E402
from tests.reliability._burst import (  # noqa: E402
    answers_cog,
    connections_closed,
    crowd,
    gc_objects,
    live_views,
    memory_blocks,
    peak_rss_mb,
    remote_crowd,
    rss_mb,
    views_listening,
    views_released,
)

SHIPPED: dict[str, Any] = {"facts_dir": ROOT / "facts", "seeds_dir": ROOT / "seeds"}
ORIGINAL = "/webhooks/{a}/{t}/messages/@original"
BURST, BURST_SECONDS = 1000, 10.0
# tracemalloc slows the bot several times over: at the bursts' rate /ask acknowledgements
# would miss Discord's 3 seconds and the burst would fail, so the measured one is slower.
TRACED_SECONDS = 30.0


def report(name: str, **values: Any) -> None:
    """One line of figures, printed as soon as it is measured."""
    shown = ", ".join(f"{key}={value}" for key, value in values.items())
    print(f"{name}: {shown}", flush=True)


async def bursts(base: FactBase) -> None:
    report("idle", rss_mb=rss_mb(), gc_objects=gc_objects())
    async with remote_crowd(base, view_timeout=2.0, **SHIPPED) as c:
        report("connected", rss_mb=rss_mb(), gc_objects=gc_objects())
        held: list[tuple[float, int, int]] = []
        for n in (1, 2, 3):
            result = await c.burst(BURST, seconds=BURST_SECONDS)
            views = live_views(c.bot)
            await views_released(c)
            await connections_closed(c.bot)  # as the test does: their number is timing
            held.append((rss_mb(), gc_objects(), memory_blocks()))
            report(
                f"burst {n} ({BURST} questions in {BURST_SECONDS:g} s)",
                **result.accounted(),
                **result.figures(),
                views_live_at_end=views,
                cooldown_keys=len(answers_cog(c.bot).cooldown),
                # bounded (5,000 and 1,000), and still filling after three bursts
                served_log=len(c.bot.served),
                conversations=len(answers_cog(c.bot).conversations),
                rss_mb_after=held[-1][0],
                gc_objects_after=held[-1][1],
                blocks_after=held[-1][2],
                peak_rss_mb=peak_rss_mb(),
            )
    report(
        "burst 3 - burst 2",
        gc_objects=held[2][1] - held[1][1],
        blocks=held[2][2] - held[1][2],
        rss_mb=round(held[2][0] - held[1][0], 1),
    )


async def capacity(base: FactBase) -> None:
    async with remote_crowd(base, **SHIPPED) as c:
        result = await c.burst(BURST, seconds=0.0)
        report(f"{BURST} questions at once", **result.figures(), peak_rss_mb=peak_rss_mb())


async def views(base: FactBase) -> None:
    async with remote_crowd(base, **SHIPPED) as c:
        await c.burst(BURST, seconds=BURST_SECONDS)  # warm: caches full, first views made
        for view in views_listening(c.bot):
            view.stop()
        tracemalloc.start()
        try:
            await c.burst(BURST, seconds=TRACED_SECONDS)
            live = views_listening(c.bot)
            count = len(live)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0]
            for view in live:
                view.stop()
            del live
            await asyncio.sleep(0.5)  # the stopped views' timeout tasks finish cancelling
            gc.collect()
            released = held - tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        per_view = released / max(count, 1)
        report(
            "memory held by live answer views",
            views=count,
            kb_per_view=round(per_view / 1024, 1),
            # production buttons live 10 minutes: what the views of that long hold
            mb_for_10_minutes_at_1_answer_per_s=round(per_view * 600 / 2**20, 1),
            # ... and at the bursts' rate (this many answers with buttons every 10 s)
            mb_for_10_minutes_at_the_bursts_rate=round(per_view * count * 60 / 2**20),
        )


async def slow_sends(base: FactBase) -> None:
    seconds_each = 4.0
    async with crowd(base=base, **SHIPPED) as c:
        assert c.fake is not None
        c.fake.delay("POST", MESSAGES, seconds_each)
        c.fake.delay("PATCH", ORIGINAL, seconds_each)
        result = await c.burst(BURST, seconds=BURST / 100, timeout=120 + 10 * seconds_each)
        figures = {k: v for k, v in result.figures().items() if k.endswith(("answer", "ack"))}
        report(f"every send {seconds_each:g} s slow, {BURST} questions", **figures)


SECTIONS: dict[str, Callable[[FactBase], Awaitable[None]]] = {
    "bursts": bursts,
    "capacity": capacity,
    "views": views,
    "slow-sends": slow_sends,
}


async def run(names: list[str]) -> int:
    errors: list[str] = []

    class Errors(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(f"{record.name}: {record.getMessage()}")

    logging.basicConfig(level=logging.ERROR)  # teardown warnings (views left live) are noise here
    logging.getLogger().addHandler(Errors(logging.ERROR))
    base = load_fact_base(ROOT / "facts", ROOT / "seeds")
    for name in names:
        await SECTIONS[name](base)
    for error in errors:
        print(f"logged at ERROR: {error}", file=sys.stderr)
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(SECTIONS), default=list(SECTIONS))
    args = parser.parse_args()
    return asyncio.run(run(args.only))


if __name__ == "__main__":
    sys.exit(main())
