"""Does a fact have the kind of answer a question asks for?

A fact can share every word of a question and still not answer it: "when" wants a date,
"what day of the week" a weekday, "how old" an age, "who" a person, "which law school" a
named school, and a question about Renée is not answered by a fact about Ines alone.
`FactFeatures` is what a fact offers as an answer, computed once per fact; what a missing
one costs is not decided here but learned (`features.py`, `scorer.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.core.lexicon import (
    AGE_PATTERN,
    DURATION_WORDS,
    MONTHS,
    NUMBER_WORDS,
    PERSON_NOUNS,
    TIMES_OF_DAY,
    WEEKDAYS,
    ask_code,
)
from bot.core.models import Fact
from bot.core.normalize import normalize
from bot.core.patterns import POSSESSIVE, WORD, YEAR_START, YEAR_WORD

_DATE_WORDS = frozenset(m for m in MONTHS if len(m) > 2) | WEEKDAYS
_AGE = re.compile(AGE_PATTERN, re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_REASON = re.compile(
    r"\b(because|in order to|so that|mission|as part of|reason|inspired|drives?|purpose|aim|"
    r"goal|in an effort|to (discuss|advocate|ask|help|learn|create|get|bring|hear|support))\b",
    re.IGNORECASE,
)
# A length of time: a number or "a"/"an"/"few" and a unit ("21 years", "a week", "few months"),
# but not an age ("43 years old" says how old someone is, not how long something took) and
# not a year before a date ("in 2022, the day ...").
_LENGTH = (
    rf"\b(?:\d{{1,3}}|a|an|few|several|{'|'.join(sorted(NUMBER_WORDS))})(?: \w+)? "
    rf"(?:{'|'.join(sorted(DURATION_WORDS))})\b(?! old\b)"
)
_DURATION = re.compile(_LENGTH)
# The time from one event to another: a length followed by "after" or "later" ("a week after
# the meeting", "two years later"), "within a month", "the next day".
_INTERVAL = re.compile(
    rf"{_LENGTH} (?:after|later)\b|\bwithin {_LENGTH}|\bthe (?:next|following) "
    rf"(?:{'|'.join(sorted(DURATION_WORDS))})\b"
)


def sorted_words(text: str) -> str:
    """A text's words in sorted order: what token_sort_ratio compares."""
    return " ".join(sorted(text.split()))


def fact_about(fact: Fact, named: Sequence[str]) -> frozenset[str]:
    """Whom or what a fact tells of: of the entities it lists, the one its text names first
    (`named`: the entities its text names, in order), and the first person it lists. "In
    May 2022 Aaron Pike was Joel Pike's son" tells who Aaron Pike is, not who Joel Pike is;
    "the Tamsin River Authority is a body run by the engineer Hollis Barker", what the
    Authority is and who Hollis Barker is."""
    listed = fact.entity_ids
    first = next((e for e in named if e in listed), listed[0] if listed else None)
    return frozenset(e for e in (first, *fact.people[:1]) if e is not None)


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
    has_interval: bool
    has_person_noun: bool
    has_reason: bool
    years_in_text: frozenset[int]
    possessives: tuple[tuple[str, str], ...]  # (owner word, thing term) in text and quotes
    named: frozenset[str]  # entities the fact involves or names in its text
    in_text: frozenset[str]  # entities its text names (what a reader of the answer sees)
    about: frozenset[str]  # whom or what it tells of (`fact_about`)
    terms: frozenset[str]  # index terms of everything it is indexed by
    proper_words: frozenset[str]  # capitalised words of its text past the first: names
    text_terms: tuple[str, ...]  # the index term of each word of its text, in order
    proper_at: tuple[tuple[int, str], ...]  # (position in text_terms, word) of each of them
    numbers_at: frozenset[int]  # positions of numbers ("15", "five", "dozens")
    phrasing_asks: tuple[int, ...]  # each phrasing's asking word (`lexicon.ask_code`)
    # Each phrasing's words in sorted order: rapidfuzz's token_sort_ratio is the plain ratio
    # of sorted words, so sorting once here spares sorting every phrasing for every question.
    sorted_phrasings: tuple[str, ...] = ()
    # The people and organisations most of its story's facts involve ("the Halvorsen
    # visit" names Halvorsen; a fact about a speaker at it need not): not missing from it.
    cast: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        fact: Fact,
        term: Callable[[str], str],
        names_in: Callable[[str], Iterable[str]],
        terms: frozenset[str] = frozenset(),
        cast: frozenset[str] = frozenset(),
    ) -> FactFeatures:
        words = set(normalize(fact.text).split())
        raw = WORD.findall(fact.text)
        tokens = [normalize(w) for w in raw]
        proper_at = tuple(
            (i, tokens[i])
            for i, w in enumerate(raw)
            if i and w[0].isupper() and tokens[i] not in _DATE_WORDS
        )
        named = tuple(names_in(fact.text))
        in_text = frozenset(named)
        without_years = YEAR_START.sub(" ", fact.text)
        possessives = []
        for text in (fact.text, *(s.quote for s in fact.sources)):
            for match in POSSESSIVE.finditer(text):
                possessives.append((normalize(match.group(1)), term(normalize(match.group(2)))))
        phrasings = tuple(normalize(p) for p in (*fact.questions, fact.text))
        return cls(
            phrasings=phrasings,
            phrasing_asks=(*(ask_code(p) for p in phrasings[:-1]), 0),
            sorted_phrasings=tuple(sorted_words(p) for p in phrasings),
            has_date=bool(fact.date or words & _DATE_WORDS or YEAR_START.search(fact.text)),
            has_weekday=bool(words & WEEKDAYS),
            has_time_of_day=bool(words & TIMES_OF_DAY),
            has_age=bool(_AGE.search(fact.text)),
            has_count=bool(_DIGIT.search(without_years) or words & NUMBER_WORDS),
            has_duration=bool(_DURATION.search(normalize(fact.text))),
            has_interval=bool(_INTERVAL.search(normalize(fact.text))),
            has_person_noun=bool(words & PERSON_NOUNS),
            has_reason=bool(_REASON.search(fact.text)),
            years_in_text=frozenset(int(y) for y in YEAR_WORD.findall(fact.text)),
            possessives=tuple(possessives),
            named=frozenset((*fact.involved, *in_text)),
            cast=cast,
            in_text=in_text,
            about=fact_about(fact, named),
            terms=terms,
            proper_words=frozenset(word for _, word in proper_at),
            text_terms=tuple(term(t) for t in tokens),
            proper_at=proper_at,
            numbers_at=frozenset(
                i for i, t in enumerate(tokens) if t.isdigit() or t in NUMBER_WORDS
            ),
        )
