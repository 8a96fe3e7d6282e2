"""The /about scorecard: measured, never typed, and never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.scorecard import SCORECARD_FILE, Scorecard, load_scorecard
from bot.tools.scorecard import inputs_sha256, measure
from tests.conftest import ROOT


def test_the_committed_scorecard_was_measured_on_what_ships_now() -> None:
    """A change to the facts, the matcher, its fitted files or the sets must come with a
    fresh `make scorecard`, so that /about never shows a figure the bot no longer earns."""
    committed = json.loads(SCORECARD_FILE.read_text(encoding="utf-8"))
    now = inputs_sha256(ROOT / "facts", ROOT / "seeds")
    assert committed.get("inputs_sha256") == now, (
        "bot/models/scorecard.json is stale: run make scorecard"
    )


@pytest.mark.slow
def test_the_committed_scorecard_is_what_the_blind_sets_score_now() -> None:
    """The figures themselves, scored afresh (two minutes on two processors)."""
    committed = json.loads(SCORECARD_FILE.read_text(encoding="utf-8"))
    fresh = measure(ROOT / "facts", ROOT / "seeds")
    stale = {k: (committed.get(k), v) for k, v in fresh.items() if committed.get(k) != v}
    assert stale == {}, f"bot/models/scorecard.json is stale ({stale}): run make scorecard"


def test_the_scorecard_reads_as_plain_words() -> None:
    card = load_scorecard()
    assert card is not None
    text = "\n".join(card.lines())
    assert f"{card.questions} questions" in text
    assert f"{card.reply_accuracy:.0%}" in text and card.measured_on in text


def test_a_missing_or_broken_scorecard_is_none(tmp_path: Path) -> None:
    assert load_scorecard(tmp_path / "missing.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text('{"questions": "many"', encoding="utf-8")
    assert load_scorecard(broken) is None
    assert isinstance(load_scorecard(), Scorecard)
