"""The terminal chat: the bot's replies and slash commands, as text."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from bot.chat import run_chat
from bot.core import FactBase
from bot.core.matcher import Matcher
from bot.knowledge import Knowledge
from bot.settings import Settings
from tests.conftest import DATA, ROOT

# Answered from the shipped base with a 2018 date (worded unlike any eval question).
MEETING = "on what date did kim kardashian sit down with donald trump"


def _chat(base: FactBase, lines: str, settings: Settings | None = None) -> str:
    out = io.StringIO()
    settings = settings or Settings(facts_dir=ROOT / "facts", seeds_dir=ROOT / "seeds")
    knowledge = Knowledge(base, Matcher(base))
    assert run_chat(knowledge, settings, stdin=io.StringIO(lines), stdout=out) == 0
    return out.getvalue()


def test_questions_get_cited_answers_and_commands_work(shipped_base: FactBase) -> None:
    out = _chat(shipped_base, f"{MEETING}\n/sources\n/about\n/quit\nnever read\n")
    answer, sources, about = out.split("\n\n")[:3]
    assert "2018" in answer and "Source:" in answer
    assert sources.count("•") == len(shipped_base.articles)
    assert f"{len(shipped_base.facts)} facts" in about
    assert "never read" not in out


def test_timeline_and_fact_commands(shipped_base: FactBase) -> None:
    fact = next(f for f in shipped_base.facts if f.date)
    out = _chat(shipped_base, f"/timeline person=khloe\n/fact {fact.id}\n/fact nope-nope\n")
    assert "Timeline: events with Khloé Kardashian" in out
    assert fact.id in out and " ".join(fact.text.split()[:3]) in out
    assert "No fact 'nope-nope'. Closest ids:" in out


def test_unknown_commands_and_blank_lines_are_handled(shipped_base: FactBase) -> None:
    out = _chat(shipped_base, "\n   \n/dance\n")
    assert out.strip() == "Unknown command /dance. Type /help for the list."


def test_reload_keeps_the_old_base_when_the_new_one_is_broken(
    shipped_base: FactBase, tiny_dirs: tuple[Path, Path]
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    settings = Settings(facts_dir=facts_dir, seeds_dir=seeds_dir)
    shutil.copy(DATA / "broken" / "story-duplicate-id.yaml", facts_dir / "story.yaml")
    out = _chat(shipped_base, f"/reload\n{MEETING}\n", settings)
    assert "Reload failed; still answering from the old fact base" in out
    assert "duplicate fact id" in out
    assert "Trump" in out.split("\n\n")[1]


def test_what_was_typed_is_echoed_with_its_control_characters_escaped(
    shipped_base: FactBase,
) -> None:
    out = _chat(shipped_base, "/fact \x1b[2Jabc\n/timeline person=\x1b]0;pwned\x07zz\n")
    assert "No fact '\\x1b[2Jabc'" in out
    assert "\\x1b]0;pwned\\x07zz" in out
    assert [ch for ch in out if not ch.isprintable() and ch != "\n"] == []


def test_timeline_options_are_read_as_typed(shipped_base: FactBase) -> None:
    out = _chat(
        shipped_base,
        "/timeline person=nobody\n/timeline foo=bar\n/timeline person=khloe 2024\n"
        "/timeline person=khloe 2023\n",
    )
    assert out.count("no person called 'nobody'") == 1  # said once, not twice
    assert "Unknown option 'foo'" in out  # not read as a subject
    assert "No events for Khloé Kardashian in 2024" in out  # the year is kept
    assert "events with Khloé Kardashian in 2023" in out


def test_typing_help_gets_the_commands(shipped_base: FactBase) -> None:
    out = _chat(shipped_base, "help\n")
    assert "/timeline" in out and "/fact" in out


def test_follow_ups_and_why_read_the_conversation() -> None:
    """ "and when was that?" follows on from the last question, and /why shows how it was
    read: as that question's follow-up."""
    from tests.helpers import wrenfield_base

    base = wrenfield_base()
    assert "Ask a question first" in _chat(base, "/why\n")
    out = _chat(base, "who did the governor meet in wrenfield\nand when was that?\n/why\n")
    follow_up, why = out.split("\n\n")[1:3]
    assert "March 16, 2022" in follow_up
    assert "fact governor-visit" in why and "sure (it answers from 50%)" in why
    # the words of the first question, which the follow-up was read with
    assert "governor" in why.split("words it matched:", 1)[1]
    assert "[Governor Edda Halvorsen met Mayor Ines Calder" in " ".join(why.split())
