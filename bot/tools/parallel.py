"""Work spread over the machine's processors. The training and scoring tools ask thousands
of questions, a set at a time, and no set's answers depend on another's: each set can be
asked in a process of its own, and the results come back in the order of the sets, as one
process would have given them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from bot.core import load_fact_base
from bot.core.matcher import Matcher

Job = TypeVar("Job")
Result = TypeVar("Result")


def workers() -> int:
    """How many processes to ask in: the processors this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_processes(work: Callable[[Job], Result], jobs: Sequence[Job]) -> list[Result]:
    """`work` done on every job (a module-level function: what every job needs, such as a
    matcher, it builds once per process with `functools.cache`). With one processor, or
    one job, all is done here, in this process. Processes are started afresh ("spawn"),
    not forked from this one, whose threads may hold locks a fork would copy held."""
    count = min(workers(), len(jobs))
    if count <= 1:
        return [work(job) for job in jobs]
    with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as pool:
        return list(pool.map(work, jobs))


@cache
def shipped_matcher(facts: Path, seeds: Path) -> Matcher:
    """The matcher of a fact base as the bot builds it (its fitted scorer and chooser),
    built once in each process that asks with it."""
    return Matcher(load_fact_base(facts, seeds))
