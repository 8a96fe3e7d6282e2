"""Adding an article end to end, on a copy of the shipped fact base and an invented article
about another topic (tests/data/curation): add -> draft -> review -> publish -> check -> ask."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.core import Matcher, load_fact_base
from bot.curation.store import DraftPaths
from bot.curation.validate import check_drafts
from tests.conftest import DATA, ROOT

ARTICLE = DATA / "curation" / "millbrook-solar.txt"
ID = "millbrook-solar"


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the shipped fact base: (facts, seeds)."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "facts", tmp_path / "seeds"


def _run(dirs: tuple[Path, Path], *args: str) -> int:
    facts, seeds = dirs
    return main([args[0], "--facts", str(facts), "--seeds", str(seeds), *args[1:]])


def _added(dirs: tuple[Path, Path]) -> None:
    assert _run(dirs, "add", str(ARTICLE), "--id", ID) == 0


def _drafted(dirs: tuple[Path, Path]) -> dict[str, dict[str, Any]]:
    _added(dirs)
    assert _run(dirs, "draft", ID) == 0
    story = yaml.safe_load(DraftPaths.of(dirs[0], ID).facts.read_text(encoding="utf-8"))
    return {f["id"]: f for f in story["facts"]}


def test_add_copies_the_article_byte_for_byte_and_reads_what_its_text_shows(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _added(dirs)
    entries = yaml.safe_load((dirs[1] / "articles.yaml").read_text(encoding="utf-8"))["articles"]
    entry = entries[-1]
    assert (dirs[1] / entry["file"]).read_bytes() == ARTICLE.read_bytes()
    assert entry["headline"] == "Millbrook switches on a floating solar farm on its reservoir"
    assert entry["author"] == "Priya Natarajan"  # the byline
    assert str(entry["published"]) == "2025-09-12"  # the dateline
    assert entry["outlet"] is None  # the text names none, and none was given
    # The manifest keeps its comments: the entry is appended as text.
    assert (dirs[1] / "articles.yaml").read_text(encoding="utf-8").startswith("# One entry")
    # Until it is drafted the bot still loads and answers from the rest.
    assert load_fact_base(*dirs).articles.get(ID) is not None
    capsys.readouterr()
    assert _run(dirs, "check") == 1
    assert f"run factbot draft {ID}" in capsys.readouterr().out


def test_add_refuses_the_same_article_twice_even_re_saved(
    dirs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _added(dirs)
    capsys.readouterr()
    assert _run(dirs, "add", str(ARTICLE), "--id", "again") == 1
    assert "same bytes" in capsys.readouterr().err
    resaved = tmp_path / "resaved.txt"
    resaved.write_text(ARTICLE.read_text(encoding="utf-8").replace("4,200", "4,300") + "\n")
    assert _run(dirs, "add", str(resaved), "--id", "again") == 1
    assert "nearly the same text" in capsys.readouterr().err


def test_drafts_quote_the_article_verbatim_and_skip_its_furniture(dirs: tuple[Path, Path]) -> None:
    drafts = _drafted(dirs)
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = [s["quote"] for d in drafts.values() for s in d["sources"]]
    assert all(q in text for q in quotes)
    furniture = ("Share this", "READ MORE", "Photo:", "Related news", "By Priya")
    assert not [q for q in quotes if q.startswith(furniture)]
    assert check_drafts(*dirs) == []


def test_drafts_are_self_contained_with_names_dates_and_speakers(dirs: tuple[Path, Path]) -> None:
    drafts = list(_drafted(dirs).values())
    by_quote = {d["sources"][0]["quote"][:20]: d for d in drafts}
    opened = by_quote["The town of Millbroo"]
    assert opened["date"] == "2025-09-09"  # "on Tuesday" in an article of Friday September 12
    assert "Tuesday, September 9, 2025" in opened["text"]
    assert "millbrook" in opened["places"]  # a proposed entity
    pressed = by_quote["She pressed a button"]
    assert pressed["text"].startswith("Edith Carrow pressed")
    approved = by_quote["The project was appr"]
    assert (approved["date"], approved["date_qualifier"]) == ("2024", "late")
    built = by_quote["The pumping station "]
    assert "date" not in built and "1990s" in built["date_note"]
    quoted = by_quote['"I hope I am wrong a']
    assert (quoted["kind"], quoted["said_by"]) == ("quote", "ruth-abney")
    assert quoted["questions"]
    proposed = yaml.safe_load(DraftPaths.of(dirs[0], ID).entities.read_text(encoding="utf-8"))
    people = {p["id"]: p for p in proposed["people"]}
    assert "Carrow" in people["edith-carrow"]["aliases"]
    assert [o["id"] for o in proposed["organisations"]] == ["brightwater-energy"]


def test_the_bot_never_serves_a_draft(dirs: tuple[Path, Path]) -> None:
    drafts = _drafted(dirs)
    base = load_fact_base(*dirs)
    assert not set(drafts) & {f.id for f in base.facts}
    reply = Matcher(base).ask("when did millbrook switch on its floating solar farm")
    assert all(ID not in f.fact.article_ids for f in [*reply.facts, *reply.near_misses])


def test_a_draft_is_checked_by_the_shipped_rules_with_its_file_and_line(
    dirs: tuple[Path, Path],
) -> None:
    _drafted(dirs)
    path = DraftPaths.of(dirs[0], ID).facts
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("4,200 panels", "4,500 panels"), encoding="utf-8")
    problems = check_drafts(*dirs)
    assert [p.path for p in problems] == [path]
    line = problems[0].line or 0
    assert "quote:" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "quote not found verbatim" in problems[0].message


def test_add_draft_review_publish_then_the_bot_answers_citing_the_article(
    dirs: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    drafts = _drafted(dirs)
    # Scripted review: skip the first draft, accept the rest.
    monkeypatch.setattr("sys.stdin", io.StringIO("s\n" + "a\n" * len(drafts)))
    assert _run(dirs, "review", ID) == 0
    assert _run(dirs, "publish", ID) == 0
    capsys.readouterr()
    assert _run(dirs, "check") == 0
    assert not DraftPaths.of(dirs[0], ID).facts.exists()
    base = load_fact_base(*dirs)
    published = [f for f in base.facts if ID in f.article_ids]
    assert len(published) == len(drafts) - 1
    assert {"edith-carrow", "brightwater-energy"} <= set(base.entities)
    reply = Matcher(base).ask("who opened the floating solar farm at the reservoir?")
    assert reply.facts
    assert ID in reply.facts[0].fact.article_ids
    assert "Carrow" in reply.facts[0].fact.text


def test_publish_refuses_while_drafts_await_a_decision(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _drafted(dirs)
    before = (dirs[0] / "entities.yaml").read_text(encoding="utf-8")
    assert _run(dirs, "publish", ID) == 1
    assert f"finish `factbot review {ID}`" in capsys.readouterr().err
    assert (dirs[0] / "entities.yaml").read_text(encoding="utf-8") == before


def test_review_edits_a_draft_in_the_editor(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = _drafted(dirs)
    monkeypatch.setenv("EDITOR", "sed -i /^text:/s/floating/floating-and-solar/")
    monkeypatch.setattr("sys.stdin", io.StringIO("e\na\n" + "s\n" * len(drafts)))
    assert _run(dirs, "review", ID) == 0
    story = yaml.safe_load(DraftPaths.of(dirs[0], ID).facts.read_text(encoding="utf-8"))
    assert "floating-and-solar" in story["facts"][0]["text"]
    assert check_drafts(*dirs) == []


FOLLOW_UP = DATA / "curation" / "millbrook-solar-followup.txt"


def test_a_second_article_on_the_same_event_is_proposed_as_its_source_with_the_conflict(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = _drafted(dirs)
    monkeypatch.setattr("sys.stdin", io.StringIO("a\n" * len(drafts)))
    assert _run(dirs, "review", ID) == 0
    assert _run(dirs, "publish", ID) == 0
    assert _run(dirs, "add", str(FOLLOW_UP), "--id", "millbrook-followup") == 0
    assert _run(dirs, "draft", "millbrook-followup") == 0
    paths = DraftPaths.of(dirs[0], "millbrook-followup")
    state = yaml.safe_load(paths.review.read_text(encoding="utf-8"))
    opening = state["drafts"][0]
    switched_on = next(d for d, r in drafts.items() if r["date"] == "2025-09-09")
    # "Wednesday, September 10" against the first article's Tuesday, September 9.
    assert (opening["proposal"], opening["into"]) == ("conflict", switched_on)
    follow_up = yaml.safe_load(paths.facts.read_text(encoding="utf-8"))["facts"][0]
    assert [c["date"] for c in follow_up["conflict"]["claims"]] == ["2025-09-09", "2025-09-10"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a\n" * len(state["drafts"])))
    assert _run(dirs, "review", "millbrook-followup") == 0
    assert _run(dirs, "publish", "millbrook-followup") == 0
    base = load_fact_base(*dirs)
    fact = base.facts_by_id[switched_on]
    assert fact.article_ids == (ID, "millbrook-followup")
    assert fact.conflict is not None
    assert opening["id"] not in base.facts_by_id  # merged, not a second fact
    # The first article's story file kept its layout: the source was inserted, not rewritten.
    story = (dirs[0] / f"{ID}.yaml").read_text(encoding="utf-8")
    assert story.startswith("# Story: published from its drafts")


def test_drafting_again_keeps_a_review_in_progress_unless_forced(
    dirs: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _drafted(dirs)
    monkeypatch.setattr("sys.stdin", io.StringIO("s\nq\n"))
    assert _run(dirs, "review", ID) == 0
    capsys.readouterr()
    assert _run(dirs, "draft", ID) == 1
    assert "1 draft(s) of 'millbrook-solar' already have a decision" in capsys.readouterr().err
    review = DraftPaths.of(dirs[0], ID).review
    assert "decision: skip" in review.read_text(encoding="utf-8")
    assert _run(dirs, "draft", ID, "--force") == 0
    assert "decision: skip" not in review.read_text(encoding="utf-8")


def test_a_broken_review_file_is_named_with_its_line_and_the_fix(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _drafted(dirs)
    review = DraftPaths.of(dirs[0], ID).review
    review.write_text(review.read_text(encoding="utf-8") + "  - id: [unclosed\n")
    capsys.readouterr()
    assert _run(dirs, "review", ID) == 1
    err = capsys.readouterr().err
    assert f"{review}:" in err and "factbot draft again" in err
    assert _run(dirs, "publish", ID) == 1
    assert "nothing was changed" in capsys.readouterr().err
