"""Follow-up questions, read with the turn before them.

A member who got an answer asks on: "and when was that?", "what about Khloé?", "who else
was there?", "what did she say about it?". Alone these say too little; with the last
question they say enough. The matcher stays stateless: a follow-up is rewritten into a
question that stands alone, and that is asked. Two rewrites, both in plain words a curator
can read in `factbot ask --explain`:

- the same question about someone else: the last question, the new name in the old
  one's place ("what about Khloé?" after "what did Kim say after the visit?");
- a question that points back: a pronoun for a person becomes their name, and the last
  question is put before it as the chat it is asked in ("… trump meeting. when was that?"),
  which the reader weighs as context, not as what is asked.

The context is bounded: the last few turns of one conversation (one member in one
channel, or one thread), and none older than a few minutes.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from bot.core.lexicon import (
    BACK_REFERENCES,
    CONTINUE_PATTERN,
    PERSON_PRONOUNS,
    STOPWORDS,
    SWAP_PATTERN,
)
from bot.core.matcher import Matcher
from bot.core.normalize import normalize
from bot.core.reply import Reply

TURNS = 3  # turns a conversation remembers
TTL_SECONDS = 600.0  # a question asked later than this after the last one stands alone
CONVERSATIONS = 1000  # conversations remembered at once (the oldest forgotten first)
SHORT = 3  # a question with at most this many content words and no name leans on the last

_SWAP = re.compile(SWAP_PATTERN)
_CONTINUE = re.compile(CONTINUE_PATTERN)
_YEAR = re.compile(r"(?:1[89]|2[01])\d\d")


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
    ) -> None:
        self._turns: list[Turn] = []
        self._limit = turns
        self._ttl = ttl
        self._clock = clock

    def last(self) -> Turn | None:
        """The latest turn, unless it is too old to be what a new question continues."""
        if not self._turns or self._clock() - self._turns[-1].at > self._ttl:
            return None
        return self._turns[-1]

    def ask(self, matcher: Matcher, question: str, *, follow: bool = True) -> Reply:
        """Answer a question in this conversation, and remember it. `follow=False` asks it
        on its own (a new mention, not a reply to the bot) and only remembers it."""
        understood = self.resolve(matcher, question) if follow else question
        reply = matcher.ask(understood)
        self.remember(understood, reply)
        return reply if understood == question else replace(reply, question=question)

    def remember(self, question: str, reply: Reply) -> None:
        """Keep a turn (as understood) for the next question to follow on from."""
        self._turns = [*self._turns, Turn(question, reply, self._clock())][-self._limit :]

    def resolve(self, matcher: Matcher, question: str) -> str:
        """The question as it stands alone: itself, or rewritten with the last turn."""
        last = self.last()
        if last is None:
            return question
        return follow_up(matcher, question, last.question, last.reply) or question


def follow_up(matcher: Matcher, question: str, previous: str, answer: Reply) -> str | None:
    """A follow-up rewritten to stand alone, or None when the question stands alone."""
    reader = matcher.reader
    query = reader.read(question)
    text = query.normalized
    points_back = bool(set(text.split()) & BACK_REFERENCES)
    if query.empty and not (points_back or _CONTINUE.search(text)):
        return None  # nothing asked ("?", an emoji): not a follow-up either
    swap = _SWAP.search(text)
    if swap:
        swapped = _swap(matcher, previous, text[swap.end() :].strip(" ?!."))
        if swapped:
            return swapped
    named = [e for _, _, e in reader.entity_spans(question)]  # "after X" clauses too
    names = named or query.topics or query.years or query.dates or query.month_days
    content = [w for w in query.words if w not in BACK_REFERENCES]
    cue = bool(_CONTINUE.search(text))
    if (query.timeline or query.months) and not cue:
        return None  # "what happened in July", "the oldest event": about the whole story
    if not (
        (cue and len(content) <= SHORT + 1)
        or (points_back and not names)
        or (len(content) <= SHORT and not names)
    ):
        return None
    person = _person_of(matcher, previous, answer)
    if person and not any(matcher.base.entities[e].kind == "person" for e in named):
        words = [person if w in PERSON_PRONOUNS else w for w in question.split()]
        question = " ".join(words)
    # The last question as the chat before this one: a statement, so that what is asked
    # (the intent, the asking word) comes from the follow-up alone.
    about = " ".join(w for w in normalize(previous).split() if w not in STOPWORDS)
    return f"about {about}. {question}"


def _swap(matcher: Matcher, previous: str, rest: str) -> str | None:
    """The last question asked again of something else ("what about Khloé?", "and in
    2024?"): the new name in place of an old one of the same kind, or the new year in
    place of the old; None when neither fits."""
    reader, entities = matcher.reader, matcher.base.entities
    words = reader.words_of(previous)
    replacement = rest.split()
    new = [e for _, _, e in reader.entity_spans(rest)]
    for start, end, old in reversed(reader.entity_spans(previous)):
        if old not in new and any(entities[old].kind == entities[n].kind for n in new):
            return " ".join([*words[:start], *replacement, *words[end:]])
    new_years = [w for w in replacement if _YEAR.fullmatch(w)]
    if new_years:
        old_years = [i for i, w in enumerate(words) if _YEAR.fullmatch(w)]
        if old_years:
            return " ".join(new_years[0] if i == old_years[-1] else w for i, w in enumerate(words))
        return " ".join([*words, "in", new_years[0]])
    return None


def _person_of(matcher: Matcher, previous: str, answer: Reply) -> str | None:
    """The person a "she" or "he" most likely means: after "who ...?", the person the
    answer named; otherwise the last question's, else the answer's speaker or first person."""
    entities = matcher.base.entities
    asked = matcher.reader.read(previous)
    asked_people = [e for e in asked.entities if entities[e].kind == "person"]
    answered: list[str] = []
    if answer.best is not None:
        fact = answer.best.fact
        answered = [p for p in (fact.said_by, *fact.people) if p and p in entities]
    if "who" in asked.intents:
        new = [p for p in answered if p not in asked_people]
        if new:
            return entities[new[0]].name
    chosen = asked_people or answered
    return entities[chosen[0]].name if chosen else None


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
