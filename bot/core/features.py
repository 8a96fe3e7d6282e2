"""What the scorer knows about one (question, fact) pair: explainable numbers, no weights.

Every feature is something a curator can read in `factbot ask --explain`: how much of the
question's information the fact's words account for, how close it is in meaning, whether
it has the kind of answer asked for (a date for "when", a count for "how many"), whether
the names, years and dates agree. How much each one counts is not written here: the
scorer's weights are fitted on labelled questions (`bot/tools/train_scorer.py`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.core.asked import twin
from bot.core.fit import FactFeatures
from bot.core.lexicon import CATEGORY_FAMILIES, STOPWORDS
from bot.core.models import Entity, Fact, PartialDate
from bot.core.query import Query
from bot.core.semantic import Similarities

# Each answer kind a question can ask for (an intent of lexicon.INTENT_PATTERNS), and the
# feature that says the fact lacks it. One table: the scorer learns what each lack costs.
ANSWER_KINDS: tuple[str, ...] = (
    "weekday",
    "time_of_day",
    "when",
    "exact_date",
    "age",
    "count",
    "duration",
    "interval",
    "named",
    "where",
    "who",
    "why",
    "quote",
)

NAMING_INTENTS = frozenset({"named", "who", "where"})  # the answer is a name
PROFILE_KINDS = frozenset({"profile", "background"})  # the facts that say who someone is

FEATURES: tuple[str, ...] = (
    "lexical_coverage",  # share of the question's information the fact's terms carry
    "lexical_vs_best",  # the same, relative to the best candidate's
    "log_coverage",  # log of the share: penalties for what the fact lacks multiply it
    "semantic_text",  # cosine similarity to the fact's text
    "semantic_question",  # ... to the closest of its alternate questions
    "semantic_quote",  # ... to the closest of its quotes
    "semantic_vs_best",  # best of the three, minus the best candidate's
    "semantic_same_ask",  # ... to the closest alternate question with the same asking word
    "paraphrase",  # character-level similarity to the closest phrasing (rapidfuzz)
    "paraphrase_same_ask",  # ... to the closest one asking with the same word
    "unknown_share",  # share of the question's information in words the base never uses
    "question_terms",  # log(1 + number of index terms): short questions say less
    "names_missing",  # people or organisations the question names that the fact does not
    "places_missing",  # places named by the question and not by the fact
    "subject_missing",  # the coverage's subject named and absent (rarely decisive)
    "year_mismatch",  # the question names a year the fact's date and text do not
    "date_mismatch",  # ... a month or day (of any year: "july 6") the fact's date misses
    "owner_mismatch",  # "Calder's birthday" against a fact about Pike's birthday
    "unmatched_peak",  # the rarest question word the fact lacks (its idf, 0 to 1)
    "focus_missing",  # "which law school": the fact never says "school"
    "new_name_missing",  # a which/who/where question, and the fact names nothing new
    "focus_unnamed",  # "which law school": no name stands next to "school" in the text
    "count_unanchored",  # "how many dogs": no number stands before "dogs" in the text
    "answer_present",  # the question asks for a kind of answer and the fact has it
    "speaker_match",  # "what did X say" and X said this
    # "Who is X" and this is a profile or background fact about X, or (when the coverage
    # has none) any other fact that names X
    "identity_profile",
    # "What came of the vote?": this fact tells what came of a candidate the question's
    # words match (`Fact.led_to`), as well as that candidate matches (relative to the best).
    "consequence",
    "asked_answered",  # cosine to the closest judged question this fact answered (asked.py)
    "asked_twin",  # ... as a twin: near 1 only when worded almost the same
    "asked_vs_best",  # the cosine, minus the best candidate's
    "asked_unanswered",  # twin of a judged question nothing answered, minus this fact's twin
    "remembers",  # 1 when the base keeps judged questions at all (a new base keeps none)
    *(f"lacks_{kind}" for kind in ANSWER_KINDS),
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# The features that recall judged questions, where `recalled` puts them: training works
# them out again with each set's own questions left out (bot/tools/train_scorer.py).
RECALL_AT = tuple(
    INDEX[name]
    for name in ("asked_answered", "asked_twin", "asked_vs_best", "asked_unanswered", "remembers")
)


def recalled(
    closest: float, best: float, unanswered_twin: float, remembers: bool
) -> tuple[float, ...]:
    """A candidate's recall features (`RECALL_AT`): the cosine to the closest judged
    question it answered, that as a twin, its lead over the best candidate's, the twin of a
    judged question nothing answered less its own twin, and whether there is a memory at
    all (without one, the others are 0 for every candidate, the right one too)."""
    closest_twin = twin(closest)
    return closest, closest_twin, closest - best, unanswered_twin - closest_twin, float(remembers)


@dataclass(frozen=True, slots=True)
class QueryStats:
    """What every candidate of one question is compared with."""

    information: float  # the question's idf mass
    best_lexical: float  # the best candidate's matched mass
    best_semantic: float  # the best candidate's best similarity
    best_asked: float  # the best candidate's closeness to a judged question it answered
    unanswered: float  # closeness to the closest judged question nothing answered
    remembers: bool  # whether the base keeps judged questions at all
    unknown_share: float
    term_count: int
    rarity: Mapping[str, float]  # the question's own terms (not chat, not the subject): idf 0-1


@dataclass(frozen=True, slots=True)
class Context:
    """The fact base's side of the comparison, fixed per matcher."""

    subjects: frozenset[str]
    entity_kinds: Mapping[str, str]
    owner_of: Callable[[str], str | None]
    # What each entity is, as index terms ("prison" for a women's prison): `categories`.
    entity_categories: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Each category noun's family, as index terms (`lexicon.CATEGORY_FAMILIES`).
    families: Mapping[str, frozenset[str]] = field(default_factory=dict)
    profiled: frozenset[str] = frozenset()  # the entities some profile or background tells of


class Describer:
    """Describes each candidate of one question: what depends on the question alone (the
    answer kinds it asks for, the words it already knows, its rarest terms) is worked out
    once here, not once per candidate."""

    def __init__(self, query: Query, stats: QueryStats, context: Context) -> None:
        self.query, self.stats, self.context = query, stats, context
        template = [0.0] * len(FEATURES)
        template[INDEX["unknown_share"]] = stats.unknown_share
        template[INDEX["question_terms"]] = math.log1p(stats.term_count)
        self._template = template
        self._unanswered_twin = twin(stats.unanswered)
        self._missing = [(e, INDEX[_missing_feature(e, context)]) for e in query.entities]
        self._years = set(query.years)
        self._rarity = list(stats.rarity.items())
        self._wanted = [kind for kind in ANSWER_KINDS if kind in query.intents]
        asked_about = [e for e in query.entities if e not in context.subjects] or query.entities
        self._identity = "identity" in query.intents and bool(asked_about)
        self._asked_about = asked_about
        # Someone the coverage only mentions ("who is Aaron?", named once among a rescue's
        # helpers): what it says of them is all it tells of who they are.
        self._unprofiled = not context.profiled.intersection(asked_about)
        self._known = set(query.words) | query.name_words

    def __call__(
        self,
        fact: Fact,
        facts: FactFeatures,
        *,
        lexical: float,
        semantic: Similarities,
        paraphrase: tuple[float, float],
        asked: float,
        consequence: float = 0.0,
    ) -> list[float]:
        """The feature vector of one candidate, in the order of `FEATURES`. `consequence`:
        how well the question matches a fact this one tells the consequence of, when it asks
        what came of something (0 otherwise)."""
        query, stats, i = self.query, self.stats, INDEX
        row = self._template.copy()
        coverage = lexical / (stats.information or 1.0)
        row[i["lexical_coverage"]] = min(coverage, 1.5)
        row[i["lexical_vs_best"]] = lexical / stats.best_lexical if stats.best_lexical > 0 else 0.0
        row[i["log_coverage"]] = math.log(max(coverage, MIN_COVERAGE))
        row[i["semantic_text"]] = semantic.text
        row[i["semantic_question"]] = semantic.question
        row[i["semantic_quote"]] = semantic.quote
        row[i["semantic_vs_best"]] = semantic.best - stats.best_semantic
        row[i["semantic_same_ask"]] = semantic.same_ask
        row[i["paraphrase"]], row[i["paraphrase_same_ask"]] = paraphrase
        for at, value in zip(
            RECALL_AT,
            recalled(asked, stats.best_asked, self._unanswered_twin, stats.remembers),
            strict=True,
        ):
            row[at] = value
        for entity_id, missing in self._missing:
            if entity_id not in facts.named and entity_id not in facts.cast:
                row[missing] += 1.0
        if self._years:
            in_year = fact.date is not None and any(
                fact.date.contains(PartialDate(year)) for year in query.years
            )
            row[i["year_mismatch"]] = float(not (in_year or facts.years_in_text & self._years))
        if (query.dates or query.month_days) and fact.date:
            row[i["date_mismatch"]] = float(not _on_a_date_asked(fact.date, query))
        if query.possessives:
            row[i["owner_mismatch"]] = float(_owner_mismatch(query, facts, self.context.owner_of))
        terms = facts.terms
        row[i["unmatched_peak"]] = max((r for t, r in self._rarity if t not in terms), default=0.0)
        for name, value in _focus(query, facts, self.context, self._known).items():
            row[i[name]] = value
        missing_any = False
        for kind in self._wanted:
            lacking = LACKS[kind](query, fact, facts, self.context)
            row[i[f"lacks_{kind}"]] = float(lacking)
            missing_any = missing_any or lacking
        row[i["answer_present"]] = float(bool(self._wanted) and not missing_any)
        row[i["speaker_match"]] = float(query.speaker is not None and fact.said_by == query.speaker)
        row[i["consequence"]] = consequence
        row[i["identity_profile"]] = float(
            self._identity
            and all(e in facts.named for e in self._asked_about)
            and (
                not facts.about.isdisjoint(self._asked_about)
                if fact.kind in PROFILE_KINDS  # someone else's profile says who they are
                else self._unprofiled
            )
        )
        return row


def _on_a_date_asked(date: PartialDate, query: Query) -> bool:
    """Whether a fact's date agrees with a date the question names: "in July 2018", or
    "on July 6" of whatever year (a fact dated only "2018" may be either)."""
    asked = [
        *query.dates,
        *(PartialDate(date.year, month, day) for month, day in query.month_days),
    ]
    return any(d.contains(date) or date.contains(d) for d in asked)


def _missing_feature(entity_id: str, context: Context) -> str:
    """The feature an entity the question names counts in when a fact does not name it."""
    if entity_id in context.subjects:
        return "subject_missing"
    if context.entity_kinds.get(entity_id) == "place":
        return "places_missing"
    return "names_missing"


Lack = Callable[[Query, Fact, FactFeatures, Context], bool]


def _lacks_the_date_asked(query: Query, fact: Fact, facts: FactFeatures, context: Context) -> bool:
    """ "When": a date, and not only the date someone spoke: a quotation is dated when it was
    said, which answers "when did she say it" but not "when did the pardons happen"."""
    return not facts.has_date or (fact.kind == "quote" and "quote" not in query.intents)


def _shows_no_place(query: Query, fact: Fact, facts: FactFeatures, context: Context) -> bool:
    """ "Where": the text names a place or organisation the question did not (a known
    entity, or a capitalised name: "the Tapestry Room")."""
    kinds = context.entity_kinds
    places = {e for e in facts.in_text if kinds.get(e) in ("place", "organisation")}
    if places - set(query.entities):
        return False
    return not (facts.proper_words - set(query.words) - query.name_words)


def _names_no_one(query: Query, fact: Fact, facts: FactFeatures, context: Context) -> bool:
    """ "Who": someone besides those asked about, a speaker, or a noun for people; and for
    "who opened the wall", someone doing it, where the text tells of the opening."""
    if query.speaker is not None or "identity" in query.intents:
        return False
    if _deed_undone(query.deed, facts, set(query.words) | query.name_words):
        return True
    others = set(fact.people) - set(query.entities)
    return not (others or fact.said_by or facts.has_person_noun)


# What each kind of answer needs from a fact, as "the fact lacks it" tests: the one table
# behind the lacks_* features (the intents themselves are `lexicon.INTENT_PATTERNS`).
LACKS: dict[str, Lack] = {
    "weekday": lambda q, f, ff, c: not ff.has_weekday,
    "time_of_day": lambda q, f, ff, c: not ff.has_time_of_day,
    "when": _lacks_the_date_asked,
    "exact_date": lambda q, f, ff, c: not (f.date and f.date.precision == "day"),
    "age": lambda q, f, ff, c: not ff.has_age,
    "count": lambda q, f, ff, c: not ff.has_count,
    "duration": lambda q, f, ff, c: not ff.has_duration,
    "interval": lambda q, f, ff, c: not ff.has_interval,
    "named": lambda q, f, ff, c: not (set(f.entity_ids) - set(q.entities)),
    "where": _shows_no_place,
    "who": _names_no_one,
    "why": lambda q, f, ff, c: not ff.has_reason,
    "quote": lambda q, f, ff, c: q.speaker is None and f.kind != "quote",
}
assert set(LACKS) == set(ANSWER_KINDS)


MIN_COVERAGE = 0.01  # the log of a share of nothing is this share's

NAME_REACH = 3  # words between a noun and the name that says which one it is


def _named_near(focus: str, facts: FactFeatures, known: set[str]) -> bool:
    """Whether the fact's text names something new within a few words of the focus noun
    ("the Corran Leisure Centre, a sports hall": which hall)."""
    new = [j for j, word in facts.proper_at if word not in known]
    for i, term in enumerate(facts.text_terms):
        if term != focus:
            continue
        for j in new:
            if abs(i - j) <= NAME_REACH and j != i:
                return True
    return False


DOER_REACH = 2  # words from the name of the one who did something to the verb


def _deed_undone(deed: str | None, facts: FactFeatures, known: set[str]) -> bool:
    """ "Who opened the wall": whether the text tells of the deed ("at the opening of the
    wall", a headline "Wall opens") with no one the question did not name doing it: no name
    just before the verb ("Calder and Renwick opened"), nor after it with "by" ("was opened
    by Calder"). A text without the verb may tell it in other words: not this feature's."""
    if deed is None:
        return False
    at = [i for i, term in enumerate(facts.text_terms) if term == deed]
    if not at:
        return False
    names = [j for j, word in facts.proper_at if word not in known]
    for i in at:
        if any(0 < i - j <= DOER_REACH for j in names):
            return False
        if any(0 < j - i <= DOER_REACH and "by" in facts.text_terms[i + 1 : j] for j in names):
            return False
    return True


def _focus(
    query: Query, facts: FactFeatures, context: Context, known: set[str]
) -> dict[str, float]:
    """The features of the thing asked for: "which law school", "how many dogs". `known`:
    the question's words and the words of the names it names."""
    out = {}
    # "Which city": a place the question did not name answers it, whatever the text calls it.
    kind_named = not query.counted and (
        _names_new_of_kind(query, facts, context) or query.focus_entity in facts.named
    )
    if query.focus is not None:
        out["focus_missing"] = float(query.focus not in facts.terms and not kind_named)
        if query.counted:
            out["count_unanchored"] = float(not _counted(query.focus, facts))
    if query.intents & NAMING_INTENTS and "identity" not in query.intents and not query.speaker:
        out["new_name_missing"] = float(not (facts.proper_words - known))
        if query.focus is not None and not query.counted:
            named = kind_named or _named_near(query.focus, facts, known)
            out["focus_unnamed"] = float(not named)
    return out


def _names_new_of_kind(query: Query, facts: FactFeatures, context: Context) -> bool:
    """Whether the fact names an entity the focus noun could be that the question did not
    name: "which city" and a fact naming Ashby, a town. A general noun ("which place")
    takes any entity of its kind; a particular one ("which prison") only an entity that is
    one by its description or name (or a noun of the same family: a town is a city), so a
    fact naming a state does not answer it."""
    if query.focus_kind is None or query.focus is None:
        return False
    new = [e for e in facts.named if e not in query.entities]
    if query.focus_general:
        return any(context.entity_kinds.get(e) == query.focus_kind for e in new)
    family = context.families.get(query.focus, frozenset({query.focus}))
    for e in new:
        known = context.entity_categories.get(e)
        if family & known if known else context.entity_kinds.get(e) == query.focus_kind:
            return True
    return False


# Where the head of a description or a name ends: "Leisure centre in Ashby", "Town on
# the Tamsin, home of ...", "Tamsin River Authority".
_HEAD_END = re.compile(
    r"[,.;:()]|\b(?:in|of|on|at|for|with|from|to|by|near|who|whom|whose|which|that|where|when"
    r"|serving|since|between|under|over|about)\b",
    re.IGNORECASE,
)
_OWNER = re.compile(r"\w+'s?\b")


def categories(entity: Entity, term: Callable[[str], str]) -> frozenset[str]:
    """What an entity is, as index terms: the words that open its description ("Leisure
    centre in Ashby": centre; "Mayor and former schoolteacher": mayor, schoolteacher) and,
    for a place or organisation, the last word of a name of several words before any
    "of"/"for" ("Corran Leisure Centre": centre; "Tamsin River Authority": authority).
    Empty when neither says: then only the entity's kind is known."""
    found: set[str] = set()
    heads = [(entity.description or "", True)]
    if entity.kind != "person":
        heads += [(name, False) for name in entity.names]
    for text, whole in heads:
        chunk = _OWNER.sub(" ", _HEAD_END.split(text, maxsplit=1)[0]).lower().split()
        words = [w for w in chunk if w not in STOPWORDS]
        if whole:
            found.update(words)
        elif len(text.split()) > 1 and words:
            found.add(words[-1])
    return frozenset(term(w) for w in found if w.replace("-", "").isalpha())


def families(term: Callable[[str], str]) -> dict[str, frozenset[str]]:
    """Each category noun's family as index terms: "town" -> {citi, town, villag, ...}."""
    out: dict[str, frozenset[str]] = {}
    for family in CATEGORY_FAMILIES:
        terms = frozenset(term(w) for w in family)
        for t in terms:
            out[t] = out.get(t, frozenset()) | terms
    return out


def _counted(focus: str, facts: FactFeatures) -> bool:
    """Whether the text gives a number for the counted thing ("15 women", "five of them")."""
    terms = facts.text_terms
    for i, term in enumerate(terms):
        if term == focus and any(j in facts.numbers_at for j in range(max(0, i - NAME_REACH), i)):
            return True
    return False


def _owner_mismatch(
    query: Query, facts: FactFeatures, owner_of: Callable[[str], str | None]
) -> bool:
    """ "Calder's birthday" is not answered by a fact about Pike's birthday."""
    for owner, thing in query.possessives:
        for fact_owner_word, fact_thing in facts.possessives:
            if fact_thing == thing:
                fact_owner = owner_of(fact_owner_word)
                if fact_owner is not None and fact_owner != owner:
                    return True
    return False
