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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from bot.core.fit import FactFeatures, bonus, penalty
from bot.core.index import Analyzer, FactIndex
from bot.core.lexicon import (
    MONTHS,
    WEEKDAYS,
)
from bot.core.models import Fact, FactBase, PartialDate
from bot.core.normalize import normalize
from bot.core.query import MAX_QUESTION_CHARS, Query, QueryReader
from bot.core.reply import Abstention, RankedFact, Reply
from bot.core.timeline import TimelineFilter, build_timeline

# Calibrated on our own question set and the dev set together (see README, "Quality"):
# the confidence a best answer needs, and how close a runner-up must be to make it ambiguous.
DEFAULT_THRESHOLD = 0.5
AMBIGUITY_MARGIN = 0.03  # runner-up within 3% of the best's rank
SAME_STATEMENT = 85  # token_set_ratio above which two undated facts say the same thing
UNKNOWN_WORD_WEIGHT = 0.5  # a word the fact base never uses counts this share of a rare word
INFORMATION_CAP = 2.5  # in maximally rare words: the most a question can ask for
CONTEXT_WEIGHT = 0.5  # terms in the chat around a question, relative to the question's own
MIN_EVIDENCE = 0.3  # matched information, as a share of one maximally rare word
MIN_COMMON_TERMS = 3  # ... unless the question has this many terms, each common
RELEVANT_SHARE = 0.5  # timeline events matching at least this share of the best are kept
RELEVANT_FLOOR = 0.15  # ... if the best matches at least this share of a maximally rare word
ANCHOR_MARGIN = 0.95  # candidates within this share of the best may be the anchor event
CANDIDATES = 40
BONUS_REACH = 0.5  # only candidates this close to the best can overtake it on preferences
MIN_BONUS = 0.85  # the smallest preference multiplier (fit.bonus ranges from 0.85 up)
MAX_TIMELINE_EVENTS = 50
# "X or Y", "between X and Y", "after X": the question spans several stories.
_COMPARISON = re.compile(r"\b(or|vs|versus|between|before|after|since|first|earlier|later)\b")
# Words that shape a timeline question rather than say what it is about.
DATE_WORDS = frozenset(m for m in MONTHS if len(m) > 2) | WEEKDAYS
_TIMELINE_WORDS = frozenset(
    """timeline chronology chronological chronologically event events happen happened
    happens happening occur occurred went down order first earlier later last came oldest
    earliest newest recent latest years year over through history sequence anything big
    major important notable doing each mentioned all things thing list show give full
    whole between since then""".split()
)


@dataclass(frozen=True, slots=True)
class _Scored:
    fact: Fact
    confidence: float  # evidence that the fact answers the question, 0 to 1
    rank: float  # evidence with ranking preferences applied; orders the candidates


class Matcher:
    """Answers questions from one fact base. Build once per base; `ask` is thread-safe."""

    def __init__(
        self,
        base: FactBase,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        ambiguity_margin: float = AMBIGUITY_MARGIN,
        unknown_weight: float = UNKNOWN_WORD_WEIGHT,
    ) -> None:
        self.base = base
        self.threshold = threshold
        self.unknown_weight = unknown_weight
        self.ambiguity_margin = ambiguity_margin
        self.analyzer = Analyzer(base.synonyms)
        self.index = FactIndex(base, self.analyzer)
        self.reader = QueryReader(base, self.index)
        self._timeline_stop = frozenset(self.analyzer.term(w) for w in _TIMELINE_WORDS)
        self._name_terms = {
            entity.id: frozenset(self.analyzer.text_terms(" ".join(entity.names)))
            for entity in base.entities.values()
        }
        self._topic_terms = {
            topic.id: frozenset(self.analyzer.text_terms(" ".join((topic.label, *topic.aliases))))
            for topic in base.topics.values()
        }
        self._fact_counts = _entity_fact_counts(base)
        self._entity_share = {
            e: count / max(1, len(base.facts)) for e, count in self._fact_counts.items()
        }
        self._feature_cache: dict[str, FactFeatures] = {}
        self._positions = {fact.id: i for i, fact in enumerate(self.index.facts)}
        self._month_terms = frozenset(self.analyzer.term(m) for m in MONTHS)

    # -- public API ------------------------------------------------------------------------

    def ask(self, question: str, *, limit: int = 5) -> Reply:
        """Answer one question. Never raises on any input string."""
        if len(question) > MAX_QUESTION_CHARS:
            return self._abstain(question, Abstention.TOO_LONG)
        query = self.reader.read(question)
        if query.empty and not (query.years or query.dates or query.month_days):
            return self._abstain(question, Abstention.EMPTY)
        if query.timeline or _only_dates(query):
            return self._timeline_reply(question, query)
        if query.now:
            return self._as_of_latest(question, query, limit)
        ranked = self.rank(query)
        return self._facts_reply(question, ranked, limit)

    def rank(self, query: Query, *, among: Iterable[Fact] | None = None) -> list[_Scored]:
        """Candidates for a read question, best first, each with a confidence in [0, 1]."""
        weights = self._term_weights(query)
        total = self._information(weights, query.context_terms)
        if total <= 0:
            return []
        allowed = None if among is None else {id(f) for f in among}
        # Enough to go on: one rare word, or several common ones ("when did kim visit the
        # prison" may be ambiguous, but "kim" alone asks nothing).
        floor = MIN_EVIDENCE * self.index.max_idf
        if len(set(weights)) >= MIN_COMMON_TERMS:
            floor = min(floor, total * 0.5)
        # A restricted search looks deeper, so the restriction does not empty the top.
        limit = CANDIDATES if allowed is None and not query.speaker else CANDIDATES * 10
        candidates: list[tuple[Fact, float]] = []
        for hit in self.index.search(weights, limit=limit):
            fact = self.index.facts[hit.position]
            if allowed is not None and id(fact) not in allowed:
                continue
            if query.speaker and fact.said_by != query.speaker:
                continue  # "what did Harris say" is answered by Harris's words or not at all
            matched = self.index.matched(hit.position, weights)
            mass = sum(weights[t] * self.index.idf(t) * w for t, w in matched.items())
            if mass < floor:
                continue
            candidates.append((fact, mass / total * self._penalty(query, fact)))
        best = max((evidence for _, evidence in candidates), default=0.0)
        scored = [
            _Scored(
                fact,
                min(1.0, evidence),
                evidence
                * (self._bonus(query, fact) if evidence >= BONUS_REACH * best else MIN_BONUS),
            )
            for fact, evidence in candidates
        ]
        scored.sort(key=lambda s: (-s.rank, s.fact.id))
        return scored

    def suggest_fact_ids(self, partial: str, *, limit: int = 25) -> list[tuple[str, str]]:
        """(fact id, short label) for autocomplete: ids containing the text, then fuzzy."""
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
        return [(f.id[:100], _label(f)) for f in chosen]

    # -- replies ----------------------------------------------------------------------------

    def _abstain(self, question: str, reason: Abstention, near: Sequence[_Scored] = ()) -> Reply:
        return Reply(
            question=question,
            answered=False,
            reason=reason,
            articles=self.base.articles,
            near_misses=tuple(RankedFact(s.fact, s.confidence) for s in near[:3]),
            confidence=near[0].confidence if near else 0.0,
        )

    def _facts_reply(self, question: str, ranked: list[_Scored], limit: int) -> Reply:
        if not ranked or ranked[0].confidence < self.threshold:
            return self._abstain(question, Abstention.NOT_COVERED, ranked)
        best = ranked[0]
        ambiguous = (
            len(ranked) > 1
            and ranked[1].confidence >= self.threshold
            and best.rank - ranked[1].rank < self.ambiguity_margin * best.rank
            and self._different(best.fact, ranked[1].fact)
        )
        return Reply(
            question=question,
            answered=True,
            facts=tuple(RankedFact(s.fact, s.confidence) for s in ranked[:limit]),
            ambiguous=ambiguous,
            articles=self.base.articles,
            confidence=best.confidence,
        )

    def _as_of_latest(self, question: str, query: Query, limit: int) -> Reply:
        """ "Now" questions: only the newest article can speak for the present."""
        latest = self.base.latest_article()
        if latest is None:
            return self._facts_reply(question, self.rank(query), limit)
        recent = [f for f in self.base.facts if latest.id in f.article_ids]
        ranked = self.rank(query, among=recent)
        reply = self._facts_reply(question, ranked, limit)
        if not reply.answered:
            return replace(reply, reason=Abstention.NOT_AS_OF_NOW, as_of=latest)
        return replace(reply, as_of=latest)

    # -- timelines --------------------------------------------------------------------------

    def _timeline_reply(self, question: str, query: Query) -> Reply:
        """Dates and anchors ("after the trump meeting") filter the events; the question's
        other words ("with khloe", "the baby bar or the roundtable") pick the events that
        are about them, shown in order."""
        low, high = query.year_range
        within = query.dates[0] if query.dates else None
        if low is None and high is None and within is None and query.years:
            low, high = min(query.years), max(query.years)
        # A topic named in the question ("kim's career", "the gen z council") is a filter.
        topic = (
            query.topics[0] if query.topics and not _COMPARISON.search(query.normalized) else None
        )
        filter_ = TimelineFilter(year_from=low, year_to=high, within=within, topic=topic)
        timeline = build_timeline(self.base, filter_)
        if topic and not timeline.events:
            topic = None
            timeline = build_timeline(self.base, replace(filter_, topic=None))
        filter_ = timeline.filter
        events = list(timeline.events)
        if query.month_days:
            events = [
                f for f in events if f.date and (f.date.month, f.date.day) in query.month_days
            ]
        events, anchor_terms = self._apply_anchors(query, events)
        residual = [
            t
            for t in query.terms
            if t not in anchor_terms
            and t not in self._timeline_stop
            and not t.isdigit()
            and t not in self._month_terms
            and t not in self._topic_terms.get(topic or "", ())
        ]
        heading = filter_.describe()
        relevant: list[Fact] = []
        if residual and events:
            # "the baby bar or the roundtable": each alternative picks its own events.
            for part in re.split(r"\b(?:or|vs|versus|and)\b|[,;/]", query.normalized):
                terms = [t for t in self.analyzer.text_terms(part) if t in residual]
                found = self._relevant_events(events, terms) if terms else []
                relevant.extend(f for f in found if f not in relevant)
            order = {id(f): i for i, f in enumerate(events)}
            relevant.sort(key=lambda f: order[id(f)])
        # Without a subject, "what happened" means events, not what was said or who was who.
        events = relevant or [f for f in events if f.kind == "event"] or events
        if not events:
            return Reply(
                question=question,
                answered=False,
                form="timeline",
                reason=Abstention.NO_EVENTS,
                heading=heading,
                articles=self.base.articles,
            )
        return Reply(
            question=question,
            answered=True,
            form="timeline",
            facts=tuple(RankedFact(f, 1.0) for f in events[:MAX_TIMELINE_EVENTS]),
            heading=heading[:1].upper() + heading[1:],
            articles=self.base.articles,
            confidence=1.0,
        )

    def _apply_anchors(self, query: Query, events: list[Fact]) -> tuple[list[Fact], set[str]]:
        """ "after the trump meeting", "between the baby bar and the lancaster visit": find
        the anchor events and keep what lies between them."""
        text = query.normalized
        lower: PartialDate | None = None
        upper: PartialDate | None = None
        used: set[str] = set()
        if match := re.search(r"\bbetween (.+?) and (.+)$", text):
            first, second = self._anchor(match.group(1)), self._anchor(match.group(2))
            if first and second:
                lower, upper = sorted((first, second), key=PartialDate.sort_key)
                used |= set(self.analyzer.text_terms(match.group(0)))
        else:
            if match := re.search(r"\b(?:after|since) (.+)$", text):
                lower = self._anchor(match.group(1))
                if lower:
                    used |= set(self.analyzer.text_terms(match.group(1)))
            if match := re.search(r"\bbefore (.+)$", text):
                upper = self._anchor(match.group(1))
                if upper:
                    used |= set(self.analyzer.text_terms(match.group(1)))
        if lower:
            events = [f for f in events if f.date and f.date.sort_key() > lower.sort_key()]
        if upper:
            events = [f for f in events if f.date and f.date.sort_key() < upper.sort_key()]
        return events, used

    def _anchor(self, phrase: str) -> PartialDate | None:
        """The date of the event a phrase names, when it clearly names one."""
        if re.fullmatch(r"\d{4}", phrase.strip()):
            return None  # plain years are handled as a year range
        query = self.reader.read(phrase)
        dated = [s for s in self.rank(query) if s.fact.date is not None]
        if not dated or dated[0].confidence < self.threshold * 0.8:
            return None
        # Facts that mention an event in passing ("her visit came after the White House
        # meeting") are dated later than the event itself: of the close matches, the
        # earliest is the event.
        close = [s for s in dated if s.rank >= dated[0].rank * ANCHOR_MARGIN]
        return min((s.fact.date for s in close if s.fact.date), key=PartialDate.sort_key)

    def _relevant_events(self, events: list[Fact], terms: list[str]) -> list[Fact]:
        """The events that say most about the question's remaining words: those within
        `RELEVANT_SHARE` of the best, so "the baby bar or the roundtable" keeps both."""
        masses = []
        for fact in events:
            matched = self.index.matched(self._positions[fact.id], terms)
            masses.append(sum(self.index.idf(t) * w for t, w in matched.items()))
        best = max(masses, default=0.0)
        if best < RELEVANT_FLOOR * self.index.max_idf:
            return []
        return [f for f, m in zip(events, masses, strict=True) if m >= RELEVANT_SHARE * best]

    # -- scoring ----------------------------------------------------------------------------

    def _term_weights(self, query: Query) -> dict[str, float]:
        """Each query term's weight: the question itself counts fully, chat around it less."""
        return {t: CONTEXT_WEIGHT if t in query.context_terms else 1.0 for t in query.terms}

    def _information(self, weights: dict[str, float], context: frozenset[str]) -> float:
        """How much a question says: the idf of its terms, unknown words discounted (and
        not counted at all in the chat around a question). Capped: past a few rare words'
        worth, a long message is telling a story, not narrowing the question."""
        total = 0.0
        for term, weight in weights.items():
            idf = self.index.idf(term)
            if self.index.contains(term):
                total += weight * idf
            elif term not in context:
                total += weight * idf * self.unknown_weight
        return min(total, INFORMATION_CAP * self.index.max_idf)

    def _features(self, fact: Fact) -> FactFeatures:
        """A fact's answer features, computed on first use (most facts never need them)."""
        features = self._feature_cache.get(fact.id)
        if features is None:
            features = FactFeatures.of(fact, self.analyzer.term, self.reader.entities_in)
            self._feature_cache[fact.id] = features
        return features

    def _different(self, a: Fact, b: Fact) -> bool:
        """Whether two facts say different things: different dates, or (undated) different
        statements. Two facets of one dated event (the meeting, what was asked at it) are
        one answer, not a choice."""
        if a.date and b.date:
            return a.date != b.date
        text_a, text_b = self._features(a).phrasings[-1], self._features(b).phrasings[-1]
        return fuzz.token_set_ratio(text_a, text_b) < SAME_STATEMENT

    def _penalty(self, query: Query, fact: Fact) -> float:
        return penalty(
            query,
            fact,
            self._features(fact),
            entity_share=self._entity_share,
            owner_of=self.reader.entity_named,
        )

    def _bonus(self, query: Query, fact: Fact) -> float:
        return bonus(query, fact, self._features(fact))


def _only_dates(query: Query) -> bool:
    """ "july 2018?", "anything from 2016": nothing but a date to go on."""
    has_date = bool(query.years or query.dates or query.month_days)
    return has_date and all(w.isdigit() or w in MONTHS for w in query.words)


def _entity_fact_counts(base: FactBase) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fact in base.facts:
        for entity_id in {*fact.entity_ids, *((fact.said_by,) if fact.said_by else ())}:
            counts[entity_id] = counts.get(entity_id, 0) + 1
    return counts


def _label(fact: Fact) -> str:
    label = fact.text if len(fact.text) <= 100 else fact.text[:99] + "…"
    return label
