"""The W3C Web Annotation export: every cited passage once, offsets that find the passage in
the article as stored, both claims of a disagreement, and every annotation valid against the
W3C test suite's schemas (bundled in tests/data/w3c-annotation-tests, no network)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT4

from bot.core import FactBase, Source, load_fact_base
from bot.core.normalize import fold_for_quotes
from bot.export.annotations import CONTEXT_CHARS, QuoteNotFoundError, to_annotations
from tests.conftest import DATA, ROOT

SUITE = DATA / "w3c-annotation-tests"
SUITE_BASE = "https://w3c.github.io/web-annotation-tests/"  # never fetched: all are registered
# The selectors the export promises, as the suite's "may" assertions detect them.
FEATURES = [
    "annotations/specificResource/4.2.4-textQuoteSelector.json",
    "annotations/specificResource/4.2.4-prefix.json",
    "annotations/specificResource/4.2.4-suffix.json",
    "annotations/specificResource/4.2.5-textPositionSelector.json",
]


@pytest.fixture(scope="module")
def timeline_base() -> FactBase:
    """Two invented articles; "bridge-opened" has a conflict whose claims cite both."""
    return load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")


@pytest.fixture(scope="module", params=["shipped", "timeline"])
def exported(request: pytest.FixtureRequest) -> tuple[FactBase, dict[str, Any]]:
    if request.param == "shipped":
        base = load_fact_base(ROOT / "facts", ROOT / "seeds")
    else:
        base = request.getfixturevalue("timeline_base")
    return base, to_annotations(base)


def _registry() -> Registry[Any]:
    """Every bundled schema under its file name: the suite's `$ref`s name files only."""
    return Registry().with_resources(
        (SUITE_BASE + path.name, DRAFT4.create_resource(json.loads(path.read_text("utf-8"))))
        for path in SUITE.rglob("*.json")
    )


def _validators(names: list[str]) -> dict[str, Draft4Validator]:
    registry = _registry()
    return {
        name: Draft4Validator(
            {"$ref": SUITE_BASE + Path(name).name},
            registry=registry,
            format_checker=Draft4Validator.FORMAT_CHECKER,
        )
        for name in names
    }


def _listed(test_file: str) -> list[str]:
    """The assertions a `.test` file of the suite lists."""
    names: list[str] = json.loads((SUITE / test_file).read_text("utf-8"))["assertions"]
    return names


@pytest.fixture(scope="module")
def musts() -> dict[str, Draft4Validator]:
    return _validators(_listed("annotations/annotationMusts.test"))


def _failures(validators: dict[str, Draft4Validator], document: dict[str, Any]) -> list[str]:
    return [
        f"{name}: {next(v.iter_errors(document)).message[:200]}"
        for name, v in validators.items()
        if not v.is_valid(document)
    ]


def test_every_annotation_meets_every_must_of_the_w3c_test_suite(
    exported: tuple[FactBase, dict[str, Any]], musts: dict[str, Draft4Validator]
) -> None:
    _, document = exported
    assert len(musts) == 54  # the whole list, not a silently shortened one
    items = document["first"]["items"]
    assert items
    for annotation in items:
        assert _failures(musts, annotation) == [], annotation["id"]


def test_the_collection_and_its_page_meet_the_w3c_musts(
    exported: tuple[FactBase, dict[str, Any]],
) -> None:
    _, document = exported
    collection = _validators(_listed("collections/collectionMusts.test"))
    page = _validators(_listed("collections/pages/pageMusts.test"))
    assert _failures(collection, document) == []
    assert _failures(page, document["first"]) == []
    assert document["total"] == len(document["first"]["items"])


def test_the_suite_recognises_both_selectors_with_prefix_and_suffix(
    timeline_base: FactBase,
) -> None:
    features = _validators(FEATURES)  # "may" assertions: valid when the feature is present
    for annotation in to_annotations(timeline_base)["first"]["items"]:
        assert _failures(features, annotation) == [], annotation["id"]


@pytest.mark.parametrize(
    ("break_it", "assertion"),
    [
        (lambda a: a.update({"@context": "https://schema.org"}), "3.1-annotationContextValidated"),
        (lambda a: a["target"]["selector"][0].pop("exact"), "4.2.4-textQuoteSelectorValid"),
        (
            lambda a: a["target"]["selector"][1].update({"start": "12"}),
            "4.2-TextDataPositionSelectorValid",
        ),
        (lambda a: a["body"][0].update({"id": "urn:x:y"}), "3.3.5-bodyEWRNoPurpose"),
    ],
)
def test_the_schemas_reject_a_broken_annotation(
    timeline_base: FactBase, musts: dict[str, Draft4Validator], break_it: Any, assertion: str
) -> None:
    """The validation can fail: each breakage is caught by the assertion that covers it."""
    annotation = copy.deepcopy(to_annotations(timeline_base)["first"]["items"][0])
    break_it(annotation)
    assert any(assertion in failure for failure in _failures(musts, annotation))


def test_offsets_find_the_passage_in_the_seed_file_as_stored(
    exported: tuple[FactBase, dict[str, Any]],
) -> None:
    base, document = exported
    seeds = DATA / "timeline" / "seeds" if "bridge-article" in base.articles else ROOT / "seeds"
    by_iri = {f"urn:factbot:{a.file}": a for a in base.articles.values()}
    for annotation in document["first"]["items"]:
        target = annotation["target"]
        article = by_iri[target["source"]["id"]]
        stored = (seeds / Path(article.file).name).read_text("utf-8")  # the file, not the loader
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert stored[start:end] == quote["exact"]
        assert stored[max(0, start - CONTEXT_CHARS) : start] == quote.get("prefix", "")
        assert stored[end : end + CONTEXT_CHARS] == quote.get("suffix", "")
        assert len(quote.get("prefix", "")) == min(CONTEXT_CHARS, start)


def test_every_quote_of_every_fact_is_exported_once(
    exported: tuple[FactBase, dict[str, Any]],
) -> None:
    """Per fact, one annotation per distinct passage cited (its sources and its claims'),
    each the quote itself up to what "verbatim" forgives (spacing, curly quotes)."""
    base, document = exported
    wanted: Counter[tuple[str, str, str]] = Counter()
    for fact in base.facts:
        claims = fact.conflict.claims if fact.conflict else ()
        sources = [*fact.sources, *(s for claim in claims for s in claim.sources)]
        for key in {(fact.id, s.article, fold_for_quotes(s.quote)) for s in sources}:
            wanted[key] += 1
    by_iri = {f"urn:factbot:{a.file}": a.id for a in base.articles.values()}
    got = Counter(
        (
            annotation["id"].split("/")[-2],
            by_iri[annotation["target"]["source"]["id"]],
            fold_for_quotes(annotation["target"]["selector"][0]["exact"]),
        )
        for annotation in document["first"]["items"]
    )
    assert got == wanted
    ids = [annotation["id"] for annotation in document["first"]["items"]]
    assert len(ids) == len(set(ids))


def test_a_passage_behind_a_claim_carries_the_claim(timeline_base: FactBase) -> None:
    items = to_annotations(timeline_base)["first"]["items"]
    bridge = [a for a in items if a["id"].startswith("urn:factbot:annotations/bridge-opened/")]
    fact = timeline_base.facts_by_id["bridge-opened"]
    comments = {
        a["target"]["selector"][0]["exact"]: [b["value"] for b in a["body"][2:]] for a in bridge
    }
    assert comments == {
        "The bridge opened on Saturday, July 14, with Chloé Marsh and Ben Okafor cutting the "
        "ribbon.": [],
        "The bridge opened on Saturday, July 14": ["The bridge opened on July 14, 2018."],
        "the Riverton bridge, which opened on July 15, 2018": [
            "The bridge opened on July 15, 2018."
        ],
    }
    for annotation in bridge:
        describing, linking, *claims = annotation["body"]
        assert describing == {
            "type": "TextualBody",
            "value": fact.text,
            "format": "text/plain",
            "purpose": "describing",
        }
        assert linking == {
            "type": "SpecificResource",
            "source": "urn:factbot:facts/bridge-opened",
            "purpose": "linking",
        }
        assert all(claim["purpose"] == "commenting" for claim in claims)


def test_the_iri_base_and_author_are_the_publishers(timeline_base: FactBase) -> None:
    document = to_annotations(
        timeline_base, author="Riverton Gazette", iri_base="https://example.org/riverton/"
    )
    annotation = document["first"]["items"][0]
    assert document["id"] == "https://example.org/riverton/annotations"
    assert annotation["target"]["source"]["id"] == "https://example.org/riverton/seeds/bridge.txt"
    assert annotation["creator"] == {"type": "Organization", "name": "Riverton Gazette"}


def test_a_quote_missing_from_its_article_is_named_not_a_crash(timeline_base: FactBase) -> None:
    """A base the loader did not build can hold a quote its article lacks: the export says
    which fact and file instead of writing offsets that point nowhere."""
    fact = timeline_base.facts[0]
    wrong = replace(fact, sources=(Source(fact.sources[0].article, "words the article lacks"),))
    base = replace(timeline_base, facts=(wrong, *timeline_base.facts[1:]))
    with pytest.raises(QuoteNotFoundError, match=r"bridge\.yaml:\d+: the quote 'words the article"):
        to_annotations(base)
