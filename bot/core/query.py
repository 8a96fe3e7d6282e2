"""Reading a question: what it asks about (terms, names, dates) and what it wants back
(a date, a person, a quote, a timeline, the latest word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.core.index import FactIndex
from bot.core.lexicon import (
    INTENT_PATTERNS,
    MONTHS,
    NOW_PATTERN,
    STOPWORDS,
    TIMELINE_PATTERNS,
)
from bot.core.models import FactBase, PartialDate
from bot.core.normalize import normalize, strip_invisible

MAX_QUESTION_CHARS = 1000  # beyond this it is a paste, not a question

_DISCORD_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b|<t:\d+(?::\w)?>", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_INTENTS = tuple((name, re.compile(rx)) for name, rx in INTENT_PATTERNS)
_TIMELINE = tuple(re.compile(rx) for rx in TIMELINE_PATTERNS)
_NOW = re.compile(NOW_PATTERN)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_NAMES})|({_MONTH_NAMES}) (\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)\b(?: (\d{{4}}))?"
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAMES}) (?:of )?(\d{{4}})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(s?)\b")
_RANGE = re.compile(r"\b(?:between|from) (\d{4}) (?:and|to|until|till) (\d{4})\b")
_SINCE = re.compile(r"\b(?:since|after) (\d{4})\b")
_BEFORE = re.compile(r"\b(?:before|until|till) (\d{4})\b")


@dataclass(frozen=True, slots=True)
class Query:
    """A question, read."""

    text: str  # what the user typed, minus Discord mentions and invisible characters
    normalized: str
    words: tuple[str, ...]  # content words, typos corrected where a known word was meant
    terms: tuple[str, ...]  # index terms of those words
    unknown: tuple[str, ...]  # content words the fact base never uses
    intents: frozenset[str]
    entities: tuple[str, ...]  # ids of people, places, organisations named
    topics: tuple[str, ...]  # ids of topics named
    years: tuple[int, ...]
    dates: tuple[PartialDate, ...]  # month-year or full dates named
    month_days: tuple[tuple[int, int], ...]  # "april 25" with no year: (month, day)
    year_range: tuple[int | None, int | None]
    timeline: bool
    now: bool
    possessives: tuple[tuple[str, str], ...]  # ("kim-kardashian", "birthday") for "kim's birthday"

    @property
    def empty(self) -> bool:
        return not self.words


def clean(raw: str) -> str:
    """The question without mentions, custom emoji, URLs and invisible characters."""
    text = unicodedata.normalize("NFKC", strip_invisible(raw))
    text = _DISCORD_MARKUP.sub(" ", text)
    text = _URL.sub(" ", text)
    return " ".join(text.split())


class QueryReader:
    """Reads questions against one fact base's vocabulary and names."""

    def __init__(self, base: FactBase, index: FactIndex) -> None:
        self._index = index
        self._names: dict[tuple[str, ...], str] = {}
        for entity in base.entities.values():
            for name in entity.names:
                words = tuple(normalize(name).split())
                if words:
                    self._names.setdefault(words, entity.id)
        self._topic_names: dict[tuple[str, ...], str] = {}
        for topic in base.topics.values():
            for name in (topic.label, topic.id.replace("-", " "), *topic.aliases):
                words = tuple(normalize(name).split())
                if words:
                    self._topic_names.setdefault(words, topic.id)
        self._longest = max((len(k) for k in (*self._names, *self._topic_names)), default=1)

    def read(self, raw: str) -> Query:
        text = clean(raw)
        normalized = normalize(text)
        tokens = normalized.split()
        corrected = [self._correct(t) for t in tokens]
        fixed = " ".join(corrected)
        words = tuple(w for w in corrected if w not in STOPWORDS and len(w) > 1)
        terms = tuple(self._index.analyzer.terms(corrected))
        unknown = tuple(w for w in words if not self._index.knows(w) and not w.isdigit())
        entities, topics = self._names_in(corrected)
        years, dates, month_days = _dates(fixed)
        return Query(
            text=text,
            normalized=fixed,
            words=words,
            terms=terms,
            unknown=unknown,
            intents=frozenset(name for name, rx in _INTENTS if rx.search(fixed)),
            entities=entities,
            topics=topics,
            years=years,
            dates=dates,
            month_days=month_days,
            year_range=_year_range(fixed),
            timeline=any(rx.search(fixed) for rx in _TIMELINE),
            now=bool(_NOW.search(fixed)),
            possessives=self._possessives(text),
        )

    def _correct(self, token: str) -> str:
        if token in STOPWORDS or self._index.knows(token) or not token.isalpha():
            return token
        return self._index.correct(token) or token

    def _names_in(self, words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Entities and topics named in the words, longest name first ("khloe kardashian"
        before "kardashian")."""
        entities: dict[str, None] = {}
        topics: dict[str, None] = {}
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + size])
                if size == 1 and key[0] in STOPWORDS:
                    continue
                entity = self._names.get(key)
                topic = self._topic_names.get(key)
                if entity or topic:
                    if entity:
                        entities[entity] = None
                    if topic:
                        topics[topic] = None
                    i += size
                    break
            else:
                i += 1
        return tuple(entities), tuple(topics)

    def _possessives(self, text: str) -> tuple[tuple[str, str], ...]:
        """("kim-kardashian", "birthday") for "Kim's birthday": whose thing is asked about."""
        found = []
        for match in re.finditer(r"([\w\u00c0-\u024f]+)['\u2019]s\s+([\w-]+)", text):
            owner, thing = normalize(match.group(1)), normalize(match.group(2))
            entity = self._names.get((self._correct(owner),))
            if entity and thing and thing not in STOPWORDS:
                found.append((entity, self._index.analyzer.term(thing)))
        return tuple(found)


def _dates(
    text: str,
) -> tuple[tuple[int, ...], tuple[PartialDate, ...], tuple[tuple[int, int], ...]]:
    years = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        years.extend(range(year, year + 10) if match.group(2) else (year,))
    dates: list[PartialDate] = []
    month_days: list[tuple[int, int]] = []
    for match in _DAY_MONTH.finditer(text):
        day = int(match.group(1) or match.group(4))
        month = MONTHS[match.group(2) or match.group(3)]
        year = match.group(5)
        try:
            if year:
                dates.append(PartialDate.parse(f"{year}-{month:02d}-{day:02d}"))
            elif 1 <= day <= 31:
                month_days.append((month, day))
        except ValueError:
            continue
    for match in _MONTH_YEAR.finditer(text):
        date = PartialDate(int(match.group(2)), MONTHS[match.group(1)])
        if not any(d.year == date.year and d.month == date.month for d in dates):
            dates.append(date)
    return tuple(dict.fromkeys(years)), tuple(dates), tuple(month_days)


def _year_range(text: str) -> tuple[int | None, int | None]:
    if match := _RANGE.search(text):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        return low, high
    low = int(m.group(1)) if (m := _SINCE.search(text)) else None
    high = int(m.group(1)) if (m := _BEFORE.search(text)) else None
    return low, high
