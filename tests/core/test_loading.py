"""The loader refuses a broken fact base with one `path:line: message` per problem."""

from __future__ import annotations

import gc
import re
import shutil
from pathlib import Path

import pytest

from bot.core import FactBase, FactBaseError, Problem, load_fact_base, loading, read_fact_base
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
    (
        "story-unknown-led-to.yaml",
        6,
        "'led_to' names 'library-book', which is no fact's id (did you mean 'library-books'?)",
    ),
    ("entities-ambiguous-alias.yaml", 5, "the name 'ada' belongs to both 'ada-lovelace' and"),
    ("entities-bad-pronoun.yaml", 5, "pronoun 'her' must be one of: she, he, they"),
]


def _install(broken: str, facts_dir: Path) -> Path:
    target = facts_dir / ("entities.yaml" if broken.startswith("entities") else "story.yaml")
    shutil.copy(BROKEN / broken, target)
    return target


@pytest.mark.parametrize(("broken", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_is_reported_at_its_line_and_nothing_else(
    tiny_dirs: tuple[Path, Path], broken: str, line: int, words: str
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    target = _install(broken, facts_dir)
    base, problems = read_fact_base(facts_dir, seeds_dir)
    assert base is None
    # Exactly one problem: the rejected fact still cites its article, so the article is
    # not also reported as "cited by no fact".
    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0]).startswith(f"{target}:{line}: ")
    assert words in problems[0].message


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
    assert (opened.date.iso(), opened.date.display()) == ("2020-02-03", "February 3, 2020")
    assert base.articles["tiny-article"].published == opened.date


def test_a_rejected_fact_does_not_hide_a_really_uncited_article(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    _install("story-bad-date.yaml", facts_dir)
    (seeds_dir / "other.txt").write_text("Another article.\n", encoding="utf-8")
    with (seeds_dir / "articles.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - id: other\n    file: other.txt\n    headline: Other\n")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert [p.message.split(":")[0] for p in problems] == [
        "'2020-02-30' has day 30",  # facts/story.yaml
        "article 'other' is cited by no fact",  # seeds/articles.yaml
    ]


def test_an_article_cited_only_in_a_rejected_conflict_claim_counts_as_cited(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "other.txt").write_text("The library opened on Tuesday.\n", encoding="utf-8")
    with (seeds_dir / "articles.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - id: other\n    file: other.txt\n    headline: Other\n")
    with (facts_dir / "story.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "  - id: opening-day\n"
            "    kind: event\n"
            "    text: The articles disagree on the day the library opened.\n"
            "    sources: [{article: tiny-article, quote: On Monday}]\n"
            "    conflict:\n"
            "      note: Monday or Tuesday.\n"
            "      claims:\n"
            "        - {text: Monday., sources: [{article: tiny-article, quote: On Monday}]}\n"
            "        - {text: Tuesday., sources: [{article: other, quote: on Wednesday}]}\n"
        )
    _, problems = read_fact_base(facts_dir, seeds_dir)
    messages = [p.message for p in problems]
    assert any("quote not found verbatim in seeds/other.txt" in m for m in messages), messages
    assert not any("cited by no fact" in m for m in messages), messages


# -- every problem is one `path:line: message` line --------------------------------------------

_PATH_LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9][0-9]*): (?P<message>[^\n]+)$")


def _lines(problems: list[Problem]) -> list[tuple[str, int, str]]:
    parsed = []
    for problem in problems:
        match = _PATH_LINE.match(str(problem))
        assert match, f"not a path:line: message line: {problem}"
        parsed.append((match["path"], int(match["line"]), match["message"]))
    return parsed


def test_an_unlisted_seed_file_points_at_the_articles_list(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    listing = seeds_dir / "articles.yaml"
    listing.write_text("# The articles.\n\n" + listing.read_text(encoding="utf-8"), "utf-8")
    (seeds_dir / "stray.txt").write_text("Stray.\n", encoding="utf-8")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert _lines(problems) == [
        (
            str(listing),
            3,  # the 'articles:' key, where the entry must be added
            "seed file stray.txt is not listed: add an entry for it under 'articles:'",
        )
    ]


def test_missing_directories_and_files_still_give_path_and_line(tmp_path: Path) -> None:
    facts_dir, seeds_dir = tmp_path / "no-facts", tmp_path / "no-seeds"
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert _lines(problems) == [
        (
            str(facts_dir),
            1,
            "fact directory not found (line 1 stands for the directory itself): "
            "create it, or give its path with --facts or FACTBOT_FACTS_DIR",
        ),
        (
            str(seeds_dir),
            1,
            "seed directory not found (line 1 stands for the directory itself): "
            "create it, or give its path with --seeds or FACTBOT_SEEDS_DIR",
        ),
    ]
    facts_dir.mkdir()
    seeds_dir.mkdir()
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert _lines(problems) == [
        (
            str(facts_dir),
            1,
            "no story files in this directory: add a *.yaml file with 'story:' and a "
            "'facts:' list (see README, 'The fact base')",
        ),
        (
            str(seeds_dir / "articles.yaml"),
            1,
            "file missing: create it and list every seed article in it "
            "(see README, 'Adding an article')",
        ),
    ]


def test_an_unreadable_file_is_reported_at_line_1(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "story.yaml").write_bytes(b"story: caf\xe9\n")  # Latin-1, not UTF-8
    _, problems = read_fact_base(facts_dir, seeds_dir)
    ((path, line, message),) = _lines(problems)
    assert (path, line) == (str(facts_dir / "story.yaml"), 1)
    assert message.startswith("not UTF-8 text")


def test_an_entry_that_is_not_a_mapping_points_at_its_list(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    with (facts_dir / "story.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - just a sentence\n")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert _lines(problems) == [
        (
            str(facts_dir / "story.yaml"),
            2,  # 'facts:'
            "a fact must be a mapping of fields, not the string 'just a sentence'",
        )
    ]


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
    assert all(_PATH_LINE.match(str(p)) for p in problems), [str(p) for p in problems]


# -- what the loader keeps -----------------------------------------------------------------------


def test_a_fact_keeps_its_date_note_next_to_its_notes(tiny_dirs: tuple[Path, Path]) -> None:
    opened = load_fact_base(*tiny_dirs).facts_by_id["library-opened"]
    assert opened.date_note == (
        'The article says "On Monday, February 3"; February 3, 2020 was a Monday.'
    )
    assert opened.notes == "The article does not say which Springfield."


def test_a_fact_that_leads_to_itself_is_a_problem_at_its_led_to_line(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    target = _install("story-unknown-led-to.yaml", facts_dir)
    target.write_text(
        target.read_text(encoding="utf-8").replace("[library-book]", "[library-opened]"),
        encoding="utf-8",
    )
    base, problems = read_fact_base(facts_dir, seeds_dir)
    assert base is None
    assert [str(p) for p in problems] == [
        f"{target}:6: 'led_to' of 'library-opened' names the fact itself"
    ]


def test_shipped_facts_with_notes_keep_their_date_reasoning(shipped_base: FactBase) -> None:
    both = [f for f in shipped_base.facts if f.notes and f.date_note]
    assert len(both) >= 9
    baby_bar = shipped_base.facts_by_id["kim-passed-baby-bar"]
    assert baby_bar.date_note == '"In December of that year", following "May 2019": December 2019.'
    assert baby_bar.notes and "not when she sat or passed the exam" in baby_bar.notes


def test_an_article_keeps_what_was_inferred_and_from_what(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "articles.yaml").write_text(
        "articles:\n"
        "  - id: tiny-article\n"
        "    file: tiny.txt\n"
        "    headline: Springfield gets a library\n"
        "    headline_editorial: true\n"
        "    outlet: The Test Times\n"
        "    outlet_inferred_from: >-\n"
        "      The 'Test Times' credit\n"
        "      under the photo.\n"
        "    author_inferred_from: null\n"
        "    published: 2020-02\n"
        "    published_inferred_from: The opening 'on Monday, February 3'.\n"
        "    notes: A short piece.\n",
        encoding="utf-8",
    )
    article = load_fact_base(facts_dir, seeds_dir).articles["tiny-article"]
    assert article.headline_editorial
    assert article.outlet_inferred_from == "The 'Test Times' credit under the photo."
    assert article.author_inferred_from is None
    assert article.published_inferred_from == "The opening 'on Monday, February 3'."
    assert article.notes == "A short piece."
    assert article.citation() == (
        "Springfield gets a library (our title) — The Test Times (inferred), "
        "February 2020 (inferred)"
    )


def test_loading_pauses_garbage_collection_and_always_restores_it(
    tiny_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is off while a base is read (full collections over millions of new
    objects starved the event loop during /reload) and on again afterwards, even when the
    base is refused."""
    facts_dir, seeds_dir = tiny_dirs
    seen: list[bool] = []
    original = loading._Reader.read

    def spying(reader: loading._Reader) -> FactBase:
        seen.append(gc.isenabled())
        return original(reader)

    monkeypatch.setattr(loading._Reader, "read", spying)
    assert read_fact_base(facts_dir, seeds_dir)[1] == []
    _install("story-bad-date.yaml", facts_dir)
    with pytest.raises(FactBaseError):
        load_fact_base(facts_dir, seeds_dir)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_misspelt_field_is_matched_to_the_field_it_resembles_as_a_whole(
    tiny_dirs: tuple[Path, Path],
) -> None:
    """ "knid" is "kind" with two letters swapped, not "id" with two letters added."""
    facts_dir, seeds_dir = tiny_dirs
    story = facts_dir / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("    kind: event", "    knid: event", 1),
        encoding="utf-8",
    )
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert any(
        "unknown field 'knid'" in p.message and "did you mean 'kind'" in p.message for p in problems
    )


def test_a_missing_entities_file_is_one_problem_not_one_per_name(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "entities.yaml").unlink()
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{facts_dir / 'entities.yaml'}:1: ")
    assert "not found" in problems[0].message


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [("", 1, "is empty"), ("story: Emptied\nfacts: []\n", 2, "has no facts")],
)
def test_an_emptied_story_file_is_a_problem_not_a_silent_loss(
    tiny_dirs: tuple[Path, Path], content: str, line: int, words: str
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "emptied.yaml").write_text(content, encoding="utf-8")
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert [str(p).startswith(f"{facts_dir / 'emptied.yaml'}:{line}: ") for p in problems] == [True]
    assert words in problems[0].message
