"""The served log: which facts went out in which messages, for corrections after a reload."""

from __future__ import annotations

from pathlib import Path

from bot.served import ServedLog


def test_it_survives_a_restart_and_each_answer_is_taken_once(tmp_path: Path) -> None:
    path = tmp_path / "served.jsonl"
    log = ServedLog(path)
    log.record(1, 10, ["a", "b"])
    log.record(1, 11, ["c"])
    log.record(2, 12, [])  # an answer without facts is not kept
    again = ServedLog(path)  # a restart reads the file
    assert [s.message_id for s in again.take({"b"})] == [10]
    assert again.take({"b"}) == []  # corrected once, then forgotten
    assert [s.message_id for s in ServedLog(path).take({"a", "c"})] == [11]


def test_it_is_bounded_and_its_file_too(tmp_path: Path) -> None:
    path = tmp_path / "served.jsonl"
    log = ServedLog(path, limit=3)
    for n in range(20):
        log.record(1, n, [f"f{n}"])
    assert len(log) == 3
    assert len(path.read_text().splitlines()) <= 2 * 3
    assert [s.message_id for s in ServedLog(path, limit=3).take({"f17", "f18", "f19"})] == [
        17,
        18,
        19,
    ]


def test_a_torn_line_costs_only_itself_and_no_file_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "served.jsonl"
    path.write_text('{"c": 1, "m": 2, "f": ["x"]}\n{"c": 1, "m"\n', encoding="utf-8")
    assert [s.message_id for s in ServedLog(path).take({"x"})] == [2]
    memory = ServedLog(None)
    memory.record(1, 2, ["y"])
    assert [s.message_id for s in memory.take({"y"})] == [2]
