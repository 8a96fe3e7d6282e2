"""Which drafts restate a fact the base already has, and where they disagree with it.

A draft and an existing fact are compared with the matcher's two signals: meaning (cosine
similarity of the shipped sentence-embedding model's vectors, `bot.core.semantic`, over
the texts and the quotes) and words (rapidfuzz's token-set ratio of the normalised texts,
as the matcher's paraphrase feature). A fact that names none of the draft's people, places
or organisations, or is dated far from it (by the draft's own date or the one drafting
inferred), tells another story and is never a match; nor is a fact that quotes someone
matched with anything but that person's same words. A close enough pair is the same
statement: the draft is proposed as an extra source of that fact; where both are dated and
the dates disagree, a `conflict` with both claims is proposed with it.

Event identity lowers the bar: an event dated as the draft is (to the month or finer) with
two of its people, places or organisations in common is the same event told in other
words ("met with the American leader" for "met President Donald Trump"), so it needs a
lower score than wording alone. A draft may also name the event ("February's Gen Z
dinner") or go on about the one the draft before it restates ("The dinner, which ...").

The two thresholds are fitted by `make curation-eval` (benchmarks/curation_eval.py): the
figures it reports use, for each article, thresholds fitted on the other four only; the
values below are the same fit on all five, for articles to come.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from bot.core import Fact, FactBase, PartialDate
from bot.core.normalize import normalize
from bot.core.semantic import Embedder, shipped_embedder
from bot.curation.drafting import Draft
from bot.curation.timing import EVENT_NOUNS

CANDIDATES = 10  # facts closest in meaning that are compared in full


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts, and the combined score from which a draft restates a
    fact: on its wording alone, or (lower) when it tells the same event, the same people
    on the same date (`same_event`)."""

    semantic: float = 0.6
    lexical: float = 0.4
    threshold: float = 0.82
    same_event: float = 0.71
    near_days: int = 31  # dates this close that disagree are one event told two ways


DEFAULT = Weights()
# Nouns that name an event: "The dinner, which was held at ..." after a sentence about a
# dinner tells more of that dinner.
_REFERS_BACK = re.compile(
    rf"^(?:[^,]{{0,60}},\s*)?(?:the|this|that)\s+(?P<noun>{EVENT_NOUNS})\b", re.I
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# An event named by its month: "February's Gen Z dinner", "May's town meeting".
_MONTHS_EVENT = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|"
    rf"November|December)['’]s\s+(?P<name>(?:[\w-]+\s+){{0,3}}(?:{EVENT_NOUNS}))\b"
)
SAME_EVENT_NAMES = 2  # people, places or organisations in common that make one event


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing fact a draft may restate, its combined score, and whether the two tell
    the same event (the same people, places or organisations on the same date)."""

    fact: str
    score: float
    same_event: bool


@dataclass(frozen=True, slots=True)
class Choice:
    """The fact a draft is proposed into, and why; `named` is the date of the other event
    the draft names it by ("February's dinner"), which is not the draft's own."""

    fact: str
    score: float
    why: str
    named: PartialDate | None = None


def propose_merges(
    base: FactBase,
    drafts: Sequence[Draft],
    *,
    weights: Weights = DEFAULT,
    embedder: Embedder | None = None,
) -> None:
    """Mark each draft that restates an existing fact as a merge (or conflict) proposal;
    a draft without a date of its own takes the date of the fact it restates."""
    found = candidates(base, drafts, weights=weights, embedder=embedder)
    for draft, choice in zip(drafts, choose(base, drafts, found, weights), strict=True):
        if choice is not None:
            _propose(draft, base.facts_by_id[choice.fact], choice)


def choose(
    base: FactBase,
    drafts: Sequence[Draft],
    found: Sequence[Sequence[Candidate]],
    weights: Weights = DEFAULT,
) -> list[Choice | None]:
    """Each draft's fact to merge into, if any: the best scored candidate over its
    threshold; else the one event it names by its month ("February's Gen Z dinner"); else,
    for a draft that goes on about the event of the draft before it ("The dinner,
    which ..."), the fact that draft merges into."""
    chosen: list[Choice | None] = []
    for index, (draft, options) in enumerate(zip(drafts, found, strict=True)):
        passing = [
            c
            for c in options
            if c.score >= (weights.same_event if c.same_event else weights.threshold)
        ]
        best = max(passing, key=lambda c: c.score, default=None)
        choice = None
        if best is not None:
            why = "the same people on the same date" if best.same_event else "its wording"
            choice = Choice(best.fact, best.score, why)
        elif (named := _named_event(base, draft)) is not None:
            choice = named
        elif index and chosen[-1] is not None:
            choice = _refers_back(draft, drafts[index - 1], base.facts_by_id[chosen[-1].fact])
        chosen.append(choice)
    return chosen


def _named_event(base: FactBase, draft: Draft) -> Choice | None:
    """ "February's Gen Z dinner": the one event fact of that month whose text has those
    words ("Gen Z dinner"), or of several the one that introduces it ("a Gen Z dinner"),
    counting the month back from the draft's date."""
    if draft.date is None or draft.date.month is None:
        return None
    for match in _MONTHS_EVENT.finditer(draft.sentence.text):
        month = _MONTHS.index(match.group("month").lower()[:3]) + 1
        year = draft.date.year - (month > draft.date.month)
        words = normalize(match.group("name"))
        found = [
            f
            for f in base.facts
            if f.kind == "event"
            and f.date is not None
            and (f.date.year, f.date.month) == (year, month)
            and f" {words} " in f" {normalize(f.text)} "
        ]
        # Of several facts about that event, the one that introduces it ("hosted a Gen Z
        # dinner") is the event's own; the others tell more of it ("the dinner featured").
        if len(found) > 1:
            introduces = re.compile(rf"\ban? {re.escape(words)}\b")
            found = [f for f in found if introduces.search(normalize(f.text))]
        if len(found) == 1:
            return Choice(
                found[0].id, 0.0, f'it names "{match.group(0)}"', PartialDate(year, month)
            )
    return None


def _refers_back(draft: Draft, before: Draft, fact: Fact) -> Choice | None:
    """A draft opening "The dinner" right after a draft about a dinner, in the same
    paragraph, that tells of the same date: more of the event that draft restates."""
    match = _REFERS_BACK.match(draft.sentence.text)
    if (
        match is None
        or before.sentence.paragraph != draft.sentence.paragraph
        or fact.kind != "event"
        or not re.search(rf"\b{match.group('noun')}\b", before.sentence.text, re.I)
        or draft.date is None
        or fact.date is None
        or not _compatible(draft.date, fact.date)
    ):
        return None
    return Choice(fact.id, 0.0, f'"{match.group(0)}" is the one the sentence before tells of')


def _propose(draft: Draft, fact: Fact, choice: Choice) -> None:
    draft.similarity = round(choice.score, 3)
    draft.into = fact.id
    draft.proposal = "merge"
    if (
        fact.date is not None
        and draft.date is not None
        and not _compatible(draft.date, fact.date)
        and any(_compatible(d, fact.date) for d in (*draft.mentioned, choice.named) if d)
    ):
        # "The trip comes after the meeting at the end of May": a source of the meeting's
        # fact, still dated by the trip.
        draft.record["date_note"] = (
            f"{draft.record.get('date_note') or ''} It is proposed as a source of "
            f"'{fact.id}' for the other event it names ({fact.date.display()})."
        ).strip()
    elif (
        draft.date is not None
        and not draft.date_carried
        and fact.date is not None
        and not _compatible(draft.date, fact.date)
    ):
        draft.proposal = "conflict"
        draft.record["conflict"] = _conflict(draft, fact)
    elif fact.date is not None and (
        draft.date is None or draft.date_carried or draft.date.contains(fact.date)
    ):
        draft.date_carried = False
        draft.date = fact.date
        draft.record["date"] = fact.date.iso()
        if fact.date.qualifier:
            draft.record["date_qualifier"] = fact.date.qualifier
        else:
            draft.record.pop("date_qualifier", None)
        draft.record["date_note"] = (
            f"Dated by the fact it restates, '{fact.id}' ({fact.date.display()}). "
            + str(draft.record.get("date_note") or "")
        ).strip()


def candidates(
    base: FactBase,
    drafts: Sequence[Draft],
    *,
    weights: Weights = DEFAULT,
    embedder: Embedder | None = None,
) -> list[list[Candidate]]:
    """For each draft, the existing facts close in meaning that may tell the same thing."""
    return [
        [
            Candidate(fact_id, score, _same_event(draft, base.facts_by_id[fact_id]))
            for fact_id, score in scores.items()
        ]
        for draft, scores in zip(
            drafts, similarities(base, drafts, weights=weights, embedder=embedder), strict=True
        )
    ]


def _same_event(draft: Draft, fact: Fact) -> bool:
    """The same event: an event or quotation dated as the draft is (to the month or finer),
    with at least two of the draft's people, places or organisations; a state as of the
    article ("Her latest cause is ...") is no event."""
    dates = [d for d in (draft.date, *draft.mentioned) if d is not None]
    return (
        not draft.state
        and fact.kind in ("event", "quote")
        and fact.date is not None
        and any(d.precision != "year" and _compatible(d, fact.date) for d in dates)
        and len(_named(draft) & set(fact.involved)) >= SAME_EVENT_NAMES
    )


def similarities(
    base: FactBase,
    drafts: Sequence[Draft],
    *,
    weights: Weights = DEFAULT,
    embedder: Embedder | None = None,
) -> list[dict[str, float]]:
    """For each draft, the combined score of each existing fact close in meaning (the
    facts of another event left out)."""
    facts = [f for f in base.facts if f.sources]
    if not facts or not drafts:
        return [{} for _ in drafts]
    model = embedder or shipped_embedder()
    fact_text = model.encode([f.text for f in facts])
    quotes = [(i, s.quote) for i, f in enumerate(facts) for s in f.sources]
    quote_vectors = model.encode([q for _, q in quotes])
    draft_text = model.encode([d.text for d in drafts])
    draft_quote = model.encode([d.sentence.text for d in drafts])
    by_quote_all = draft_quote @ quote_vectors.T
    semantic = draft_text @ fact_text.T
    for column, (fact_index, _) in enumerate(quotes):
        np.maximum(semantic[:, fact_index], by_quote_all[:, column], out=semantic[:, fact_index])
    normalised = [normalize(f.text) for f in facts]
    out = []
    for row, draft in enumerate(drafts):
        scores: dict[str, float] = {}
        mine = normalize(draft.text)
        for index in np.argsort(-semantic[row]):
            fact = facts[int(index)]
            if not _eligible(draft, fact, weights):
                continue
            lexical = fuzz.token_set_ratio(mine, normalised[int(index)]) / 100
            score = weights.semantic * float(semantic[row, index]) + weights.lexical * lexical
            scores[fact.id] = score
            if len(scores) == CANDIDATES:
                break
        out.append(scores)
    return out


def _eligible(draft: Draft, fact: Fact, weights: Weights) -> bool:
    """Whether the fact may tell the same thing as the draft at all."""
    if all(_far(d, fact.date, weights.near_days) for d in (draft.date, *draft.mentioned)):
        return False  # another event
    if _named(draft) and fact.involved and not _named(draft) & set(fact.involved):
        return False  # nobody in common: another story
    if fact.kind == "quote":  # the same person's same words, not just much alike
        return fact.said_by == draft.record.get("said_by") and not _words_apart(draft, fact)
    return True


SAME_WORDS = 60  # partial ratio from which two quotations are the same words


def _words_apart(draft: Draft, fact: Fact) -> bool:
    """Whether the draft's quotation is in none of the fact's quotes (give or take)."""
    mine = normalize(draft.sentence.text)
    return all(fuzz.partial_ratio(mine, normalize(s.quote)) < SAME_WORDS for s in fact.sources)


def _named(draft: Draft) -> set[str]:
    names = set(draft.record.get("people", [])) | set(draft.record.get("places", []))
    names |= set(draft.record.get("organisations", []))
    if draft.record.get("said_by"):
        names.add(draft.record["said_by"])
    return names


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    return a.contains(b) or b.contains(a)


def _far(a: PartialDate | None, b: PartialDate | None, near_days: int) -> bool:
    """Whether two dates cannot be one event: they disagree by more than `near_days`."""
    if a is None or b is None or _compatible(a, b):
        return False
    first, second = sorted((a.sort_key(), b.sort_key()))
    if first[0] != second[0]:
        return second[0] - first[0] > 1 or second[1] + 12 - first[1] > 1
    days = (second[1] - first[1]) * 31 + (second[2] - first[2])
    return days > near_days


def _conflict(draft: Draft, fact: Fact) -> dict[str, object]:
    assert draft.date is not None and fact.date is not None
    return {
        "note": (
            f"This article dates it {draft.date.display()}; fact '{fact.id}' has "
            f"{fact.date.display()}. Both claims are shown until a curator settles it."
        ),
        "claims": [
            {
                "text": fact.text,
                "date": fact.date.iso(),
                "sources": [{"article": s.article, "quote": s.quote} for s in fact.sources[:1]],
            },
            {
                "text": draft.text,
                "date": draft.date.iso(),
                "sources": draft.record["sources"],
            },
        ],
    }
