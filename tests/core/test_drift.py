"""An article that changes after its facts were checked: the facts whose quotes it no
longer holds are suspended (never served, listed for a curator), not the whole base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core import FactBaseError, Matcher, drift_notes, load_fact_base, text_sha256
from tests.conftest import DATA
from tests.helpers import record_hashes

QUOTE = "The River Tamsin broke through the Wrenfield levee on the night of Monday, March 14, 2022"


def _base_with_hashes(tmp_path: Path, *, record: bool = True) -> tuple[Path, Path]:
    """A copy of the Wrenfield base whose manifest records each article's sha256."""
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(DATA / "wrenfield" / "facts", facts)
    shutil.copytree(DATA / "wrenfield" / "seeds", seeds)
    if record:
        record_hashes(seeds)
    return facts, seeds


def _edit_flood_article(seeds: Path, old: str, new: str) -> None:
    article = seeds / "flood.txt"
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_article_suspends_exactly_the_facts_whose_quotes_broke(tmp_path: Path) -> None:
    facts, seeds = _base_with_hashes(tmp_path)
    before = load_fact_base(facts, seeds)
    quoting = {f.id for f in before.facts if any(s.quote == QUOTE for s in f.sources)}
    assert quoting and before.suspended == ()
    _edit_flood_article(seeds, "broke through", "burst through")

    after = load_fact_base(facts, seeds)  # still a valid base
    assert {s.fact_id for s in after.suspended} == quoting
    assert {f.id for f in after.facts} == {f.id for f in before.facts} - quoting
    assert all(s.articles == ("flood-article",) for s in after.suspended)
    notes = drift_notes(after)
    assert any("suspended" in n and next(iter(quoting)) in n for n in notes)
    new_hash = text_sha256((seeds / "flood.txt").read_text(encoding="utf-8"))
    assert any("flood-article" in n and new_hash in n for n in notes)
    # never served: the matcher does not know them
    reply = Matcher(after).ask("when did the wrenfield levee break")
    assert quoting.isdisjoint({r.fact.id for r in reply.facts})


def test_a_change_that_keeps_every_quote_suspends_nothing_but_is_noted(tmp_path: Path) -> None:
    facts, seeds = _base_with_hashes(tmp_path)
    (seeds / "flood.txt").write_text(
        (seeds / "flood.txt").read_text(encoding="utf-8") + "\nCorrection appended.\n",
        encoding="utf-8",
    )
    base = load_fact_base(facts, seeds)
    assert base.suspended == ()
    [note] = drift_notes(base)
    assert "flood-article" in note and "0 facts suspended" in note


def test_without_a_recorded_hash_a_lost_quote_is_the_curators_error(tmp_path: Path) -> None:
    facts, seeds = _base_with_hashes(tmp_path, record=False)
    _edit_flood_article(seeds, "broke through", "burst through")
    with pytest.raises(FactBaseError, match="quote not found verbatim"):
        load_fact_base(facts, seeds)


def test_a_malformed_hash_is_a_problem_with_its_line(tmp_path: Path) -> None:
    facts, seeds = _base_with_hashes(tmp_path, record=False)
    manifest = seeds / "articles.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "file: flood.txt", "file: flood.txt\n    sha256: not-a-hash"
        ),
        encoding="utf-8",
    )
    with pytest.raises(FactBaseError, match=r"articles.yaml:\d+: .*not a SHA-256"):
        load_fact_base(facts, seeds)


def test_a_broken_quote_in_a_conflict_claim_suspends_the_fact_too(tmp_path: Path) -> None:
    """A conflict's claims are the fact's words as much as its sources: a claim whose quote
    a changed article no longer holds suspends the fact, rather than leaving a conflict of
    one claim (which would be the curator's error and refuse the whole base)."""
    facts, seeds = _base_with_hashes(tmp_path)
    article = seeds / "recovery.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Some 400 homes", "Some 410 homes"), encoding="utf-8")

    after = load_fact_base(facts, seeds)
    [suspended] = [s for s in after.suspended if s.fact_id == "homes-flooded"]
    assert suspended.articles == ("recovery-article",)
    assert "homes-flooded" not in {f.id for f in after.facts}
