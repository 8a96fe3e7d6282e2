"""Work spread over processes (bot/tools/parallel.py) comes back as one process gives it."""

from __future__ import annotations

import pytest

from bot.tools import parallel


@pytest.mark.parametrize("processors", [1, 2])
def test_results_come_back_in_the_jobs_order(
    monkeypatch: pytest.MonkeyPatch, processors: int
) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: processors)
    jobs = [-5, 3, -1, 0, -8, 2]
    assert parallel.in_processes(abs, jobs) == [5, 3, 1, 0, 8, 2]
    assert parallel.in_processes(abs, []) == []
