"""Which person, place, organisation or topic a name means: one policy for every caller.

Exact ids and names first (case and accents ignored), then names containing every word,
then names within a few typos (one per `CHARS_PER_TYPO` characters); a tie is never
broken by guessing. Autocomplete (`suggest`) offers names by the same normaliser, more
loosely, since a suggestion is only offered, never acted on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.models import Entity, EntityKind, FactBase, Topic
from bot.core.normalize import normalize, tokenize

SuggestKind = Literal["person", "topic", "organisation", "place"]

CHARS_PER_TYPO = 5  # one typo allowed per 5 characters: "marhs", "kardashain" (2 allowed)
SUGGEST_CUTOFF = 70  # WRatio, looser: a suggestion is only offered, never acted on
MIN_FUZZY_LENGTH = 4  # no fuzzy matching below this: "al" or "kin" is close to too many names
_T = TypeVar("_T")


def typo_budget(typed: str) -> int:
    """How many typos a name typed this long may have: one per `CHARS_PER_TYPO` characters."""
    return max(1, len(typed) // CHARS_PER_TYPO)


def is_typo_of(typed: str, meant: str) -> bool:
    """Whether a normalized word is `meant`, as typed or within its typo budget ("khlowe" is
    "khloe"; "road" is not "ronald")."""
    if typed == meant:
        return True
    return len(typed) >= MIN_FUZZY_LENGTH and OSA.distance(typed, meant) <= typo_budget(typed)


def resolve_entity(base: FactBase, text: str, kind: EntityKind | None = None) -> Entity | None:
    """The entity `text` names: its id or an exact name/alias (case and accents ignored),
    else the single closest name within a few typos; None when nothing is
    close enough or two entities are equally close (the bot must know whom it means)."""
    best = _best(text, _entities(base, kind))
    return best[0] if len(best) == 1 else None


def resolve_topic(base: FactBase, text: str) -> Topic | None:
    """The topic `text` names (id, label or alias), resolved like `resolve_entity`."""
    best = _best(text, _topics(base))
    return best[0] if len(best) == 1 else None


def suggest(
    base: FactBase, kind: SuggestKind, partial: str, *, limit: int = 25
) -> list[tuple[str, str]]:
    """Autocomplete: (value, label) pairs, best first, at most `limit`; a front end fits
    them to its own limits (Discord's in bot/exts/_embeds.py `choices`).

    The value is the id, which `build_timeline` resolves exactly; the label is the canonical
    name, plus the alias that matched when that is what the user typed ("Rosa Delgado
    (Governor Delgado)"). Names starting with `partial` come first, then names with a word
    starting with it, then fuzzy matches; within a tier, those with more dated facts first.
    An empty `partial` lists the most frequent.
    """
    things = _named(base, kind)
    counts = _dated_counts(base, kind)
    key = normalize(partial)
    ranked: list[tuple[tuple[int, float, int, str], str, str]] = []
    for thing_id, canonical, names in things:
        match = _suggest_match(key, canonical, names)
        if match is None:
            continue
        tier, score, name = match
        label = canonical if normalize(name) == normalize(canonical) else f"{canonical} ({name})"
        count = counts[thing_id]
        ranked.append(((tier, -score, -count, normalize(canonical)), thing_id, label))
    ranked.sort(key=lambda r: r[0])
    return [(value, label) for _, value, label in ranked[: max(0, limit)]]


def display_name(thing: Entity | Topic) -> str:
    """The name to show for an entity or a topic."""
    return thing.label if isinstance(thing, Topic) else thing.name


def not_found(base: FactBase, text: str, kind: EntityKind | Literal["topic"]) -> str:
    """ "no person called 'zorp'", or which ones it could be when several are equally close."""
    best: list[Entity | Topic] = [
        *(_best(text, _topics(base)) if kind == "topic" else _best(text, _entities(base, kind)))
    ]
    if len(best) > 1:
        names = [display_name(b) for b in best]
        return f"'{text}' could be {', '.join(names[:-1])} or {names[-1]}"
    return f"no {kind} called '{text}'"


def _entities(base: FactBase, kind: EntityKind | None) -> list[tuple[Entity, tuple[str, ...]]]:
    """Each entity (of `kind`, if given) with the names it answers to: id first."""
    return [(e, (e.id, *e.names)) for e in base.entities.values() if kind in (None, e.kind)]


def _topics(base: FactBase) -> list[tuple[Topic, tuple[str, ...]]]:
    """Each topic with the names it answers to: id first."""
    return [(t, (t.id, t.label, *t.aliases)) for t in base.topics.values()]


def _best(text: str, candidates: Iterable[tuple[_T, tuple[str, ...]]]) -> list[_T]:
    """The candidates `text` names best, trying three ways in turn:

    1. the exact id, or a name equal after `normalize` ("khloe" -> Khloé Kardashian);
    2. names containing every word of `text` ("johnson" -> Alice Marie Johnson, or both
       Jacksons when two people share the word);
    3. names within a few typos, one per `CHARS_PER_TYPO` characters (OSA edit distance,
       so a swapped pair of letters is one typo: "kardashain", "chloe mrash"); "jason" is
       two typos from "jackson", too many for seven letters.

    Several results mean a tie the caller must not break by guessing.
    """
    candidates = list(candidates)
    key = normalize(text)
    if not key:
        return []
    for thing, names in candidates:
        if text.strip() == names[0] or any(normalize(n) == key for n in names):
            return [thing]
    words = set(key.split())
    containing = [t for t, names in candidates if any(words <= set(tokenize(n)) for n in names)]
    if containing:
        return containing
    if len(key) < MIN_FUZZY_LENGTH:
        return []
    choices = [(i, normalize(n)) for i, (_, names) in enumerate(candidates) for n in names]
    budget = typo_budget(key)
    hits = process.extract(
        key, [c for _, c in choices], scorer=OSA.distance, score_cutoff=budget, limit=None
    )
    if not hits:
        return []
    top = min(score for _, score, _ in hits)
    owners = dict.fromkeys(choices[j][0] for _, score, j in hits if score == top)
    return [candidates[i][0] for i in owners]


def _named(base: FactBase, kind: SuggestKind) -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, canonical name, every name) for each thing of `kind`."""
    if kind == "topic":
        return [(t.id, t.label, (t.label, *t.aliases)) for t in base.topics.values()]
    return [(e.id, e.name, e.names) for e in base.entities.values() if e.kind == kind]


def _dated_counts(base: FactBase, kind: SuggestKind) -> Counter[str]:
    """How many timeline events each thing has: the measure of "most frequent"."""
    counts: Counter[str] = Counter()
    for fact in base.facts:
        if fact.date is None:
            continue
        if kind == "person":
            counts.update(fact.participants)
        elif kind == "topic":
            counts.update(set(fact.tags))
        elif kind == "organisation":
            counts.update(set(fact.organisations))
        else:
            counts.update(set(fact.places))
    return counts


def _suggest_match(
    key: str, canonical: str, names: tuple[str, ...]
) -> tuple[int, float, str] | None:
    """(tier, score, matched name) for the best of `names`, or None when none is close.

    Tier 0: a name starts with `key`; 1: a word of a name does; 2: fuzzy. The canonical name
    wins ties, so "chlo" labels Chloé Marsh rather than her alias "Chloe".
    """
    if not key:
        return 0, 0.0, canonical
    best: tuple[int, float, str] | None = None
    for name in names:
        norm = normalize(name)
        score = 0.0
        if norm.startswith(key):
            match = (0, 100.0, name)
        elif any(word.startswith(key) for word in norm.split()):
            match = (1, 100.0, name)
        elif len(key) >= MIN_FUZZY_LENGTH and (
            score := fuzz.WRatio(key, norm, score_cutoff=SUGGEST_CUTOFF)
        ):
            match = (2, score, name)
        else:
            continue
        if best is None or (match[0], -match[1]) < (best[0], -best[1]):
            best = match
    return best
