"""Turning text into index terms, and an inverted index over facts that scores them.

Terms are stems (snowball) with synonyms folded to one canonical term, so "lockup",
"jail" and "prison" are one term, as are "visited" and "visit". Each fact is indexed from
several fields with different weights (its text and quotes count fully, the names of the
people and topics it involves less), and rare terms weigh more than common ones (BM25's
idf). Scores accumulate in numpy arrays, so a question costs a few array additions, not a
scan of every fact: that is what keeps 100k facts fast.
"""

from __future__ import annotations

import calendar
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer

from bot.core.lexicon import MONTHS, PARTICLE_GAP, PARTICLES, STEM_OVERRIDES, STOPWORDS, WEEKDAYS
from bot.core.models import Fact, FactBase
from bot.core.names import WORDS
from bot.core.normalize import tokenize

# How much a term found in each field of a fact counts (a term takes its best field).
FIELD_WEIGHTS = {"text": 1.0, "quote": 0.85, "questions": 0.85, "names": 0.6}
SMALL_BASE = 5000  # up to this many facts, searching with dicts beats numpy


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return STEM_OVERRIDES.get(word) or str(_STEMMER.stemWord(word))


_STEMMER = snowballstemmer.stemmer("english")


class Analyzer:
    """Text -> index terms: tokens without stop words, stemmed, synonyms folded."""

    def __init__(self, synonyms: Iterable[Sequence[str]] = (), names: Iterable[str] = ()) -> None:
        self._words: dict[str, str] = {}  # exact word -> canonical term
        self._stems: dict[str, str] = {}  # stem -> canonical term, for other inflections
        self._phrases: dict[tuple[str, ...], str] = {}
        # Proper names of several words are terms of their own, and their words are not
        # synonyms: the "White House" is not a "home".
        self._names: set[tuple[str, ...]] = set()
        for name in names:
            words = tuple(tokenize(name))
            if len(words) > 1:
                self._phrases[words] = ""
                self._names.add(words)
        for group in synonyms:
            canonical = "_".join(_stem(w) for w in tokenize(group[0]))
            for member in group:
                words = tuple(tokenize(member))
                if len(words) == 1:
                    self._words[words[0]] = canonical
                elif words:
                    self._phrases[words] = canonical
        # Stems second, and never over an exact word: "prisoners" stems to "prison", but
        # "prison" belongs to the prison group, not to the inmates group.
        for word, canonical in self._words.items():
            self._stems.setdefault(_stem(word), canonical)
        for word, canonical in self._words.items():
            if _stem(word) == word:
                self._stems[word] = canonical
        # Phrases by their first word, longest first: most words start no phrase at all.
        # A synonym phrase is also found in other inflections of its words, by their stems
        # ("getting out" for "get out", "walks free" for "walk free"); a name only as it is.
        self._starts: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._stem_starts: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = (
            defaultdict(list)
        )
        for phrase, canonical in sorted(self._phrases.items(), key=lambda p: -len(p[0])):
            self._starts[phrase[0]].append((phrase, canonical))
            if phrase not in self._names:
                stems = tuple(_stem(w) for w in phrase)
                self._stem_starts[stems[0]].append((stems, phrase, canonical))
        # Phrasal verbs ("get out"), which may take their object inside ("get Joel out"),
        # by the verb's stem ("getting Joel out").
        self._phrasal: dict[str, dict[str, str]] = defaultdict(dict)
        for phrase, canonical in self._phrases.items():
            if canonical and len(phrase) == 2 and phrase[1] in PARTICLES:
                self._phrasal[_stem(phrase[0])][phrase[1]] = canonical

    def term(self, word: str) -> str:
        """The index term for one normalized word."""
        canonical = self._words.get(word)
        if canonical:
            return canonical
        stem = _stem(word)
        return self._stems.get(stem, stem)

    def terms(self, words: Sequence[str]) -> list[str]:
        """Index terms for normalized words: multi-word synonyms first, then stems."""
        out: list[str] = []
        i = 0
        count = len(words)
        particles: set[int] = set()  # where a phrasal verb's particle was already read
        while i < count:
            word = words[i]
            if i in particles:
                i += 1
                continue
            if split := self._split_phrasal(words, i):
                out.append(split[0])
                particles.add(split[1])
            found = self._phrase_at(words, i)
            if found is None:
                if word not in STOPWORDS and len(word) > 1:
                    out.append(self.term(word))
                i += 1
                continue
            size, phrase, canonical = found
            # The phrase as one term, and its words too: "non-violent" is still about being
            # "violent" or not.
            if phrase in self._names:  # the words, stemmed but never folded
                out.extend(_stem(w) for w in phrase if w not in STOPWORDS and len(w) > 1)
            else:
                out.append(canonical)
                out.extend(self.term(w) for w in phrase if w not in STOPWORDS and len(w) > 1)
            i += size
        return out

    def _phrase_at(self, words: Sequence[str], i: int) -> tuple[int, tuple[str, ...], str] | None:
        """The longest phrase starting at word i: its length, the phrase and its canonical
        term; a phrase word for word, else a synonym phrase in other inflections."""
        for phrase, canonical in self._starts.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return len(phrase), phrase, canonical
        for stems, phrase, canonical in self._stem_starts.get(_stem(words[i]), ()):
            typed = words[i : i + len(stems)]
            if len(typed) == len(stems) and tuple(map(_stem, typed)) == stems:
                return len(stems), phrase, canonical
        return None

    def _split_phrasal(self, words: Sequence[str], i: int) -> tuple[str, int] | None:
        """ "get joel pike out": the phrasal verb's term and where its particle stands,
        when a few words stand between the verb and its particle."""
        endings = self._phrasal.get(_stem(words[i]))
        if not endings:
            return None
        for j in range(i + 2, min(i + 2 + PARTICLE_GAP, len(words))):
            if words[j] in endings:
                return endings[words[j]], j
        return None

    def text_terms(self, text: str) -> list[str]:
        return self.terms(tokenize(text))


def date_words(fact: Fact) -> str:
    """Words a question may use for a fact's date: "2018 may wednesday"."""
    if fact.date is None:
        return ""
    parts = [str(fact.date.year)]
    if fact.date.month:
        parts.append(calendar.month_name[fact.date.month].lower())
    if fact.date.qualifier:
        parts.append(fact.date.qualifier)
    weekday = fact.date.weekday()
    if weekday:
        parts.append(weekday.lower())
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate fact and its raw score: the idf mass of the query terms it contains."""

    position: int
    score: float


class FactIndex:
    """An inverted index over a fact base's facts."""

    def __init__(
        self, base: FactBase, analyzer: Analyzer, *, english: frozenset[str] = frozenset()
    ) -> None:
        """`english`: words known to be spelled right, never taken for a misspelling."""
        self.analyzer = analyzer
        self.facts = base.facts
        self.position = {fact.id: i for i, fact in enumerate(base.facts)}  # where a fact sits
        self._entity_names = {
            entity.id: [n for n in entity.names if is_proper_name(n)]
            for entity in base.entities.values()
        }
        self._base = base
        self._name_words = frozenset(
            w for names in self._entity_names.values() for n in names for w in tokenize(n)
        )
        # Alternate questions are written as people type, typos and all ("prision",
        # "syntoia"). A typo there is indexed as the word it misspells: kept as a word of
        # its own, it would make a question's same typo point at that one fact, and stop
        # the question's typo being read as the word meant.
        told = self._surface(base)
        # A misspelling may mean one of the base's words or one of the English words that
        # say nothing ("actualy" is "actually", not the base's "actual"; "shoud" is
        # "should", not "shout"): read as meant, it is no word of the question.
        spelled = sorted(told | STOPWORDS)
        typed = {w for fact in base.facts for w in tokenize(" ".join(fact.questions))}
        inflected = {analyzer.term(w) for w in told}  # "passing" is no typo of "passed"
        self.misspellings = {
            word: meant
            for word in sorted(typed - told - english)
            if word not in STOPWORDS
            and analyzer.term(word) not in inflected
            and (meant := self._guess(word, spelled)) is not None
        }
        surface = told | (typed - STOPWORDS - self.misspellings.keys())
        self._surface_set = frozenset(surface)
        self._meanings = sorted(surface | STOPWORDS)  # what a misspelling may mean
        weights = [self._fact_terms(base, fact) for fact in base.facts]
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for position, terms in enumerate(weights):
            for term, weight in terms.items():
                ids, values = postings[term]
                ids.append(position)
                values.append(weight)
        count = len(base.facts)
        self._small = (
            {term: list(zip(ids, values, strict=True)) for term, (ids, values) in postings.items()}
            if count <= SMALL_BASE
            else {}
        )
        self._postings = {
            term: (np.asarray(ids, dtype=np.int32), np.asarray(values, dtype=np.float32))
            for term, (ids, values) in postings.items()
        }
        self._idf = {
            term: math.log((count - len(ids) + 0.5) / (len(ids) + 0.5) + 1.0)
            for term, (ids, _) in postings.items()
        }
        self.max_idf = math.log((count + 0.5) / 0.5 + 1.0)
        self._corrections: dict[str, str | None] = {}

    def _fact_terms(self, base: FactBase, fact: Fact) -> dict[str, float]:
        fields = {
            "text": f"{fact.text} {date_words(fact)}",
            "quote": " ".join(s.quote for s in fact.sources),
            "questions": " ".join(fact.questions),
            "names": " ".join(self._names(base, fact)),
        }
        if fact.conflict:
            fields["quote"] += " " + " ".join(c.text for c in fact.conflict.claims)
        terms: dict[str, float] = {}
        for field, text in fields.items():
            weight = FIELD_WEIGHTS[field]
            words = tokenize(text)
            if field == "questions":
                words = [self.misspellings.get(w, w) for w in words]
            for term in self.analyzer.terms(words):
                if terms.get(term, 0.0) < weight:
                    terms[term] = weight
        return terms

    def fact_terms(self, fact: Fact) -> frozenset[str]:
        """Every index term a fact is found by (its text, date, quotes, questions, names)."""
        return frozenset(self._fact_terms(self._base, fact))

    def _names(self, base: FactBase, fact: Fact) -> list[str]:
        """The names of everything a fact involves, and its topics' labels."""
        names: list[str] = []
        for entity_id in fact.involved:
            names.extend(self._entity_names.get(entity_id, ()))
        for tag in fact.tags:
            topic = base.topics.get(tag)
            if topic:
                names.extend((topic.label, *topic.aliases))
        return names

    def _surface(self, base: FactBase) -> set[str]:
        """The words the fact base itself spells (its texts, quotes and names): what a
        typo is corrected to."""
        words: set[str] = set()
        for fact in base.facts:
            words.update(tokenize(fact.text))
            for source in fact.sources:
                words.update(tokenize(source.quote))
            words.update(tokenize(" ".join(self._names(base, fact))))
        for entity in base.entities.values():
            words.update(tokenize(" ".join(entity.names)))
        for topic in base.topics.values():
            words.update(tokenize(" ".join((topic.label, *topic.aliases))))
        words.update(WEEKDAYS)
        words.update(m for m in MONTHS if len(m) > 3)
        return {w for w in words if w not in STOPWORDS}

    # -- queries -----------------------------------------------------------------------------

    def knows(self, word: str) -> bool:
        return word in self._surface_set

    def correct(self, word: str) -> str | None:
        """The known word a misspelling most likely meant ("halvorsn" -> "halvorsen")."""
        if word in self._corrections:
            return self._corrections[word]
        guess = self._guess(word, self._meanings)
        if len(self._corrections) < 50_000:
            self._corrections[word] = guess
        return guess

    def _guess(self, word: str, among: Sequence[str]) -> str | None:
        """The word of `among` a misspelling meant, within the typo policy for a question's
        words (bot/core/names.py). Misspellings keep their first letter ("halvorsn",
        "alise"), except names spelled by ear ("syntoia"); another first letter makes
        another word ("wearing" is not "hearing")."""
        if not word.isalpha():
            return None
        found = WORDS.did_you_mean(word, among)
        if found and (found[0] == word[0] or found in self._name_words):
            return found
        return None

    def idf(self, term: str) -> float:
        """How informative a term is; a term no fact contains gets the maximum."""
        return self._idf.get(term, self.max_idf)

    def contains(self, term: str) -> bool:
        return term in self._postings

    def search(self, terms: Iterable[str] | Mapping[str, float], *, limit: int) -> list[Hit]:
        """The `limit` facts with the largest idf-weighted mass of `terms`, best first.

        `terms` may map each term to the query's own weight for it (default 1).
        """
        weighted = terms if isinstance(terms, Mapping) else dict.fromkeys(terms, 1.0)
        if len(self.facts) <= SMALL_BASE:
            return self._search_small(weighted, limit)
        scores = np.zeros(len(self.facts), dtype=np.float32)
        for term, query_weight in weighted.items():
            posting = self._postings.get(term)
            if posting is not None:
                ids, weights = posting
                scores[ids] += weights * (self._idf[term] * query_weight)
        nonzero = int(np.count_nonzero(scores))
        if nonzero == 0:
            return []
        limit = min(limit, nonzero)
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Hit(int(i), float(scores[i])) for i in top]

    def masses(self, terms: Mapping[str, float], positions: Sequence[int]) -> list[float]:
        """What `search` scores each of these facts, found or not: a fact proposed by
        meaning keeps the words it shares with the question, even when many facts share
        them and the search's top left it out."""
        wanted = np.asarray(positions, dtype=np.int32)
        scores = np.zeros(len(wanted), dtype=np.float64)
        for term, query_weight in terms.items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, weights = posting  # ids ascending: facts are indexed in order
            at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
            found = ids[at] == wanted
            scores[found] += weights[at[found]] * (self._idf[term] * query_weight)
        return [float(v) for v in scores]

    def _search_small(self, weighted: Mapping[str, float], limit: int) -> list[Hit]:
        """The same with a dict: for a few thousand facts, numpy's per-call overhead is
        most of the cost."""
        scores: dict[int, float] = {}
        for term, query_weight in weighted.items():
            posting = self._small.get(term)
            if posting is None:
                continue
            factor = self._idf[term] * query_weight
            for position, weight in posting:
                scores[position] = scores.get(position, 0.0) + weight * factor
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        return [Hit(position, score) for position, score in best]


def is_proper_name(name: str) -> bool:
    """ "Ines Calder", "IC", "Ms. Calder" but not "the bakery's owner" or "Calder's
    sister": descriptions help recognise a name in a question, but indexed on every fact
    about Calder they would make "owner" or "sister" look like part of all of them."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ("of", "and", "the")]
    return (
        bool(words)
        and all(w[0].isupper() or w[0].isdigit() for w in words)
        and ("'" not in name and "’" not in name)
    )
