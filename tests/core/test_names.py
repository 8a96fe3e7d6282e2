"""Names as people type them: ids, names and aliases (case and accents ignored), a few
typos, ties never guessed; autocomplete, most frequent first; and the one typo policy
every fuzzy lookup follows (bot/core/names.py)."""

from __future__ import annotations

import pytest

from bot.core import FactBase, load_fact_base
from bot.core.names import NAMES, WORDS, resolve_entity, resolve_topic, suggest
from tests.conftest import DATA


@pytest.fixture(scope="module")
def base() -> FactBase:
    return load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")


# -- resolving names ------------------------------------------------------------------------------


def test_resolve_entity_by_kind(base: FactBase) -> None:
    harbor = resolve_entity(base, "Harbor")
    assert harbor is not None
    assert harbor.id == "harbor-city"
    assert resolve_entity(base, "Harbor", "person") is None
    okafor = resolve_entity(base, "ben-okafor", "person")
    assert okafor is not None
    assert okafor.name == "Benedict Okafor"
    assert resolve_entity(base, "al") is None  # too short to guess from


def test_resolve_topic(base: FactBase) -> None:
    for typed in ("bridge", "River crossing", "The Riverton Bridge"):
        topic = resolve_topic(base, typed)
        assert topic is not None
        assert topic.id == "bridge"
    assert resolve_topic(base, "weather") is None


# -- autocomplete ---------------------------------------------------------------------------------


def test_suggest_empty_lists_most_frequent_first(base: FactBase) -> None:
    # Dated events: Chloé 3, Benedict 2, Rosa 2 (ties by name), the Reyeses none.
    assert [value for value, _ in suggest(base, "person", "")] == [
        "chloe-marsh",
        "ben-okafor",
        "rosa-delgado",
        "ana-reyes",
        "luis-reyes",
    ]
    assert len(suggest(base, "person", "", limit=2)) == 2


def test_suggest_prefix_matches_first(base: FactBase) -> None:
    # "Rosa Delgado" starts with "r"; the Reyeses only have a word that does.
    assert suggest(base, "person", "r") == [
        ("rosa-delgado", "Rosa Delgado"),
        ("ana-reyes", "Ana Reyes"),
        ("luis-reyes", "Luis Reyes"),
    ]


def test_suggest_labels_name_the_alias_typed(base: FactBase) -> None:
    assert suggest(base, "person", "gov") == [("rosa-delgado", "Rosa Delgado (Governor Delgado)")]
    assert suggest(base, "person", "chlo") == [("chloe-marsh", "Chloé Marsh")]


def test_suggest_fuzzy_and_other_kinds(base: FactBase) -> None:
    assert suggest(base, "person", "okafr") == [("ben-okafor", "Benedict Okafor (Okafor)")]
    assert suggest(base, "topic", "floo") == [("flooding", "Flooding")]
    assert suggest(base, "organisation", "green") == [("green-shore-trust", "Green Shore Trust")]
    assert suggest(base, "place", "harb") == [("harbor-city", "Harbor City")]
    assert suggest(base, "person", "zzz") == []


# -- the typo policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "for_names", "for_words"),
    [("kim", 0, 0), ("kims", 1, 0), ("okafr", 1, 1), ("kardashain", 2, 2)],
)
def test_the_typos_allowed_grow_with_the_length_typed(
    typed: str, for_names: int, for_words: int
) -> None:
    assert NAMES.budget(typed) == for_names
    assert WORDS.budget(typed) == for_words


def test_a_questions_words_are_corrected_from_five_letters() -> None:
    assert WORDS.did_you_mean("kardashain", ["karate", "kardashian"]) == "kardashian"
    assert WORDS.did_you_mean("kims", ["kim", "kimberly"]) is None  # English, or a plural
    assert NAMES.did_you_mean("kims", ["kim", "kimberly"]) == "kim"  # a name typed on its own


def test_every_name_lookup_forgives_the_same_typos(base: FactBase) -> None:
    """A filter, autocomplete and a fact file's "did you mean" agree: one typo in five
    letters is the alias "Okafor"; two in four letters is nobody."""
    names = ["okafor", "delgado", "marsh"]
    okafor = resolve_entity(base, "okafr")
    assert okafor is not None and okafor.id == "ben-okafor"
    assert [value for value, _ in suggest(base, "person", "okafr")] == ["ben-okafor"]
    assert NAMES.did_you_mean("okafr", names) == "okafor"
    assert resolve_entity(base, "okfr") is None
    assert suggest(base, "person", "okfr") == []
    assert NAMES.did_you_mean("okfr", names) is None
