"""Reading a question: what it asks about (terms, names, dates) and what it wants back
(a date, a person, a quote, a timeline, the latest word).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.index import FactIndex
from bot.core.lexicon import (
    ASK_WORDS,
    CATEGORY_NOUNS,
    CENTURY_TURN,
    CHAT_AFTER,
    CHAT_BEFORE,
    DECADE_WORDS,
    FILLER_PHRASES,
    GENERAL_NOUNS,
    INJECTION_PATTERNS,
    INTENT_PATTERNS,
    LATER_SAID_PATTERN,
    LOCATIVE_VERBS,
    MONTHS,
    NOW_PATTERN,
    OCCURRENCE_VERBS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    QUANTITY_WORDS,
    SPEECH_NOUNS,
    STOPWORDS,
    STRAY_NUMBER,
    TEXTING,
    TIME_SETTING_PATTERNS,
    TIMELINE_PATTERNS,
    WEEKDAY_PATTERN,
    WHO_NAMED,
    ask_code,
)
from bot.core.models import FactBase, PartialDate
from bot.core.normalize import normalize, strip_invisible
from bot.core.patterns import MONTH_NAMES, POSSESSIVE, YEAR

MAX_QUESTION_CHARS = 1000  # beyond this it is a paste, not a question

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_CHAT_BEFORE = re.compile(CHAT_BEFORE, re.IGNORECASE)
_CHAT_AFTER = re.compile(CHAT_AFTER, re.IGNORECASE)
_FILLER = re.compile(FILLER_PHRASES, re.IGNORECASE)
_STRAY = re.compile(STRAY_NUMBER)
_INTENTS = tuple((name, re.compile(rx)) for name, rx in INTENT_PATTERNS)


def _any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching where any of them does: one scan of the question, not one a
    pattern (a question is read against every list; most match none of it)."""
    return re.compile("|".join(f"(?:{rx})" for rx in patterns))


_TIMELINE = _any_of(rx for rx in TIMELINE_PATTERNS if rx not in TIME_SETTING_PATTERNS)
_TIME_SETTING = _any_of(TIME_SETTING_PATTERNS)
_LATER_SAID = re.compile(LATER_SAID_PATTERN)
_NOW = re.compile(NOW_PATTERN)
_INJECTION = _any_of(INJECTION_PATTERNS)
_DAY_MONTH = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({MONTH_NAMES})|({MONTH_NAMES}) (\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)\b(?: (\d{{4}}))?"
)
_BARE_MONTH = re.compile(
    rf"\b(?:in|during|of|around|throughout) ({MONTH_NAMES})\b(?! (?:of )?\d)(?! \d)"
)
_MONTH_YEAR = re.compile(rf"\b({MONTH_NAMES}) (?:of )?(\d{{4}})\b")
_YEAR = re.compile(rf"\b({YEAR})(s?)\b")  # "the 1990s" is ten years
_SHORT_DECADE = re.compile(
    rf"(?<![\w'])'?(?:(\d0)s|({'|'.join(DECADE_WORDS)}))\b"  # "the 90s", "the nineties"
)
_PRONOUNS = frozenset("she her he him they them".split())
_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")
_QUESTION_START = re.compile(
    r"^\W*(what|whats|when|where|who|whos|whom|whose|why|how|which|did|does|do|is|was|are|"
    r"were|can|could|has|have|had|will|would|should|tell me|name|list|give me|show me|"
    r"walk me through|fill me in|catch me up|remind me|explain|describe|summari[sz]e|recap)\b"
)
_WHERE = re.compile(r"\bwhere(?:abouts)?\b")
_WHEN = re.compile(r"\bwhen (?:was|were|did|does|do|is|will|had|has)\b")
_LOCATIVE = re.compile(LOCATIVE_VERBS)
_OCCURRENCE = re.compile(OCCURRENCE_VERBS)
_SHAPE = re.compile(
    rf"{WEEKDAY_PATTERN}"
    r"|\bwhat time(?: of (?:the )?day)?\b|\btime of (?:the )?day\b"
    r"|\b(?:what|which) (?:year|month|date|day)\b|\bon what date\b"
    r"|\b(?:what|which) (?:county|city|state|place|town|room|platform|site|country)\b"
    # politeness around a question, not part of it ("thank", "help" and "know" are asked
    # about too: "what did Halvorsen thank Calder for", "why did Calder help Pike")
    r"|\bthank (?:you|u)\b|\b(?:can|could|would|will) (?:you|u|someone|anyone) (?:please )?"
    r"(?:help|tell)(?: me)?\b|\bhelp me\b|\b(?:do|does) (?:you|u|anyone|anybody) know\b"
    r"|\b(?:i|we) (?:want|wanted|need|would like|d like) to know\b|\blet me know\b"
    r"|\bhow (?:many|much|soon|quickly)\b"
    r"|\b(?:last|this|next|past) (?:year|month|week)\b|\b(?:a|some|few) (?:years|months) ago\b"
    # a connective: "what did the council do in response to the flood" asks what it did
    # after and because of the flood, not about a response
    r"|\b(?:in|as a) (?:response|reaction|answer|reply) to\b"
)
# "who was calder married to back when she met the governor": the clause dates the question; it is
# not what the question is about.
_TIME_CLAUSE = re.compile(
    r"^(?!when\b)(.+?)\b(?:back when|at the time|when|while|before|after)\b(.+)$"
)
_SAYING = (
    r"(?:say|said|says|saying|think|thinks|thought|tweet|tweeted|write|wrote|post|posted|"
    r"feel|feels|felt|tell|told|reply|replied|respond|responded|comment|commented|"
    r"mention|mentioned|add|added)\b"
)
# "What did X say", else "did X say anything": the first ("Did the meeting go well? What
# did she say?" asks what she said, not whether the meeting said anything).
_ARTICLES = frozenset({"the", "a", "an"})
# "Who opened the wall": who, then the verb of the deed (a stop word there is a helper verb,
# "who was", "who did", or no verb at all).
_DEED = re.compile(r"^\W*(?:\w+ ){0,3}?who (?:else |exactly |actually |first |all )?([a-z]+)\b")
# A word typed in capitals ("what did she say on TODAY?"): perhaps a name.
_CAPITALS = re.compile(r"\b([A-Z]{2,})\b")
_SPEAKERS = (
    re.compile(rf"\b(?:what|how|why) (?:did|does|do|has|have|would|was|is) (.+?) {_SAYING}"),
    re.compile(rf"^(?:did|does|has|have) (.+?) {_SAYING}"),
)
_FOCUS = re.compile(r"\b(which|what|how many|how much)((?: [\w'-]+){1,3})")
# "The name of the law firm", "who was the judge" ("who's the judge", its "'s" read away): the
# thing asked for, said another way.
_NAMED_FOCUS = re.compile(
    r"\b(names? of|who (?:is|was|are|were)|who(?= (?:the|a|an) ))"
    r" (?:the |a |an |all |those |these )?((?:[\w'-]+ ?){1,3})"
)
_SHAPE_NOUNS = frozenset(
    "year years month months date dates day days week weeks time times weekday kind sort type "
    "age".split()
)
_MIN_POSSESSIVE = 3  # "pikes" may be "pike's"; "its" and "his" are not
_STUFF = re.compile(r"\b(?:stuff|things|anything|activities|news|updates?)\b")
_RANGE = re.compile(r"\b(?:between|from) (\d{4}) (?:and|to|until|till) (\d{4})\b")
# "since 2019" takes 2019 in, "after 2019" starts with 2020; "until" and "before" alike.
_SINCE = re.compile(r"\b(since|after) (\d{4})\b")
_BEFORE = re.compile(r"\b(before|until|till) (\d{4})\b")


@dataclass(frozen=True, slots=True)
class Query:
    """A question, read."""

    text: str  # what the user typed, minus invisible characters and chat around it
    normalized: str
    asked: str  # the sentences that ask (chat around them left out), normalized
    words: tuple[str, ...]  # content words, typos corrected where a known word was meant
    terms: tuple[str, ...]  # index terms of those words
    unknown: tuple[str, ...]  # content words the fact base never uses
    intents: frozenset[str]
    entities: tuple[str, ...]  # ids of people, places, organisations named
    topics: tuple[str, ...]  # ids of topics named
    years: tuple[int, ...]
    dates: tuple[PartialDate, ...]  # month-year or full dates named
    month_days: tuple[tuple[int, int], ...]  # "april 25" with no year: (month, day)
    months: tuple[int, ...]  # "in july", with no day or year: that month of any year
    year_range: tuple[int | None, int | None]
    timeline: bool
    now: bool
    possessives: tuple[tuple[str, str], ...]  # ("ines-calder", "birthday") for "calder's birthday"
    context_terms: frozenset[str] = frozenset()  # terms only in the chat around the question
    speaker: str | None = None  # "what did Halvorsen say": the person whose words are wanted
    focus: str | None = None  # the term of the thing asked for: "school" in "which law school"
    counted: bool = False  # ... and it is counted: "how many dogs"
    focus_kind: str | None = None  # the kind of entity that noun is: "city" -> "place"
    focus_general: bool = False  # the noun says only the kind: "which place", "what group"
    # ... and the one it is, where the noun is part of a name the question uses: "who is the
    # great-aunt she wrote to" names her by the noun; a fact naming her names the answer.
    focus_entity: str | None = None
    # "who opened the wall": the term of the deed whose doer is asked for
    deed: str | None = None
    name_words: frozenset[str] = frozenset()  # words of the names of everything it names
    injection: bool = False  # instructions for a language model, or a request for private details
    set_in_time: bool = False  # a timeline question only for when it is set: "right before X"

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def asking(self) -> str:
        """The sentences that ask, or the whole message when none were set apart."""
        return self.asked or self.normalized

    @property
    def meaning(self) -> str:
        """The text whose embedding stands for the question (compared with the facts and
        with the judged questions): the sentences that ask, unless they name nothing of
        their own ("my cousin says Calder went to a school. what year?"): then the whole
        message, since the chat says what they ask about."""
        if self.asking != self.normalized and not self.context_terms:
            return self.normalized
        return self.asking

    @property
    def asks(self) -> int:
        """What it asks for (`lexicon.ask_code`), read from `meaning`, as the judged
        questions' are: "... had meetings with someone in his family. Who was that?" asks
        who, as its memory twin does, not who someone is."""
        return ask_code(self.meaning)


def as_meant(text: str) -> list[str]:
    """A text's normalized words, each chat spelling as the words it stands for ("wat" ->
    "what", `lexicon.TEXTING`)."""
    return [w for t in normalize(text).split() for w in TEXTING.get(t, t).split()]


def looks_like_question(raw: str) -> bool:
    """Whether a message is phrased as a question ("...?", "who ...", "tell me ..."): in a
    channel where the bot reads every message, only questions may get a "doesn't say"."""
    text = clean(raw)
    return text.rstrip().endswith("?") or bool(_QUESTION_START.search(normalize(text)))


def clean(raw: str) -> str:
    """The question without URLs, invisible characters, and the
    chat around it that says nothing ("hey bot,", "thanks!", a stray number)."""
    text = unicodedata.normalize("NFKC", strip_invisible(raw))
    text = _FILLER.sub(" ", _URL.sub(" ", text))
    text = " ".join(text.split())
    bare = _CHAT_AFTER.sub("", _CHAT_BEFORE.sub("", text))
    bare = _STRAY.sub(lambda m: m.group(0) if _meant_number(bare, m) else "", bare).strip()
    return bare if any(c.isalnum() for c in bare) else text


def _meant_number(text: str, match: re.Match[str]) -> bool:
    """Whether a number at the end of a question belongs to it: a day after its month ("on
    april 25"), or a quantity after a word that takes one ("sentenced at 16")."""
    before = text[: match.start()].split()
    word = before[-1].lower().strip(",.") if before else ""
    return word in MONTHS or word in QUANTITY_WORDS


class QueryReader:
    """Reads questions against one fact base's vocabulary and names."""

    def __init__(
        self,
        base: FactBase,
        index: FactIndex,
        *,
        subject: str | None = None,
        english: frozenset[str] = frozenset(),
    ) -> None:
        """`english`: words known to be spelled right (never "corrected" into a word of the
        fact base: "first" is not a misspelt "Frost")."""
        self._index = index
        self._subject = subject
        self._english = english
        self._names: dict[tuple[str, ...], str] = {}
        for entity in base.entities.values():
            for name in entity.names:
                words = tuple(normalize(name).split())
                if words:
                    self._names.setdefault(words, entity.id)
        self._topic_names: dict[tuple[str, ...], str] = {}
        for topic in base.topics.values():
            for name in (topic.label, topic.id.replace("-", " "), *topic.aliases):
                words = tuple(normalize(name).split())
                if words:
                    self._topic_names.setdefault(words, topic.id)
        # Each first word of a name, and the most words a name starting with it has: most
        # words of a question start none, and are passed over at a glance.
        self._reach: dict[str, int] = {}
        for key in (*self._names, *self._topic_names):
            self._reach[key[0]] = max(self._reach.get(key[0], 0), len(key))
        self._people = frozenset(e.id for e in base.entities.values() if e.kind == "person")
        self._pronoun = {e.id: e.pronoun for e in base.entities.values() if e.kind == "person"}
        # Every word of every name ("today" of "the TODAY show")
        self._name_words = frozenset(w for key in self._names for w in key)
        self._entity_names: dict[str, list[tuple[str, ...]]] = {}
        for words, entity_id in self._names.items():
            self._entity_names.setdefault(entity_id, []).append(words)

    def read(self, raw: str) -> Query:
        text = clean(raw)
        corrected = self._words(text)
        fixed = " ".join(corrected)
        words = tuple(w for w in corrected if w not in STOPWORDS and len(w) > 1)
        terms = tuple(self._content(text))
        # Words of the question's shape ("weekday or weekend") are not content, known or not.
        shaped = {w for shape in _SHAPE.finditer(normalize(text)) for w in shape[0].split()}
        unknown = tuple(
            w for w in words if not self._index.knows(w) and not w.isdigit() and w not in shaped
        )
        entities, topics = self._names_in(corrected)
        years, dates, month_days = _dates(fixed)
        questions, context = self._focus(text, set(terms))
        entities, context = self._time_clause(fixed, entities, context)
        asked = (
            fixed
            if len(questions) < 2 and questions == [text]
            else (" ".join(self._words(" ".join(questions))))
        )
        if asked != fixed:  # what the asking sentence names comes before the chat's names
            _, topics_asked = self._names_in(asked.split())
            topics = tuple(dict.fromkeys((*topics_asked, *topics)))
        # The thing asked for is in the sentence that asks ("which surprised me" is chat).
        focus_noun, counted, focus_kind, phrase = self._focus_noun(asked)
        focus = self._index.analyzer.term(focus_noun) if focus_noun else None
        intents = frozenset(name for name, rx in _INTENTS if rx.search(asked))
        name_words = frozenset(w for e in entities for name in self._entity_names[e] for w in name)
        if not set(words) <= name_words:  # "what was renee's job": not who she is
            intents -= {"identity"}
        elif words and WHO_NAMED.search(asked):  # "who's renee", "who is the mayor"
            intents |= {"identity"}
        events_asked = bool(_TIMELINE.search(asked)) or _year_and_topic(asked, years)
        set_in_time = not events_asked and (
            bool(_TIME_SETTING.search(asked))
            or (asked != fixed and bool(_LATER_SAID.search(asked)))  # "she met him. a week later?"
        )
        return Query(
            text=text,
            normalized=fixed,
            asked=asked,
            words=words,
            terms=terms,
            unknown=unknown,
            intents=intents,
            entities=entities,
            topics=topics,
            years=years,
            dates=dates,
            month_days=month_days,
            months=_bare_months(fixed),
            year_range=_year_range(fixed),
            timeline=events_asked or set_in_time,
            now=bool(_NOW.search(self._unnamed(asked, text))),
            possessives=self._possessives(text),
            context_terms=context,
            speaker=self._speaker(asked, corrected),
            focus=focus,
            counted=counted,
            focus_kind=focus_kind,
            focus_general=focus_noun in GENERAL_NOUNS,
            focus_entity=self._described(asked, focus_noun, phrase),
            deed=self._deed(asked, name_words),
            name_words=name_words,
            injection=bool(_INJECTION.search(fixed)),
            set_in_time=set_in_time,
        )

    def _unnamed(self, text: str, typed: str) -> str:
        """The words of a text outside the names it holds: "what did she tell the Today
        show" asks nothing of today, nor "what did she say on TODAY?", a word of a name
        typed in capitals in a message that is not (`typed`: the message as typed)."""
        words = text.split()
        inside = {i for start, end, *_ in self._name_spans(words) for i in range(start, end)}
        capitalised = (
            {w.lower() for w in _CAPITALS.findall(typed) if w.lower() in self._name_words}
            if not typed.isupper()
            else set()
        )
        return " ".join(w for i, w in enumerate(words) if i not in inside and w not in capitalised)

    def _time_clause(
        self, text: str, entities: tuple[str, ...], context: frozenset[str]
    ) -> tuple[tuple[str, ...], frozenset[str]]:
        """A trailing "when/while ..." clause of a question that is not itself a "when"
        question only says when: its terms are context, its names are not the subject."""
        match = _TIME_CLAUSE.match(text)
        if not match or not _QUESTION_START.search(match.group(1)):
            return entities, context
        main, clause = match.group(1).split(), match.group(2).split()
        main_terms = set(self._index.analyzer.terms(main))
        if not main_terms:  # "how soon after the meeting did ...": the clause is the question
            return entities, context
        clause_terms = set(self._index.analyzer.terms(clause)) - main_terms
        main_entities = set(self._names_in(main)[0])
        kept = tuple(e for e in entities if e in main_entities)
        return kept, context | clause_terms

    def _words(self, text: str) -> list[str]:
        """Normalized words, contractions of question words undone, misspellings corrected."""
        return [self._correct(_uncontracted(w)) for w in as_meant(text)]

    def _focus(self, text: str, terms: set[str]) -> tuple[list[str], frozenset[str]]:
        """The sentences that ask, and the terms only found in the chat around them.

        "my group chat is arguing. one person says ... what day was it?": the intent comes
        from the question ("what day"), and the other sentences are context. When the
        question itself names nothing ("can someone explain?"), the context is what it is
        about, so nothing is discounted."""
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        if len(sentences) < 2:
            return sentences, frozenset()
        questions = [
            s for s in sentences if s.rstrip().endswith("?") or _QUESTION_START.search(normalize(s))
        ] or sentences
        focus = [s for s in questions if self._content(s)]
        if not focus or len(focus) == len(sentences):
            return questions, frozenset()
        focus_terms = {t for s in focus for t in self._content(s)}
        return questions, frozenset(terms - focus_terms)

    def _content(self, sentence: str) -> list[str]:
        """Index terms of what a sentence is about, without the shape of the question
        ("what day of the week", "what time of day"), which is matched as an intent. The
        shapes are found as typed, before misspellings are corrected: "wat platform" keeps
        "platform" (correcting first measured worse on the training follow-ups)."""
        text = _SHAPE.sub(" ", normalize(sentence))
        if _WHERE.search(text):
            text = _LOCATIVE.sub(" ", _OCCURRENCE.sub(" ", text))
        elif _WHEN.search(text):
            text = _OCCURRENCE.sub(" ", text)
        words = self._words(text)
        return self._index.analyzer.terms(words)

    def _focus_noun(self, text: str) -> tuple[str | None, bool, str | None, int]:
        """The head noun of "which law school", "what firm", "how many dogs": the kind of
        thing the answer must name or count (shapes such as "what year" are intents), whether
        it is counted, the kind of entity it is when English says ("city": a place), and
        where the phrase asked for starts (a character offset; 0 when there is none)."""
        for pattern in (_FOCUS, _NAMED_FOCUS):
            match = pattern.search(text)
            head = _head_noun(match.group(2).split()) if match else None
            # "who is the X" asks for a person: only a noun for people is its focus
            if match and head and (not match.group(1).startswith("who") or head in PERSON_NOUNS):
                kind = "person" if head in PERSON_NOUNS else CATEGORY_NOUNS.get(head)
                # "how many dogs" counts dogs; "how much rent" asks an amount, which the
                # text gives in its own units ("one pound a year"), not as a count of rent.
                return head, match.group(1) == "how many", kind, match.start(2)
        return None, False, None, 0

    def _deed(self, asked: str, names: frozenset[str]) -> str | None:
        """ "Who opened the wall", "who else wrote about it": the term of the verb whose
        doer is asked for; None for "who was ...", "who did she meet" (a helper verb asks of
        someone else) and "who kim met" (a name is the doer)."""
        match = _DEED.search(asked)
        if match is None or match.group(1) in STOPWORDS or match.group(1) in names:
            return None
        return self._index.analyzer.term(match.group(1))

    def _described(self, asked: str, noun: str | None, offset: int) -> str | None:
        """The person a focus phrase (starting at character `offset`) names by a noun for
        people: "who is the great-aunt she wrote to" (her name "the great-aunt"), not "the
        women she met at the women's prison", whose noun the prison's name only repeats."""
        if noun not in PERSON_NOUNS:
            return None
        words = asked.split()
        phrase = len(asked[:offset].split())  # the word the phrase asked for starts at
        for start, end, entity, _ in self._name_spans(words):
            named = [w for w in words[start:end] if w not in STOPWORDS]
            if entity and phrase - 1 <= start <= phrase + 1 and noun in named:
                return entity
        return None

    def _speaker(self, text: str, message: list[str]) -> str | None:
        """The person a "what did X say" or "did X say anything" question asks to quote. A
        "she" means the first person the message named who goes by "she" ("Halvorsen brought
        up funding at the Calder opening. What did she say ..."), or else the coverage's
        subject."""
        match = next((m for m in (p.search(text) for p in _SPEAKERS) if m), None)
        if not match:
            return None
        words = match.group(1).split()
        entities, _ = self._names_in(words)
        people = [e for e in entities if e in self._people]
        # The one who speaks ends the phrase: "Calder's council" and "Pike's lawyer" are not
        # Calder or Pike ("Calder's statement" is Calder's words).
        spans = [(end, e) for _, end, e, _ in self._name_spans(words) if e]
        if people and spans:
            end, head = max(spans)
            after = (w for w in words[end:] if w not in STOPWORDS)
            if head not in self._people or any(w not in SPEECH_NOUNS for w in after):
                return None
        said = {PERSON_PRONOUNS[w] for w in words if w in PERSON_PRONOUNS}
        if not people and set(words) & _PRONOUNS:
            # not a name that only describes a thing ("at the Calder opening, Dufresne spoke
            # to them. what did she tell them?": Dufresne)
            named = [
                e
                for start, _, e, _ in sorted(self._name_spans(message))
                if e in self._people and (start == 0 or message[start - 1] not in _ARTICLES)
            ]
            fits = [e for e in named if not said or self._pronoun.get(e) in (None, *said)]
            return fits[0] if fits else self._subject
        return people[0] if people else None

    def _correct(self, token: str) -> str:
        if (
            token in STOPWORDS
            or self._index.knows(token)
            or token in self._english
            or not token.isalpha()
        ):
            return token
        if self._index.contains(self._index.analyzer.term(token)):
            return token  # an inflection of a known word ("passing"), not a typo
        if token.endswith("s") and len(token) > _MIN_POSSESSIVE:  # "pikes": no apostrophe
            owner = token[:-1]
            if self._index.knows(owner):
                return owner
            if fixed := self._index.correct(owner):
                return fixed
        return self._index.correct(token) or token

    def _names_in(self, words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Entities and topics named in the words, longest name first ("joel pike"
        before "pike")."""
        entities: dict[str, None] = {}
        topics: dict[str, None] = {}
        for _, _, entity, topic in self._name_spans(words):
            if entity:
                entities[entity] = None
            if topic:
                topics[topic] = None
        return tuple(entities), tuple(topics)

    def _names_inside(
        self, words: list[str], start: int, end: int
    ) -> list[tuple[int, int, str | None, str | None]]:
        """Entities named by some of the words of a topic's name, longest first."""
        found: list[tuple[int, int, str | None, str | None]] = []
        for size in range(end - start - 1, 0, -1):
            for i in range(start, end - size + 1):
                key = tuple(words[i : i + size])
                entity = self._names.get(key)
                taken = any(a < i + size and i < b for a, b, _, _ in found)
                if entity and not taken and not (size == 1 and key[0] in STOPWORDS):
                    found.append((i, i + size, entity, None))
        return found

    def _name_spans(self, words: list[str]) -> list[tuple[int, int, str | None, str | None]]:
        """(start, end, entity, topic) of each name in the words, longest name first."""
        spans = []
        i = 0
        while i < len(words):
            for size in range(min(self._reach.get(words[i], 0), len(words) - i), 0, -1):
                key = tuple(words[i : i + size])
                if size == 1 and key[0] in STOPWORDS:
                    continue
                entity = self._names.get(key)
                topic = self._topic_names.get(key)
                if entity or topic:
                    spans.append((i, i + size, entity, topic))
                    if topic and not entity and size > 1:
                        # "the Halvorsen visit" names Halvorsen as well as the visit
                        spans += self._names_inside(words, i, i + size)
                    i += size
                    break
            else:
                i += 1
        return spans

    def entity_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, entity id) of each entity named in a text's normalized words (typos
        corrected as in `read`), so that a follow-up can put one name in another's place."""
        return [(a, b, e) for a, b, e, _ in self._name_spans(self._words(text)) if e]

    def words_of(self, text: str) -> list[str]:
        """A text's normalized words, typos corrected: the words `entity_spans` counts."""
        return self._words(text)

    def entities_in(self, text: str) -> tuple[str, ...]:
        """The entities a text names (exact names and aliases, no typo correction)."""
        return self._names_in(normalize(text).split())[0]

    def entity_named(self, word: str) -> str | None:
        """The entity a single (normalized) word names, if any: "renee" -> renee-dufresne."""
        return self._names.get((self._correct(word),))

    def _possessives(self, text: str) -> tuple[tuple[str, str], ...]:
        """("ines-calder", "birthday") for "Calder's birthday": whose thing is asked about."""
        found = []
        for match in POSSESSIVE.finditer(text):
            owner, thing = normalize(match.group(1)), normalize(match.group(2))
            entity = self._names.get((self._correct(owner),))
            if entity and thing and thing not in STOPWORDS:
                found.append((entity, self._index.analyzer.term(thing)))
        return tuple(found)


def _uncontracted(word: str) -> str:
    """ "whats"/"what's", "whyd"/"why'd" -> the question word itself, so a question asks
    the same with or without its apostrophes."""
    if len(word) > 2 and word[-1] in "sd" and word[:-1] in ASK_WORDS:
        return word[:-1]
    return word


def _year_and_topic(text: str, years: tuple[int, ...]) -> bool:
    """ "calder flood defence stuff in 2023": no question, just a subject and a year, asks for
    what happened then."""
    return bool(years) and not _QUESTION_START.search(text) and bool(_STUFF.search(text))


def _dates(
    text: str,
) -> tuple[tuple[int, ...], tuple[PartialDate, ...], tuple[tuple[int, int], ...]]:
    years: list[int] = []
    for match in _YEAR.finditer(text):
        first = int(match.group(1))
        years.extend(range(first, first + 10) if match.group(2) else (first,))
    for match in _SHORT_DECADE.finditer(text):
        decade = int(match.group(1)) if match.group(1) else DECADE_WORDS[match.group(2)]
        first = decade + (2000 if decade < CENTURY_TURN else 1900)
        years.extend(range(first, first + 10))
    dates: list[PartialDate] = []
    month_days: list[tuple[int, int]] = []
    for match in _DAY_MONTH.finditer(text):
        day = int(match.group(1) or match.group(4))
        month = MONTHS[match.group(2) or match.group(3)]
        given_year = match.group(5)
        try:
            if given_year:
                dates.append(PartialDate.parse(f"{given_year}-{month:02d}-{day:02d}"))
            elif 1 <= day <= 31:
                month_days.append((month, day))
        except ValueError:
            continue
    for match in _MONTH_YEAR.finditer(text):
        date = PartialDate(int(match.group(2)), MONTHS[match.group(1)])
        if not any(d.year == date.year and d.month == date.month for d in dates):
            dates.append(date)
    return tuple(dict.fromkeys(years)), tuple(dates), tuple(month_days)


def _bare_months(text: str) -> tuple[int, ...]:
    """ "in july", "april of any year": a month named after a preposition with no day or
    year beside it (a preposition, so that "may" the verb is not May)."""
    return tuple(dict.fromkeys(MONTHS[m.group(1)] for m in _BARE_MONTH.finditer(text)))


def _year_range(text: str) -> tuple[int | None, int | None]:
    if match := _RANGE.search(text):
        first, second = sorted((int(match.group(1)), int(match.group(2))))
        return first, second
    low = high = None
    if since := _SINCE.search(text):
        low = int(since.group(2)) + (since.group(1) == "after")
    if before := _BEFORE.search(text):
        high = int(before.group(2)) - (before.group(1) == "before")
    return low, high


def _head_noun(words: list[str]) -> str | None:
    """The noun a question's phrase is about: its last word before a function word or a
    shape ("year"), unless a known noun ends the phrase sooner ("which group lent the
    boats": group)."""
    head = noun = None
    for word in words:
        if word in STOPWORDS or word in _SHAPE_NOUNS:
            break
        head = word
        if word in PERSON_NOUNS or word in CATEGORY_NOUNS:
            noun = word
    return noun or head
