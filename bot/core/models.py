"""The fact base's vocabulary: articles, facts, their sources, entities and partial dates.

Everything is frozen: a loaded `FactBase` is a value that can be swapped atomically on reload
and shared between concurrent answers without locks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Qualifier = Literal["early", "mid", "late"]
QUALIFIERS: tuple[Qualifier, ...] = ("early", "mid", "late")
MONTHS_IN_YEAR = 12
SHOWN_VALUE = 40  # characters of a bad value an error message quotes
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3}0)s$")  # "1990s": all the coverage says of some old events
YEARS_IN_DECADE = 10
# Where a year or month without a day sorts among that span's exact dates; the offsets are
# months (for a year) or days (for a month). Unqualified, it sorts after them: news reports
# "in 2018" or "in April" what is known by then ("released in 2018" follows the May
# meeting that freed her; a post about a visit "in April" follows the visit on the 17th).
_YEAR_POSITION = {None: 13, "early": 2, "mid": 6, "late": 11}
_MONTH_POSITION = {None: 32, "early": 5, "mid": 15, "late": 25}
# Where a decade's events sort: the year of the decade its qualifier points to. Unqualified,
# at its start, ahead of the decade's dated events: it is history the story looks back on.
_DECADE_POSITION = {None: 0, "early": 1, "mid": 4, "late": 7}
_PRECISION_RANK = {"decade": -1, "year": 0, "month": 1, "day": 2}
# The thirds of a year (in months) and of a month (in days) that early/mid/late name.
QUALIFIER_MONTHS: dict[Qualifier, tuple[int, int]] = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
}
QUALIFIER_DAYS: dict[Qualifier, tuple[int, int]] = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
}
Day = tuple[int, int, int]  # (year, month, day), compared as a tuple


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """An ISO 8601 date at its real precision (decade, year, month or day), optionally
    qualified as early/mid/late when the coverage only says "late last year". A decade
    ("in the 1990s") has `year` at its first year and `decade` set."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier | None = None
    decade: bool = False

    @classmethod
    def parse(cls, value: str, qualifier: str | None = None) -> PartialDate:
        """Parse `1990s`, `2018`, `2018-05` or `2018-05-30`; raise ValueError with a usable
        message."""
        decade = _DECADE.match(value.strip())
        match = _ISO.match(value.strip())
        if not (match or decade):
            shown = value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 3] + "..."
            raise ValueError(
                f"'{shown}' is not an ISO 8601 date: write 2018, 2018-05 or 2018-05-30"
                " (or 1990s for a decade)"
            )
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise ValueError(
                f"date qualifier '{qualifier}' must be one of: {', '.join(QUALIFIERS)}"
            )
        if decade:
            return cls(int(decade.group(1)), qualifier=qualifier, decade=True)
        assert match is not None
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= MONTHS_IN_YEAR:
            raise ValueError(f"'{value}' has month {month}: months run 01 to 12")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"'{value}' has day {day}: {calendar.month_name[month]} {year} has {last} days"
                )
        if qualifier is not None and day is not None:
            raise ValueError("a date qualifier (early/mid/late) only applies to a year or a month")
        return cls(year, month, day, qualifier)

    @property
    def precision(self) -> Literal["decade", "year", "month", "day"]:
        if self.decade:
            return "decade"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def precision_rank(self) -> int:
        """How fine the precision is: decade -1, year 0, month 1, day 2."""
        return _PRECISION_RANK[self.precision]

    def iso(self) -> str:
        """`2018`, `2018-05` or `2018-05-30`: the precision is part of the meaning. A decade
        is written `1990s` (ISO 8601's own `199` is read by nobody), as in fact files."""
        if self.decade:
            return f"{self.year:04d}s"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """For people: `May 30, 2018`, `May 2018`, `2018`, `late 2017`, `the 1990s`. Days
        are written month first, as American news (and the people quoting it) write them."""
        if self.decade:
            return f"the {self.qualifier + ' ' if self.qualifier else ''}{self.year}s"
        if self.day is not None and self.month is not None:
            text = f"{calendar.month_name[self.month]} {self.day}, {self.year}"
        elif self.month is not None:
            text = f"{calendar.month_name[self.month]} {self.year}"
        else:
            text = str(self.year)
        return f"{self.qualifier} {text}" if self.qualifier else text

    def weekday(self) -> str | None:
        """The day of the week, when the date is exact."""
        if self.month is None or self.day is None:
            return None
        return calendar.day_name[dt.date(self.year, self.month, self.day).weekday()]

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a year or month without a day sorts after its span's exact
        dates, or where its qualifier puts it ("early 2018" before "May 2018"); a decade
        at its start, or at the part of it its qualifier names."""
        if self.decade:
            return (self.year + _DECADE_POSITION[self.qualifier], 0, 0)
        if self.month is None:
            return (self.year, _YEAR_POSITION[self.qualifier], 0)
        if self.day is None:
            return (self.year, self.month, _MONTH_POSITION[self.qualifier])
        return (self.year, self.month, self.day)

    def estimated_day(self) -> int | None:
        """The day, or the day "early", "mid" or "late" June stands for (5, 15, 25)."""
        if self.day is not None:
            return self.day
        if self.month is not None and self.qualifier is not None:
            return _MONTH_POSITION[self.qualifier]
        return None

    def bounds(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """The sort keys just before the first and just after the last day this date may
        be: a day's own key twice. An event named in a question and known only to its
        month or year ("when she learned of the case, in 2017") bounds a timeline by them:
        October 2017 may well be after it (`timeline_questions`)."""
        if self.day is not None:
            return self.sort_key(), self.sort_key()
        if self.decade:
            return (self.year, 0, 0), (self.year + YEARS_IN_DECADE - 1, 99, 99)
        if self.month is not None:
            return (self.year, self.month, 0), (self.year, self.month, 99)
        return (self.year, 0, 0), (self.year, 99, 99)

    def days(self) -> tuple[Day, Day]:
        """The first and last day this date may be, its qualifier heeded: "early 2018" is
        1 January to 30 April ("30" or "31": the day's number only orders)."""
        if self.day is not None:
            assert self.month is not None
            return (self.year, self.month, self.day), (self.year, self.month, self.day)
        if self.decade:
            return (self.year, 1, 1), (self.year + YEARS_IN_DECADE - 1, MONTHS_IN_YEAR, 31)
        if self.month is not None:
            first, last = QUALIFIER_DAYS[self.qualifier] if self.qualifier else (1, 31)
            return (self.year, self.month, first), (self.year, self.month, last)
        first, last = QUALIFIER_MONTHS[self.qualifier] if self.qualifier else (1, MONTHS_IN_YEAR)
        return (self.year, first, 1), (self.year, last, 31)

    def surely_before(self, other: PartialDate) -> bool:
        """Whether every day this date may be comes before every day `other` may be: "early
        2018" surely before 30 May 2018; "2019" not surely before December 2019."""
        return self.days()[1] < other.days()[0]

    def contains(self, other: PartialDate) -> bool:
        """True when `other` falls within this date at this date's precision."""
        if self.decade:
            return self.year <= other.year < self.year + YEARS_IN_DECADE
        if other.decade or other.year != self.year:
            return False
        if self.month is None:
            return True
        if other.month != self.month:
            return False
        return self.day is None or other.day == self.day


EDITORIAL_MARK = "(our title)"  # after a headline the article does not have: ours, descriptive
INFERRED_MARK = "(inferred)"  # after an outlet or date the text does not state: worked out


@dataclass(frozen=True, slots=True)
class Article:
    """One seed article and what its own text shows about where it came from.

    A `*_inferred_from` value says the field is not stated by the text but worked out, and
    from what; `headline_editorial` says the headline is ours, not the article's.
    """

    id: str
    file: str  # relative to the project, e.g. "seeds/002_40b6695788b00f01.txt"
    headline: str
    text: str
    headline_editorial: bool = False
    outlet: str | None = None
    outlet_inferred_from: str | None = None
    author: str | None = None
    author_inferred_from: str | None = None
    published: PartialDate | None = None
    published_inferred_from: str | None = None
    notes: str | None = None
    # The text's SHA-256 when its facts were last checked, and whether the text has changed
    # since: then a quote it no longer holds suspends its fact instead of failing the base.
    sha256: str | None = None
    changed: bool = False

    def citation(self) -> str:
        """ "Headline — Outlet, May 2018": how every front end names a source.

        What the article does not state itself is marked, so it is never passed off as the
        source's own: "Our descriptive title (our title) — Rare (inferred), April 2023
        (inferred)".
        """
        headline = f"{self.headline} {EDITORIAL_MARK}" if self.headline_editorial else self.headline
        tail = []
        if self.outlet:
            tail.append(_marked(self.outlet, self.outlet_inferred_from))
        if self.published:
            tail.append(_marked(self.published.display(), self.published_inferred_from))
        return f"{headline} — {', '.join(tail)}" if tail else headline


def _marked(value: str, inferred_from: str | None) -> str:
    return f"{value} {INFERRED_MARK}" if inferred_from else value


@dataclass(frozen=True, slots=True)
class Source:
    """A verbatim span of an article that supports a fact."""

    article: str
    quote: str


def cited_ids(sources: Iterable[Source]) -> tuple[str, ...]:
    """The ids of the articles `sources` come from, each once, in the order they are cited."""
    return tuple(dict.fromkeys(source.article for source in sources))


def cited_articles(sources: Iterable[Source], articles: Mapping[str, Article]) -> list[Article]:
    """The articles `sources` come from, each once, in citing order (any `articles` lacks are
    left out): how every renderer and export lists where a fact or a claim comes from."""
    return [articles[a] for a in cited_ids(sources) if a in articles]


def citations(sources: Iterable[Source], articles: Mapping[str, Article]) -> list[str]:
    """ "Headline — Outlet, May 2018" for each article `sources` cite, once, in citing order."""
    return [article.citation() for article in cited_articles(sources, articles)]


@dataclass(frozen=True, slots=True)
class Claim:
    """One side of a disagreement between sources (or between a source and the calendar)."""

    text: str
    sources: tuple[Source, ...]
    date: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources disagree: both claims are kept and shown, never silently resolved."""

    note: str
    claims: tuple[Claim, ...]


EntityKind = Literal["person", "place", "organisation"]
#: Where each kind of entity is listed: its section of entities.yaml, which is also the
#: field of a fact that names entities of that kind (`people: [ines-calder]`).
ENTITY_FIELDS: Mapping[str, EntityKind] = MappingProxyType(
    {"people": "person", "places": "place", "organisations": "organisation"}
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation with the names the articles and users use for it."""

    id: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    pronoun: str | None = None  # a person's: "she", "he" or "they" (whom "she" may mean)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Topic:
    """A tag facts can carry, with a label for people and aliases for matching."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()


FactKind = Literal["event", "quote", "background", "profile"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One self-contained statement from the coverage with the words that support it."""

    id: str
    text: str
    sources: tuple[Source, ...]
    kind: FactKind = "background"
    date: PartialDate | None = None
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    said_by: str | None = None
    # The facts that tell what came of this one ("what came of the vote?": the facts of
    # what the vote led to), as the coverage tells it; curated, since the fact of a
    # consequence rarely says "led to".
    led_to: tuple[str, ...] = ()
    conflict: Conflict | None = None
    date_note: str | None = None  # how a relative or vague date was resolved
    notes: str | None = None  # anything else a curator noted
    story: str = ""
    origin: str = ""  # "facts/2018-white-house.yaml:12", for curators

    @property
    def entity_ids(self) -> tuple[str, ...]:
        return (*self.people, *self.places, *self.organisations)

    @property
    def participants(self) -> tuple[str, ...]:
        """The people taking part: those named, then the one quoted, each once."""
        return tuple(dict.fromkeys((*self.people, *((self.said_by,) if self.said_by else ()))))

    @property
    def involved(self) -> tuple[str, ...]:
        """Every entity the fact involves: people, places, organisations and the one quoted."""
        return tuple(dict.fromkeys((*self.entity_ids, *self.participants)))

    @property
    def article_ids(self) -> tuple[str, ...]:
        """Every article the fact cites, in order, including those behind a conflict's claims
        (`cited_ids(fact.sources)` for the fact's own sources only)."""
        claims = self.conflict.claims if self.conflict else ()
        return cited_ids((*self.sources, *(s for claim in claims for s in claim.sources)))

    @property
    def dated_text(self) -> str:
        """The text with its date in brackets, as answers list related facts."""
        return f"{self.text} ({self.date.display()})" if self.date else self.text


@dataclass(frozen=True, slots=True)
class Story:
    """A group of facts kept in one file (one story line of the coverage)."""

    id: str
    title: str


SUBJECT_SHARE = 0.8  # an entity named in this share of the articles is the coverage's subject


@dataclass(frozen=True, slots=True)
class Suspension:
    """A fact held back: an article it quotes changed, and the quote is no longer in it.
    It is never served until a curator fixes the quote (`factbot check` lists it)."""

    fact_id: str
    fact_text: str
    origin: str  # "path:line" of the fact
    articles: tuple[str, ...]  # the changed articles whose words it no longer quotes


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question already asked and judged (`facts/asked.yaml`, written by `make train`):
    the facts that answer it, none when the coverage does not say. A new question worded
    like one of them is probably asked of the same fact, or of nothing."""

    text: str  # as the query reader reads it: the asking sentence, chat spellings undone
    facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactBase:
    """Everything the bot knows, validated; built only by `load_fact_base`."""

    facts: tuple[Fact, ...]
    articles: Mapping[str, Article]
    entities: Mapping[str, Entity]
    topics: Mapping[str, Topic]
    stories: Mapping[str, Story]
    synonyms: tuple[tuple[str, ...], ...] = ()
    suspended: tuple[Suspension, ...] = ()  # facts held back: their article changed
    asked: tuple[AskedQuestion, ...] = ()  # questions already judged (facts/asked.yaml)
    facts_by_id: Mapping[str, Fact] = field(init=False, repr=False, compare=False)
    facts_by_story: Mapping[str, tuple[Fact, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts_by_id", MappingProxyType({f.id: f for f in self.facts}))
        told: dict[str, list[Fact]] = {}
        for fact in self.facts:
            told.setdefault(fact.story, []).append(fact)
        by_story = {story: tuple(facts) for story, facts in told.items()}
        object.__setattr__(self, "facts_by_story", MappingProxyType(by_story))

    def subjects(self, share: float = SUBJECT_SHARE) -> frozenset[str]:
        """The coverage's subjects: entities named in at least `share` of the articles
        (Ines Calder). A question need not name them, and they filter no timeline."""
        articles: dict[str, set[str]] = {}
        for fact in self.facts:
            for entity_id in fact.involved:
                articles.setdefault(entity_id, set()).update(fact.article_ids)
        needed = share * len(self.articles)
        return frozenset(e for e, seen in articles.items() if len(seen) >= needed)

    def latest_article(self) -> Article | None:
        """The most recently published article: "now" means "as of this article"."""
        dated = [a for a in self.articles.values() if a.published]
        return max(dated, key=lambda a: a.published.sort_key()) if dated else None  # type: ignore[union-attr]
