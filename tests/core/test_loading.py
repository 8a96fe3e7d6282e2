"""The loader refuses a broken fact base with one `path:line: message` per problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core import FactBaseError, load_fact_base, read_fact_base
from tests.conftest import DATA

BROKEN = DATA / "broken"

# (fixture file, line of the problem, words the message must contain)
CASES = [
    ("story-bad-yaml.yaml", 5, "YAML syntax error"),
    ("story-missing-field.yaml", 3, "a fact is missing required field 'text'"),
    ("story-duplicate-id.yaml", 9, "duplicate fact id 'library-opened' (first defined at"),
    ("story-bad-date.yaml", 6, "'2020-02-30' has day 30: February 2020 has 29 days"),
    (
        "story-unknown-article.yaml",
        7,
        "unknown article 'tiny-artcle': did you mean 'tiny-article'?",
    ),
    ("story-quote-not-in-article.yaml", 8, "quote not found verbatim in seeds/tiny.txt"),
    ("story-unknown-field.yaml", 6, "unknown field 'peple' in a fact (did you mean 'people'?)"),
    ("entities-ambiguous-alias.yaml", 5, "the name 'ada' belongs to both 'ada-lovelace' and"),
]


def _install(broken: str, facts_dir: Path) -> Path:
    target = facts_dir / ("entities.yaml" if broken.startswith("entities") else "story.yaml")
    shutil.copy(BROKEN / broken, target)
    return target


@pytest.mark.parametrize(("broken", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_is_reported_at_its_line(
    tiny_dirs: tuple[Path, Path], broken: str, line: int, words: str
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    target = _install(broken, facts_dir)
    base, problems = read_fact_base(facts_dir, seeds_dir)
    assert base is None
    matching = [p for p in problems if words in p.message]
    assert matching, f"no problem mentions {words!r}; got: {[str(p) for p in problems]}"
    assert str(matching[0]).startswith(f"{target}:{line}: ")


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(c[0] for c in CASES)


def test_loader_refuses_instead_of_half_loading(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    _install("story-duplicate-id.yaml", facts_dir)
    with pytest.raises(FactBaseError) as info:
        load_fact_base(facts_dir, seeds_dir)
    assert "duplicate fact id" in str(info.value)


def test_quote_problem_shows_the_closest_passage(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    _install("story-quote-not-in-article.yaml", facts_dir)
    _, problems = read_fact_base(facts_dir, seeds_dir)
    (problem,) = [p for p in problems if "quote not found" in p.message]
    assert 'closest passage: "Ada Lovelace opened the new library' in problem.message


def test_quotes_match_across_curly_and_straight_quotes_and_line_breaks(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    base = load_fact_base(facts_dir, seeds_dir)
    said = base.facts_by_id["ada-great-day"]
    assert said.sources[0].quote == '"It\'s a great day," she said.'  # article has curly quotes


def test_an_uncited_article_is_a_problem(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "other.txt").write_text("Another article.\n", encoding="utf-8")
    with (seeds_dir / "articles.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - id: other\n    file: other.txt\n    headline: Other\n")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert [p.message for p in problems] == [
        "article 'other' is cited by no fact: add facts that quote it "
        "(factbot check --coverage lists its sentences)"
    ]


def test_an_unlisted_seed_file_is_a_problem(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "stray.txt").write_text("Stray.\n", encoding="utf-8")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert any("seed file stray.txt is not listed" in p.message for p in problems)


def test_dates_keep_their_precision(tiny_dirs: tuple[Path, Path]) -> None:
    base = load_fact_base(*tiny_dirs)
    opened = base.facts_by_id["library-opened"]
    assert opened.date is not None
    assert (opened.date.iso(), opened.date.display()) == ("2020-02-03", "3 February 2020")
    assert base.articles["tiny-article"].published == opened.date


def test_problems_with_and_without_a_line_are_reported_together(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "tiny.txt").write_bytes(b"\xff\xfe not UTF-8")  # no line: a file problem
    shutil.copy(BROKEN / "story-bad-date.yaml", facts_dir / "story.yaml")  # a line problem
    _, problems = read_fact_base(facts_dir, seeds_dir)
    messages = " | ".join(p.message for p in problems)
    assert "cannot read" in messages and "has day 30" in messages
    assert "is not listed" not in messages  # it is listed; it just cannot be read
