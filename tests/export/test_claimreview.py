"""The ClaimReview export: one review per claim of each disagreement, the articles as the
claim's appearances (as far as they state themselves), and nothing schema.org does not define:
every type, property, domain and range checked against the vocabulary's own rows (release
30.0, bundled in tests/data/schemaorg, no network)."""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.core import FactBase, load_fact_base
from bot.export.claimreview import to_claimreviews
from tests.conftest import DATA, ROOT

SCHEMA = "https://schema.org/"
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # ISO 8601 at a year, month or day
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class Vocabulary:
    """The bundled rows: each type's parents, and each property's domains and ranges."""

    parents: dict[str, tuple[str, ...]]
    data_types: frozenset[str]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]

    def ancestry(self, name: str) -> set[str]:
        """The type and every type above it."""
        seen = {name}
        for parent in self.parents.get(name, ()):
            seen |= self.ancestry(parent)
        return seen

    def problems(self, node: dict[str, Any], where: str = "") -> Iterator[str]:
        """What in `node` (and the nodes inside it) schema.org does not define or allow."""
        kind = node.get("@type")
        if kind not in self.parents or kind in self.data_types:
            yield f"{where}: {kind!r} is not a schema.org type"
            return
        ancestry = self.ancestry(kind)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            path = f"{where}.{key}"
            if key not in self.domains:
                yield f"{path}: not a schema.org property"
                continue
            if not ancestry & self.domains[key]:
                yield f"{path}: not a property of {kind} (domain: {sorted(self.domains[key])})"
            for item in value if isinstance(value, list) else [value]:
                yield from self._value_problems(key, item, path)

    def _value_problems(self, key: str, value: object, path: str) -> Iterator[str]:
        expected = self.ranges[key]
        if isinstance(value, dict):
            if not self.ancestry(str(value.get("@type"))) & expected:
                yield f"{path}: a {value.get('@type')} where {sorted(expected)} is expected"
            yield from self.problems(value, path)
        elif isinstance(value, str):
            literal = {t for t in expected if self.ancestry(t) & self.data_types}
            if not literal:
                yield f"{path}: text where {sorted(expected)} is expected"
            elif literal <= {"Date", "DateTime"} and not _ISO_DATE.match(value):
                yield f"{path}: {value!r} is not an ISO 8601 date"
            elif literal == {"URL"} and not _IRI.match(value):
                yield f"{path}: {value!r} is not a URL"
        else:
            yield f"{path}: {type(value).__name__} values are not used"


def _label(iri: str) -> str:
    return iri.removeprefix(SCHEMA)


def _labels(cell: str) -> tuple[str, ...]:
    return tuple(_label(part.strip()) for part in cell.split(",") if part.strip())


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    folder = DATA / "schemaorg"
    with (folder / "types.csv").open(encoding="utf-8", newline="") as file:
        types = list(csv.DictReader(file))
    with (folder / "properties.csv").open(encoding="utf-8", newline="") as file:
        properties = list(csv.DictReader(file))
    data_type = next(row for row in types if row["label"] == "DataType")
    return Vocabulary(
        parents={row["label"]: _labels(row["subTypeOf"]) for row in types},
        data_types=frozenset(_labels(data_type["subTypes"])),
        domains={row["label"]: frozenset(_labels(row["domainIncludes"])) for row in properties},
        ranges={row["label"]: frozenset(_labels(row["rangeIncludes"])) for row in properties},
    )


@pytest.fixture(scope="module")
def shipped() -> FactBase:
    return load_fact_base(ROOT / "facts", ROOT / "seeds")


@pytest.fixture(scope="module")
def timeline_base() -> FactBase:
    """Two invented articles; "bridge-opened" has a conflict whose claims cite both."""
    return load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")


def test_every_claim_of_every_disagreement_is_reviewed(shipped: FactBase) -> None:
    reviews = to_claimreviews(shipped)
    conflicts = [fact for fact in shipped.facts if fact.conflict]
    assert conflicts  # the shipped base has disagreements to export
    assert [(r["identifier"], r["claimReviewed"]) for r in reviews] == [
        (fact.id, claim.text)
        for fact in conflicts
        for claim in fact.conflict.claims  # type: ignore[union-attr]
    ]
    for review in reviews:
        fact = shipped.facts_by_id[review["identifier"]]
        assert review["reviewBody"] == fact.text
        assert review["reviewRating"]["alternateName"] == "Sources disagree"
        assert review["reviewRating"]["ratingExplanation"] == fact.conflict.note  # type: ignore[union-attr]
        assert "ratingValue" not in review["reviewRating"]  # no verdict to put a number on


@pytest.mark.parametrize("base_name", ["shipped", "timeline_base"])
def test_everything_exported_is_schema_org_vocabulary(
    base_name: str, vocabulary: Vocabulary, request: pytest.FixtureRequest
) -> None:
    base = request.getfixturevalue(base_name)
    for iri_base in ("urn:factbot:", "https://example.org/coverage/"):
        for review in to_claimreviews(base, iri_base=iri_base):
            assert review["@context"] == "https://schema.org"
            assert list(vocabulary.problems(review, review["@id"])) == []


@pytest.mark.parametrize(
    ("break_it", "problem"),
    [
        (lambda r: r.update({"verdict": "false"}), "not a schema.org property"),
        (lambda r: r["reviewRating"].update({"headline": "x"}), "not a property of Rating"),
        (lambda r: r.update({"itemReviewed": "a claim"}), "text where"),
        (lambda r: r["itemReviewed"].update({"@type": "Fact"}), "is not a schema.org type"),
        (
            lambda r: r["itemReviewed"]["appearance"][0].update({"datePublished": "July 2018"}),
            "not an ISO 8601 date",
        ),
        (lambda r: r.update({"author": {"@type": "Rating"}}), "a Rating where"),
    ],
)
def test_the_vocabulary_check_catches_what_schema_org_does_not_allow(
    timeline_base: FactBase, vocabulary: Vocabulary, break_it: Any, problem: str
) -> None:
    review = copy.deepcopy(to_claimreviews(timeline_base)[0])
    break_it(review)
    assert any(problem in found for found in vocabulary.problems(review))


def test_both_sides_of_a_disagreement_with_their_own_articles(timeline_base: FactBase) -> None:
    first, second = to_claimreviews(timeline_base, author="Riverton Fact Desk")
    assert first["@id"] == "urn:factbot:facts/bridge-opened#claim-1"
    assert first["claimReviewed"] == "The bridge opened on July 14, 2018."
    assert first["itemReviewed"] == {
        "@type": "Claim",
        "text": "The bridge opened on Saturday, July 14",
        "appearance": [
            {
                "@type": "Article",
                "@id": "urn:factbot:seeds/bridge.txt",
                "headline": "Riverton's new bridge opens",
                "publisher": {"@type": "Organization", "name": "The Riverton Gazette"},
                "datePublished": "2018-07-16",
            }
        ],
        "temporalCoverage": "2018-07-14",
    }
    assert second["claimReviewed"] == "The bridge opened on July 15, 2018."
    assert second["itemReviewed"]["text"] == "the Riverton bridge, which opened on July 15, 2018"
    assert second["itemReviewed"]["appearance"][0]["publisher"]["name"] == "Harbor Post & Courier"
    assert second["itemReviewed"]["appearance"][0]["datePublished"] == "2019-08"
    assert first["reviewBody"] == second["reviewBody"]
    assert first["author"] == {"@type": "Organization", "name": "Riverton Fact Desk"}
    assert "url" not in first  # a urn: names the review but is no page to link to


def test_a_web_base_gives_each_review_the_url_google_asks_for(timeline_base: FactBase) -> None:
    review = to_claimreviews(timeline_base, iri_base="https://example.org/coverage/")[1]
    assert (
        review["url"] == review["@id"] == "https://example.org/coverage/facts/bridge-opened#claim-2"
    )


def test_what_an_article_does_not_state_is_not_passed_off_as_its_own(shipped: FactBase) -> None:
    """An editorial headline is a `name`, not the article's `headline`; an inferred date
    says so and from what; the claim's text is the article's own words."""
    appearances = {
        work["@id"]: work
        for review in to_claimreviews(shipped)
        for work in review["itemReviewed"]["appearance"]
    }
    for article in shipped.articles.values():
        work = appearances.get(f"urn:factbot:{article.file}")
        if work is None:
            continue
        assert ("name" in work) is article.headline_editorial
        assert ("headline" in work) is not article.headline_editorial
        if article.published_inferred_from:
            assert "The date" in work["description"] and "is inferred from" in work["description"]
        if article.headline_editorial:
            assert "no headline of its own" in work["description"]
    assert any("description" in work for work in appearances.values())
    articles = [" ".join(article.text.split()) for article in shipped.articles.values()]
    for review in to_claimreviews(shipped):
        for words in review["itemReviewed"]["text"].split(" … "):  # a claim's quotes, each once
            assert any(words in text for text in articles), words
