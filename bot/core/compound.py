"""Questions with more than one part, and questions that compare two events.

"When did she meet him and what did she say afterwards?" asks two things: each part is
answered on its own, and a part the coverage does not cover is said to be so. "Which came
first, the visit or the release?" and "how long after the meeting was she freed?" name two
events: the answer names both with their dates (and the time between them), not a list of
everything that happened. These are English patterns only; which events the phrases name
is the matcher's business.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.core.lexicon import (
    AFTER_WORDS,
    BEFORE_WORDS,
    END_TO_END_PATTERN,
    EXTREME_PATTERN,
    LISTED_ORDER_PATTERN,
    ORDERING_PATTERN,
    SPAN_TO_PATTERN,
    STOPWORDS,
    THING_REFERENCES,
    TIMELINE_WORDS,
)
from bot.core.models import YEARS_IN_DECADE, PartialDate
from bot.core.normalize import normalize

# A second question joined to the first: "... and what did she say", "...? also when ...".
_SECOND_PART = re.compile(
    r"\s(?:and|also|plus|and also)\s+(?=(?:what|whats|when|where|who|whos|why|how|which)\s)"
)
_ASKING = r"what|whats|when|where|who|whos|why|how|which|did|does|do"
_ASKS = re.compile(rf"^(?:{_ASKING}|is|was)\b")
_A_QUESTION = re.compile(
    rf"^(?:(?:so|and|ok|okay|but|then|well|also) )*(?:{_ASKING}|has|have|can|could)\b"
)
MIN_PART_WORDS = 3  # "and when": too short to be a question of its own
# Gaps are said in days under two weeks, in weeks under ten, then in months and years.
DAYS_IN_WEEK, TWO_WEEKS, TEN_WEEKS, MONTHS_IN_YEAR = 7, 14, 70, 12

_FIRST = r"(?:came|happened|was|come|happen) (?:first|1st|earlier|sooner|before)"
# "which", "which one", "which of those", "which of the two events"
_OF_THEM = r"(?: one)?(?: of (?:those|these|them|the two|the 2|both))?(?: one| events?| things?)?"
# "how long", "how many months": a question of the time between two events, and the words
# it may take before naming them ("were there", "lie", "elapsed", "did it take").
_HOW_LONG = r"\bhow (?:long|much time|many (?:days|weeks|months|years))(?: \w+){0,3}?"
# "first": which came first; "side": whether the first event came before or after the
# second ("was X before or after Y"); "gap": the time between them.
ComparisonKind = Literal["first", "side", "gap"]
_COMPARISONS: tuple[tuple[ComparisonKind, re.Pattern[str]], ...] = (
    ("first", re.compile(rf"\b(?:which|what){_OF_THEM} {_FIRST} (.+?) or (.+)$")),
    ("first", re.compile(rf"^(.+?) (?:or|vs|versus) (.+?) (?:which|what){_OF_THEM} {_FIRST}\b")),
    (
        "side",
        re.compile(
            r"\b(?:was|did|is) (.+?) (?:happen |come )?(?:before or after|after or before) (.+)$"
        ),
    ),
    # "did X first, or Y first", "did X or Y come first"
    ("first", re.compile(r"^(?:did|was|were) (.+?) first,? or (?:did |was |were )?(.+?) first$")),
    ("first", re.compile(r"^(?:did|was|were) (.+?) or (.+?) (?:come|happen) first$")),
    # "had X already happened by the time of Y"
    (
        "first",
        re.compile(
            r"^had (.+?) (?:already |yet )?(?:happened |taken place |come )?(?:already |yet )?"
            r"by (?:the time (?:of )?)?(.+?)$"
        ),
    ),
    (
        "gap",
        re.compile(
            r"\bhow (?:long|soon|much time|many (?:days|weeks|months|years)) "
            rf"(?:{AFTER_WORDS}|{BEFORE_WORDS}) (.+?) (?:was|were|did|is|came|happened) (.+)$"
        ),
    ),
    ("gap", re.compile(rf"{_HOW_LONG} between (.+?) and (.+)$")),
    ("gap", re.compile(rf"{_HOW_LONG} from (.+?) (?:to|until|till|til) (.+)$")),
    ("gap", re.compile(rf"{_HOW_LONG} (?:separate[sd]?|divide[sd]?) (.+?) (?:and|from) (.+)$")),
    (
        "gap",
        re.compile(
            r"\bhow (?:far|long|much time|many (?:days|weeks|months|years)) apart "
            r"(?:were|was|are|is) (.+?) and (.+)$"
        ),
    ),
    (
        "gap",
        re.compile(
            r"\b(?:the |what s the |whats the )?(?:time |)(?:gap|span|interval|time) between "
            r"(.+?) and (.+)$"
        ),
    ),
)

# "The visit and the release: how far apart were they?", "... how long between the two?":
# the time between two events named before the question and referred to together.
_BOTH = (
    r"(?:(?:those|these|the) (?:two|2)|they|them|those|these|both)"
    r"(?: of them| [a-z]+s)?\b"
)
_PAIR_GAPS = (
    re.compile(
        r"\bhow (?:far|long|much time|many (?:days|weeks|months|years)) apart "
        rf"(?:were|was|are|is|did) {_BOTH}"
    ),
    re.compile(rf"{_HOW_LONG} between {_BOTH}"),
    re.compile(rf"\b(?:time |)(?:gap|span|interval|time) between {_BOTH}"),
)


_EXTREME = re.compile(EXTREME_PATTERN)
_ORDERING = re.compile(rf"{ORDERING_PATTERN}|{LISTED_ORDER_PATTERN}")
_EARLIEST = frozenset({"earliest", "oldest", "first"})
# Where one event named in a list ends: "the governor's visit, the flood one and the
# roundtable", sentence ends included (the list may stand in the chat before the question).
_LIST_BREAK = re.compile(r"[,;/:.!?()]|\b(?:and|or|vs|versus|then)\b")
_LIST_LEAD = re.compile(r"^(?:of|among|between|from|list|rank|sort|order|arrange) ")
MIN_NAMED = 2  # events a question of "which was the latest" compares


def _phrases(text: str) -> list[str]:
    """The phrases of a list that may name events, split where the asker typed commas,
    "and" and "or"; words that shape the question ("... in what order did these happen")
    name no event, nor end one ("which order did X and Y happen in")."""
    phrases = []
    for piece in _LIST_BREAK.split(text):
        words = _LIST_LEAD.sub("", normalize(piece).strip()).split()
        while words and _shapes(words[-1]):
            words.pop()
        if words:
            phrases.append(" ".join(words))
    return phrases


def _shapes(word: str) -> bool:
    """Whether a word only shapes a question or a list ("the", "so", "then", "order")."""
    return word in STOPWORDS or word in TIMELINE_WORDS


@dataclass(frozen=True, slots=True)
class Extreme:
    """Events named in a list, and what is asked of them: the earliest, the latest, or all
    of them in order ("put these in order: X, Y, Z")."""

    end: Literal["earliest", "latest", "all"]
    phrases: tuple[str, ...]


def extreme(text: str) -> Extreme | None:
    """ "The governor's visit, the flood one and the opening: which was the most
    recent?", "put these in order: ...": the phrases that may name events (split where the
    asker typed commas, "and" and "or", in the question or the sentences before it), and
    what is asked of them."""
    lowered = text.lower()
    normalized = normalize(lowered)
    # "put these in order ... which was last": all of them, in order
    asking = _ORDERING if _ORDERING.search(normalized) else _EXTREME
    match = asking.search(normalized)
    if match is None:
        return None
    # The asking words out of the message, where they were typed (commas and all), or else
    # out of its normalized form.
    typed = asking.search(lowered)
    where, text = (typed, lowered) if typed else (match, normalized)
    rest = text[: where.start()] + "," + text[where.end() :]
    if asking is _ORDERING:  # "order these: X, Y, Z - which was last": all of them
        rest = _EXTREME.sub(",", rest)
    # "how many prisons has she visited, and in what order?": a question names no event
    phrases = [p for p in _phrases(rest) if not _A_QUESTION.match(p)]
    if len(phrases) < MIN_NAMED:
        return None
    if asking is _ORDERING:
        # "the order of events in her story, from the sentence to the release": a stretch
        # of the story, not events to order
        return None if between(text) or from_to(text) else Extreme("all", tuple(phrases))
    return Extreme("earliest" if match.group(1) in _EARLIEST else "latest", tuple(phrases))


# "between X and Y": two events (or dates) that bound a span of time.
_BETWEEN = re.compile(r"\bbetween (?P<first>.+?) and (?P<second>.+)$")
# "after X up to Y", "since X until Y": the same span, said from its start. Not "after X to
# Y", where "to" is likelier "in order to" ("after the meeting to thank him").
_UNTIL = r"(?:up (?:to|until|till|til)|until|till|til)"
_SINCE_UNTIL = re.compile(rf"\b(?:{AFTER_WORDS}|since) (?P<first>.+?) {_UNTIL} (?P<second>.+)$")
# "from X to Y", "from X all the way up to Y": a stretch of the story from one event (or
# date) to another, both included. Not "from start to finish", the whole story, nor "from"
# after someone ("who from the council came to the hearing?"), where it says where they are
# from.
_SOMEONE = ("who", "anyone", "anybody", "someone", "somebody", "people", "else")
_FROM_TO = re.compile(
    "".join(rf"(?<!\b{word} )" for word in _SOMEONE)
    + rf"\bfrom (?!{END_TO_END_PATTERN})(?P<first>.+?) {SPAN_TO_PATTERN} (?P<second>.+)$"
)
_SENTENCE_END = re.compile(r"[.?!;]+(?:\s|$)")
_CLAUSE_END = re.compile(r"[.?!;:,]+(?:\s|$)|\s[-\u2013\u2014]+\s")


def sentences_of(text: str) -> list[str]:
    """A message's sentences, as typed (the whole message when it has one)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()] or [text]


def between(text: str) -> tuple[str, str] | None:
    """ "What happened between the dinner and the visit? Did one lead to the other?": the two
    phrases (normalized) of the first sentence that names a span, the second ending where
    that sentence does rather than taking in the chat after it."""
    sentences = (*_SENTENCE_END.split(text), text)  # or the whole when no sentence holds it
    return _first_span(_BETWEEN, sentences) or _first_span(_SINCE_UNTIL, sentences)


def from_to(text: str) -> tuple[str, str] | None:
    """ "Walk me through it, from the dinner to the visit": the two ends (normalized) of a
    stretch of the story that takes in both, as `between` finds its two phrases, within a
    clause ("a quote from her at the visit. What did she say to them?" names none; "from
    the dinner to the visit, what happened?" ends at the visit)."""
    return _first_span(_FROM_TO, _CLAUSE_END.split(text))


def _first_span(pattern: re.Pattern[str], sentences: Iterable[str]) -> tuple[str, str] | None:
    for sentence in sentences:
        if match := pattern.search(normalize(sentence.lower())):
            return match["first"], match["second"]
    return None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two event phrases and what is asked of them: which came first, or the time between."""

    kind: ComparisonKind
    first: str
    second: str
    # Which phrase the question takes to be the later event: "how long after X was Y" takes
    # Y ("second"), "how long before X was Y" takes X ("first"); None when it takes neither.
    later: Literal["first", "second"] | None = None

    @property
    def refers_back(self) -> bool:
        """Whether one side is only "that" or "it": an event said elsewhere."""
        return self.first in THING_REFERENCES or self.second in THING_REFERENCES


def comparison(normalized: str) -> Comparison | None:
    """The comparison a normalized question asks for, if it asks for one. A side that is
    only "that" or "it" means what the message said before the question: "the school
    visit, how long after the flood was that?" compares the visit."""
    for kind, pattern in _COMPARISONS:
        if match := pattern.search(normalized):
            said = _said_before(normalized[: match.start()])
            a, b = (
                said if said and side in THING_REFERENCES else side
                for side in (_bare(g) for g in match.groups())
            )
            if a and b:
                return Comparison(kind, a, b, _later(match.group(0)) if kind == "gap" else None)
    return _pair_gap(normalized)


def _pair_gap(normalized: str) -> Comparison | None:
    """ "She studied for the bar and passed the baby bar: how many months apart were those
    two things?": the last two events named before the question (None unless two are)."""
    for pattern in _PAIR_GAPS:
        match = pattern.search(normalized)
        # what follows only shapes the question ("... exactly", "... in years"), not "in age"
        if match and all(_shapes(word) for word in normalized[match.end() :].split()):
            named = _phrases(normalized[: match.start()])
            if len(named) >= MIN_NAMED:
                first, second = (_unled(p) for p in named[-MIN_NAMED:])
                return Comparison("gap", first, second)
    return None


def _unled(phrase: str) -> str:
    """A phrase without the words that lead into it ("so", "and later"): what it names."""
    words = phrase.split()
    while len(words) > 1 and _shapes(words[0]):
        words.pop(0)
    return " ".join(words)


def _bare(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|her|his|their|its|my|our|your) ", "", phrase.strip())


def _said_before(text: str) -> str | None:
    """What a message names before its question ("so the mayor visited the new school"): the
    event a "that" in the question may mean; None when it says nothing."""
    if not any(word not in STOPWORDS for word in text.split()):
        return None
    return _bare(text)


def _later(asked: str) -> Literal["first", "second"] | None:
    """The event a gap question takes to be the later: "how soon after X did Y" takes Y."""
    if re.search(rf"\bhow \w+(?: \w+)? {AFTER_WORDS}\b", asked):
        return "second"
    if re.search(rf"\bhow \w+(?: \w+)? {BEFORE_WORDS}\b", asked):
        return "first"
    return None


def parts(normalized: str) -> list[str]:
    """The questions a message asks, in order: one, or two joined by "and what ..."."""
    pieces = _SECOND_PART.split(normalized, maxsplit=1)
    if len(pieces) > 1 and all(
        _ASKS.search(p) and len(p.split()) >= MIN_PART_WORDS for p in pieces
    ):
        return pieces
    return [normalized]


def gap(earlier: PartialDate, later: PartialDate) -> str:
    """The time between two dates, in words, at the coarser of their precisions ("early
    June" is about the 5th: a week after 30 May, not a month). From a decade, the range
    its first and last years allow: "the 1990s" to 2018 is 19 to 28 years."""
    if earlier.decade or later.decade:
        least = later.year - (earlier.year + (YEARS_IN_DECADE - 1) * earlier.decade)
        most = later.year + (YEARS_IN_DECADE - 1) * later.decade - earlier.year
        return f"{max(least, 0)} to {most} years" if least != most else _plural(most, "year")
    first, last = earlier.estimated_day(), later.estimated_day()
    if first is not None and last is not None:
        days = (
            dt.date(later.year, later.month or 1, last).toordinal()
            - dt.date(earlier.year, earlier.month or 1, first).toordinal()
        )
        if days < TWO_WEEKS and earlier.day is not None and later.day is not None:
            return _plural(days, "day")
        if days < TEN_WEEKS:
            return _plural(max(1, round(days / DAYS_IN_WEEK)), "week")
    if earlier.month is not None and later.month is not None:
        months = (later.year - earlier.year) * 12 + later.month - earlier.month
        if months < MONTHS_IN_YEAR:
            return _plural(months, "month") if months else "less than a month"
        return _plural(round(months / MONTHS_IN_YEAR), "year")
    years = later.year - earlier.year
    return _plural(years, "year") if years else "less than a year"


def _plural(count: int, unit: str) -> str:
    amount = ("an" if unit == "hour" else "a") if count == 1 else str(count)
    return f"{'about ' if unit != 'day' else ''}{amount} {unit}{'' if count == 1 else 's'}"
