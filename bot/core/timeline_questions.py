"""Answering timeline-shaped questions: "what happened in 2018", "events with khloe",
"which came first, the vogue interview or the baby bar", "what happened after the trump
meeting".

Dates and anchors bound the events; a topic named on its own filters them; the question's
remaining words pick the events that are about them. Events are kept pre-sorted, dates are
bounded by bisection and relevance comes from the index, so a question costs the same at
100 facts as at 100,000.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bot.core.index import FactIndex
from bot.core.lexicon import MONTHS
from bot.core.models import Fact, FactBase, PartialDate
from bot.core.query import Query
from bot.core.timeline import TimelineFilter, event_sort_key, resolve_topic

MAX_EVENTS = 50  # the most a timeline reply lists (the ask protocol's limit)
RELEVANT_SHARE = 0.5  # events matching at least this share of the best are kept...
RELEVANT_FLOOR = 0.15  # ...if the best matches at least this share of a maximally rare word
RELEVANT_CANDIDATES = 500  # how deep the index is asked for events about the words
# "X or Y", "between X and Y", "after X": the question spans several stories, so a topic
# it names is not a filter.
_COMPARISON = re.compile(r"\b(or|vs|versus|between|before|after|since|first|earlier|later)\b")
_ALTERNATIVES = re.compile(r"\b(?:or|vs|versus|and)\b|[,;/]")
# Words that shape a timeline question rather than say what it is about.
TIMELINE_WORDS = frozenset(
    """timeline chronology chronological chronologically event events happen happened
    happens happening occur occurred went down order first earlier later last came oldest
    earliest newest recent latest years year over through history sequence anything big
    major important notable doing each mentioned all things thing list show give full
    whole between since then""".split()
)

Key = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class TimelineAnswer:
    """The events a timeline question asks for, in order, and what they are."""

    events: tuple[Fact, ...]
    heading: str


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Which dated facts a question allows, before looking at its words."""

    lower: Key | None = None  # exclusive
    upper: Key | None = None  # exclusive
    within: PartialDate | None = None
    month_days: tuple[tuple[int, int], ...] = ()
    topic: str | None = None

    def allows(self, fact: Fact) -> bool:
        date = fact.date
        if date is None:
            return False
        key = date.sort_key()
        if (self.lower and key <= self.lower) or (self.upper and key >= self.upper):
            return False
        if self.within and not self.within.contains(date):
            return False
        if self.month_days and (date.month, date.day) not in self.month_days:
            return False
        return not self.topic or self.topic in fact.tags


class TimelineQuestions:
    """Answers timeline questions over one fact base's index."""

    def __init__(
        self,
        base: FactBase,
        index: FactIndex,
        anchor: Callable[[str], PartialDate | None],
    ) -> None:
        self._base = base
        self._index = index
        self._anchor = anchor
        self._events = sorted((f for f in base.facts if f.date), key=event_sort_key)
        self._keys = [f.date.sort_key() for f in self._events if f.date]
        self._by_topic: dict[str, list[Fact]] = {}
        self._by_month_day: dict[tuple[int, int], list[Fact]] = {}
        for fact in self._events:
            for tag in fact.tags:
                self._by_topic.setdefault(tag, []).append(fact)
            if fact.date and fact.date.month and fact.date.day:
                self._by_month_day.setdefault((fact.date.month, fact.date.day), []).append(fact)
        term = index.analyzer.term
        self._shape_terms = frozenset(term(w) for w in (*TIMELINE_WORDS, *MONTHS))
        self._topic_terms = {
            topic.id: frozenset(index.analyzer.text_terms(" ".join((topic.label, *topic.aliases))))
            for topic in base.topics.values()
        }

    def answer(self, query: Query) -> TimelineAnswer:
        bounds, anchor_terms = self._bounds(query)
        words = [
            t
            for t in query.terms
            if t not in anchor_terms
            and t not in self._shape_terms
            and not t.isdigit()
            and t not in self._topic_terms.get(bounds.topic or "", ())
        ]
        heading = self._heading(query, bounds)
        relevant = self._about(query, words, bounds) if words else []
        if relevant:
            return TimelineAnswer(tuple(relevant[:MAX_EVENTS]), heading)
        # Without a subject, "what happened" means events, not what was said or who was who.
        happened = list(self._within(bounds, kind="event", limit=MAX_EVENTS))
        events = happened or list(self._within(bounds, limit=MAX_EVENTS))
        return TimelineAnswer(tuple(events), heading)

    # -- bounds ------------------------------------------------------------------------------

    def _bounds(self, query: Query) -> tuple[_Bounds, set[str]]:
        low, high = query.year_range
        within = query.dates[0] if query.dates else None
        if low is None and high is None and within is None and query.years:
            low, high = min(query.years), max(query.years)
        lower: Key | None = (low - 1, 99, 99) if low is not None else None
        upper: Key | None = (high + 1, 0, 0) if high is not None else None
        anchors, used = self._anchors(query.normalized)
        if anchors[0]:
            lower = max(lower or anchors[0], anchors[0])
        if anchors[1]:
            upper = min(upper or anchors[1], anchors[1])
        if within is not None:  # bisect to the year or month; `allows` checks the rest
            if within.month is None:
                first, last = (within.year - 1, 99, 99), (within.year + 1, 0, 0)
            else:
                first, last = (within.year, within.month, 0), (within.year, within.month, 99)
            lower = max(lower or first, first)
            upper = min(upper or last, last)
        topic = None
        if query.topics and not _COMPARISON.search(query.normalized):
            topic = query.topics[0] if self._by_topic.get(query.topics[0]) else None
        return _Bounds(lower, upper, within, query.month_days, topic), used

    def _anchors(self, text: str) -> tuple[tuple[Key | None, Key | None], set[str]]:
        """ "after the trump meeting", "between the baby bar and the lancaster visit": the
        dates of the events named, as exclusive bounds, and the terms used to name them."""
        lower = upper = None
        used: set[str] = set()
        terms = self._index.analyzer.text_terms
        if match := re.search(r"\bbetween (.+?) and (.+)$", text):
            first, second = self._anchor(match.group(1)), self._anchor(match.group(2))
            if first and second:
                lower, upper = sorted((first.sort_key(), second.sort_key()))
                used |= set(terms(match.group(0)))
            return (lower, upper), used
        if match := re.search(r"\b(?:after|since) (.+)$", text):
            date = self._anchor(match.group(1))
            if date:
                lower = date.sort_key()
                used |= set(terms(match.group(1)))
        if match := re.search(r"\bbefore (.+)$", text):
            date = self._anchor(match.group(1))
            if date:
                upper = date.sort_key()
                used |= set(terms(match.group(1)))
        return (lower, upper), used

    def _within(self, bounds: _Bounds, *, kind: str | None = None, limit: int) -> Iterator[Fact]:
        """Events inside the bounds, in order, found by bisection rather than a scan."""
        if bounds.topic:
            events: Iterable[Fact] = self._by_topic.get(bounds.topic, ())
        elif bounds.month_days:  # "april 25", any year
            events = sorted(
                (f for day in bounds.month_days for f in self._by_month_day.get(day, ())),
                key=event_sort_key,
            )
        else:
            start = bisect_right(self._keys, bounds.lower) if bounds.lower else 0
            stop = bisect_left(self._keys, bounds.upper) if bounds.upper else len(self._keys)
            events = self._events[start:stop]
        found = 0
        for fact in events:
            if (kind is None or fact.kind == kind) and bounds.allows(fact):
                yield fact
                found += 1
                if found == limit:
                    return

    # -- relevance ---------------------------------------------------------------------------

    def _about(self, query: Query, words: list[str], bounds: _Bounds) -> list[Fact]:
        """The events that say most about the question's words; each alternative ("the
        baby bar or the roundtable") picks its own."""
        chosen: dict[str, Fact] = {}
        for part in _ALTERNATIVES.split(query.normalized):
            terms = [t for t in self._index.analyzer.text_terms(part) if t in words]
            for fact in self._most_about(terms, bounds) if terms else ():
                chosen.setdefault(fact.id, fact)
        return sorted(chosen.values(), key=event_sort_key)

    def _most_about(self, terms: Iterable[str], bounds: _Bounds) -> list[Fact]:
        hits = [
            (self._index.facts[hit.position], hit.score)
            for hit in self._index.search(terms, limit=RELEVANT_CANDIDATES)
        ]
        hits = [(fact, score) for fact, score in hits if bounds.allows(fact)]
        best = max((score for _, score in hits), default=0.0)
        if best < RELEVANT_FLOOR * self._index.max_idf:
            return []
        return [fact for fact, score in hits if score >= RELEVANT_SHARE * best]

    def _heading(self, query: Query, bounds: _Bounds) -> str:
        low, high = query.year_range
        if low is None and high is None and query.years and not query.dates:
            low, high = min(query.years), max(query.years)
        topic = resolve_topic(self._base, bounds.topic) if bounds.topic else None
        described = TimelineFilter(
            year_from=low,
            year_to=high,
            within=bounds.within,
            topic=topic.label if topic else None,
        ).describe()
        return described[:1].upper() + described[1:]
