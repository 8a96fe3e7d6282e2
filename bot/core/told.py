"""Which of a fact's words tell its own event, and which only mention another.

"Calder's 6 July visit to the school came after her trip to the capital" tells of the
visit; the trip to the capital is in it only to place the visit in time. A phrase naming an
event ("her trip to the capital") matches that fact's words, yet the fact is not the telling
of that trip. These are English clause patterns (`lexicon.MENTIONING_CLAUSE`), not a parse:
good enough to tell a fact's own event from the ones it mentions in passing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.index import Analyzer
from bot.core.lexicon import AFTER_CLAUSE, MENTIONING_CLAUSE, RELATIVE_CLAUSE
from bot.core.models import Fact

# A fact that mentions the event a phrase names, rather than telling it, keeps this share of
# its likeness (tests/data/events: 0 and 0.25 name 0.855 and 0.857 of four sets right, 0.5
# 0.852, against 0.831 without the rule).
MENTION_WEIGHT = 0.25
_MENTIONING = re.compile(MENTIONING_CLAUSE, re.IGNORECASE)
_RELATIVE = re.compile(RELATIVE_CLAUSE)
_AFTER = re.compile(AFTER_CLAUSE, re.IGNORECASE)


class ToldTerms:
    """A fact's text terms, all of them and those outside mentioning clauses (computed
    once per fact, when first asked for)."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._terms: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def _of(self, fact: Fact) -> tuple[frozenset[str], frozenset[str]]:
        if fact.id not in self._terms:
            every = frozenset(self._analyzer.text_terms(fact.text))
            own = frozenset(self._analyzer.text_terms(_MENTIONING.sub(" ", fact.text)))
            self._terms[fact.id] = (every, own)
        return self._terms[fact.id]

    def placed_after(self, fact: Fact) -> frozenset[str]:
        """The terms of the events a fact says it came after ("After meeting Governor
        Halvorsen, she said ...": meet, governor, halvorsen)."""
        return self._clause_terms(_AFTER, fact.text)

    def placed_by(self, fact: Fact) -> frozenset[str]:
        """The terms of the events a fact says it came after or before ("... came after her
        trip to the capital": trip, capital)."""
        return self._clause_terms(_RELATIVE, fact.text.lower())

    def _clause_terms(self, clauses: re.Pattern[str], text: str) -> frozenset[str]:
        return frozenset(
            term for clause in clauses.findall(text) for term in self._analyzer.text_terms(clause)
        )

    def named(self, normalized: str, terms: tuple[str, ...]) -> frozenset[str]:
        """The terms by which a phrase names its event: not those of the event it is placed
        by ("the visit after the meeting" names a visit)."""
        return frozenset(self._analyzer.text_terms(_RELATIVE.sub(" ", normalized))) & set(terms)

    def share(self, fact: Fact, named: frozenset[str], weight: Callable[[str], float]) -> float:
        """How much of what a phrase shares with a fact's text the fact tells as its own
        event (1 when they share nothing): by term weight, so a rare word counts most."""
        every, own = self._of(fact)
        shared = sum(weight(t) for t in named & every)
        return 1.0 if shared <= 0 else sum(weight(t) for t in named & own) / shared
