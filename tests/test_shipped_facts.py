"""The shipped fact base is valid, covers every article, and keeps its quality floor."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import FactBase, uncited_sentences
from bot.core.loading import ASKED_FILE
from bot.core.readings import READINGS_FILE
from bot.core.scorer import SCORER_FILE
from bot.core.yamlfile import load_plain
from bot.tools import train_readings, train_scorer
from tests.conftest import DATA, ROOT, SHARED

QUESTIONS = DATA / "questions"
FACTS = ROOT / "facts"
# The dev set is training data for the scorer, so this floor guards against breakage (a
# feature computed wrongly, a stale scorer), not a claim about unseen wording: that is the
# blind sets' job (tests/data/blind), which are no floor at all.
DEV_FLOOR = 0.88


def test_every_seed_file_is_an_article(shipped_base: FactBase) -> None:
    files = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(a.file.removeprefix("seeds/") for a in shipped_base.articles.values()) == files


def test_every_article_is_cited_and_barely_any_sentence_is_left_out(
    shipped_base: FactBase,
) -> None:
    cited = {a for fact in shipped_base.facts for a in fact.article_ids}
    assert cited == set(shipped_base.articles)
    for article_id, missing in uncited_sentences(shipped_base).items():
        assert len(missing) <= 2, f"{article_id}: {missing}"


def test_the_fact_base_is_substantial(shipped_base: FactBase) -> None:
    assert len(shipped_base.facts) >= 100
    assert any(f.conflict for f in shipped_base.facts)


def test_quality_on_the_dev_set_does_not_break(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(QUESTIONS / "dev.yaml"), "--fail-under", str(DEV_FLOOR)]) == 0, (
        capsys.readouterr().out
    )


def test_the_shipped_scorer_is_fitted_to_this_fact_base_and_these_features(
    tmp_path: Path,
) -> None:
    """Refitting from the committed fact base and question sets gives the committed scorer:
    a fact base, feature or training-set change without `make train` fails here. (The
    cross-validation that chose its regularisation, forty more fits, is `make train`'s.)"""
    fresh, asked = tmp_path / "scorer.json", tmp_path / "asked.yaml"
    assert train_scorer.main(["--out", str(fresh), "--asked", str(asked), "--no-cv"]) == 0
    assert asked.read_text() == (FACTS / ASKED_FILE).read_text(), (
        "facts/asked.yaml is stale: run `make train` and commit it"
    )
    committed = json.loads(SCORER_FILE.read_text())
    figures = [key for key in committed["about"] if key.startswith("cv_") and "folds" not in key]
    assert "cv_reply_accuracy" in figures
    for key in figures:
        committed["about"].pop(key)
    assert json.loads(fresh.read_text()) == committed, (
        "bot/models/scorer.json is stale: run `make train` and commit it"
    )


def test_the_committed_reading_chooser_was_fitted_on_these_facts_scorer_and_talks() -> None:
    """The follow-ups' chooser weighs the matcher's confidence, so a fact base, scorer or
    conversation-set change without `make train` leaves it stale. Its recorded digest of
    those inputs says so in a moment; the refit below (two minutes) is a slow test."""
    about = json.loads(READINGS_FILE.read_text())["about"]
    now = train_readings.inputs_sha256(FACTS, ROOT / "seeds", DATA / "conversations")
    assert about["inputs_sha256"] == now, "bot/models/readings.json is stale: run `make train`"


@pytest.mark.slow
def test_the_committed_reading_chooser_is_what_make_train_fits(tmp_path: Path) -> None:
    """Refitting must give the committed trees: this also catches a change to the matcher's
    code that moves its confidences, which no digest of data files can. (The
    cross-validation, ten more fits, is `make train`'s to write.)"""
    committed = json.loads(READINGS_FILE.read_text())
    fresh = tmp_path / "readings.json"
    assert train_readings.main(["--out", str(fresh), "--no-cv"]) == 0
    refitted = json.loads(fresh.read_text())
    for cross_validated in ("cv_right_by_conversation", "cv_right_without_memory"):
        assert cross_validated in committed["about"]
        committed["about"].pop(cross_validated)
    assert refitted == committed, "bot/models/readings.json is stale: run `make train`"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not present")
def test_seeds_are_byte_for_byte_the_shared_articles() -> None:
    for original in (SHARED / "seeds").glob("*.txt"):
        assert (ROOT / "seeds" / original.name).read_bytes() == original.read_bytes()


def test_no_eval_question_is_among_the_facts_alternate_questions(
    shipped_base: FactBase,
) -> None:
    """A question of any question set (training, blind, class, follow-up or the shared dev
    set) in a fact's `questions:` would be answered from memory, and the set would flatter
    the bot."""

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    files = [
        *QUESTIONS.glob("*.yaml"),
        *(DATA / "blind").glob("*.yaml"),
        *(DATA / "spans").glob("*.yaml"),  # the class sets
        *(DATA / "why").glob("*.yaml"),
        *(DATA / "outcome").glob("*.yaml"),
        *(DATA / "conversations" / "standalone").glob("*.yaml"),  # follow-ups made whole
    ]
    if (SHARED / "eval" / "dev.yaml").is_file():
        files.append(SHARED / "eval" / "dev.yaml")
    asked = {norm(item["q"]) for path in files for item in load_plain(path.read_text())}
    for path in (DATA / "conversations").glob("*.yaml"):  # the follow-up sets' turns too
        talks = load_plain(path.read_text())
        asked |= {norm(turn["q"]) for talk in talks for turn in talk["turns"]}
    leaked = [
        (fact.id, q) for fact in shipped_base.facts for q in fact.questions if norm(q) in asked
    ]
    assert leaked == []
