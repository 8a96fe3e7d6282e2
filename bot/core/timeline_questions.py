"""Answering timeline-shaped questions: "what happened in 2018", "events with renee",
"which came first, the governor's visit or the school reopening", "what happened after the
flood".

Dates ("in late 2017"), anchors ("after the governor's visit") and stretches ("from the
flood to the opening", both ends told) bound the events; a topic or a
person named on its own filters them; the question's remaining words pick the events that
are about them, and a word the coverage never uses leaves no events rather than being
ignored. The heading names every filter applied. Events are kept pre-sorted, dates are
bounded by bisection and relevance comes from the index, so a question costs the same at
100 facts as at 100,000.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from bot.core.compound import between, from_to, sentences_of
from bot.core.features import categories
from bot.core.fit import sorted_words
from bot.core.index import FactIndex
from bot.core.lexicon import (
    AFTER_WORDS,
    BEFORE_WORDS,
    BESIDES_PATTERN,
    CATEGORY_NOUNS,
    COUNT_WORDS,
    COVERAGE_TELLS_PATTERN,
    DECADE_WORDS,
    END_TO_END_PATTERN,
    FIRST_TIME_PATTERN,
    MONTHS,
    NEWEST_WORDS,
    NEXT_UNIT_PATTERN,
    OLDEST_WORDS,
    ORDER_PATTERN,
    ORDERING_PATTERN,
    SAME_TIME_PATTERN,
    SET_FROM_CHAT_PATTERN,
    SUMMARY_PATTERN,
    TIMELINE_ACTIVITY_WORDS,
    TIMELINE_WORDS,
)
from bot.core.models import Fact, FactBase, PartialDate
from bot.core.normalize import normalize
from bot.core.patterns import MONTH_NAMES
from bot.core.presentation import SUMMARY_EVENTS, digest
from bot.core.query import Query, as_meant
from bot.core.timeline import (
    TimelineFilter,
    event_dates,
    event_sort_key,
    inside,
    involves_person,
    is_typo_of,
    resolve_topic,
)
from bot.core.told import MENTION_WEIGHT, ToldTerms

MAX_EVENTS = 50  # the most a timeline reply lists (the ask protocol's limit)
# A kind of place asked for as places: "which prisons", "every prison", "a prison", "prisons".
_KIND_ASKED = re.compile(
    rf"\b(?:(a|an|every|each|which|what|any|all) )?({'|'.join(sorted(CATEGORY_NOUNS))})\b"
)
RELEVANT_SHARE = 0.5  # events matching at least this share of the best are kept...
RELEVANT_FLOOR = 0.15  # ...if the best matches at least this share of a maximally rare word
RELEVANT_CANDIDATES = 500  # how deep the index is asked for events about the words
# "X or Y", "between X and Y", "after X": the question spans several stories, so a topic
# it names is not a filter.
_COMPARISON = re.compile(
    r"\b(or|vs|versus|between|since|first(?! (?:time|appear|show|mention|came up|"
    rf"comes up|turn))|earlier|later|{AFTER_WORDS}|{BEFORE_WORDS})\b"
    rf"|{ORDERING_PATTERN}"
)
_AFTER = re.compile(rf"\b(?:since|{AFTER_WORDS}) (.+)$")  # "after the vote", "following it"
_BEFORE = re.compile(rf"\b{BEFORE_WORDS} (.+)$")  # "before the vote", "in the run-up to it"
_ALTERNATIVES = re.compile(r"\b(?:or|vs|versus|and|before or after|after or before)\b|[,;/]")
# "was X before or after Y": two events to order, not a bound on the dates.
_EITHER_SIDE = re.compile(r"\b(?:before or after|after or before)\b")
# "the latest event", "most recent thing": the end of the story, not all of it.
_NEWEST = re.compile(
    rf"\b(?:{NEWEST_WORDS}|most recently)\b|\blast (?:event|thing|development)s?\b"
)
_ORDER = re.compile(ORDER_PATTERN)
# "the earliest event", "the oldest thing they describe": the start of the story
_OLDEST = re.compile(rf"\b(?:{OLDEST_WORDS}) (?:event|thing|development|moment)s?\b")
NEWEST_SHOWN = 5  # events a "latest event" question gets: the last few, still in order
# "What led up to the vote?": the events nearest before it, not the story from its start.
LEAD_UP_SHOWN = 10
# "a year after X", "two months before X", "shortly after X": windows around an event.
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS.update({"few": 3, "couple of": 2, "several": 4})
# "A few weeks after X": anywhere from one to a handful of them, not three to the day.
_VAGUE = frozenset({"few", "couple of", "several"})
VAGUE_SPAN = (1, 5)  # the units a vague count may mean
_OFFSET = re.compile(
    r"\b(?:(?:a little|a bit|just|slightly|roughly|about) (?:over|more than|under|less than) |"
    r"(over|more than|upwards of|at least|less than|fewer than|under|within|not even) )?"
    rf"({COUNT_WORDS}) (year|month|week|day)s? "
    rf"({AFTER_WORDS}|{BEFORE_WORDS}) (.+)$"
)
# "More than a year after X" is any time from a year on; "within a year after X" any time
# up to a year: a bound, not a window around the year's end.
_AT_LEAST = frozenset({"over", "more than", "upwards of", "at least"})
_LATER = re.compile(AFTER_WORDS)  # which side of the event a window or anchor is on
_SHORTLY = re.compile(
    rf"(?<!how )\b(?:shortly|soon|right|just|immediately) ({AFTER_WORDS}|{BEFORE_WORDS}) (.+)$"
)
SHORTLY_MONTHS = 3  # "shortly after": within this many months
_SAME_TIME = re.compile(rf"{SAME_TIME_PATTERN} (?P<phrase>.+)$")  # "the same day as the vote"
_SET_FROM_CHAT = re.compile(SET_FROM_CHAT_PATTERN)
_EARLIER = frozenset({"earlier"})
_NEXT_UNIT = re.compile(rf"{NEXT_UNIT_PATTERN} (.+)$")  # "the day after the vote"
# "Besides the vote, what else ...": what it names, to the end of its clause, is known, not
# what the events are about.
_BESIDES = re.compile(
    rf"{BESIDES_PATTERN}(.+?)(?=[,;:.?!]|\b(?:what|who|when|where|which|how|did|was|were|is)\b|$)"
)
_ELSE = re.compile(r"\belse\b")
# "after she passed the exam what happened next": an event named before the question put
# after it, with no comma between.
_THEN_ASKED = re.compile(r" (?:what|who|when|where|which|how|did|was|were)\b")
YEAR_DIGITS = 4  # a year among the terms of an event's name ("her 2023 prison visit")
_FIRST_TIME = re.compile(FIRST_TIME_PATTERN)  # "the first time X appears": the earliest only
_COVERAGE_TELLS = re.compile(COVERAGE_TELLS_PATTERN)  # what the coverage does, said of it
_SUMMARY = re.compile(SUMMARY_PATTERN)  # "recap", "the highlights": a digest of the events
# "From start to finish": the whole story, not events about starting or finishing.
_END_TO_END = re.compile(rf"\b{END_TO_END_PATTERN}")
# "late 2017", "early in may 2018": a third of a year or month (see `timeline.inside`).
_QUALIFIED = re.compile(rf"\b(early|mid|late) (?:in )?(?:({MONTH_NAMES}) )?(?:of )?(\d{{4}})\b")
# "between May and July 2018", "from June to September": the months from one to the other.
_MONTH_RANGE = re.compile(
    rf"\b(?:between|from) ({MONTH_NAMES})(?: (?:of )?(\d{{4}}))? (?:and|to|through|till|until)"
    rf" ({MONTH_NAMES})(?: (?:of )?(\d{{4}}))?\b"
)

Key = tuple[int, int, int]


def _month_span(query: Query) -> tuple[PartialDate, PartialDate] | None:
    """ "Between May and July 2018", "from May 2019 to February 2020": the first and the
    last month, in order, when the question names their years (or one year only)."""
    found = _MONTH_RANGE.search(query.normalized)
    if not found:
        return None
    first_month, first_year, last_month, last_year = found.groups()
    if not (last_year or first_year or len(set(query.years)) == 1):
        return None
    last_year = last_year or first_year or query.years[0]
    ends = (
        PartialDate(int(first_year or last_year), MONTHS[first_month]),
        PartialDate(int(last_year), MONTHS[last_month]),
    )
    first, last = sorted(ends, key=PartialDate.sort_key)
    return first, last


def _qualified(match: re.Match[str]) -> PartialDate:
    qualifier, month, year = match.groups()
    return PartialDate.parse(f"{year}-{MONTHS[month]:02d}" if month else year, qualifier)


def qualified_date(phrase: str) -> PartialDate | None:
    """ "early june 2018", "late 2017": the loose date a phrase is, when it is one."""
    match = _QUALIFIED.fullmatch(phrase.strip())
    return _qualified(match) if match else None


def _first(heading: str) -> str:
    """ "Events with Renée Dufresne" -> "The first event with Renée Dufresne"."""
    for prefix in ("All events", "Events"):
        if heading.startswith(prefix):
            return "The first event" + heading.removeprefix(prefix)
    return heading


def _plural(noun: str) -> bool:
    """Whether a category noun is the plural of another ("prisons", "cities")."""
    return (noun.endswith("s") and noun[:-1] in CATEGORY_NOUNS) or (
        noun.endswith("ies") and noun[:-3] + "y" in CATEGORY_NOUNS
    )


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


# "How old was she at each event", "who was who": what profiles say is asked, so a list of
# the events asked about keeps them.
PROFILE_ASKS = frozenset({"age", "identity"})
Anchor = tuple[str, PartialDate]  # an event as the question named it, and its date


class Placed(NamedTuple):
    """Where a phrase puts a question in time: the date of the event it names (and that
    event's fact), or the date it is ("after 30 May 2018": no fact)."""

    date: PartialDate
    event: Fact | None = None


Stretch = tuple[tuple[str, Placed], tuple[str, Placed]]  # "from X to Y": each end, in order
Side = Literal["after", "before"]  # which side of an event a question asks about
ANCHOR_PHRASE_WORDS = 8  # an anchor phrase longer than this is shown cut short


def _taken(phrase: str, date: PartialDate) -> Anchor:
    """An anchor as the question named it, cut short when long, and the date it was taken
    to be."""
    words = phrase.split()
    shown = " ".join(words[:ANCHOR_PHRASE_WORDS]) + " ..." * (len(words) > ANCHOR_PHRASE_WORDS)
    return shown, date


def shift(date: PartialDate, *, months: int = 0, days: int = 0) -> PartialDate:
    """A date moved by some months and days, at day precision (a month or year without a
    day counts from its middle)."""
    base = dt.date(date.year, date.month or 7, date.day or (15 if date.month else 1))
    total = base.year * 12 + base.month - 1 + months
    year, month = divmod(total, 12)
    day = min(base.day, calendar.monthrange(year, month + 1)[1])
    moved = dt.date(year, month + 1, day) + dt.timedelta(days=days)
    return PartialDate(moved.year, moved.month, moved.day)


# Half the width of the window around "N units after X": what "a year after" forgives.
_HALF_WINDOW = {"year": (6, 0), "month": (1, 0), "week": (0, 3), "day": (0, 1)}
_UNIT = {"year": (12, 0), "month": (1, 0), "week": (0, 7), "day": (0, 1)}


def next_unit(anchor: PartialDate, unit: str, *, later: bool) -> PartialDate | None:
    """ "The day after", "the month before", "the year after" an event: that day, calendar
    month or year, when the event's date is known to it (None for a week, or a day next to
    a date known only to its month)."""
    step = 1 if later else -1
    if unit == "year":
        return PartialDate(anchor.year + step)
    if unit == "month" and anchor.month is not None:
        moved = shift(anchor, months=step)
        return PartialDate(moved.year, moved.month)
    if unit == "day" and anchor.day is not None:
        return shift(anchor, days=step)
    return None


def truncated(date: PartialDate, unit: str) -> PartialDate:
    """ "The same year as the vote": the vote's date to its year (or month); to its day, or
    a date known less closely, as it is."""
    if unit == "year":
        return PartialDate(date.year)
    if unit == "month" and date.month is not None:
        return PartialDate(date.year, date.month)
    return date


def _from_day(date: PartialDate) -> Key:
    """The sort key just before the first day a date may be: bounds a stretch that
    includes it."""
    first, _ = date.bounds()
    return (first[0], first[1], first[2] - 1) if date.day is not None else first


def _to_day(date: PartialDate) -> Key:
    """The sort key just after the last day a date may be."""
    _, last = date.bounds()
    return (last[0], last[1], last[2] + 1) if date.day is not None else last


def offset_window(
    anchor: PartialDate,
    count: int,
    unit: str,
    *,
    later: bool,
    bound: str | None = None,
    vague: bool = False,
) -> tuple[PartialDate | None, PartialDate | None]:
    """The dates around `count` units after (or before) an anchor, as exclusive bounds
    (None: open). With a `bound` ("more than", "within") the dates from that far on, or up
    to it, instead; `vague` ("a few weeks"): anywhere from one unit to a handful."""
    if vague and bound is None:
        near, far = (
            offset_window(anchor, n, unit, later=later, bound="more than" if n == 1 else "within")
            for n in VAGUE_SPAN
        )
        return (near[0], far[1]) if later else (far[0], near[1])
    months, days = (v * count * (1 if later else -1) for v in _UNIT[unit])
    centre = shift(anchor, months=months, days=days)
    if bound is not None:
        beyond = bound in _AT_LEAST
        if later:  # the far side of the centre when "more than", the near side when "within"
            return (shift(centre, days=-1), None) if beyond else (anchor, shift(centre, days=1))
        return (None, shift(centre, days=1)) if beyond else (shift(centre, days=-1), anchor)
    half_months, half_days = _HALF_WINDOW[unit]
    low = shift(centre, months=-half_months, days=-half_days - 1)
    high = shift(centre, months=half_months, days=half_days + 1)
    # What it forgives stays on its side: "the day before the vote" is not the vote's day.
    if anchor.day is not None:
        if later:
            low = max(low, anchor, key=PartialDate.sort_key)
        else:
            high = min(high, anchor, key=PartialDate.sort_key)
    return low, high


@dataclass(frozen=True, slots=True)
class TimelineAnswer:
    """The events a timeline question asks for, in order, and what they are."""

    events: tuple[Fact, ...]
    heading: str


@dataclass(frozen=True, slots=True)
class _Anchoring:
    """What the events a question names make of its bounds (`TimelineQuestions._anchors`)."""

    after: PartialDate | None = None  # exclusive
    before: PartialDate | None = None
    used: set[str] = field(default_factory=set)  # the terms that named them
    anchored: tuple[Anchor, ...] = ()
    soon: Side | None = None
    stretch: tuple[PartialDate, PartialDate] | None = None  # "from X to Y", both included
    ends: tuple[Fact, ...] = ()
    later_that_day: frozenset[str] = frozenset()  # see `_Bounds`
    on: PartialDate | None = None  # "the same day as the vote": that day's events (`_Bounds`)


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Which dated facts a question allows, before looking at its words."""

    lower: Key | None = None  # exclusive
    upper: Key | None = None  # exclusive
    within: PartialDate | None = None
    month_days: tuple[tuple[int, int], ...] = ()
    months: tuple[int, ...] = ()  # that month of any year ("anything in july")
    topic: str | None = None
    person: str | None = None
    after: PartialDate | None = None  # the anchors' dates, for the heading
    before: PartialDate | None = None
    # The events the question named as anchors and the dates they were taken to be ("the
    # white house meeting" may be either of two), shown so that a misreading is plain.
    anchored: tuple[Anchor, ...] = ()
    span: tuple[PartialDate, PartialDate] | None = None  # "between May and July 2018"
    years: tuple[int | None, int | None] = (None, None)  # the years the question bounds
    # "Right after the vote": the months next to an event, or if nothing is told in them,
    # the nearest events on that side ("after" or "before"), however far.
    soon: Side | None = None
    # "From the dinner to the visit": the events at the two ends, which the answer tells
    # whatever else it narrows to.
    ends: tuple[Fact, ...] = ()
    # "Right after the vote": facts of the vote's own day that say they came after it
    # ("after the vote, the mayor said ..."), by id; the day's other facts may be on either
    # side of it. (Not for "after the vote", which asks what came of it: "did it work?")
    later_that_day: frozenset[str] = frozenset()
    # "The same year as the vote", "the day after it": `within` is the anchor's own day,
    # month or year, or the next; no side of the anchor is asked.
    by_anchor: bool = False

    @property
    def dated(self) -> bool:
        """Whether any date bounds it (a year, a month, a day, an event before or after)."""
        return bool(self.lower or self.upper or self.within or self.month_days or self.months)

    def allows(self, fact: Fact) -> bool:
        date = fact.date
        if date is None:
            return False
        key = date.sort_key()
        outside = (self.lower and key <= self.lower) or (self.upper and key >= self.upper)
        mine = date in (self.after, self.before)  # an anchor's own loose date: neither side
        if (outside or mine) and fact.id not in self.later_that_day:
            return False
        # An event known only to the month (or year) a named event falls in may have come
        # on either side of it: "April 2024" is not surely after 25 April 2024. (A window
        # around an event, "a week after it", takes what falls inside: `within` above.)
        if (
            self.span is None
            and not self.by_anchor
            and any(a != date and inside(date, a) for _, a in self.anchored)
        ):
            return False
        if not any(self._on(d) for d in event_dates(fact)):
            return False
        if self.person and not involves_person(fact, self.person):
            return False
        return not self.topic or self.topic in fact.tags

    def _on(self, date: PartialDate) -> bool:
        """Whether a date is on the day, in the month or inside the span asked about."""
        if self.within and not inside(self.within, date):
            return False
        if self.month_days and (date.month, date.day) not in self.month_days:
            return False
        return not self.months or date.month in self.months


def _lower(heading: str) -> str:
    """A heading inside a sentence: "Events in 2017" -> "events in 2017"."""
    return heading[:1].lower() + heading[1:]


def _narrowed(described: str, bound: str) -> str:
    """ "events with Pike" + "in July, any year"; "all events" + it: "events in July, any year"."""
    rest = described.removeprefix("all events").removeprefix("All events").rstrip()
    return f"{rest or 'events'} {bound}"


def _answer(events: Sequence[Fact], heading: str, *, summary: bool) -> TimelineAnswer:
    """The events found, or asked for as a summary, their digest (`digest`), which the
    heading says."""
    if summary and len(events) > SUMMARY_EVENTS:
        shown = digest(events)
        return TimelineAnswer(tuple(shown), f"{heading}: {len(shown)} key events of {len(events)}")
    return TimelineAnswer(tuple(events), heading)


class TimelineQuestions:
    """Answers timeline questions over one fact base's index."""

    def __init__(
        self,
        base: FactBase,
        index: FactIndex,
        anchor: Callable[[str], Placed | None],
        told: ToldTerms,
        entity_categories: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        """`entity_categories`: what each entity is, as index terms (`features.categories`,
        worked out once by the matcher); None works them out here."""
        self._base = base
        self._index = index
        self._anchor = anchor
        self._told = told
        self._events = sorted((f for f in base.facts if f.date), key=event_sort_key)
        self._keys = [f.date.sort_key() for f in self._events if f.date]
        self._by_topic: dict[str, list[Fact]] = {}
        self._by_person: dict[str, list[Fact]] = {}
        self._by_month_day: dict[tuple[int, int], list[Fact]] = {}
        self._by_day: dict[PartialDate, list[Fact]] = {}
        for fact in self._events:
            for tag in fact.tags:
                self._by_topic.setdefault(tag, []).append(fact)
            for person in fact.participants:
                self._by_person.setdefault(person, []).append(fact)
            for date in event_dates(fact):
                if date.month and date.day:
                    self._by_month_day.setdefault((date.month, date.day), []).append(fact)
                    self._by_day.setdefault(date, []).append(fact)
        term = index.analyzer.term
        self._shape_terms = frozenset(term(w) for w in (*TIMELINE_WORDS, *MONTHS))
        # "calder's flood defence work": what anyone does is what a timeline lists, so these
        # words narrow nothing.
        self._activity_terms = frozenset(term(w) for w in TIMELINE_ACTIVITY_WORDS)
        self._decade_terms = frozenset(term(w) for w in DECADE_WORDS)  # dates, like "1990s"
        self._month_terms = {term(name): number for name, number in MONTHS.items()}
        self._topic_terms = {
            topic.id: frozenset(index.analyzer.text_terms(" ".join((topic.label, *topic.aliases))))
            for topic in base.topics.values()
        }
        # "every prison she went to": the events at the places and organisations of a kind
        # (`features.categories`), for a word too common to say by itself which events are
        # about it.
        if entity_categories is None:
            entity_categories = {e.id: categories(e, term) for e in base.entities.values()}
        nouns = frozenset(term(w) for w in CATEGORY_NOUNS)
        self._at_kind: dict[str, list[Fact]] = {}
        for fact in self._events:
            at = (*fact.places, *fact.organisations)
            for kind in {k for e in at for k in entity_categories.get(e, ()) if k in nouns}:
                self._at_kind.setdefault(kind, []).append(fact)
        # A person named in a question filters by the names typed, not by a far-fetched
        # typo correction ("pikes road to reopening" is not about a Mr Pikes). The
        # coverage's subjects (Ines Calder) are in nearly every event: no filter.
        subjects = base.subjects()
        self._subject_terms = frozenset(
            index.analyzer.text_terms(" ".join(n for s in subjects for n in base.entities[s].names))
        )
        self._person_names = {
            entity.id: [tuple(normalize(name).split()) for name in entity.names]
            for entity in base.entities.values()
            if entity.kind == "person" and entity.id not in subjects
        }
        self._person_terms = {
            person: frozenset(index.analyzer.text_terms(" ".join(" ".join(name) for name in names)))
            for person, names in self._person_names.items()
        }

    def answer(self, query: Query, stretch: Stretch | None = None) -> TimelineAnswer:
        """The events a timeline question asks for. `stretch`: its "from X to Y" ends, when
        already found (`stretch`)."""
        bounds, anchor_terms = self._bounds(query, stretch)
        found = self._found(query, bounds, anchor_terms)
        if not bounds.ends:
            return found
        # "From the meeting to the release": the story between, however narrowed, told from
        # the one to the other.
        events = {id(f): f for f in (*bounds.ends, *found.events)}.values()
        return TimelineAnswer(tuple(sorted(events, key=event_sort_key)), found.heading)

    def _found(self, query: Query, bounds: _Bounds, anchor_terms: set[str]) -> TimelineAnswer:
        anchor_terms |= {  # "from start to finish" is the whole story, not about starting
            self._index.analyzer.term(word)
            for span in _END_TO_END.finditer(query.normalized)
            for word in span.groups()
        }
        anchor_terms |= {  # "the latest event the articles report": how, not what, is told
            term
            for told in _COVERAGE_TELLS.finditer(query.normalized)
            for term in self._index.analyzer.text_terms(told.group())
        }
        anchor_terms |= {  # "besides the vote, what else happened?": not about the vote
            term for known in besides(query.text) for term in self._index.analyzer.text_terms(known)
        }
        words = [
            t
            for t in query.terms
            if t not in anchor_terms
            and t not in self._shape_terms
            and t not in self._activity_terms
            and not t[:1].isdigit()  # years and decades bound the dates instead
            and t not in self._decade_terms
            and t not in self._topic_terms.get(bounds.topic or "", ())
            and t not in self._person_terms.get(bounds.person or "", ())
        ]
        if bounds.topic or _ELSE.search(query.asked):
            # "Piecing her reform work together for a podcast. What happened in 2018?", "I'm
            # new here. A timeline of her reform work?": the subject says which events; the
            # chat's other words are only colour. ("Her 2019 interview was good. What else
            # happened that year?": what the chat names is known, not what is asked.)
            words = [t for t in words if t not in query.context_terms]
        unknown = [t for t in words if not self._index.contains(t) and t not in query.context_terms]
        someone = any(e in self._person_names for e in query.entities)
        if unknown and (bounds.topic or someone or (query.years and query.entities)):
            # "calder's road to the wall", "what did calder do in 2019 money-wise", "how did X's
            # case play out, from first to last": a subject, someone besides the coverage's
            # subjects (a filter or not), or anything named in a year, says what the events
            # are; a word the coverage never uses beside them is only colour. Beside a place
            # it is not ("the prison concert"): many things happen at a place.
            words = [t for t in words if t not in unknown]
        elif unknown:  # "events with zorp": no event is about a word the coverage never uses
            typed = [w for w in query.words if self._index.analyzer.term(w) in unknown]
            return TimelineAnswer((), self._heading(query, bounds, about=typed or unknown))
        heading = self._heading(query, bounds)
        first_only = bool(_FIRST_TIME.search(query.normalized))
        relevant = self._about(query, words, bounds) if words else []
        if not query.intents & PROFILE_ASKS:
            # What happened, where anything did: not who was who, nor what was said of it
            events = [f for f in relevant if f.kind == "event" or f.id in bounds.later_that_day]
            relevant = events or relevant
        if relevant and first_only:
            return TimelineAnswer((relevant[0],), _first(heading))
        # A stretch of the story is told by its key events, as a summary is.
        summary = bool(_SUMMARY.search(query.normalized) or bounds.ends)
        if relevant:  # the events the question names, not the whole story
            named = "The events asked about" if heading == "All events" else heading
            return _answer(relevant[:MAX_EVENTS], named, summary=summary)
        asked = [t for t in words if t not in query.context_terms]
        if asked and bounds.anchored and self._about(query, asked, _Bounds()):
            # "what happened to her case after the campaign": the question names something
            # the story has events about, and none after (or before) the event it names;
            # the rest of the story is not the answer.
            typed = [w for w in query.words if self._index.analyzer.term(w) in asked]
            return TimelineAnswer((), self._heading(query, bounds, about=typed or asked))
        # A topic or person named is the subject: everything dated about it, as
        # `factbot timeline --topic/--person` lists it. Without a subject, "what happened"
        # means events, not what was said or who was who.
        # Only an event bounds them, from after: the run-up to it, the nearest events last.
        lead_up = bool(bounds.before and not bounds.after and not summary)
        # The newest, and the run-up to an event, are at the end: read it all.
        limit = None if lead_up or _asks_newest(query.normalized) else MAX_EVENTS
        if bounds.topic or bounds.person:
            events = list(self._within(bounds, limit=limit))
            if not events and bounds.topic and not bounds.person and bounds.dated:
                # "what happened in 2017 in her prison work": nothing dated then is filed
                # under the topic (a curator's label, not the events' words), so what
                # happened then, saying so. (Someone named is no label: "what did Renée
                # do in 2018" with nothing of hers that year is not answered by the rest.)
                wider = replace(bounds, topic=None)
                events = list(self._within(wider, kind="event", limit=limit)) or list(
                    self._within(wider, limit=limit)
                )
                if events:
                    instead = self._heading(query, wider)
                    heading = f"No {_lower(heading)}; {_lower(instead)}"
        else:
            happened = list(self._within(bounds, kind="event", limit=limit))
            events = happened or list(self._within(bounds, limit=limit))
            if not events and bounds.soon:
                events, heading = self._nearest(query, bounds)
        return self._shaped(query, events, heading, lead_up=lead_up, summary=summary)

    def _shaped(
        self, query: Query, events: list[Fact], heading: str, *, lead_up: bool, summary: bool
    ) -> TimelineAnswer:
        """The events found, cut to what the question asks of them: the first, the latest,
        the run-up to an event, a summary, or all."""
        if _FIRST_TIME.search(query.normalized) and events:  # "the first time X appears"
            return TimelineAnswer(
                tuple(events[:1]), heading.replace("Events", "The first event", 1)
            )
        newest = _asks_newest(query.normalized)  # "the latest event": the end, still in order
        if newest or _OLDEST.search(_ORDER.sub(" ", query.normalized)):  # or the start
            rest = heading.removeprefix("All events").removeprefix("Events")
            end = events[-NEWEST_SHOWN:] if newest else events[:NEWEST_SHOWN]
            return TimelineAnswer(
                tuple(end), f"The {'latest' if newest else 'earliest'} events{rest}"
            )
        if lead_up and len(events) > LEAD_UP_SHOWN:  # the run-up to an event: nearest last
            shown = tuple(events[-LEAD_UP_SHOWN:])
            counted = f"The last {len(shown)} of {len(events)}"
            return TimelineAnswer(shown, f"{counted} {_lower(heading)}")
        return _answer(events, heading, summary=summary)

    def _nearest(self, query: Query, bounds: _Bounds) -> tuple[list[Fact], str]:
        """ "Right after the vote" with nothing told in the months after it: the next events
        the coverage tells, however far on, those within the same months of the first; and
        "right before" the same way back. The heading says both."""
        later = bounds.soon == "after"
        wider = (
            replace(bounds, upper=None, before=None)
            if later
            else replace(bounds, lower=None, after=None)
        )
        beyond = list(self._within(wider, kind="event", limit=None)) or list(
            self._within(wider, limit=None)
        )
        nothing = f"Nothing is told in the {SHORTLY_MONTHS} months right {bounds.soon}"
        if not beyond:
            return [], self._heading(query, bounds)
        edge = beyond[0 if later else -1].date
        assert edge is not None
        reach = shift(edge, months=SHORTLY_MONTHS if later else -SHORTLY_MONTHS).sort_key()
        near = [
            f
            for f in beyond
            if f.date and (f.date.sort_key() <= reach if later else f.date.sort_key() >= reach)
        ]
        return near, f"{nothing}; the nearest {_lower(self._heading(query, wider))}"

    # -- bounds ------------------------------------------------------------------------------

    def _bounds(self, query: Query, stretch: Stretch | None) -> tuple[_Bounds, set[str]]:
        # A date inside an event's name ("after her 2023 prison visit", "the March 2022
        # flood") dates that event: it is the anchor's, not a bound on the answer.
        anchoring = self._anchors(query, stretch)
        after, before, anchor_terms = anchoring.after, anchoring.before, anchoring.used
        years, months = self._dates_in(anchor_terms)
        low, high = (None, None) if set(query.year_range) & years else query.year_range
        dates = [d for d in query.dates if d.year not in years]
        within = anchoring.on or (dates[0] if dates else None)
        own_years = [y for y in query.years if y not in years]
        used: set[str] = set()
        qualified = _QUALIFIED.search(query.normalized)
        if qualified and int(qualified.group(3)) not in years:  # not the anchor's own date
            within = _qualified(qualified)
            used.add(self._index.analyzer.term(qualified.group(1)))
        span = _month_span(query)
        if span:
            within = None  # the months between, not the one "July 2018" that ends them
            low, high = span[0].year, span[1].year
        if low is None and high is None and within is None and own_years:
            low, high = min(own_years), max(own_years)
        lower: Key | None = (low - 1, 99, 99) if low is not None else None
        upper: Key | None = (high + 1, 0, 0) if high is not None else None
        if span:
            lower, upper = (
                (span[0].year, span[0].month or 0, 0),
                (span[1].year, span[1].month or 0, 99),
            )
        if anchoring.stretch:  # "from the meeting to the release": both days included
            span, within = anchoring.stretch, None
            lower, upper = min(map(_from_day, span)), max(map(_to_day, span))
        used |= anchor_terms
        # An anchor known only to its month or year ("when she learned of the case, in
        # 2017") bounds at the start or end of that span: the events dated more closely
        # inside it may have come on either side, so they are kept, and only those of the
        # very same loose date are left out (`PartialDate.bounds`, `_Bounds.allows`).
        if after:
            lower = max(lower or after.bounds()[0], after.bounds()[0])
        if before:
            upper = min(upper or before.bounds()[1], before.bounds()[1])
        if within is not None:  # bisect to the year or month; `allows` checks the rest
            if within.month is None:
                first, last = (within.year - 1, 99, 99), (within.year + 1, 0, 0)
            else:
                first, last = (within.year, within.month, 0), (within.year, within.month, 99)
            lower = max(lower or first, first)
            upper = min(upper or last, last)
        topic = person = None
        # one story, unless the question spans several or names one for its date only
        if not (_COMPARISON.search(query.normalized) or anchoring.stretch or anchoring.on):
            if query.topics:
                topic = query.topics[0] if self._by_topic.get(query.topics[0]) else None
            person = self._person_named(query)
        return (
            _Bounds(
                lower,
                upper,
                within,
                tuple(md for md in query.month_days if md[0] not in months),
                tuple(m for m in query.months if m not in months),
                topic,
                person,
                after,
                before,
                anchoring.anchored,
                span,
                (None, None) if span else (low, high),
                anchoring.soon,
                anchoring.ends,
                anchoring.later_that_day,
                by_anchor=anchoring.on is not None,
            ),
            used,
        )

    def _dates_in(self, terms: set[str]) -> tuple[set[int], set[int]]:
        """The years and months among the terms of the events a question named."""
        years = {int(t) for t in terms if t.isdigit() and len(t) == YEAR_DIGITS}
        return years, {number for t, number in self._month_terms.items() if t in terms}

    def _person_named(self, query: Query) -> str | None:
        """The first person (other than the coverage's subjects) the question names, as typed
        or within the typos a name filter forgives."""
        # Word for word with the corrected words; not those of what is known: "besides the
        # vote", or the chat before "what else happened?"
        text = query.asked if _ELSE.search(query.asked) else query.text
        typed = normalize(_BESIDES.sub(" ", text.lower())).split()
        for entity in query.entities:
            for name in self._person_names.get(entity, ()):
                size = len(name)
                if size and any(
                    all(map(is_typo_of, typed[i : i + size], name))
                    for i in range(len(typed) - size + 1)
                ):
                    return entity
        return None

    def _anchors(self, query: Query, stretch: Stretch | None) -> _Anchoring:
        """ "after the governor's visit", "between the flood and the school reopening": the
        dates of the events named, as exclusive bounds, the terms used to name them, each
        phrase with the date it was taken to be, and for "right after" ("right before")
        which side of the event is asked about; "from the meeting to the release": the
        stretch of time, both ends included."""
        text = query.normalized
        if _EITHER_SIDE.search(text):
            return _Anchoring()
        terms = self._index.analyzer.text_terms
        if _month_span(query):  # "between may and july 2018": months, not events named
            return _Anchoring()
        if span := between(query.text):
            first, second = self._date(span[0]), self._date(span[1])
            if not (first and second):
                return _Anchoring()
            lower, upper = sorted((first, second), key=PartialDate.sort_key)
            # What follows "between" is the span and chat about it, not what the events
            # are about ("..., feels like she kept busy").
            used = set(terms(text[text.find("between") :]))
            return _Anchoring(lower, upper, used, (_taken(span[0], first), _taken(span[1], second)))
        if stretch := stretch or self.stretch(query):
            (said_first, opening), (said_last, closing) = stretch
            return _Anchoring(
                used=set(terms(text[text.find("from") :])),
                anchored=(_taken(said_first, opening.date), _taken(said_last, closing.date)),
                stretch=(opening.date, closing.date),
                ends=tuple(end.event for end in (opening, closing) if end.event),
            )
        # An event named runs to the end of its sentence, not into the chat after it ("what
        # happened a week after the flood? my neighbour said the school reopened").
        sentences = [" ".join(as_meant(s)) for s in sentences_of(query.text)]  # "yr": year
        if window := self._window_in(sentences):
            return window
        after: PartialDate | None = None
        before: PartialDate | None = None
        named: set[str] = set()
        anchored: tuple[Anchor, ...] = ()
        # The words that place the events ("in the wake of") are used with the event's.
        asked_after = ""  # a question put after the event named, with no comma between
        for pattern in (_AFTER, _BEFORE):
            match = _first_match(pattern, sentences)
            if match and (placed := self._clause_date(match.group(1))):
                if pattern is _AFTER:
                    after = placed[1]
                else:
                    before = placed[1]
                anchored += (_taken(*placed),)
                asked_after += " " + match.group(1)[len(placed[0]) :]
        if after or before:  # "... before the meeting. what led up to it?": words that place
            named |= {
                t
                for p in (_AFTER, _BEFORE)
                for m in map(p.search, sentences)
                if m
                for t in terms(m.group(0))
            }
            # the dates of a question put after it are its own, not the event's
            named -= {t for t in terms(asked_after) if t.isdigit() or t in self._month_terms}
        return _Anchoring(after, before, named, anchored)

    def _later_that_day(self, phrase: str, date: PartialDate) -> frozenset[str]:
        """The facts of the day of the event a phrase names that say they came after it
        ("after the vote, the mayor said ..." of "the vote"), by id."""
        named = set(self._index.analyzer.text_terms(phrase)) - self._subject_terms
        return frozenset(
            fact.id for fact in self._by_day.get(date, ()) if named & self._told.placed_after(fact)
        )

    def _window_in(self, sentences: list[str]) -> _Anchoring | None:
        """The window of the first sentence that sets one, from the event it names or, said
        after the chat names one, from that ("she met him. what happened a week later?")."""
        # a time set from the chat is the question's, whatever times the chat sets itself
        set_from = [i for i, s in enumerate(sentences) if i and _SET_FROM_CHAT.search(s)]
        for i in set_from:
            if window := self._window(_set_from(sentences[i], sentences[i - 1])):
                return self._after_chat(window, sentences[:i])
        for i, sentence in enumerate(sentences):
            if window := self._window(sentence):
                return self._after_chat(window, sentences[:i])
        return None

    def _after_chat(self, window: _Anchoring, chat: list[str]) -> _Anchoring:
        """A window set after chat: the times the chat names are the event's, not the
        question's ("she met him at the end of may. what happened a week after that?")."""
        terms = self._index.analyzer.text_terms(" ".join(chat))
        return replace(window, used=window.used | set(terms)) if chat else window

    def _window(self, text: str) -> _Anchoring | None:
        """ "A year after the meeting", "shortly before it", "the same day as it": a window
        on one side of an event, or its day, when the phrase names one."""
        terms = self._index.analyzer.text_terms
        if match := _OFFSET.search(text):  # "a year after the meeting": a window around then
            anchor = self._date(match.group(5))
            if anchor:
                low, high = offset_window(
                    anchor,
                    _count(match.group(2)),
                    match.group(3),
                    later=bool(_LATER.fullmatch(match.group(4))),
                    bound=match.group(1),
                    vague=match.group(2) in _VAGUE,
                )
                named = (_taken(match.group(5), anchor),)
                return _Anchoring(low, high, set(terms(match.group(0))), named)
        if match := _SHORTLY.search(text):  # "shortly after the meeting": the months around it
            anchor = self._date(match.group(2))
            if anchor:
                used = set(terms(match.group(0)))
                named = (_taken(match.group(2), anchor),)
                if _LATER.fullmatch(match.group(1)):
                    later = shift(anchor, months=SHORTLY_MONTHS)
                    that_day = self._later_that_day(match.group(2), anchor)
                    return _Anchoring(anchor, later, used, named, "after", later_that_day=that_day)
                earlier = shift(anchor, months=-SHORTLY_MONTHS)
                return _Anchoring(earlier, anchor, used, named, soon="before")
        if match := _NEXT_UNIT.search(text):  # "the day after the vote": the next day
            unit, side, phrase = match.groups()
            if anchor := self._date(phrase):
                forward = bool(_LATER.fullmatch(side))
                named = (_taken(phrase, anchor),)
                used = set(terms(match.group(0)))
                if next_to := next_unit(anchor, unit, later=forward):
                    return _Anchoring(used=used, anchored=named, on=next_to)
                # a week, or a day after a date known to its month: any time up to then
                low, high = offset_window(anchor, 1, unit, later=forward, bound="within")
                return _Anchoring(low, high, used, named)
        if match := _SAME_TIME.search(text):  # "the same day as the vote": the vote's day
            phrase = match.group("phrase")
            if anchor := self._date(phrase):
                named = (_taken(phrase, anchor),)
                on = truncated(anchor, match.group("unit") or "day")
                return _Anchoring(used=set(terms(match.group(0))), anchored=named, on=on)
        return None

    def stretch(self, query: Query, *, asked: bool = False) -> Stretch | None:
        """ "From the dinner to the visit", "from 2018 up to the roundtable": the two ends, in
        order, when each names an event or a date; None otherwise ("a letter from her to
        him" names no events). `asked`: only in the sentence that asks ("she went from a
        life sentence to freedom. What does she plan now?" asks no timeline)."""
        phrases = from_to(query.asking if asked else query.text)
        if phrases is None:
            return None
        if all(re.fullmatch(r"\d{4}", p) for p in phrases):
            return None  # "from 2017 to 2019": a range of years, bounded as such
        ends = []
        for phrase in phrases:
            placed = (
                Placed(PartialDate(int(phrase)))
                if re.fullmatch(r"\d{4}", phrase)
                else self._anchor(phrase)
            )
            if placed is None:
                return None
            ends.append((phrase, placed))
        first, last = ends
        # Told forward, as people tell a story: ends surely the other way round, or one
        # date, are likelier a misread phrase than a stretch.
        if last[1].date.surely_before(first[1].date) or last[1].date == first[1].date:
            return None
        return first, last

    def _clause_date(self, phrase: str) -> tuple[str, PartialDate] | None:
        """The event a phrase after "after" or "before" names, as taken: the phrase whole,
        or, when that names none, the longest part of it before a question word that does
        ("the bakery reopened what happened next": the bakery's reopening)."""
        cuts = [m.start() for m in _THEN_ASKED.finditer(phrase)]
        for part in (phrase, *(phrase[:end] for end in reversed(cuts))):
            if date := self._date(part):
                return part, date
        return None

    def _date(self, phrase: str) -> PartialDate | None:
        placed = self._anchor(phrase)
        return placed.date if placed else None

    def _within(
        self, bounds: _Bounds, *, kind: str | None = None, limit: int | None
    ) -> Iterator[Fact]:
        """Events inside the bounds, in order, found by bisection rather than a scan."""
        if bounds.topic:
            events: Iterable[Fact] = self._by_topic.get(bounds.topic, ())
        elif bounds.person:
            events = self._by_person.get(bounds.person, ())
        elif bounds.month_days:  # "april 25", any year
            events = sorted(
                (f for day in bounds.month_days for f in self._by_month_day.get(day, ())),
                key=event_sort_key,
            )
        else:
            # the lower bound's own day too, when facts of it came after the event
            first = bisect_left if bounds.later_that_day else bisect_right
            start = first(self._keys, bounds.lower) if bounds.lower else 0
            stop = bisect_left(self._keys, bounds.upper) if bounds.upper else len(self._keys)
            events = self._events[start:stop]
        found = 0
        for fact in events:
            # what came after an event that day is told as such, whatever kind of fact
            told_after = fact.id in bounds.later_that_day
            if (kind is None or fact.kind == kind or told_after) and bounds.allows(fact):
                yield fact
                found += 1
                if found == limit:
                    return

    # -- relevance ---------------------------------------------------------------------------

    def _about(self, query: Query, words: list[str], bounds: _Bounds) -> list[Fact]:
        """The events that say most about the question's words; each alternative ("the
        baby bar or the roundtable") picks its own."""
        chosen: dict[str, Fact] = {}
        # Split as typed: the commas of "put these in order: X, Y, Z" part the events, as
        # "from X to Y" parts its two ends.
        parts = _ALTERNATIVES.split(query.text.lower())
        kinds = self._kinds_asked(query)
        for piece in (piece for part in parts for piece in from_to(part) or (part,)):
            terms = [t for t in self._index.analyzer.text_terms(normalize(piece)) if t in words]
            for fact in self._most_about(terms, bounds, kinds) if terms else ():
                chosen.setdefault(fact.id, fact)
        return sorted(chosen.values(), key=event_sort_key)

    def _kinds_asked(self, query: Query) -> frozenset[str]:
        """The kinds of place asked for as places ("which prisons", "every prison", "a
        prison"), as index terms; not a noun that only describes ("the prison stuff")."""
        term = self._index.analyzer.term
        return (
            frozenset(
                term(noun)
                for determiner, noun in _KIND_ASKED.findall(query.normalized)
                if determiner or _plural(noun)
            )
            & self._at_kind.keys()
        )

    def _most_about(
        self, terms: Iterable[str], bounds: _Bounds, kinds: frozenset[str] = frozenset()
    ) -> list[Fact]:
        """The events whose words match the terms nearly as well as the best's, each match
        weighed by how much of it the fact tells as its own event: "events at the town hall"
        are not those that mention a town hall meeting to date something else. When the
        words are too common to choose by, the events at the places of a kind asked for
        (`kinds`: "every school")."""
        wanted = frozenset(terms)
        idf = self._index.idf
        hits = [
            (
                fact := self._index.facts[hit.position],
                hit.score
                * (MENTION_WEIGHT + (1 - MENTION_WEIGHT) * self._told.share(fact, wanted, idf)),
            )
            for hit in self._index.search(wanted, limit=RELEVANT_CANDIDATES)
        ]
        hits = [(fact, score) for fact, score in hits if bounds.allows(fact)]
        best = max((score for _, score in hits), default=0.0)
        if best < RELEVANT_FLOOR * self._index.max_idf:  # too common to choose: of its kind?
            at = {f.id: f for t in wanted & kinds for f in self._at_kind[t] if bounds.allows(f)}
            return sorted(at.values(), key=event_sort_key)
        return [fact for fact, score in hits if score >= RELEVANT_SHARE * best]

    def _heading(self, query: Query, bounds: _Bounds, *, about: Sequence[str] | None = None) -> str:
        """What the events are, naming every filter: "Events with Renée Dufresne",
        "Events after 30 May 2018"; `about` names words no event matches ("Events for 'zorp'")."""
        low, high = bounds.years  # said below, month to month, for a span
        topic = resolve_topic(self._base, bounds.topic) if bounds.topic else None
        filter = TimelineFilter(
            person=self._base.entities[bounds.person].name if bounds.person else None,
            year_from=low,
            year_to=high,
            within=bounds.within,
            topic=topic.label if topic else None,
            after=bounds.after,
            before=bounds.before,
        )
        if about is None:
            described = filter.describe()
        else:
            described = " ".join(["events for", f"'{' '.join(about)}'", *filter.phrases()])
        if bounds.months:  # "anything in july": that month of every year
            names = " or ".join(calendar.month_name[m] for m in bounds.months)
            described = _narrowed(described, f"in {names}, any year")
        if bounds.month_days:  # "may 30": that day of every year
            days = " or ".join(f"{calendar.month_name[m]} {d}" for m, d in bounds.month_days)
            described = _narrowed(described, f"on {days}, any year")
        if bounds.span:
            first, last = bounds.span
            described = _narrowed(described, f"from {first.display()} to {last.display()}")
        # How each event named was dated; a date named as such, in either order of day
        # and month ("16 march 2022", "march 16, 2022"), needs no saying.
        if named := [
            (p, d)
            for p, d in bounds.anchored
            if sorted_words(normalize(p)) != sorted_words(normalize(d.display()))
        ]:
            taken = " and ".join(f'"{phrase}" as {date.display()}' for phrase, date in named)
            described = f"{described} (taking {taken})"
        return described[:1].upper() + described[1:]


def besides(text: str) -> list[str]:
    """ "Besides the vote, what else happened?", "anything apart from the flood in 2022?":
    the phrases that name what the asker already knows of."""
    return [match.group(1) for match in _BESIDES.finditer(text.lower())]


def _asks_newest(text: str) -> bool:
    """ "The latest events", not "oldest to newest" (an order: the story from its start)."""
    return bool(_NEWEST.search(_ORDER.sub(" ", text)))


def _set_from(sentence: str, before: str) -> str:
    """ "what happened a week later", said after "she met the mayor": "what happened a week
    after she met the mayor", the time set from the event the sentence before names (the
    sentence unchanged when it sets no time from one)."""
    match = _SET_FROM_CHAT.search(sentence)
    if match is None:
        return sentence
    side = match.group("word") or ("before" if match.group("side") in _EARLIER else "after")
    return f"{sentence[: match.start()]}{side} {before}"


def _first_match(pattern: re.Pattern[str], sentences: list[str]) -> re.Match[str] | None:
    """The first sentence's match of a pattern, in the order they were typed."""
    return next((m for m in map(pattern.search, sentences) if m), None)
