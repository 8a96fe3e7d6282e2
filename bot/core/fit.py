"""Does a fact have the kind of answer a question asks for?

A fact can share every word of a question and still not answer it: "when" wants a date,
"what day of the week" a weekday, "how old" an age, "who" a person, "which law school" a
named school, and a question about Khloé is not answered by a fact about Kim alone.
`penalty` is the evidence lost when the answer is missing (at most 1); `bonus` only orders
facts that answer equally well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.lexicon import (
    AGE_PATTERN,
    DURATION_WORDS,
    MONTHS,
    NUMBER_WORDS,
    PERSON_NOUNS,
    TIMES_OF_DAY,
    WEEKDAYS,
)
from bot.core.models import Fact
from bot.core.normalize import normalize
from bot.core.query import Query

COMMON_ENTITY = 0.25
SAME_QUESTION_WORD = 10.0  # paraphrase points for asking with the same question word
_QUESTION_WORDS = frozenset(
    "what when where who whom whose why how which".split()
)  # an entity in more than this share of facts is the story's subject
_DATE_WORDS = frozenset(m for m in MONTHS if len(m) > 2) | WEEKDAYS
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d")
_AGE = re.compile(AGE_PATTERN, re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_REASON = re.compile(
    r"\b(because|in order to|so that|mission|part of|reason|inspired|drives?|purpose|aim|"
    r"goal|in an effort|to (discuss|advocate|ask|help|learn|create|get|bring|hear|support))\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"([\w\u00c0-\u024f]+)['\u2019]s\s+([\w-]+)")


@dataclass(frozen=True, slots=True)
class FactFeatures:
    """What a fact's text offers as an answer, computed once per fact."""

    phrasings: tuple[str, ...]  # normalized questions and text, for paraphrase similarity
    has_date: bool
    has_weekday: bool
    has_time_of_day: bool
    has_age: bool
    has_count: bool
    has_duration: bool
    has_person_noun: bool
    has_reason: bool
    years_in_text: frozenset[int]
    possessives: tuple[tuple[str, str], ...]  # (owner word, thing term) in text and quotes
    named: frozenset[str]  # entities the fact involves or names in its text
    in_text: frozenset[str]  # entities its text names (what a reader of the answer sees)

    @classmethod
    def of(
        cls,
        fact: Fact,
        term: Callable[[str], str],
        names_in: Callable[[str], Iterable[str]],
    ) -> FactFeatures:
        words = set(normalize(fact.text).split())
        in_text = frozenset(names_in(fact.text))
        without_years = _YEAR.sub(" ", fact.text)
        possessives = []
        for text in (fact.text, *(s.quote for s in fact.sources)):
            for match in _POSSESSIVE.finditer(text):
                possessives.append((normalize(match.group(1)), term(normalize(match.group(2)))))
        return cls(
            phrasings=tuple(normalize(p) for p in (*fact.questions, fact.text)),
            has_date=bool(fact.date or words & _DATE_WORDS or _YEAR.search(fact.text)),
            has_weekday=bool(words & WEEKDAYS),
            has_time_of_day=bool(words & TIMES_OF_DAY),
            has_age=bool(_AGE.search(fact.text)),
            has_count=bool(_DIGIT.search(without_years) or words & NUMBER_WORDS),
            has_duration=bool(words & DURATION_WORDS),
            has_person_noun=bool(words & PERSON_NOUNS),
            has_reason=bool(_REASON.search(fact.text)),
            years_in_text=frozenset(int(y) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", fact.text)),
            possessives=tuple(possessives),
            named=frozenset((*fact.entity_ids, *in_text, fact.said_by or "")),
            in_text=in_text,
        )


def penalty(
    query: Query,
    fact: Fact,
    features: FactFeatures,
    *,
    subjects: frozenset[str],
    entity_kinds: Mapping[str, str],
    owner_of: Callable[[str], str | None],
) -> float:
    """The share of a fact's evidence left after checking it has what is asked for."""
    factor = 1.0
    intents = query.intents
    if "weekday" in intents:
        factor *= 1.0 if features.has_weekday else 0.5
    elif "time_of_day" in intents:
        factor *= 1.0 if features.has_time_of_day else 0.5
    elif "when" in intents:
        factor *= 1.0 if features.has_date else 0.6
    if "exact_date" in intents:
        factor *= 1.0 if fact.date and fact.date.precision == "day" else 0.5
    if "age" in intents:
        factor *= 1.0 if features.has_age else 0.5
    elif "count" in intents:
        factor *= 1.0 if features.has_count else 0.6
    elif "duration" in intents:
        factor *= 1.0 if features.has_duration else 0.6
    if "named" in intents:
        factor *= 1.0 if set(fact.entity_ids) - set(query.entities) else 0.6
    if "where" in intents:
        # The answer to "where" is a place (or an outlet) the reply names, besides any the
        # question named: "what city is the prison in" wants the text to say "Lancaster".
        shown = {
            e for e in features.in_text if entity_kinds.get(e) in ("place", "organisation")
        } - set(query.entities)
        factor *= 1.0 if shown else 0.8 if fact.places or fact.organisations else 0.6
    if "who" in intents and not query.speaker and "identity" not in intents:
        others = set(fact.people) - set(query.entities)
        factor *= 1.0 if others or fact.said_by or features.has_person_noun else 0.7
    if "why" in intents:
        factor *= 1.0 if features.has_reason else 0.75
    if "quote" in intents and not query.speaker:
        factor *= 1.0 if fact.kind == "quote" else 0.85
    if query.years:
        in_year = fact.date is not None and fact.date.year in query.years
        if not (in_year or features.years_in_text & set(query.years)):
            factor *= 0.5 if fact.date else 0.8
    if (
        query.dates
        and fact.date
        and not any(d.contains(fact.date) or fact.date.contains(d) for d in query.dates)
    ):
        factor *= 0.7
    for entity_id in query.entities:
        if entity_id in features.named:
            continue
        # A place is often implied (the prison is in Lancaster); a person or body is not.
        factor *= (
            0.9 if entity_id in subjects else 0.8 if entity_kinds.get(entity_id) == "place" else 0.5
        )
    return factor * _possessive_fit(query, features, owner_of)


def bonus(query: Query, fact: Fact, features: FactFeatures) -> float:
    """A preference among facts that answer equally well; not evidence."""
    value = 0.85 + 0.3 * _paraphrase(query, features)
    if "why" in query.intents and features.has_reason:
        value *= 1.15
    if "when" in query.intents and fact.date and fact.date.precision == "day":
        value *= 1.05
    if "day" in query.intents and features.has_weekday:
        value *= 1.1
    if "quote" in query.intents and fact.kind == "quote":
        value *= 1.05
    if "identity" in query.intents and fact.kind in ("profile", "background"):
        value *= 1.1  # "who is X": what X is, before what X did
    return value


def _paraphrase(query: Query, features: FactFeatures) -> float:
    """How close the question is to one of the fact's phrasings (0 to 1); a phrasing that
    asks the same way ("when did ...") counts a little more than one that asks "why"."""
    scores = process.extract(
        query.normalized, features.phrasings, scorer=fuzz.token_sort_ratio, limit=None
    )
    opener = query.normalized.split(" ", 1)[0]
    best = 0.0
    for phrasing, score, _ in scores:
        same_way = opener in _QUESTION_WORDS and phrasing.startswith(opener + " ")
        best = max(best, min(100.0, score + (SAME_QUESTION_WORD if same_way else 0.0)))
    return best / 100


def _possessive_fit(
    query: Query, features: FactFeatures, owner_of: Callable[[str], str | None]
) -> float:
    """ "Kim's birthday" is not answered by a fact about Alice's birthday."""
    for owner, thing in query.possessives:
        for fact_owner_word, fact_thing in features.possessives:
            if fact_thing != thing:
                continue
            fact_owner = owner_of(fact_owner_word)
            if fact_owner is not None and fact_owner != owner:
                return 0.4
    return 1.0
