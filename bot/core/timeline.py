"""Every dated fact in chronological order, filtered, paged and grouped by year.

The core of `/timeline` and `factbot timeline`: front ends pass what the user typed (names,
topics, years) and render what comes back. Names are resolved by bot/core/names.py, with
the same normaliser the matcher uses, so "renee", "Renée" and "dufrsne" reach the same
person in every front end.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot.core.models import (
    QUALIFIER_DAYS,
    QUALIFIER_MONTHS,
    Entity,
    EntityKind,
    Fact,
    FactBase,
    PartialDate,
    Topic,
)
from bot.core.names import display_name, not_found, resolve_entity

# Re-exported (the `as` form) for timeline_questions.py, a matcher module that imports them
# from here; new code imports them from bot.core.names.
from bot.core.names import is_typo_of as is_typo_of  # noqa: PLC0414
from bot.core.names import resolve_topic as resolve_topic  # noqa: PLC0414


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What the user asked to see; every field optional, all combined with AND.

    Names are what the user typed; `build_timeline` returns a copy with the names it
    resolved replaced by canonical ones, so `describe()` reads "Renée Dufresne" even when
    the user typed "renee".
    """

    person: str | None = None  # any alias or id, fuzzy; matches `people` and `said_by`
    topic: str | None = None  # topic id, label or alias, fuzzy; matches `tags`
    organisation: str | None = None
    place: str | None = None
    year_from: int | None = None  # inclusive
    year_to: int | None = None  # inclusive
    within: PartialDate | None = None  # events inside this year, month or day (see `inside`)
    article: str | None = None  # article id; a conflict's claim sources count
    after: PartialDate | None = None  # exclusive: events after this date ("after the meeting")
    before: PartialDate | None = None  # exclusive

    def describe(self) -> str:
        """ "events with Renée Dufresne in 2023": for headers and empty-timeline messages."""
        phrases = self.phrases()
        return "events " + " ".join(phrases) if phrases else "all events"

    def phrases(self, *, person_word: str = "with") -> list[str]:
        """Each filter given, as words: ["with Renée Dufresne", "in 2023"]."""
        phrases = []
        if self.person:
            phrases.append(f"{person_word} {self.person}")
        if self.organisation:
            phrases.append(f"involving {self.organisation}")
        if self.topic:
            phrases.append(f"about {self.topic}")
        if self.place:
            phrases.append(f"in {self.place}")
        if self.article:
            phrases.append(f"from article '{self.article}'")
        if self.within:
            on = "on" if self.within.precision == "day" else "in"
            phrases.append(f"{on} {self.within.display()}")
        first, last = self.year_from, self.year_to
        if first is not None and first == last:
            phrases.append(f"in {first}")
        elif first is not None and last is not None:
            phrases.append(f"from {first} to {last}")
        elif first is not None:
            phrases.append(f"from {first} on")
        elif last is not None:
            phrases.append(f"up to {last}")
        if self.after and self.before:
            phrases.append(f"between {self.after.display()} and {self.before.display()}")
        elif self.after:
            phrases.append(f"after {self.after.display()}")
        elif self.before:
            phrases.append(f"before {self.before.display()}")
        return phrases


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """One page of events; `number` is 1-based and already clamped to 1..count."""

    events: tuple[Fact, ...]
    number: int
    count: int  # pages in all (at least 1, so "page 1 of 1" holds for an empty timeline)
    total: int  # events in all
    start: int = 0  # index of this page's first event in the whole timeline

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


@dataclass(frozen=True, slots=True)
class Timeline:
    """The dated facts that pass `filter`, in chronological order, one event per fact."""

    events: tuple[Fact, ...]
    filter: TimelineFilter
    unresolved: tuple[str, ...] = ()  # "no person called 'zorp'": why the timeline is empty

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.events)

    def page(self, number: int, size: int) -> TimelinePage:
        """Page `number` (1-based) of `size` events; out-of-range numbers clamp, so a stale
        pager button shows the nearest page instead of failing."""
        if size < 1:
            raise ValueError(f"page size must be at least 1, not {size}")
        count = max(1, math.ceil(len(self.events) / size))
        number = min(max(1, number), count)
        start = (number - 1) * size
        return TimelinePage(
            self.events[start : start + size], number, count, len(self.events), start
        )

    def by_year(self) -> list[tuple[int, tuple[Fact, ...]]]:
        """Events grouped by year, in order: long timelines read better with year headings."""
        groups: dict[int, list[Fact]] = {}
        for fact in self.events:
            assert fact.date is not None  # only dated facts become events
            groups.setdefault(fact.date.year, []).append(fact)
        return [(year, tuple(facts)) for year, facts in groups.items()]

    @property
    def empty_message(self) -> str:
        """What to say instead of an empty page: "No events for Renée Dufresne in 2016."

        An unresolved name is the likelier reason, so it is named first.
        """
        if self.unresolved:
            return f"No events: {'; '.join(self.unresolved)}."
        phrases = self.filter.phrases(person_word="for")
        if not phrases:
            return "No dated events in the fact base."
        return f"No events {' '.join(phrases)}."


def event_sort_key(fact: Fact) -> tuple[tuple[int, int, int], int, str]:
    """Chronological order for events.

    `PartialDate.sort_key` puts "July 2018" and "1 July 2018" on the same key (likewise
    "early May" and "5 May"); the broader date goes first because it opens the span the
    exact one falls in, and the fact id keeps the order stable between runs.
    """
    assert fact.date is not None
    return fact.date.sort_key(), fact.date.precision_rank, fact.id


def inside(span: PartialDate, date: PartialDate) -> bool:
    """True when `date` certainly falls within `span`, at `span`'s precision.

    A qualified span is a third of its year or month: "late 2017" is September to December
    2017 (`QUALIFIER_MONTHS`), "early May 2018" is 1 to 10 May (`QUALIFIER_DAYS`). A date
    less precise than the span is inside it only when it says the same ("late 2017" is in
    late 2017; plain "2017" may not be, so it is not).
    """
    if span.qualifier is None:
        return span.contains(date)
    if date.year != span.year:
        return False
    if span.month is None:
        first, last = QUALIFIER_MONTHS[span.qualifier]
        if date.month is None:
            return date.qualifier == span.qualifier
        return first <= date.month <= last
    if date.month != span.month:
        return False
    first, last = QUALIFIER_DAYS[span.qualifier]
    if date.day is None:
        return date.qualifier == span.qualifier
    return first <= date.day <= last


def event_dates(fact: Fact) -> list[PartialDate]:
    """Every date an event may have: its own, then those its sources' conflicting claims
    give. Asked what happened on 31 May, the event dated 30 May whose source says "May 31"
    is one; it is still placed, and ordered against others, at its own date."""
    dates = [fact.date] if fact.date else []
    if fact.conflict:
        dates.extend(c.date for c in fact.conflict.claims if c.date and c.date not in dates)
    return dates


def involves_person(fact: Fact, person_id: str) -> bool:
    """Whether a person is in an event: among its people, or the one quoted."""
    return person_id in fact.participants


def build_timeline(base: FactBase, criteria: TimelineFilter = TimelineFilter()) -> Timeline:
    """Every dated fact passing `criteria`, chronologically; undated facts are not events.

    `within` keeps precision honest: a fact dated only "2018" is not inside "July 2018"
    (it may have happened in any month), while "14 July 2018" is inside "2018". A conflict
    fact stays one event, placed at its own date, but the date filters also accept it when
    one of its claims' dates passes: asked about 15 July, the bot shows the event whose
    sources say 14 or 15 July. A name or article that resolves to nothing empties the
    timeline rather than being ignored, and is reported in `unresolved`.
    """
    criteria = _clean(criteria)
    unresolved: list[str] = []
    ids: dict[str, str] = {}  # filter field -> the id it resolved to
    fields: tuple[EntityKind | Literal["topic"], ...] = ("person", "organisation", "place", "topic")
    for field in fields:
        text: str | None = getattr(criteria, field)
        if text is None:
            continue
        found: Entity | Topic | None = (
            resolve_topic(base, text) if field == "topic" else resolve_entity(base, text, field)
        )
        if found is None:
            unresolved.append(not_found(base, text, field))
        else:
            ids[field] = found.id
            names: dict[str, Any] = {field: display_name(found)}
            criteria = replace(criteria, **names)
    if criteria.article is not None and criteria.article not in base.articles:
        unresolved.append(f"no article '{criteria.article}'")
    if unresolved:
        return Timeline((), criteria, tuple(unresolved))
    events = [f for f in base.facts if f.date is not None and _passes(f, criteria, ids)]
    return Timeline(tuple(sorted(events, key=event_sort_key)), criteria)


# -- private -----------------------------------------------------------------------------------


def _clean(criteria: TimelineFilter) -> TimelineFilter:
    """Blank strings mean "not given" (Discord sends them); reversed years are swapped."""
    texts: dict[str, Any] = {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name in ("person", "topic", "organisation", "place", "article")
        if (value := getattr(criteria, name)) is not None
    }
    criteria = replace(criteria, **texts)
    first, last = criteria.year_from, criteria.year_to
    if first is not None and last is not None and first > last:
        criteria = replace(criteria, year_from=last, year_to=first)
    return criteria


def _passes(fact: Fact, criteria: TimelineFilter, ids: dict[str, str]) -> bool:
    """AND of every given condition; `ids` holds the resolved person/topic/... ids."""
    if not any(_in_dates(d, criteria) for d in event_dates(fact)):
        return False
    if "person" in ids and not involves_person(fact, ids["person"]):
        return False
    if "organisation" in ids and ids["organisation"] not in fact.organisations:
        return False
    if "place" in ids and ids["place"] not in fact.places:
        return False
    if "topic" in ids and ids["topic"] not in fact.tags:
        return False
    return criteria.article is None or criteria.article in fact.article_ids


def _in_dates(date: PartialDate, criteria: TimelineFilter) -> bool:
    if criteria.year_from is not None and date.year < criteria.year_from:
        return False
    if criteria.year_to is not None and date.year > criteria.year_to:
        return False
    if criteria.after is not None and date.sort_key() <= criteria.after.sort_key():
        return False
    if criteria.before is not None and date.sort_key() >= criteria.before.sort_key():
        return False
    return criteria.within is None or inside(criteria.within, date)
