"""The reply record a change is judged by: training sets listed, blind sets only counted."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.core.matcher import Matcher
from bot.tools.replies import compare, is_blind, record
from tests.helpers import WRENFIELD, wrenfield_base


def test_blind_sets_are_the_blind_folder_and_the_followups_conversations() -> None:
    assert is_blind("blind/blind28")
    assert is_blind("conversations/followups16")
    assert not is_blind("conversations/train11")
    assert not is_blind("questions/train13")


def test_a_blind_set_is_recorded_without_its_questions_or_verdicts(tmp_path: Path) -> None:
    for folder in ("questions", "blind", "conversations"):
        (tmp_path / folder).mkdir()
    shutil.copy(WRENFIELD / "questions.yaml", tmp_path / "questions" / "town.yaml")
    shutil.copy(WRENFIELD / "questions.yaml", tmp_path / "blind" / "town.yaml")
    recorded = record(Matcher(wrenfield_base()), tmp_path)
    training, blind = recorded["questions/town"], recorded["blind/town"]
    assert len(training) == len(blind) > 0
    assert all(len(row) == 5 and isinstance(row[0], str) for row in training)
    assert all(len(row) == 2 for row in blind)  # answered, first fact: nothing to read
    assert [row[2][:1] for row in training] == [row[1] for row in blind]


def test_compare_lists_training_changes_and_only_counts_blind_ones() -> None:
    before = {
        "questions/train": [["when did it open", True, ["a"], False, "date"]],
        "blind/blind9": [[True, ["a"]], [False, []]],
    }
    after = {
        "questions/train": [["when did it open", True, ["b"], True, "date"]],
        "blind/blind9": [[True, ["b"]], [False, []]],
    }
    lines = list(compare(before, after, show=True))
    assert "questions/train: right 0 → 1 of 1; 1 replies changed" in lines
    assert "  gained [date] when did it open" in lines
    assert "blind/blind9: 1 of 2 replies changed" in lines
    assert lines[-2:] == ["training sets: right 0 → 1 of 1", "blind sets: 1 replies changed"]
