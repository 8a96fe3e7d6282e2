"""Follow-up questions, read with the turn before them.

A member who got an answer asks on: "and when was that?", "what about Tom Hale?", "who else
was there?", "what did she say about it?". Alone these say too little; with the last
question they say enough. The matcher stays stateless: a follow-up is rewritten into
questions that stand alone (its *readings*), each is asked, and a small fitted chooser
(`bot.core.readings`) picks the reply, weighing the matcher's confidence against repeating
the last answer. The readings, in plain words a curator can read with `/why`:

- the same question about something else: the last question with the new name or year in
  the old one's place ("what about the mayor?", "and in 2021?"), or with the follow-up's words
  in place of its setting ("how old was she at the opening?" then "and when she met
  the governor?": "how old was she when she met the governor");
- a question that leans on the last turn: the last question put before it as the chat it
  is asked in ("about … governor's visit. when was that?"), which the reader weighs as
  context, not as what is asked; "she" or "he" becomes each person the last turn named,
  "there" the place and "then" the year of the last answer, and "it" perhaps what that
  answer named (an organisation or a place); and a question that surely leans on the
  last turn is also read with the people, places and organisations the last answer named
  ("where's that located?" after an answer naming the prison the question did not), with
  the last question's words inside it ("what day was that mayor meet governor"), and with
  each person its "she" may mean, on its own;
- a question that may or may not lean on it (short, naming nothing; a "she" before any
  name) is also asked alone;
- the follow-up as asked, answered only from the facts of the last answer's story (its
  file in `facts/`) that share a topic (tag) with it: "what else reopened?" after the
  school is the bakery of the same rebuilding, not whatever reopened elsewhere; "who went
  with her?" after a prison visit is who went on that visit, not on another;
- "did it work?", "what came of that?": what the fact base says the last answer led to
  (`Fact.led_to`: the vote to the wall being built, in no word alike), beside the events
  that came next in time;
- "who else", "what else": not the fact already given.

The context is bounded: the last few turns of one conversation (one member in one
channel, or one DM), and none older than a few minutes.
"""

from __future__ import annotations

import calendar
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.core.compound import comparison
from bot.core.lexicon import (
    BACK_REFERENCES,
    CONTINUE_PATTERN,
    FOLLOW_ON_CUE,
    MONTHS,
    MOVE_PATTERNS,
    PERSON_PRONOUNS,
    SETTING_WORDS,
    STOPWORDS,
    SWAP_PATTERN,
    THING_REFERENCES,
    ask_code,
)
from bot.core.models import Fact, PartialDate
from bot.core.normalize import normalize
from bot.core.query import Query, as_meant
from bot.core.readings import FollowUp, Form, Reading, ReadingChooser, choose, shipped_chooser
from bot.core.reply import Abstention, RankedFact, Reply

if TYPE_CHECKING:  # the matcher reads a two-part question's later part with this module
    from bot.core.matcher import Matcher

TURNS = 3  # turns a conversation remembers
TTL_SECONDS = 600.0  # a question asked later than this after the last one stands alone
CONVERSATIONS = 1000  # conversations remembered at once (the oldest forgotten first)
SHORT = 3  # a question with at most this many content words and no name leans on the last

_SWAP = re.compile(SWAP_PATTERN)
_CONTINUE = re.compile(CONTINUE_PATTERN)
_CUE = re.compile(FOLLOW_ON_CUE)
_MOVES = tuple((move, re.compile(pattern)) for move, pattern in MOVE_PATTERNS)
_YEAR = re.compile(r"(?:1[89]|2[01])\d\d")
_THAT_YEAR = re.compile(r"\b(?:of |in )?(?:that|the|that same) (?:same )?year\b")
_DAY = re.compile(r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?")
# Around a date: what leads to it ("back in", "on") and what sits between ("the end of").
_DATE_LEADS = frozenset({"in", "on", "at", "during", "around", "by", "back", "from", "since"})
_DATE_GLUE = frozenset(
    {"the", "of", "end", "start", "beginning", "middle", "early", "mid", "late", "last"}
)
_ELSE = re.compile(r"\b(?:who|what|where|when|which|anyone|anything|anybody|someone) else\b")
_WHO_ELSE = re.compile(r"\b(?:who|anyone|anybody|someone|somebody) else\b")
MEANT = 3  # people a "she" may mean, each tried
OTHERS = 2  # people besides those named that make the last answer's fact a "who else" answer
ASK_WORDS = 2  # a question's setting starts after at least its first two words ("in what year")


@dataclass(frozen=True, slots=True)
class Turn:
    """One question as it was understood (rewritten when it was a follow-up) and its reply."""

    question: str
    reply: Reply
    at: float


class Conversation:
    """The last few turns between one member and the bot in one place."""

    def __init__(
        self,
        *,
        turns: int = TURNS,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        chooser: ReadingChooser | Literal["shipped", "most confident"] = "shipped",
    ) -> None:
        self._turns: list[Turn] = []
        self._limit = turns
        self._ttl = ttl
        self._clock = clock
        # Which reading of a follow-up answers: the fitted chooser (`bot.core.readings`),
        # or the most confident ("most confident", what the chooser is fitted from).
        self._chooser: ReadingChooser | None = (
            shipped_chooser()
            if chooser == "shipped"
            else None
            if chooser == "most confident"
            else chooser
        )

    def last(self) -> Turn | None:
        """The latest turn, unless it is too old to be what a new question continues."""
        if not self._turns or self._clock() - self._turns[-1].at > self._ttl:
            return None
        return self._turns[-1]

    def ask(self, matcher: Matcher, question: str, *, follow: bool = True) -> Reply:
        """Answer a question in this conversation, and remember it. `follow=False` asks it
        on its own (a new mention, not a reply to the bot) and only remembers it.

        A question may be read several ways (alone, or after the last turn; "she" as one
        person or another): each reading is asked and the chooser picks the reply
        (`bot.core.readings`: fitted on the team's follow-ups, since the matcher's
        confidence alone favours readings that carry the last turn's words)."""
        last = self.last() if follow else None
        understood, reply = follow_on(matcher, question, last, self._chooser)
        self.remember(understood, reply)
        if understood == question:
            return reply
        return replace(reply, question=question, understood=understood)

    def remember(self, question: str, reply: Reply) -> None:
        """Keep a turn (as understood) for the next question to follow on from."""
        self._turns = [*self._turns, Turn(question, reply, self._clock())][-self._limit :]

    def resolve(self, matcher: Matcher, question: str) -> str:
        """The question as it would be understood now (the first of its readings)."""
        last = self.last()
        return question if last is None else readings_of(matcher, question, last)[0]


def follow_on(
    matcher: Matcher,
    question: str,
    last: Turn | None,
    chooser: ReadingChooser | None,
    *,
    part: bool = False,
) -> tuple[str, Reply]:
    """A question after the last turn (or alone, with none): the reading chosen, as text,
    and its reply. `part`: the later part of a two-part question, read after the first
    ("who was her father, and who did he represent?"); its own words are what it asks, so
    the first part's words are never read into them (the "inline" reading)."""
    put = _put(matcher, question)  # read once, for the readings and the chooser
    skip = frozenset({"inline"} if part else ())
    asked = asked_readings(matcher, question, last, skip=skip, put=put)
    chosen, reply = choose(asked, follow_up(matcher, question, last, put=put), chooser)
    return chosen.text, reply


def follow_up(
    matcher: Matcher, question: str, last: Turn | None, *, put: _Put | None = None
) -> FollowUp:
    """What the chooser weighs besides the readings: the last answer; the follow-up's own
    words (its index terms, not the words that point back: "it", "there"); how likely a
    fact answers it as asked (scored alone, once per fact); whether it asks the last
    question in a new setting; how it is put (`Form`; `put`: the question already read)."""
    put = put or _put(matcher, question)
    query = put.query
    own = {term: matcher.index.idf(term) for term in query.terms if term not in BACK_REFERENCES}
    fitted: dict[str, float] = {}

    def fits(fact: Fact) -> float:
        if fact.id not in fitted:
            ranked = matcher.rank(query, among=[fact])
            fitted[fact.id] = ranked[0].rank if ranked else 0.0
        return fitted[fact.id]

    return FollowUp(
        shown_fact(last.reply) if last else None,
        own,
        matcher.index.max_idf,
        matcher.terms_of,
        fits,
        new_setting=last is not None and bool(_in_new_setting(query.normalized, last)),
        form=put.form(),
        last_confidence=last.reply.confidence if last else 0.0,
    )


def asked_readings(
    matcher: Matcher,
    question: str,
    last: Turn | None,
    *,
    skip: frozenset[str] = frozenset(),
    put: _Put | None = None,
) -> list[tuple[Reading, Reply]]:
    """Each reading of a question after the last turn (or the question alone, with none),
    with the matcher's reply to it: what the chooser picks from. `skip`: kinds of reading
    not to make; `put`: the question already read."""
    options = (
        [Reading(question, "alone")]
        if last is None
        else reading_options(matcher, question, last, put=put)
    )
    options = [r for r in options if r.kind not in skip] or [Reading(question, "alone")]
    given = _given(matcher, question, last)
    return [
        (
            reading,
            _linked_reply(matcher, reading, last)
            if reading.led_to and last is not None
            else matcher.ask(reading.text, exclude=given, among=reading.among),
        )
        for reading in options
    ]


def _linked_reply(matcher: Matcher, reading: Reading, last: Turn) -> Reply:
    """The reply of a reading the fact base answers by its links (`Reading.led_to`): the
    facts linked, in the order the curator gave, as sure as the last answer they follow
    from (the link itself is the curator's, not a guess)."""
    facts = [matcher.base.facts_by_id[i] for i in reading.led_to if i in matcher.base.facts_by_id]
    sure = last.reply.confidence
    if not facts or sure < matcher.threshold:
        return Reply(reading.text, answered=False, reason=Abstention.NOT_COVERED)
    return Reply(
        question=reading.text,
        answered=True,
        facts=tuple(RankedFact(fact, sure) for fact in facts),
        articles=matcher.base.articles,
        confidence=sure,
    )


def _given(matcher: Matcher, question: str, last: Turn | None) -> frozenset[str]:
    """ "Who else ...?": the fact the last answer gave, not to be given again; unless the
    last question named someone and that fact names others, at least two besides the
    coverage's subjects (one may be the answer it gave): "who is Ann Lee?" answered with
    the panel Ann sat on, "who else was on it?" is that fact again. Someone is a person:
    after "which of them were at the fair?", which names a place, the people of the answer
    were what it asked for."""
    if last is None or not _ELSE.search(text := normalize(question)):
        return frozenset()
    shown = shown_fact(last.reply)
    if shown is None:
        return frozenset()
    if _WHO_ELSE.search(text):
        entities = matcher.base.entities
        spans = matcher.reader.entity_spans(last.question)
        named = {e for _, _, e in spans if entities[e].kind == "person"} - matcher.subjects
        others = set(shown.participants) - named - matcher.subjects
        if named and len(others) >= OTHERS:
            return frozenset()
    return frozenset({shown.id})


def readings_of(matcher: Matcher, question: str, last: Turn) -> list[str]:
    """The ways a question may be meant after the last turn (`reading_options`' texts)."""
    return [r.text for r in reading_options(matcher, question, last)]


def reading_options(
    matcher: Matcher, question: str, last: Turn, *, put: _Put | None = None
) -> list[Reading]:
    """The ways a question may be meant after the last turn, likeliest first: alone when
    it stands alone; the last question asked of something else ("what about Tom Hale?");
    or, when it leans on the last turn, with that turn as its context, with the last
    question's words after it, with a name for its "she", with the names the last answer
    gave (when it leans or says little; and, when it also names enough to stand alone,
    alone as well). The chooser
    (`bot.core.readings`) picks among them."""
    put = put or _put(matcher, question)
    query, text, words = put.query, put.query.normalized, put.words
    points_back, cue, names, dangling = put.points_back, put.continues, put.names, put.dangling
    alone = [Reading(question, "alone")]
    if query.empty and not (points_back or cue or ask_code(text)):
        return alone  # nothing asked ("?", an emoji): not a follow-up; "whose?" asks
    # Surely about the last turn: "and after that?" (the story on from its date), "what
    # about Tom Hale?" (its question of someone else), "was that before or after ...?" (its
    # event).
    if sure := (
        _moved_from_last(text, last)
        or _swapped(matcher, text, last)
        or _compared_with_last(text, last)
    ):
        return sure
    framed = _in_new_setting(text, last)
    content = put.content
    story = bool(query.timeline or query.months) and not cue
    if story and not (points_back or dangling):
        return [*alone, *framed]  # "what happened in July", "the oldest event": the story
    # Leaning on the last turn for sure ("and ...", "who else", "when was that?"), or
    # perhaps (a short question naming nothing, a "she" before any name): then it is also
    # asked alone.
    leans = not story and ((cue and len(content) <= SHORT + 1) or (points_back and not names))
    perhaps = (
        story  # "what happened there": the story, or the story of the last turn's event
        or (len(content) <= SHORT and not names)
        or dangling
        or (points_back and len(content) <= SHORT + 2)
    )
    if not (leans or perhaps):
        return [*alone, *framed]
    # The last question as the chat before this one: a statement, so that what is asked
    # (the intent, the asking word) comes from the follow-up alone.
    topic = _topic(last)
    about = f"about {topic}{_where_and_when(matcher, words, last)}"
    meant = _with_people_meant(matcher, words, dangling, last) or [question]
    readings = [Reading(f"{about}. {one}", "context") for one in meant]
    answered = _answer_names(matcher, last)
    if answered and (leans or (not names and len(content) <= SHORT)):
        readings.append(Reading(f"about {answered}. {question}", "answer"))
    things = _things_shown(matcher, last)
    if things and set(words) & THING_REFERENCES:  # "it", "that": perhaps what it answered
        readings.append(Reading(f"{about} {things}. {question}", "context"))
    # The last question's words as part of this one ("what day was that" + "mayor meet
    # governor at the dam"), a name for its "she" on its own, and with the answer's names.
    readings.append(Reading(f"{question.rstrip(' ?!.')} {topic}", "inline"))
    readings += [Reading(one, "person") for one in meant if dangling]
    if answered:
        readings += [Reading(f"about {answered}. {one}", "answer") for one in meant if dangling]
    readings = [*(readings if leans else [*alone, *readings]), *framed]
    readings = list({r.text: r for r in reversed(readings)}.values())[::-1]  # first of each
    # "And what happened to her after that?": perhaps what the last answer led to.
    outcome = _led_to(last) if "outcome" in query.intents else []
    return [*readings, *_about_last_story(matcher, question, last), *outcome]


@dataclass(frozen=True, slots=True)
class _Put:
    """How a follow-up is put, as the readings are chosen from it: its reading by the
    matcher, its words, and what in it leans on the last turn."""

    query: Query
    words: list[str]
    content: list[str]  # its content words, besides those that point back
    points_back: bool  # "it", "that", "there", "then"
    continues: bool  # "and ...", "what about ..."
    names: bool  # a name, year or date of its own (a topic is none)
    dangling: list[int]  # where "she", "he" comes before any name: someone of the last turn

    def form(self) -> Form:
        """What the reading chooser weighs of it."""
        return Form(
            points_back=self.points_back,
            continues=self.continues,
            own_words=len(self.content),
            names=self.names,
            pronouns=len(self.dangling),
            things=bool(set(self.words) & THING_REFERENCES),
            asks=ask_code(self.query.normalized),
        )


def _put(matcher: Matcher, question: str) -> _Put:
    reader = matcher.reader
    query = reader.read(question)
    spans = reader.entity_spans(question)
    entities = matcher.base.entities
    people_at = [a for a, _, e in spans if entities[e].kind == "person"]
    words = reader.words_of(question)
    first_person = min(people_at, default=len(words))
    return _Put(
        query,
        words,
        [w for w in query.words if w not in BACK_REFERENCES],
        bool(set(query.normalized.split()) & BACK_REFERENCES),
        bool(_CONTINUE.search(query.normalized)),
        bool(spans or query.years or query.dates or query.month_days),
        [i for i, w in enumerate(words[:first_person]) if w in PERSON_PRONOUNS],
    )


def _about_last_story(matcher: Matcher, question: str, last: Turn) -> list[Reading]:
    """The follow-up as asked, answered only from the facts of the last answer's story
    ("what did they talk about?" after the answer about a visit: the visit's facts,
    whoever "they" are): those of its story that share a topic (tag) with it. A tag
    alone would join two stories ("prison visits": two visits), a story alone its
    asides."""
    fact = shown_fact(last.reply)
    if fact is None:
        return []
    told = matcher.base.facts_by_story.get(fact.story, ())
    tags = set(fact.tags)
    among = frozenset(f.id for f in told if not tags or tags.intersection(f.tags))
    return [Reading(question, "story", among)]


def _topic(last: Turn) -> str:
    """The last question's content words, as meant when typed as in chat ("wat", "abt"):
    what a follow-up leaning on it is about."""
    return " ".join(w for w in as_meant(last.question) if w not in STOPWORDS)


def _swapped(matcher: Matcher, text: str, last: Turn) -> list[Reading]:
    """ "What about Tom Hale?": the last question asked of Tom Hale, as it was understood and as
    its asking sentence alone (without the chat it was read after, which may be about
    what the swap leaves behind)."""
    swap = _SWAP.search(text)
    if swap is None:
        return []
    rest = text[swap.end() :].strip(" ?!.")
    own = matcher.reader.read(last.question).asked
    swaps = [*_swap(matcher, last.question, rest), *(_swap(matcher, own, rest) if own else ())]
    return [Reading(s, "swap") for s in dict.fromkeys(swaps)]


def _compared_with_last(text: str, last: Turn) -> list[Reading]:
    """ "Was that before or after she met the governor?": the last question's words in place of
    the "that" it compares, so that both events can be found and put in order."""
    asked = comparison(text)
    topic = _topic(last)
    if asked is None or not topic:
        return []
    for side in (asked.first, asked.second):
        if side in THING_REFERENCES:
            return [Reading(re.sub(rf"\b{side}\b", topic, text, count=1), "inline")]
    return []


def _moved_from_last(text: str, last: Turn) -> list[Reading]:
    """ "And after that?", "what happened next?", "the year before?": the events next to the
    date of the fact the last turn was answered with, asked as a question of the story
    that stands alone. (After a list of events, "that" may be any of them: not read so.)"""
    text = text.strip(" ?!.")
    move = next((m for m, rx in _MOVES if rx.search(text)), None)
    if move is None:
        return []
    # "Did it work?": what the last answer led to, as the fact base links it; or else what
    # came next, as for "and after that?" (the chooser weighs the two).
    led_to = _led_to(last) if move == "outcome" else []
    move = "next" if move == "outcome" else move
    if last.reply.form == "facts":
        fact = shown_fact(last.reply)
        dates = [fact.date] if fact is not None and fact.date is not None else []
    elif move in ("year after", "year before"):  # a list of events: the year past its ends
        found = (r.fact.date for r in last.reply.facts if r.fact.date)
        dates = sorted(found, key=PartialDate.sort_key)
    else:
        dates = []
    if not dates:
        return led_to
    date = dates[0] if move in ("previous", "year before") else dates[-1]
    match move:
        case "next":
            asked = f"what was the first event after {_as_typed(date)}"
        case "previous":
            asked = f"what was the last event before {_as_typed(date)}"
        case "year after":
            asked = f"what happened in {date.year + 1}"
        case _:
            asked = f"what happened in {date.year - 1}"
    return [*led_to, Reading(asked, "next")]


def _led_to(last: Turn) -> list[Reading]:
    """ "Did it work?", "what came of that?" after an answer whose fact the curator linked
    to what it led to (`Fact.led_to`: the vote to the wall being built): those facts. A
    consequence seldom shares words with its cause, so the matcher alone would not find
    it; the link is the fact base's own word for it."""
    if not last.reply.answered or last.reply.form != "facts" or last.reply.best is None:
        return []
    fact = last.reply.best.fact
    if not fact.led_to:
        return []
    return [Reading(f"what came of {_topic(last)}", "outcome", led_to=fact.led_to)]


def _as_typed(date: PartialDate) -> str:
    """A date as a question would name it ("30 may 2018", "early june 2018", "2018"; a
    decade by its first year)."""
    parts: list[str] = [date.qualifier] if date.qualifier else []
    parts += [str(date.day)] if date.day else []
    if date.month:
        parts.append(calendar.month_name[date.month].lower())
    return " ".join([*parts, str(date.year)])


def _in_new_setting(text: str, last: Turn) -> list[Reading]:
    """ "And when she met the governor?", "what about the photo from the opening?": the last
    question's ask ("how old was the mayor", "who took the photo") with the follow-up's words
    in place of its setting ("at the dam's opening", the words from its first
    `SETTING_WORDS` on)."""
    cue = _CUE.match(text)
    if cue is None or not cue.end():
        return []
    rest = text[cue.end() :].strip(" ?!.")
    words = normalize(last.question).split()
    cut = next((i for i, w in enumerate(words) if i >= ASK_WORDS and w in SETTING_WORDS), None)
    if not rest or cut is None:
        return []
    return [Reading(f"{' '.join(words[:cut])} {rest}", "frame")]


def _things_shown(matcher: Matcher, last: Turn) -> str:
    """The organisations and places the last answer named, which "it" may mean."""
    fact = shown_fact(last.reply)
    if fact is None:
        return ""
    entities = matcher.base.entities
    named = [*fact.organisations, *fact.places]
    return " ".join(entities[e].name for e in named if e in entities)


def _answer_names(matcher: Matcher, last: Turn) -> str:
    """The people, places and organisations the last answer named: what a follow-up is
    often about when the question before it named none of them. Only for questions that
    surely lean on the last turn or name nothing and say little ("what was the exact
    date?"): as one more reading of any question that may stand alone, it answered
    standalone questions asked in a row worse (dev set 0.94 -> 0.90)."""
    fact = shown_fact(last.reply)
    if fact is None:
        return ""
    entities = matcher.base.entities
    named = [*fact.people, *fact.places, *fact.organisations]
    return " ".join(entities[e].name for e in dict.fromkeys(named) if e in entities)


def shown_fact(reply: Reply) -> Fact | None:
    """The fact a reply was about: its answer, or the closest fact of an abstention."""
    found = reply.facts or reply.near_misses
    return found[0].fact if found else None


def _with_people_meant(
    matcher: Matcher, words: list[str], dangling: list[int], last: Turn
) -> list[str]:
    """The question with names for its dangling pronouns, likeliest first. Each pronoun is
    its own person: "what did she hope he would do?" after a question about Ann and Tom
    is what Ann hoped Tom would do, never what Ann hoped Ann would do. The readings try
    each person the first pronoun may mean, the others taking their likeliest one not
    already taken."""
    groups: dict[str, list[int]] = {}
    for i in dangling:
        groups.setdefault(PERSON_PRONOUNS[words[i]], []).append(i)
    people = {pronoun: _people_meant(matcher, last, {pronoun}) for pronoun in groups}
    leads = [pronoun for pronoun in groups if people[pronoun]]  # one nobody fits stays
    if not leads:
        return []
    lead, others = leads[0], leads[1:]
    out = []
    for person in people[lead]:
        names, taken = dict.fromkeys(groups[lead], person), {person}
        for pronoun in others:
            other = next((p for p in people[pronoun] if p not in taken), None)
            if other is not None:
                names |= dict.fromkeys(groups[pronoun], other)
                taken.add(other)
        out.append(_with_person(words, names))
    return out


def _with_person(words: list[str], names: dict[int, str]) -> str:
    """The question's words with a person's name for the pronoun at each position ("her"
    before a noun is "Ines's": "her council"; before nothing, "Ines": "tell her")."""
    out = list(words)
    for i, person in names.items():
        after = words[i + 1] if i + 1 < len(words) else ""
        possessive = words[i] in ("his", "hers") or (
            words[i] == "her" and after and after not in STOPWORDS
        )
        out[i] = f"{person}'s" if possessive else person
    return " ".join(out)


def _where_and_when(matcher: Matcher, words: list[str], last: Turn) -> str:
    """ "There" is where the last answer happened, "then" when: their names and year."""
    fact = shown_fact(last.reply)
    if fact is None:
        return ""
    extra = []
    if "there" in words:
        extra += [matcher.base.entities[p].name for p in fact.places if p in matcher.base.entities]
    if "then" in words and fact.date is not None:
        extra.append(str(fact.date.year))
    return " " + " ".join(extra) if extra else ""


def _people_meant(matcher: Matcher, last: Turn, said: set[str] | None = None) -> list[str]:
    """Whom "she" or "he" may mean after the last turn, likeliest first: the people the
    last question named, then the people of the fact it was answered with (first, after a
    "who" question: the person that answer named). `said`: the pronouns the question
    used; a person the fact base gives another pronoun is not meant ("she" is no man)."""
    entities = matcher.base.entities
    asked = matcher.reader.read(last.question)
    asked_people = [e for e in asked.entities if entities[e].kind == "person"]
    answered: list[str] = []
    shown = shown_fact(last.reply)
    if shown is not None:
        answered = [p for p in (shown.said_by, *shown.people) if p and p in entities]
    new = [p for p in answered if p not in asked_people]
    order = [*new, *asked_people] if "who" in asked.intents else [*asked_people, *new]
    fits = [p for p in order if not said or entities[p].pronoun in (None, *said)]
    return [entities[p].name for p in dict.fromkeys(fits)][:MEANT]


def _swap(matcher: Matcher, previous: str, rest: str) -> list[str]:
    """The last question asked again of something else ("what about Tom Hale?", "and in
    2024?"): the new name in place of an old one of the same kind (each such, the last
    named first: "where did she meet the mayor about the wall?", "and the governor?" may
    swap either), or the new year in place of the old; none when neither fits."""
    reader, entities = matcher.reader, matcher.base.entities
    words = reader.words_of(previous)
    replacement = rest.split()
    new = [e for _, _, e in reader.entity_spans(rest)]
    named = [
        " ".join([*words[:start], *replacement, *words[end:]])
        for start, end, old in reversed(reader.entity_spans(previous))
        if old not in new and any(entities[old].kind == entities[n].kind for n in new)
    ]
    if named:
        return named
    if any(map(_dates, replacement)):  # "and in april 2024?"
        when = rest if replacement[0] in _DATE_LEADS else f"in {rest}"
        span = _date_span(words)
        if span is None:
            return [" ".join([*words, when])]
        start, end = span
        years = [w for w in words[start:end] if _YEAR.fullmatch(w)]
        if years and not any(_YEAR.fullmatch(w) for w in replacement):
            # "... in december 2019?" then "and in may (of that year)?": May 2019
            when = f"{_THAT_YEAR.sub('', when).strip()} {years[-1]}"
        return [" ".join([*words[:start], when, *words[end:]])]
    return []


def _dates(word: str) -> bool:
    """A year or a month's name: a word that alone says when."""
    return bool(_YEAR.fullmatch(word)) or word in MONTHS


def _date_span(words: list[str]) -> tuple[int, int] | None:
    """Where a question says when ("at the end of may 2018", "in july", "back in 2017"):
    the words from its preposition to its last date word, which a new date replaces
    whole (a new year after "at the end of may" is not the end of May that year)."""
    anchors = [i for i, w in enumerate(words) if _dates(w)]
    if not anchors:
        return None
    start = end = anchors[0]
    while end + 1 < len(words) and (
        _dates(words[end + 1]) or _DAY.fullmatch(words[end + 1]) or words[end + 1] == "of"
    ):  # "may 31 2018", "july of 2018"
        end += 1
    while words[end] == "of":
        end -= 1
    while start > 0 and (words[start - 1] in _DATE_GLUE or _DAY.fullmatch(words[start - 1])):
        start -= 1  # "the end of may", "the 31st of may"
    while start > 0 and words[start - 1] in _DATE_LEADS:
        start -= 1
    return start, end + 1


class Conversations:
    """Conversations by key (member and channel, or thread), bounded in number; a key's
    context never reaches another key."""

    def __init__(
        self,
        limit: int = CONVERSATIONS,
        *,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._by_key: OrderedDict[Hashable, Conversation] = OrderedDict()
        self._limit = limit
        self._ttl = ttl
        self._clock = clock

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: Hashable) -> Conversation:
        conversation = self._by_key.pop(key, None) or Conversation(ttl=self._ttl, clock=self._clock)
        self._by_key[key] = conversation
        while len(self._by_key) > self._limit:
            self._by_key.popitem(last=False)
        return conversation
