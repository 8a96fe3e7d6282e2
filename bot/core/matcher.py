"""The matcher: a question in, a `Reply` out — the facts that answer it with their sources,
a timeline, or an honest "the coverage doesn't say".

How a question is answered:
1. `QueryReader` reads it: content words (typos corrected against the fact base's own
   vocabulary), index terms, names, dates, and what kind of answer it wants.
2. Timeline-shaped questions ("what happened in 2019", "which came first ...") become a
   filtered, chronological timeline.
3. Otherwise the index proposes candidates by the idf-weighted mass of query terms they
   contain; each is then scored by *coverage*, the share of the question's information it
   accounts for, adjusted for whether it has the kind of answer asked for (a date for
   "when", a weekday for "what day of the week", a quote for "what did X say"), the years
   and names asked about, and how close the question is to the fact's own phrasings.
4. Below the confidence threshold the reply abstains; two close answers that say different
   things make the reply ambiguous, offering both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.core.asked import AskedIndex
from bot.core.compound import (
    MIN_NAMED,
    Comparison,
    Extreme,
    between,
    comparison,
    extreme,
    gap,
    parts,
)
from bot.core.conversation import Turn, follow_on
from bot.core.explain import Contribution, ExplainedCandidate, Explanation, Why, passages
from bot.core.features import (
    FEATURES,
    PROFILE_KINDS,
    Context,
    Describer,
    QueryStats,
    categories,
    families,
)
from bot.core.fit import FactFeatures, fact_about, sorted_words
from bot.core.index import Analyzer, FactIndex, is_proper_name
from bot.core.lexicon import (
    EVENT_ORDINAL_PATTERN,
    MIN_QUOTED_WORDS,
    MONTHS,
    ORDINAL_EVENT_ASKED,
    QUOTED_ASKED,
    REPORTED_SPEECH,
)
from bot.core.models import AskedQuestion, Fact, FactBase, PartialDate
from bot.core.normalize import normalize
from bot.core.presentation import is_hedged
from bot.core.query import MAX_QUESTION_CHARS, Query, QueryReader
from bot.core.readings import shipped_chooser
from bot.core.reply import Abstention, RankedFact, Reply
from bot.core.scorer import ANSWERER_INPUTS, Scorer, lead
from bot.core.semantic import Embedder, SemanticIndex, shipped_embedder
from bot.core.timeline_questions import Placed, Stretch, TimelineQuestions, qualified_date
from bot.core.told import MENTION_WEIGHT, ToldTerms

AMBIGUITY_LEAD = 1.5  # the best leads the runner-up by less log-odds than this: a real choice
SAME_STATEMENT = 85  # token_set_ratio above which two undated facts say the same thing
UNKNOWN_WORD_WEIGHT = 0.75  # a word the fact base never uses counts this share of a rare word
INFORMATION_CAP = 2.0  # in maximally rare words: the most a long question can ask for
LONG_QUESTION_TERMS = 8  # a question with this many terms is long
SUBJECT_WEIGHT = 0.3  # ... and its name weighs this much in a question
CONTEXT_WEIGHT = 0.5  # terms in the chat around a question, relative to the question's own
RELATED_SHOWN = 2  # an abstention offers at most this many related facts ...
RELATED_SHARE = 0.5  # ... each at least this share of the threshold likely to answer
ANCHOR_CONFIDENCE = 0.8  # share of the threshold a phrase naming an event needs
ANCHOR_FLOOR = 0.15  # ... or at least this likely ...
ANCHOR_LEAD = 1.5  # ... and this far ahead of any other date (log-odds: 4.5 times as likely)
CAST_SHARE = 0.4  # a story's cast: the entities at least this share of its facts involve.
# Chosen first; then make train's cross-validation with 0.3, 0.4, 0.5: 0.853, 0.851, 0.852
# (0.847 without a cast), the training sets asked in full 0.847, 0.844, 0.840 (0.843):
# within noise; 0.3 tipped one lower-cased question under the metamorphic test's floor.
# "Was X before or after Y": a fact of X's day that places it by an event whose terms
# carry this share of Y's words (by idf) tells the order in the coverage's own words.
TELLER_SHARE = 0.5
DAY_LEAD = 1.5  # ... or its day's matches, summed, this many times any other day's or date's
ANCHOR_MARGIN = 0.95  # candidates within this share of the best may be the anchor event
# Events within this share of the likeliest are one event's like ("the first visit": the
# visits); chosen on the development event sets (0.7 to 0.8 alike).
ORDINAL_MARGIN = 0.75
LEXICAL_CANDIDATES = 20  # facts the lexical index proposes
SEMANTIC_CANDIDATES = 10  # facts the semantic index proposes
# ... for a phrase naming an event ("the governor's visit"), which wants its few closest
# facts, not a question's whole field: a comparison ranks two phrases besides itself.
EVENT_CANDIDATES = (10, 5)
PRECOMPUTE_LIMIT = 5000  # up to this many facts, answer features are computed at start
_REPORTED_SPEECH = re.compile(REPORTED_SPEECH)
_EVENT_ORDINAL = re.compile(EVENT_ORDINAL_PATTERN)
_PLACE_AT = {"first": 0, "second": 1, "last": -1}  # the groups of EVENT_ORDINAL_PATTERN
_ORDINAL_ASKED = re.compile(ORDINAL_EVENT_ASKED)
_QUOTED_ASKED = re.compile(QUOTED_ASKED)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact proposed for a question, with its features (`features.FEATURES` order)."""

    fact: Fact
    features: list[float]


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate fact as the scorer sees it."""

    fact: Fact
    confidence: float  # the probability that the fact answers the question (calibrated)
    rank: float  # the ranker's probability: what orders the candidates


def _finer(date: PartialDate | None, than: PartialDate) -> bool:
    """More precise ("25 April" than "April"); not the same span qualified ("early June")."""
    return date is not None and date.precision_rank > than.precision_rank


def _closeness(date: PartialDate | None) -> int:
    """How closely a date is told: a day, then "early June", then June, then a year."""
    return 0 if date is None else 2 * date.precision_rank + (date.qualifier is not None)


def _next_span(date: PartialDate, than: PartialDate) -> PartialDate:
    """A date one step finer than a loose one: the month for a year, else the date."""
    return PartialDate(date.year, date.month) if than.month is None else date


def _casts(base: FactBase, share: float = CAST_SHARE) -> dict[str, frozenset[str]]:
    """Each story's cast: the entities at least `share` of its facts involve."""
    casts = {}
    for story, facts in base.facts_by_story.items():
        counts = Counter(e for fact in facts for e in set(fact.involved))
        casts[story] = frozenset(e for e, n in counts.items() if n >= share * len(facts))
    return casts


def _telling(event: Fact, ranked: Sequence[Scored]) -> Fact:
    """Of the facts of a later event's day and story, the one the question as asked ranks
    first (`ranked`, best first): the one that may say the time since the earlier ("a
    week after the meeting"), not only that the event happened; the event itself when
    none is ranked."""
    return next(
        (s.fact for s in ranked if s.fact.date == event.date and s.fact.story == event.story),
        event,
    )


def _dated_as_named(date: PartialDate, query: Query) -> bool:
    """Whether a fact's date agrees with the dates a phrase names (any, when it names none):
    its year, its month of any year, or a date either holds the other. A year or month
    that is part of a date named ("in may 2019") is that date, not any time that year."""
    if not (query.years or query.dates or query.months):
        return True
    years = set(query.years) - {named.year for named in query.dates}
    months = set(query.months) - {named.month for named in query.dates}
    return (
        date.year in years
        or (date.month is not None and date.month in months)
        or any(named.contains(date) or date.contains(named) for named in query.dates)
    )


def event_of(dated: Sequence[Scored]) -> Scored:
    """Which of the dated facts a phrase matches (best first) dates the event it names.

    Facts that mention an event in passing are dated later than the event, so of the close
    matches the earliest is the event; one dated only to its month is that event told
    loosely when a close match, or several matches of one day together, give its exact day,
    and the exact day is its date. A profile
    ("37 years old in May 2018, when she met him") says what someone was at the time: when
    it comes first, the event is the likeliest fact of its own within that date. The fact
    shown for the date is an event of that day where one matched at all, not a quotation or
    a photograph of it."""
    close = [s for s in dated if s.rank >= dated[0].rank * ANCHOR_MARGIN]
    chosen = min(close, key=lambda s: PartialDate.sort_key(s.fact.date))  # type: ignore[arg-type]
    when = chosen.fact.date
    if when is None:
        return chosen

    def within(pool: Sequence[Scored]) -> list[Scored]:
        return [
            s
            for s in pool
            if s is not chosen
            and s.fact.kind != "profile"
            and s.fact.date is not None
            and when.contains(s.fact.date)
        ]

    exact = within(dated if chosen.fact.kind == "profile" else close)
    finer = [s for s in exact if _finer(s.fact.date, when)]  # the exact day, where one is told
    if not finer and when.day is None:
        # Matches inside the loose date that together are likelier than it tell it more
        # closely: "the 25 April 2024 roundtable" in a fact dated April 2024 is that day;
        # a fact dated only to 2018 is told by the month its close matches share (facts of
        # one month, not the many that mention one day of another).
        by_span: dict[PartialDate, list[Scored]] = {}
        for s in within(dated):
            if s.fact.date is not None and _finer(s.fact.date, when):
                by_span.setdefault(_next_span(s.fact.date, when), []).append(s)
        told = max(by_span.values(), key=lambda span: sum(s.rank for s in span), default=[])
        if sum(s.rank for s in told) >= chosen.rank:  # the most closely dated of them first
            finer = sorted(told, key=lambda s: -_closeness(s.fact.date))
    chosen = (finer or exact or [chosen])[0]
    events = [s for s in dated if s.fact.kind == "event" and s.fact.date == chosen.fact.date]
    return events[0] if events else chosen


def _placed(told: Sequence[Scored], place: str) -> list[Scored]:
    """The matches of the event a phrase places among its like ("first", "second", "last"):
    the events nearly as likely as the likeliest are its like, each told on its own day;
    the matches of the day in that place, best first (none when no event matched)."""
    events = [s for s in told if s.fact.kind == "event" and s.fact.date is not None]
    if not events:
        return []
    like = [s for s in events if s.rank >= events[0].rank * ORDINAL_MARGIN]
    dates = {s.fact.date for s in like if s.fact.date is not None}
    # a year that holds one of the days puts nothing before or after it
    days = sorted(
        (d for d in dates if not any(d != e and d.contains(e) for e in dates)),
        key=PartialDate.sort_key,
    )
    day = days[min(_PLACE_AT[place], len(days) - 1)]  # "second" of one: that one
    return [s for s in told if s.fact.date == day]


def names_event(dated: Sequence[Scored], threshold: float) -> bool:
    """Whether a phrase clearly names an event, by its dated matches (best first): by its
    best match (`_best_names_event`), or by the matches of one day together
    (`_leading_day`)."""
    return _best_names_event(dated, threshold) or _leading_day(dated, threshold) is not None


def _best_names_event(dated: Sequence[Scored], threshold: float) -> bool:
    """Whether the best match names an event. A phrase is not a question, so its confidence
    runs low: it names an event when it is fairly likely, when several facts of its day
    together are (an event told in many facts splits its likelihood between them), or when
    its date stands far ahead of every other."""
    if not dated:
        return False
    top = dated[0]
    same_day = sum(s.rank for s in dated if s.fact.date == top.fact.date)
    other = max((s.rank for s in dated if s.fact.date != top.fact.date), default=0.0)
    singled_out = top.rank >= ANCHOR_FLOOR and _log_odds(top.rank) - _log_odds(other) >= ANCHOR_LEAD
    return top.confidence >= threshold * ANCHOR_CONFIDENCE or same_day >= threshold or singled_out


def _leading_day(dated: Sequence[Scored], threshold: float) -> PartialDate | None:
    """The day whose matches together are likely and far likelier than any other date's,
    when the best match alone names no event ("the town hall meeting": the meeting's day,
    told in many facts, over one fact of another day that mentions a town hall)."""
    by_date: dict[PartialDate, float] = {}
    for s in dated:
        if s.fact.date is not None:
            by_date[s.fact.date] = by_date.get(s.fact.date, 0.0) + s.rank
    ranked = sorted(by_date.items(), key=lambda date: -date[1])
    if not ranked or ranked[0][0].day is None or ranked[0][1] < threshold:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] >= DAY_LEAD * runner_up else None


class Matcher:
    """Answers questions from one fact base. Build once per base; `ask` is thread-safe."""

    def __init__(
        self,
        base: FactBase,
        *,
        threshold: float | None = None,
        ambiguity_lead: float = AMBIGUITY_LEAD,
        unknown_weight: float = UNKNOWN_WORD_WEIGHT,
        scorer: Scorer | None = None,
        embedder: Embedder | None = None,
        cache_dir: Path | None = None,
        parts_chooser: Literal["shipped", "most confident"] = "shipped",
    ) -> None:
        """`threshold` overrides the fitted one; `cache_dir` keeps the facts' vectors
        between starts (keyed by the fact base's content); `parts_chooser`, how a two-part
        question's later part is read after the first: by the fitted chooser, or, for the
        tools that fit it (whose data must not depend on the chooser they replace), by
        the most confident reading."""
        self.base = base
        self.parts_chooser = parts_chooser
        self.cache_dir = cache_dir
        self.scorer = scorer or Scorer.load()
        self.threshold = self.scorer.threshold if threshold is None else threshold
        self.unknown_weight = unknown_weight
        self.ambiguity_lead = ambiguity_lead
        self.analyzer = Analyzer(
            base.synonyms,
            names=(n for e in base.entities.values() for n in e.names if is_proper_name(n)),
        )
        embedder = embedder or shipped_embedder()
        self.index = FactIndex(base, self.analyzer, english=embedder.vocabulary)
        self.told = ToldTerms(self.analyzer)
        self.semantic = SemanticIndex(base.facts, embedder, cache_dir=cache_dir)
        self.asked = AskedIndex(
            base.asked,
            self.index.facts,
            embedder,
            cache_dir=cache_dir,
            terms=self.analyzer.text_terms,
        )
        self._subjects = base.subjects()
        people = sorted(e for e in self._subjects if base.entities[e].kind == "person")
        # "what did she say": a pronoun means the coverage's subject, if it has one person.
        self.reader = QueryReader(
            base,
            self.index,
            subject=people[0] if len(people) == 1 else None,
            english=embedder.vocabulary,
        )
        self._profiles = self._profile_positions()
        self._context = Context(
            subjects=self._subjects,
            profiled=frozenset(self._profiles),
            entity_kinds={e.id: e.kind for e in base.entities.values()},
            owner_of=self.reader.entity_named,
            entity_categories={
                e.id: categories(e, self.analyzer.term) for e in base.entities.values()
            },
            families=families(self.analyzer.term),
        )
        # The subject's own names ("ines", "calder") are implied by every question.
        self._subject_terms = self._name_terms_of(self._subjects) - self._name_terms_of(
            frozenset(base.entities) - self._subjects
        )
        self._feature_cache: dict[str, FactFeatures] = {}
        self._casts = _casts(base)
        # "Who is X" is answered by what is said of X: the profiles about each entity
        # (`fit.fact_about`), proposed whether or not the indexes find them. Built on the
        # first such question: reading every profile's names takes a while at scale.
        self._timelines = TimelineQuestions(
            base, self.index, self._anchor, self.told, self._context.entity_categories
        )
        if len(base.facts) <= PRECOMPUTE_LIMIT:  # small bases: no first-question stalls
            for fact in base.facts:
                self._features(fact)

    # -- public API ------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        limit: int = 5,
        exclude: frozenset[str] = frozenset(),
        among: frozenset[str] | None = None,
    ) -> Reply:
        """Answer one question. Never raises on any input string. `exclude`: ids of facts
        not to answer with ("who else ...?" after an answer already given); `among`: ids of
        the only facts that may answer a question asked of facts (a follow-up read as about
        the last answer's story), or None for any."""
        if len(question) > MAX_QUESTION_CHARS:
            return self._abstain(question, Abstention.TOO_LONG)
        query = self.reader.read(question)
        if query.empty and not (query.years or query.dates or query.month_days):
            return self._quoted(question, query, limit) or self._abstain(question, Abstention.EMPTY)
        if self._only_subjects(query):
            return self._abstain(question, Abstention.EMPTY)
        if query.injection:
            return self._abstain(question, Abstention.DECLINED)
        # The sentence that asks, then the whole message ("for my project I need the order
        # right. did X first, or Y first?")
        # "Which was first: X, Y or Z" names more than two events: the earliest of them, not
        # a comparison of "X, Y" with "Z".
        ends = extreme(query.text)
        listed = ends is not None and len(ends.phrases) > MIN_NAMED
        if ends and listed and (reply := self._extreme(question, ends)):
            return reply
        asked = comparison(query.asking)
        # "So she visited the prison. How long after the meeting was that?": the "that" is
        # in the chat before the sentence that asks.
        if (asked is None or asked.refers_back) and query.asked and query.asked != query.normalized:
            asked = comparison(query.normalized) or asked
        if asked and (reply := self._compare(question, asked, query, limit)):
            return reply
        if ends and not listed and (reply := self._extreme(question, ends)):
            return reply
        # "When did she say she was studying, and when did she pass? In order, please": the
        # event of each part, as asked, however the message asks for order.
        pieces = parts(query.asking)
        answered: list[Reply] | None = None  # each part's reply, once worked out
        if len(pieces) > 1 and all("when" in self.reader.read(p).intents for p in pieces):
            answered = self._part_replies(pieces, limit)
            if dated := self._dates_reply(question, answered):
                return dated
        # "Walk me from the dinner to the visit": a stretch between two events named is a
        # timeline question however it is asked.
        stretch = None if query.timeline else self._timelines.stretch(query, asked=True)
        allowed = None if among is None else [self.base.facts_by_id[i] for i in sorted(among)]
        if query.timeline or _only_dates(query) or stretch:
            told = self._timeline_reply(question, query, stretch, among=among)
            span = None if told.answered or among is not None else self._empty_span(query)
            if span and (reply := self._compare(question, Comparison("gap", *span), query, limit)):
                # "What happened between X and Y", nothing told between them: the two
                # events, with their dates and the time between them.
                return replace(
                    reply, heading=f"The coverage tells of nothing in between: {reply.heading}"
                )
            if told.answered or not (query.set_in_time or among is not None):
                return told
            # No events then: perhaps one thing asked, set in time ("which paper did she
            # talk to right before the meeting?"), or of the story read within: asked of
            # the facts; "no events" when they do not answer it either.
            ranked = self.rank(query, exclude=exclude, among=allowed)
            reply = self._facts_reply(question, ranked, limit)
            return reply if reply.answered else told
        if query.now:
            latest = self._as_of_latest(question, query, limit)
            if latest.answered or not (placed := self._ordinal(question, query)):
                return latest
            return placed
        if len(pieces) > 1:
            replies = answered or self._part_replies(pieces, limit)
            return self._parts_reply(question, query, replies, limit)
        ranked = self.rank(query, exclude=exclude, among=allowed)
        reply = self._facts_reply(question, ranked, limit)
        if not reply.answered and among is None and (placed := self._ordinal(question, query)):
            return placed
        return reply

    def _quoted(self, question: str, query: Query, limit: int) -> Reply | None:
        """ "Who said 'I'm still doing me'?", every word too common to search for: the facts
        whose text or quoted words hold those words, in that order, speakers' facts first.
        None unless they are enough words to be a quote and some fact holds them."""
        asked = _QUOTED_ASKED.match(query.asked)
        if asked is None or len(words := asked.group("words").split()) < MIN_QUOTED_WORDS:
            return None
        said = f" {' '.join(words)} "
        found = sorted(
            (
                f
                for f in self.base.facts
                if any(said in f" {normalize(t)} " for t in (f.text, *(s.quote for s in f.sources)))
            ),
            key=lambda f: f.said_by is None,
        )
        if not found:
            return None
        return Reply(
            question=question,
            answered=True,
            facts=tuple(RankedFact(f, 1.0) for f in found[:limit]),
            articles=self.base.articles,
            confidence=1.0,
        )

    def _ordinal(self, question: str, query: Query) -> Reply | None:
        """ "When was her last visit to the dam?", "what was the latest reopening?": asked
        of facts, none answers, yet the words name one event by its place among its like
        (`event_named`): that event, its date in the heading."""
        asked = _ORDINAL_ASKED.match(query.asking)
        if asked is None or not _EVENT_ORDINAL.search(asked.group("phrase")):
            return None
        named = self.event_named(asked.group("phrase"))
        if named is None:
            return None
        fact, confidence = named
        if fact.date is None:
            return None
        return Reply(
            question=question,
            answered=True,
            form="timeline",
            facts=(RankedFact(fact, confidence),),
            heading=f'"{asked.group("phrase")}" ({fact.date.display()})',
            articles=self.base.articles,
            confidence=confidence,
        )

    def _parts_reply(self, question: str, query: Query, replies: list[Reply], limit: int) -> Reply:
        """A question of several parts, each part's reply given (`_part_replies`): the first
        part answered leads, the others follow as "also asked", each with its answer or
        none. A fact that answers the question as a whole and is among the answers to one
        of its parts ("Joel Pike, her neighbour, rowed them out" for "who is her neighbour
        and what did he do?") answers both: it leads."""
        whole = self._facts_reply(question, self.rank(query), limit)
        both = whole.best.fact.id if whole.answered and whole.best else None
        if any(both in {f.fact.id for f in r.facts} for r in replies if r.answered):
            also = tuple(
                (r.question, r.facts[0] if r.answered and r.facts else None)
                for r in replies
                if not any(f.fact.id == both and f.score >= self.threshold for f in r.facts)
            )
            return replace(whole, also=also)
        lead = next((r for r in replies if r.answered), None)
        if lead is None:
            return replace(replies[0], question=question)
        also = tuple(
            (r.question, r.facts[0] if r.answered and r.facts else None)
            for r in replies
            if r is not lead
        )
        return replace(lead, question=question, also=also)

    def _part_replies(self, pieces: list[str], limit: int) -> list[Reply]:
        """Each part of a question answered: the first on its own, each later one read after
        it as a follow-up is read after the last turn ("who was her father, and who did he
        represent?": "he" is the father)."""
        replies = [self._facts_reply(pieces[0], self.rank(self.reader.read(pieces[0])), limit)]
        first = Turn(pieces[0], replies[0], at=0.0)
        for piece in pieces[1:]:
            chooser = shipped_chooser() if self.parts_chooser == "shipped" else None
            _, reply = follow_on(self, piece, first, chooser, part=True)
            replies.append(replace(reply, question=piece))
        return replies

    def _words_of(self, fact: Fact, speaker: str) -> bool:
        """Whether a fact gives what someone said: their quotation, or a telling of it with
        them the last person named before its verb ("Calder told the paper the wall would
        hold", not "Pike said Calder would come")."""
        if fact.said_by == speaker:
            return True
        verb = _REPORTED_SPEECH.search(fact.text) if speaker in fact.people else None
        if verb is None:
            return False
        before = fact.text[: verb.start()]
        last = {
            person: max(before.rfind(name) for name in self.base.entities[person].names)
            for person in fact.people
            if person in self.base.entities
        }
        said = max(last, key=lambda person: last[person], default=None)
        return said == speaker and last[said] >= 0

    def _dates_reply(self, question: str, replies: list[Reply]) -> Reply | None:
        """ "When did she say she was studying for the bar, and when did she pass?" (parts
        that each ask when): the events the parts were answered with, in order, each with
        its date, when each is surely answered with a dated event of its own; else None."""
        answers = [r.best for r in replies if r.answered and not is_hedged(r)]
        if len(answers) != len(replies):
            return None
        named = {a.fact.id: (a, r.question) for a, r in zip(answers, replies, strict=True) if a}
        if len(named) != len(replies) or any(a.fact.date is None for a, _ in named.values()):
            return None
        ordered = sorted(named.values(), key=lambda e: PartialDate.sort_key(e[0].fact.date))  # type: ignore[arg-type]
        heading = "; ".join(f'"{part}": {a.fact.date.display()}' for a, part in ordered)  # type: ignore[union-attr]
        return Reply(
            question=question,
            answered=True,
            form="timeline",
            facts=tuple(a for a, _ in ordered),
            heading=heading,
            articles=self.base.articles,
            confidence=min(a.score for a, _ in ordered),
        )

    def _order_told(self, event: Fact, side: str, other: str, ranked: list[Scored]) -> Fact | None:
        """The fact of an event's day and story, best ranked, that places it before (after)
        the event `other` names in the coverage's own words ("... came after her trip to
        the White House"): its clause carries `TELLER_SHARE` of the other's words by idf."""
        terms = set(self.analyzer.text_terms(other)) - self._subject_terms
        total = sum(self.index.idf(t) for t in terms)
        if total <= 0:
            return None
        for s in sorted(ranked, key=lambda s: -s.rank):
            fact = s.fact
            if fact.date != event.date or fact.story != event.story:
                continue
            if not re.search(rf"\b{side}\b", fact.text.lower()):
                continue
            placed = self.told.placed_by(fact)
            if sum(self.index.idf(t) for t in terms & placed) / total >= TELLER_SHARE:
                return fact
        return None

    def _compare(self, question: str, asked: Comparison, query: Query, limit: int) -> Reply | None:
        """ "Which came first, X or Y", "how long after X was Y": both events, in order,
        with their dates and the time between them; None when either is not found. Events
        found in the other order than the question takes for granted ("how soon after the
        flood did the school reopen", the flood taken for the later flood wall), or on one
        date, are less sure than a fact that surely answers the question as asked ("...
        six months after the flood"): that fact, when there is one."""
        named = [self.event_named(asked.first), self.event_named(asked.second)]
        if any(n is None for n in named):
            return None
        (a, a_confidence), (b, b_confidence) = named  # type: ignore[misc]
        if a is b or a.date is None or b.date is None:
            return None
        ranked: list[Scored] | None = None  # the question as asked, ranked once if needed
        if asked.kind == "gap":  # the later event as told by the fact that says how long after
            ranked = self.rank(query)
            told = sorted(ranked, key=lambda s: -s.rank)
            a_key, b_key = a.date.sort_key(), b.date.sort_key()
            if a_key < b_key:
                b = _telling(b, told)
            elif b_key < a_key:
                a = _telling(a, told)
        assert a.date is not None and b.date is not None  # a told fact is of the same day
        told_side = False  # "was X before or after Y", X told by words that say which
        if asked.kind == "side" and a.date.sort_key() != b.date.sort_key():
            ranked = ranked or self.rank(query)
            side = "before" if a.date.sort_key() < b.date.sort_key() else "after"
            if teller := self._order_told(a, side, asked.second, ranked):
                a, told_side = teller, True
        assert a.date is not None  # the teller is of the same day
        labels = {id(a): asked.first, id(b): asked.second}
        earlier, later = sorted((a, b), key=lambda f: PartialDate.sort_key(f.date))  # type: ignore[arg-type]
        assert earlier.date is not None and later.date is not None
        undecided = not earlier.date.surely_before(later.date)
        taken_later = {"first": a, "second": b}.get(asked.later or "")
        if taken_later is not None and (undecided or taken_later is not later):
            direct = self._facts_reply(question, ranked or self.rank(query), limit)
            if direct.answered and not is_hedged(direct):
                return direct
        lead = earlier  # the event the heading tells of first, and the reply lists first
        if undecided:
            lead = a
            heading = (
                f'The coverage dates "{labels[id(a)]}" to {a.date.display()} and '
                f'"{labels[id(b)]}" to {b.date.display()}: it does not say which came first'
            )
        elif asked.kind == "side":  # "was X before or after Y": said as asked, X first
            side = "before" if a is earlier else "after"
            lead = a if told_side else earlier
            heading = (
                f'{side.capitalize()}: "{labels[id(a)]}" ({a.date.display()}) came '
                f'{gap(earlier.date, later.date)} {side} "{labels[id(b)]}" ({b.date.display()})'
            )
        elif asked.kind == "gap" and asked.later != "first" and taken_later in (None, later):
            lead = later  # "how long after X was Y", Y later as taken for granted: Y
            heading = (
                f'"{labels[id(later)]}" ({later.date.display()}) came '
                f'{gap(earlier.date, later.date)} after "{labels[id(earlier)]}" '
                f"({earlier.date.display()})"
            )
        else:
            heading = (
                f'"{labels[id(earlier)]}" came first ({earlier.date.display()}), '
                f'{gap(earlier.date, later.date)} before "{labels[id(later)]}" '
                f"({later.date.display()})"
            )
        confidence = {id(a): a_confidence, id(b): b_confidence}
        return Reply(
            question=question,
            answered=True,
            form="timeline",
            facts=tuple(
                RankedFact(fact, confidence[id(fact)])
                for fact in (lead, later if lead is earlier else earlier)
            ),
            heading=heading,
            articles=self.base.articles,
            confidence=min(a_confidence, b_confidence),
        )

    def _extreme(self, question: str, asked: Extreme) -> Reply | None:
        """ "The governor's visit, the flood one and the opening: which was the most
        recent?": the events named, the one asked for first (newest first when the latest
        is asked for), its date in the heading; "put these in order: ...": all of them in
        order, each with its date, when every phrase names one (else the list is likelier
        chat than events: "give me the order of those visits, and roughly when"). None
        unless two events are found."""
        named: dict[str, tuple[Fact, float, str]] = {}
        for phrase in asked.phrases:
            if found := self.event_named(phrase):
                named.setdefault(found[0].id, (found[0], found[1], phrase))
            elif asked.end == "all":
                return None
        if len(named) < MIN_NAMED:
            return None
        events = sorted(named.values(), key=lambda e: PartialDate.sort_key(e[0].date))  # type: ignore[arg-type]
        if asked.end == "latest":
            events.reverse()
        answer, _, phrase = events[0]
        assert answer.date is not None
        if asked.end == "all":
            heading = "The events named, in order: " + ", then ".join(
                f'"{named_as}" ({fact.date.display()})'  # type: ignore[union-attr]
                for fact, _, named_as in events
            )
        else:
            which = "most recent" if asked.end == "latest" else "earliest"
            order = "newest first" if asked.end == "latest" else "in order"
            heading = (
                f'Of the events named, the {which} is "{phrase}" ({answer.date.display()}); '
                f"all of them, {order}"
            )
        return Reply(
            question=question,
            answered=True,
            form="timeline",
            facts=tuple(RankedFact(fact, confidence) for fact, confidence, _ in events),
            heading=heading,
            articles=self.base.articles,
            confidence=min(confidence for _, confidence, _ in events),
        )

    def event_named(self, phrase: str, query: Query | None = None) -> tuple[Fact, float] | None:
        """The dated fact a phrase names ("the governor's visit"), when one clearly does. Facts
        that mention an event in passing are dated later than the event, so of the close
        matches the earliest is the event. A phrase that dates its event ("the March 2022
        flood") names a fact of that date, not an earlier one that mentions it. `query`: the
        phrase as already read, when it has been."""
        query = query or self.reader.read(phrase)
        dated: list[Scored] | None = None  # the phrase whole, ranked only when needed
        told: list[Scored] = []
        ordinal = _EVENT_ORDINAL.search(phrase.lower())
        if ordinal:  # "her first visit": which of the visits, read apart from them
            like = self.reader.read(_EVENT_ORDINAL.sub(" ", phrase.lower()))
            alike = self._dated(like)
            named = names_event(alike, self.threshold)
            if not named:
                dated = self._dated(query)
                named = names_event(dated, self.threshold)
            if named:
                told = _placed(self._as_told(alike, like), ordinal.lastgroup or "last")
        if not told:
            dated = self._dated(query) if dated is None else dated
            if _best_names_event(dated, self.threshold):
                told = self._as_told(dated, query)
            elif day := _leading_day(dated, self.threshold):  # the day's facts, among them
                told = self._as_told([s for s in dated if s.fact.date == day], query)
            else:
                return None
        chosen = event_of(told)
        return chosen.fact, chosen.rank

    def _dated(self, query: Query) -> list[Scored]:
        """The dated facts a phrase may name (of the dates it names, if any), best first."""
        return sorted(
            (
                s
                for s in self.rank(query, proposals=EVENT_CANDIDATES)  # a phrase asks nothing
                if s.fact.date is not None and _dated_as_named(s.fact.date, query)
            ),
            key=lambda s: -s.rank,
        )

    def _as_told(self, dated: list[Scored], query: Query) -> list[Scored]:
        """The facts, best first, each weighed by how much of the phrase it tells as its
        own event rather than mentions in passing."""
        named = self.told.named(query.normalized, query.terms)
        weighed = (
            (
                s,
                MENTION_WEIGHT
                + (1 - MENTION_WEIGHT) * self.told.share(s.fact, named, self.index.idf),
            )
            for s in dated
        )
        return sorted(
            (replace(s, rank=s.rank * w, confidence=s.confidence * w) for s, w in weighed),
            key=lambda s: -s.rank,
        )

    def explain(self, question: str, *, limit: int = 5) -> Explanation:
        """`ask`, and why: the reading, the candidates' features and their effects."""
        reply = self.ask(question, limit=limit)
        if len(question) > MAX_QUESTION_CHARS:
            return Explanation(reply, "too long", (), (), self.threshold, "Too long to read.")
        query = self.reader.read(question)
        reading = _reading(query)
        if not routes_to_scorer(query):
            route = (
                "declined"
                if query.injection
                else "timeline"
                if reply.form == "timeline"
                else "quoted"
                if reply.answered
                else "empty"
            )
            return Explanation(reply, route, reading, (), self.threshold, _ROUTES[route])
        found = self.candidates(query, among=self.among_for(query))
        judged = self.asked.closest(
            self.semantic.embedder.one(query.meaning),
            query.asks,
            dated=bool(query.years),
            terms=self.analyzer.text_terms(query.meaning),
        )
        explained: list[ExplainedCandidate] = []
        if found:
            rows = np.asarray([c.features for c in found], dtype=np.float64)
            scores = self.scorer.score(rows)
            ranker = self.scorer.ranker.contributions(rows)
            answerer = self.scorer.answerer.contributions(scores.answerer_inputs)
            for i in np.argsort(-scores.rank, kind="stable")[:limit]:
                explained.append(
                    ExplainedCandidate(
                        found[i].fact,
                        float(scores.rank[i]),
                        float(scores.confidence[i]),
                        _effects(FEATURES, rows[i], ranker[i]),
                        _effects(ANSWERER_INPUTS, scores.answerer_inputs[i], answerer[i]),
                    )
                )
        if reply.answered and reply.ambiguous:
            decision = (
                "Answered with a choice: the runners-up are nearly as likely and say other things."
            )
        elif reply.answered:
            decision = (
                f"Answered: the first candidate's confidence is at least {self.threshold:.2f}."
            )
        elif explained:
            decision = f"Abstained: no candidate's confidence reaches {self.threshold:.2f}."
        else:
            decision = "Abstained: no fact shares a word or a meaning with the question."
        return Explanation(
            reply, "facts", reading, tuple(explained), self.threshold, decision, tuple(judged)
        )

    def why(self, question: str) -> Why | None:
        """Why a question gets the answer it gets, for members: None when it gets none."""
        explanation = self.explain(question)
        reply = explanation.reply
        if not reply.answered or reply.form != "facts" or not reply.facts:
            return None
        best = reply.facts[0]
        runner = next((c for c in explanation.candidates if c.fact.id != best.fact.id), None)
        query = self.reader.read(question)
        terms = self._features(best.fact).terms
        matched = tuple(dict.fromkeys(w for w in query.words if self.analyzer.term(w) in terms))
        phrasings = [*best.fact.questions, best.fact.text]
        closest = process.extractOne(
            query.normalized, [normalize(p) for p in phrasings], scorer=fuzz.token_sort_ratio
        )
        return Why(
            fact=best.fact,
            confidence=best.score,
            threshold=self.threshold,
            runner_up=runner.fact if runner else None,
            lead=best.score - runner.confidence if runner else None,
            matched=matched,
            phrasing=phrasings[closest[2]] if closest else None,
            passages=passages(best.fact, dict(reply.articles)),
        )

    def candidates(
        self,
        query: Query,
        *,
        among: Iterable[Fact] | None = None,
        proposals: tuple[int, int] = (LEXICAL_CANDIDATES, SEMANTIC_CANDIDATES),
    ) -> list[Candidate]:
        """Facts worth scoring for a read question, each described by its features.

        Both sides propose (`proposals`: how many each): the lexical index (facts sharing
        the question's rarer words) and the semantic index (facts saying the same in other
        words)."""
        weights = self._term_weights(query)
        total, unknown = self._information(weights, query.context_terms)
        if total <= 0:
            return []
        pool = None if among is None else list(among)
        allowed = None if pool is None else {id(f) for f in pool}
        restricted = allowed is not None or query.speaker is not None
        # A restricted search looks deeper, so the restriction does not empty the top; a
        # small pool of facts is scored whole, whether or not the indexes propose them.
        depth = proposals[0] * (10 if restricted else 1)
        vector = self.semantic.embedder.one(query.meaning)
        if pool is not None and len(pool) <= depth:
            positions = [self.index.position[f.id] for f in pool if f.id in self.index.position]
            lexical = dict(zip(positions, self.index.masses(weights, positions), strict=True))
        else:
            lexical = {hit.position: hit.score for hit in self.index.search(weights, limit=depth)}
            nearest = self.semantic.nearest(vector, proposals[1] * (10 if restricted else 1))
            profiles = self._profiles_of(query.entities) if "identity" in query.intents else []
            positions = list(dict.fromkeys([*lexical, *(p for p, _ in nearest), *profiles]))
        chosen = []
        for position in positions:
            fact = self.index.facts[position]
            if allowed is not None and id(fact) not in allowed:
                continue
            if query.speaker and not self._words_of(fact, query.speaker):
                continue  # "what did Halvorsen say" is answered by her words or not at all
            chosen.append(position)
        if not chosen:
            return []
        # "What came of the vote?": what the vote led to is a candidate too.
        causes = self._causes(chosen, allowed, query.speaker) if "outcome" in query.intents else {}
        chosen = list(dict.fromkeys([*chosen, *causes]))
        unfound = [p for p in chosen if p not in lexical]
        lexical.update(zip(unfound, self.index.masses(weights, unfound), strict=True))
        best_lexical = max(lexical.get(p, 0.0) for p in chosen)
        consequences = {
            p: max(lexical.get(c, 0.0) for c in by) / (best_lexical or 1.0)
            for p, by in causes.items()
        }
        asks = query.asks
        similarities = self.semantic.similarities(vector, chosen, asks=asks)
        recall = self.asked.recall(
            vector,
            asks,
            chosen,
            dated=bool(query.years),
            terms=self.analyzer.text_terms(query.meaning),
        )
        paraphrases = self._paraphrases(query, chosen, asks)
        stats = QueryStats(
            information=total,
            best_lexical=best_lexical,
            best_semantic=max(sims.best for sims in similarities),
            best_asked=float(recall.answered_by.max()),
            unanswered=recall.unanswered,
            remembers=recall.remembers,
            unknown_share=unknown / total,
            term_count=len(weights),
            rarity={
                t: self.index.idf(t) / self.index.max_idf
                for t in weights
                if t not in query.context_terms and t not in self._subject_terms
            },
        )
        describe = Describer(query, stats, self._context)
        return [
            Candidate(
                self.index.facts[position],
                describe(
                    self.index.facts[position],
                    self._features(self.index.facts[position]),
                    lexical=lexical.get(position, 0.0),
                    semantic=sims,
                    paraphrase=paraphrase,
                    asked=asked,
                    consequence=consequences.get(position, 0.0),
                ),
            )
            for position, sims, paraphrase, asked in zip(
                chosen, similarities, paraphrases, recall.answered_by.tolist(), strict=True
            )
        ]

    def _causes(
        self, chosen: list[int], allowed: set[int] | None, speaker: str | None
    ) -> dict[int, list[int]]:
        """The facts that tell what came of the candidates (`Fact.led_to`), each with the
        candidates it came of. They need not share a word with the question: "what came of
        the vote?" is answered by the wall being built, a fact that never mentions the vote;
        how well the question matches its cause is its feature `consequence`."""
        facts, at = self.index.facts, self.index.position
        causes: dict[int, list[int]] = {}
        for p in chosen:
            for fact_id in facts[p].led_to:
                q = at.get(fact_id)
                if q is None or (allowed is not None and id(facts[q]) not in allowed):
                    continue
                if speaker is None or facts[q].said_by == speaker:
                    causes.setdefault(q, []).append(p)
        return causes

    def _paraphrases(
        self, query: Query, positions: list[int], mine: int
    ) -> list[tuple[float, float]]:
        """How close the question is, character by character, to each candidate's closest
        phrasing that does not ask another way (a phrasing asking "why" is no paraphrase of
        a question asking "which"), and to its closest asking the same way (one rapidfuzz
        call for all of them: the ratio of sorted words, which is token_sort_ratio). `mine`:
        the question's own asking word, as `lexicon.ask_code` codes it."""
        phrasings: list[str] = []
        asks: list[int] = []
        counts: list[int] = []
        for position in positions:
            features = self._features(self.index.facts[position])
            phrasings.extend(features.sorted_phrasings)
            asks.extend(features.phrasing_asks)
            counts.append(len(features.sorted_phrasings))
        best = np.zeros((len(positions), 2))
        if phrasings:  # each candidate's run of phrasings (its text at least), end to end
            scores = process.cdist([sorted_words(query.normalized)], phrasings, scorer=fuzz.ratio)
            values = scores[0].astype(np.float64) / 100
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
            asked = np.asarray(asks)
            same = asked == mine if mine else np.zeros(len(asked), dtype=bool)
            alike = (asked == 0) | same if mine else np.ones(len(asked), dtype=bool)
            best[:, 0] = np.maximum.reduceat(np.where(alike, values, 0.0), starts)
            best[:, 1] = np.maximum.reduceat(np.where(same, values, 0.0), starts)
        return [(a, b) for a, b in best.tolist()]

    def rank(
        self,
        query: Query,
        *,
        among: Iterable[Fact] | None = None,
        exclude: frozenset[str] = frozenset(),
        proposals: tuple[int, int] = (LEXICAL_CANDIDATES, SEMANTIC_CANDIDATES),
    ) -> list[Scored]:
        """Candidates for a read question, best first, each with the probability that it
        answers the question (`proposals`: how many facts each index proposes)."""
        found = [
            c
            for c in self.candidates(query, among=among, proposals=proposals)
            if c.fact.id not in exclude
        ]
        if not found:
            return []
        scores = self.scorer.score(np.asarray([c.features for c in found], dtype=np.float64))
        # The answerer picks the answer among the ranker's first few (`scorer.lead`); no
        # other candidate is more likely to answer than the ranker itself thinks.
        first = lead(scores.rank, scores.confidence)
        scored = [
            Scored(c.fact, float(confidence if i == first else min(confidence, rank)), float(rank))
            for i, (c, rank, confidence) in enumerate(
                zip(found, scores.rank, scores.confidence, strict=True)
            )
        ]
        chosen = scored[first]
        rest = sorted((s for s in scored if s is not chosen), key=lambda s: (-s.rank, s.fact.id))
        return [chosen, *rest]

    def suggest_fact_ids(self, partial: str, *, limit: int) -> list[tuple[str, str]]:
        """(fact id, fact text) for autocomplete, best first: ids containing the typed text,
        then the closest texts. Each front end fits them to its own limits."""
        needle = normalize(partial)
        facts = self.base.facts
        if not needle:
            chosen = list(facts[:limit])
        else:
            scored = sorted(
                facts,
                key=lambda f: (
                    needle not in f.id.replace("-", " "),
                    -fuzz.partial_ratio(needle, f"{f.id} {normalize(f.text)}"),
                    f.id,
                ),
            )
            chosen = scored[:limit]
        return [(f.id, f.text) for f in chosen]

    # -- replies ----------------------------------------------------------------------------

    def _abstain(self, question: str, reason: Abstention, near: Sequence[Scored] = ()) -> Reply:
        return Reply(
            question=question,
            answered=False,
            reason=reason,
            articles=self.base.articles,
            near_misses=tuple(RankedFact(s.fact, s.confidence) for s in near[:3]),
            related=tuple(
                RankedFact(s.fact, s.confidence)
                for s in near[:RELATED_SHOWN]
                if s.confidence >= self.threshold * RELATED_SHARE
            ),
            confidence=near[0].confidence if near else 0.0,
        )

    def _facts_reply(self, question: str, ranked: list[Scored], limit: int) -> Reply:
        if not ranked or ranked[0].confidence < self.threshold:
            return self._abstain(question, Abstention.NOT_COVERED, ranked)
        best = ranked[0]
        # "Did you mean": other answers nearly as likely, each saying something different.
        close = [
            s
            for s in ranked[1:3]
            if s.confidence >= self.threshold
            and _log_odds(best.rank) - _log_odds(s.rank) < self.ambiguity_lead
            and self._different(best.fact, s.fact)
        ]
        return Reply(
            question=question,
            answered=True,
            facts=tuple(RankedFact(s.fact, s.confidence) for s in ranked[:limit]),
            ambiguous=bool(close),
            choice_count=1 + len(close) if close else 0,
            articles=self.base.articles,
            confidence=best.confidence,
        )

    def among_for(self, query: Query) -> list[Fact] | None:
        """The facts a question may be answered from: for "now" questions, only the newest
        article's; otherwise all (None)."""
        latest = self.base.latest_article()
        if not query.now or latest is None:
            return None
        return [f for f in self.base.facts if latest.id in f.article_ids]

    def _as_of_latest(self, question: str, query: Query, limit: int) -> Reply:
        """ "Now" questions: only the newest article can speak for the present."""
        latest = self.base.latest_article()
        if latest is None:
            return self._facts_reply(question, self.rank(query), limit)
        ranked = self.rank(query, among=self.among_for(query))
        reply = self._facts_reply(question, ranked, limit)
        if not reply.answered:
            return replace(reply, reason=Abstention.NOT_AS_OF_NOW, as_of=latest)
        return replace(reply, as_of=latest)

    # -- timelines --------------------------------------------------------------------------

    def _timeline_reply(
        self,
        question: str,
        query: Query,
        stretch: Stretch | None = None,
        *,
        among: frozenset[str] | None = None,
    ) -> Reply:
        """The events asked for; `among`: only those of a story the question is read within
        ("what happened at it?" after an answer about a dinner: the dinner's events)."""
        answer = self._timelines.answer(query, stretch)
        events = [f for f in answer.events if among is None or f.id in among]
        return Reply(
            question=question,
            answered=bool(events),
            form="timeline",
            facts=tuple(RankedFact(f, 1.0) for f in events),
            reason=None if events else Abstention.NO_EVENTS,
            heading=answer.heading,
            articles=self.base.articles,
            confidence=1.0 if events else 0.0,
        )

    def _empty_span(self, query: Query) -> tuple[str, str] | None:
        """The two phrases of "between X and Y" when the coverage tells of no event at all
        between them; None when it does (and only the question's other filters, "in 2020",
        "for inmates", left none)."""
        span = between(query.text)
        if span is None:
            return None
        plain = self.reader.read(f"what happened between {span[0]} and {span[1]}")
        return None if self._timelines.answer(plain).events else span

    @property
    def subjects(self) -> frozenset[str]:
        """The coverage's subjects (`FactBase.subjects`), worked out once."""
        return self._subjects

    def _only_subjects(self, query: Query) -> bool:
        """ "calder?": the coverage's subject named by name and nothing asked of them; every
        fact is about them, so the name alone picks none ("calder rebuilt" asks something)."""
        entities = frozenset(query.entities)
        return (
            bool(entities)
            and entities <= self._subjects
            and set(query.terms) <= self._name_terms_of(entities)
            and not (query.intents or query.years or query.dates or query.timeline or query.now)
        )

    def _anchor(self, phrase: str) -> Placed | None:
        """The event a phrase names and its date, when it clearly names one, or the date it
        is ("after 30 May 2018")."""
        if re.fullmatch(r"\d{4}", phrase.strip()):
            return None  # plain years are handled as a year range
        query = self.reader.read(phrase)
        if loose := qualified_date(query.normalized):
            return Placed(loose)
        if query.dates and _only_dates(query):
            return Placed(query.dates[0])
        named = self.event_named(phrase, query)
        return Placed(named[0].date, named[0]) if named and named[0].date else None

    # -- scoring ----------------------------------------------------------------------------

    def _name_terms_of(self, entity_ids: frozenset[str]) -> frozenset[str]:
        """Index terms of the proper names (not descriptions) of some entities."""
        names = (n for e in entity_ids for n in self.base.entities[e].names if is_proper_name(n))
        return frozenset(t for name in names for t in self.analyzer.text_terms(name))

    def _term_weights(self, query: Query) -> dict[str, float]:
        """Each query term's weight: the question itself counts fully, chat around it less."""
        return {
            t: (CONTEXT_WEIGHT if t in query.context_terms else 1.0)
            * (SUBJECT_WEIGHT if t in self._subject_terms else 1.0)
            for t in query.terms
        }

    def _information(
        self, weights: dict[str, float], context: frozenset[str]
    ) -> tuple[float, float]:
        """How much a question says, and how much of that is in words the fact base never
        uses: the idf of its terms, unknown words discounted (and not counted at all in the
        chat around a question). A long message is capped: past a few rare words' worth, it
        is telling a story, not narrowing the question."""
        total = unknown = 0.0
        for term, weight in weights.items():
            idf = self.index.idf(term)
            if self.index.contains(term):
                total += weight * idf
            elif term not in context:
                total += weight * idf * self.unknown_weight
                unknown += weight * idf * self.unknown_weight
        if len(weights) >= LONG_QUESTION_TERMS:
            cap = INFORMATION_CAP * self.index.max_idf
            if total > cap:
                unknown, total = unknown * cap / total, cap
        return total, unknown

    def terms_of(self, fact: Fact) -> frozenset[str]:
        """Every index term a fact is found by (kept with its answer features)."""
        return self._features(fact).terms

    def consult(
        self, asked: Sequence[AskedQuestion], vectors: NDArray[np.float32] | None = None
    ) -> None:
        """Consult these judged questions instead of the base's (training and the reply
        record ask a set with the memory of the other sets only); `vectors`: theirs
        (`AskedIndex.vectors_of`), when already worked out."""
        self.asked = AskedIndex(
            asked,
            self.index.facts,
            self.semantic.embedder,
            vectors=vectors,
            terms=self.analyzer.text_terms,
        )

    def _profiles_of(self, entities: Iterable[str]) -> list[int]:
        """The positions of the profiles about these entities."""
        return [p for e in entities for p in self._profiles.get(e, ())]

    def _profile_positions(self) -> dict[str, list[int]]:
        """Each entity some profile tells of: the positions of those profiles."""
        profiles: dict[str, list[int]] = {}
        for position, fact in enumerate(self.index.facts):
            if fact.kind in PROFILE_KINDS:
                for about in fact_about(fact, self.reader.entities_in(fact.text)):
                    profiles.setdefault(about, []).append(position)
        return profiles

    def _features(self, fact: Fact) -> FactFeatures:
        """A fact's answer features, computed on first use (most facts never need them)."""
        features = self._feature_cache.get(fact.id)
        if features is None:
            features = FactFeatures.of(
                fact,
                self.analyzer.term,
                self.reader.entities_in,
                self.index.fact_terms(fact),
                self._casts.get(fact.story, frozenset()),
            )
            self._feature_cache[fact.id] = features
        return features

    def _different(self, a: Fact, b: Fact) -> bool:
        """Whether two facts say different things: different dates, or (undated) different
        statements. Two facets of one dated event (the meeting, what was asked at it) are
        one answer, not a choice; nor are a month and a day inside it ("May 2018" and "30 May
        2018" may well be the same meeting)."""
        if a.date and b.date:
            return not (a.date.contains(b.date) or b.date.contains(a.date))
        text_a, text_b = self._features(a).phrasings[-1], self._features(b).phrasings[-1]
        return fuzz.token_set_ratio(text_a, text_b) < SAME_STATEMENT


_ROUTES = {
    "declined": "Declined: instructions for a language model, or a request for private details.",
    "timeline": "Answered as a timeline: the question asks for events in order.",
    "empty": "Nothing to search for.",
    "quoted": "Every word too common to search for: the facts that hold the words asked, in order.",
}
SHOWN_EFFECTS = 6  # the largest contributions an explanation lists per candidate


def _effects(
    names: Sequence[str], values: NDArray[np.float64], effects: NDArray[np.float64]
) -> tuple[Contribution, ...]:
    order = np.argsort(-np.abs(effects), kind="stable")[:SHOWN_EFFECTS]
    return tuple(Contribution(names[i], float(values[i]), float(effects[i])) for i in order)


def _reading(query: Query) -> tuple[tuple[str, str], ...]:
    """What the question was read as, for people."""
    aspects = [
        ("asked", query.asking),
        ("terms", " ".join(query.terms)),
        ("wants", ", ".join(sorted(query.intents)) or "-"),
        ("names", ", ".join(query.entities) or "-"),
    ]
    if query.focus:
        aspects.append(("thing asked for", query.focus + (" (counted)" if query.counted else "")))
    if query.unknown:
        aspects.append(("words the coverage never uses", " ".join(query.unknown)))
    if query.years or query.dates:
        dates = [str(y) for y in query.years] + [d.iso() for d in query.dates]
        aspects.append(("dates", ", ".join(dates)))
    if query.context_terms:
        aspects.append(("chat around the question", " ".join(sorted(query.context_terms))))
    if query.speaker:
        aspects.append(("whose words", query.speaker))
    return tuple(aspects)


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def routes_to_scorer(query: Query) -> bool:
    """Whether a read question is answered by scoring facts (not a timeline, not empty, not
    declined)."""
    if query.empty and not (query.years or query.dates or query.month_days):
        return False
    return not (query.injection or query.timeline or _only_dates(query))


def _only_dates(query: Query) -> bool:
    """ "july 2018?", "anything from 2016": nothing but a date to go on."""
    has_date = bool(query.years or query.dates or query.month_days or query.months)
    return has_date and all(w.isdigit() or w in MONTHS for w in query.words)
