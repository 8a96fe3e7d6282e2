"""Which person, place, organisation or topic a name means, and the one typo policy that
every fuzzy match of a typed name, id or word follows.

Exact ids and names first (case and accents ignored), then names containing every word,
then names within the typos the policy allows; a tie is never broken by guessing.
Autocomplete (`suggest`) offers names by the same normaliser and the same typo policy,
also matching the beginning of a name, since a suggestion is typed a letter at a time.

The typo policy (`TypoPolicy`): a word shorter than `min_length` must be exact, and a longer
one may have one typo per `chars_per_typo` characters, at least one. Its users, each under
a named policy:

- `NAMES`: names and ids a person types: timeline and `/timeline` filters, autocomplete,
  a question naming someone (`timeline_questions`), and the "did you mean" of a fact
  file's unknown ids, article ids and field names (`checks`, `schema`). A typo is one OSA
  edit: a letter added, dropped or changed, or two neighbours swapped ("halvorsne").
- `WORDS`: correcting a question's words against the fact base's vocabulary (`index`),
  from five letters (a short word in a question is far more often English than a typo),
  at the same rate but counted as the matcher's scorer was fitted with: letters added or
  dropped over both words (rapidfuzz's `ratio` of 80), so a changed letter counts twice
  and a longer guess costs more. Counting it as `NAMES` does moved the in-sample figures
  by up to a point (blind2 0.830 -> 0.820, holdout 0.784 -> 0.793), so the matcher keeps
  its measure, named here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.models import Entity, EntityKind, FactBase, Topic
from bot.core.normalize import normalize, tokenize

SuggestKind = Literal["person", "topic", "organisation", "place"]
Measure = Literal["edits", "indel"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class TypoPolicy:
    """How far a typed word, name or id may be from the one meant (the module docstring
    says who uses which)."""

    min_length: int  # shorter than this, only the exact word
    chars_per_typo: int  # then one typo per this many characters, at least one
    # "edits": OSA edits of the typed word; "indel": letters added or dropped over both
    # words, at most their length / chars_per_typo (rapidfuzz ratio >= 100 - 100 / it)
    measure: Measure = "edits"

    def budget(self, typed: str) -> int:
        """How many typos (changed letters) `typed` may have: 0 when it is too short to
        guess from."""
        if len(typed) < self.min_length:
            return 0
        return max(1, len(typed) // self.chars_per_typo)

    def allows(self, typed: str, meant: str) -> bool:
        """Whether `typed` is `meant`, as typed or within its typo budget ("reneee" is
        "renee"; "road" is not "rodney")."""
        return typed == meant or bool(self.nearest(typed, [meant]))

    def nearest(self, typed: str, choices: Sequence[str]) -> list[int]:
        """The positions in `choices` nearest to `typed` within its budget; several when
        they are equally near, none when nothing is near enough."""
        budget = self.budget(typed)
        if not budget:
            return [i for i, choice in enumerate(choices) if choice == typed]
        if self.measure == "indel":
            least = 100 - 100 / self.chars_per_typo
            similar = process.extract(
                typed, choices, scorer=fuzz.ratio, score_cutoff=least, limit=None
            )
            best = max((score for _, score, _ in similar), default=None)
            return sorted(index for _, score, index in similar if score == best)
        near = process.extract(typed, choices, scorer=OSA.distance, score_cutoff=budget, limit=None)
        fewest = min((typos for _, typos, _ in near), default=None)
        return sorted(index for _, typos, index in near if typos == fewest)

    def did_you_mean(self, typed: str, choices: Iterable[str]) -> str | None:
        """The choice a misspelt `typed` most likely meant (the first of the nearest), or
        None. For a hint or a word's correction: a tie is not refused, unlike a name."""
        options = choices if isinstance(choices, Sequence) else list(choices)
        if self.measure == "indel" and self.budget(typed):
            # The first of the best, as `nearest` would give, without listing every near
            # one: this runs for each new word of every question, and rapidfuzz's full
            # list of matches (limit=None) grew the bot's resident memory under load.
            found = process.extractOne(
                typed,
                options,
                scorer=fuzz.ratio,
                score_cutoff=100 - 100 / self.chars_per_typo,
                processor=None,
            )
            return found[0] if found else None
        nearest = self.nearest(typed, options)
        return options[nearest[0]] if nearest else None


# "al" or "kin" is close to too many names; one typo per five letters: "marhs", "okafr",
# and two in "edda halvorsne" or "rene dufrene"; "aaron" is two typos from "arran", too many.
NAMES = TypoPolicy(min_length=4, chars_per_typo=5)
# A question's words: "pikes" and "fild" are English (or a plural) more often than typos.
WORDS = TypoPolicy(min_length=5, chars_per_typo=5, measure="indel")


def is_typo_of(typed: str, meant: str) -> bool:
    """Whether a normalized word of a name is `meant`, within the `NAMES` policy."""
    return NAMES.allows(typed, meant)


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

    1. the exact id, or a name equal after `normalize` ("renee" -> Renée Dufresne);
    2. names containing every word of `text` ("dufresne" -> Renée Dufresne, or both
       Pikes when two people share the word);
    3. names within the typos the `NAMES` policy allows ("halvorsne", "rene dufrene").

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
    if not NAMES.budget(key):
        return []
    choices = [(i, normalize(n)) for i, (_, names) in enumerate(candidates) for n in names]
    owners = dict.fromkeys(choices[j][0] for j in NAMES.nearest(key, [c for _, c in choices]))
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

    Tier 0: a name starts with `key`; 1: a word of a name does; 2: within the `NAMES` typo
    policy, `key` is the name, a word of it or the beginning of either ("okafr"), or one
    word of `key` is a word of it; fewest typos first. The canonical name wins ties, so
    "chlo" labels Chloé Marsh rather than her alias "Chloe".
    """
    if not key:
        return 0, 0.0, canonical
    best: tuple[int, float, str] | None = None
    for name in names:
        norm = normalize(name)
        if norm.startswith(key):
            match = (0, 100.0, name)
        elif any(word.startswith(key) for word in norm.split()):
            match = (1, 100.0, name)
        elif (typos := _typos_from_start(key, norm)) is not None:
            match = (2, -typos, name)
        else:
            continue
        if best is None or (match[0], -match[1]) < (best[0], -best[1]):
            best = match
    return best


def _typos_from_start(key: str, name: str) -> float | None:
    """How far `key` is from the name or the beginning of it; else, half a typo more, from
    one of its words or a word's beginning ("okafr" is the alias "Okafor" rather than a
    word of "Benedict Okafor"); else, a typo more, how far one word typed is from a word of
    the name ("renee" at the start of a pasted paragraph). None beyond the `NAMES` budget."""
    budget = NAMES.budget(key)
    if not budget:
        return None

    def typos(target: str) -> int:
        return min(OSA.distance(key, target), OSA.distance(key, target[: len(key)]))

    whole = typos(name)
    if whole <= budget:
        return whole
    words = name.split()
    word = min(typos(word) for word in words)
    if word <= budget:
        return word + 0.5
    typed = [t for t in key.split() if NAMES.budget(t)] if " " in key else []
    near = [d for t in typed for w in words if (d := OSA.distance(t, w)) <= NAMES.budget(t)]
    return min(near) + 1 if near else None
