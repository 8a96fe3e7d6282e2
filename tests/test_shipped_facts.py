"""The shipped fact base is valid, covers every article, and keeps its quality floor."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.core import FactBase, uncited_sentences
from tests.conftest import DATA, ROOT, SHARED

QUESTIONS = DATA / "questions"
# A little under the measured figures (README, "Quality"), so quality cannot silently regress.
FLOORS = {
    "dev.yaml": 0.94,
    "own.yaml": 0.87,
    "holdout.yaml": 0.82,
    "blind.yaml": 0.72,
    "blind2.yaml": 0.80,
}


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


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_does_not_regress(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(QUESTIONS / name), "--fail-under", str(FLOORS[name])]) == 0, (
        capsys.readouterr().out
    )


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not present")
def test_seeds_are_byte_for_byte_the_shared_articles() -> None:
    for original in (SHARED / "seeds").glob("*.txt"):
        assert (ROOT / "seeds" / original.name).read_bytes() == original.read_bytes()
