"""Alternate questions for a draft, generated from its kind and slots.

A curated fact lists how people ask for it; a draft gets a few such questions from what it
names (who, where, when, who is quoted), so the matcher has phrasings to compare with from
the start. They are templates over the draft's own slots, never copied from a question set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core import PartialDate
from bot.core.normalize import normalize

MAX_QUESTIONS = 4
_STOP = frozenset(
    "the a an and or but of to in on at for with from by about as into over after before "
    "this that these those it its was were is are be been has have had will would could "
    "said says she he they them her his their our we you i me my who which what when where "
    "also more most very than then there here just not no all some many several one two".split()
)


def generate_questions(
    record: dict[str, Any], date: PartialDate | None, name_of: Callable[[str], str]
) -> list[str]:
    """Up to four questions asking for this draft, from its kind, names, place and date."""
    people = [name_of(p) for p in record.get("people", [])]
    places = [name_of(p) for p in record.get("places", [])]
    organisations = [name_of(o) for o in record.get("organisations", [])]
    who = people[0] if people else (organisations[0] if organisations else None)
    topic = _topic_words(str(record["text"]), [*people, *places, *organisations])
    out: list[str] = []
    if record.get("said_by"):
        speaker = name_of(record["said_by"])
        out.append(f"what did {speaker} say about {topic}" if topic else f"what did {speaker} say")
        if date is not None:
            out.append(f"what did {speaker} say in {date.display()}")
    if who and places:
        out.append(f"what did {who} do at {places[0]}")
        if date is None:
            out.append(f"where did {who} go")
    if who and date is not None and record["kind"] == "event":
        out.append(f"what did {who} do in {date.display()}")
        if places:
            out.append(f"when was {who} at {places[0]}")
    if len(people) >= 2:  # noqa: PLR2004
        out.append(f"who was with {people[0]} {('at ' + places[0]) if places else ''}".strip())
    if who and topic and not out:
        out.append(f"what do we know about {who} and {topic}")
    return list(dict.fromkeys(q.strip() + "?" for q in out))[:MAX_QUESTIONS]


def _topic_words(text: str, names: list[str]) -> str:
    """The sentence's first few content words that are not names: what it is about."""
    named = set(normalize(" ".join(names)).split())
    words = [
        w
        for w in normalize(text).split()
        if w not in _STOP and w not in named and not w.isdigit() and len(w) > 2  # noqa: PLR2004
    ]
    return " ".join(words[:3])
