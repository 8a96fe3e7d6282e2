"""Names as people type them: ids, names and aliases (case and accents ignored), a few
typos, ties never guessed; and autocomplete, most frequent first (bot/core/names.py)."""

from __future__ import annotations

import pytest

from bot.core import FactBase, load_fact_base
from bot.core.names import resolve_entity, resolve_topic, suggest
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
