"""What a reply shows first, decided once for every front end.

The matcher ranks facts; this module decides how much of that a member should read: the
answer first, a "did you mean" only when the candidates are about different things, a
related fact only when it is about the same event, a plain-language hedge instead of a
score, and the key events of a long timeline. The terminal (bot/terminal.py) and Discord
(bot/exts/_embeds.py) render the result, each in its own look.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.core.models import Article, Fact, FactBase
from bot.core.reply import RankedFact, Reply

#: Below this calibrated confidence an answer is hedged in words (the bot answers from the
#: scorer's threshold, 0.5; between the two about one answer in four is wrong).
LOW_CONFIDENCE = 0.7
#: A related fact must be at least this likely to answer the question itself.
RELATED_CONFIDENCE = 0.5
RELATED_SHOWN = 1
MIN_CHOICES = 2  # a "did you mean" of one is an answer
KEY_EVENTS = 5  # events in the summary of a timeline answer; the rest is one click away
SUMMARY_EVENTS = 10  # events a timeline asked for as a summary lists (`digest`)


def is_hedged(reply: Reply) -> bool:
    """True when the answer should say it may not be what was asked."""
    return reply.answered and reply.form == "facts" and reply.confidence < LOW_CONFIDENCE


def same_thing(a: Fact, b: Fact, subjects: frozenset[str]) -> bool:
    """Whether two facts are about the same thing: they name someone or something besides
    the coverage's subjects in common, or they tell the same story on the same date."""
    if set(a.involved) - subjects & set(b.involved) - subjects:
        return True
    return a.story == b.story and a.date is not None and a.date == b.date


def settle_choices(reply: Reply, subjects: frozenset[str]) -> Reply:
    """`reply` with a "did you mean" kept only for candidates about different things.

    Candidates about the same thing (three facts about Joel Pike) are one answer:
    the best is shown, and the others, which the matcher found as likely, become its
    `related` facts ("Or perhaps"; `related_facts`). Of the candidates left, each is about
    something the ones before it are not.
    """
    if not reply.ambiguous:
        return reply
    distinct: list[RankedFact] = []
    for choice in reply.choices:
        if not any(same_thing(choice.fact, kept.fact, subjects) for kept in distinct):
            distinct.append(choice)
    if len(distinct) < MIN_CHOICES:
        close = tuple(c for c in reply.choices if c is not reply.facts[0])
        return dataclasses.replace(reply, ambiguous=False, choice_count=0, related=close)
    rest = tuple(r for r in reply.facts if r not in distinct)
    return dataclasses.replace(reply, facts=(*distinct, *rest), choice_count=len(distinct))


def related_facts(reply: Reply, limit: int = RELATED_SHOWN) -> tuple[RankedFact, ...]:
    """Facts worth reading beside the answer: the candidates as likely as the answer about
    the same thing (`settle_choices`), else facts about the same event (same story, same
    date) that are likely to answer the question themselves. Often none."""
    if not reply.answered or not reply.facts or reply.form != "facts":
        return ()
    if reply.related:
        return reply.related[:limit]
    best = reply.facts[0].fact
    if best.date is None:
        return ()
    same_event = [
        ranked
        for ranked in reply.facts[1:]
        if is_same_event(ranked.fact, best) and ranked.score >= RELATED_CONFIDENCE
    ]
    return tuple(same_event[:limit])


def is_same_event(fact: Fact, answer: Fact) -> bool:
    """Whether a related fact tells of the answer's own event ("Same day"), rather than
    being another likely answer ("Or perhaps")."""
    return fact.story == answer.story and fact.date is not None and fact.date == answer.date


def more_answers(reply: Reply) -> tuple[RankedFact, ...]:
    """The facts after the answer that the answer does not already show as related."""
    shown = {r.fact.id for r in related_facts(reply)}
    return tuple(r for r in reply.facts[1:] if r.fact.id not in shown)


def key_events(events: Sequence[Fact], limit: int = KEY_EVENTS) -> list[Fact]:
    """At most `limit` events that summarise a timeline, in order: one per date, the first
    and the last (where the story starts and where it has got to), then those the coverage
    says most about (among dates it says as much about, spread from the first to the last);
    on each date the event itself (`_main_event`)."""
    ordered = _occasions(events)
    spread = {index: rank for rank, index in enumerate(_spread(len(ordered)))}
    ends = {0, len(ordered) - 1} if limit > 1 else set()
    biggest = sorted(
        range(len(ordered)), key=lambda i: (i not in ends, -len(ordered[i]), spread[i])
    )[:limit]
    return [_main_event(ordered[i]) for i in sorted(biggest)]


def digest(events: Sequence[Fact], limit: int = SUMMARY_EVENTS) -> list[Fact]:
    """A timeline asked for as a summary ("recap", "the highlights"): at most `limit`
    events, in order. Over more dates than that, the key events; over fewer, each date's
    main event, then more of the dates the coverage says most about while there is room
    ("summarise the visit" still tells the visit)."""
    occasions = _occasions(events)
    if len(occasions) >= limit:
        return key_events(events, limit)
    kept = {id(_main_event(group)) for group in occasions}
    for group in sorted(occasions, key=len, reverse=True):
        for fact in sorted(group, key=_eventfulness):
            if len(kept) >= limit:
                break
            kept.add(id(fact))
    return [fact for fact in events if id(fact) in kept]


def _occasions(events: Sequence[Fact]) -> list[list[Fact]]:
    """The events grouped by occasion (a date and a story), in the order they come."""
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in events:
        when = fact.date.display() if fact.date else ""
        groups.setdefault((when, fact.story), []).append(fact)
    return list(groups.values())


def _spread(count: int) -> list[int]:
    """0..count-1 in an order that covers the range evenly: the ends, then the middle,
    then the middles of the halves, and so on."""
    if count <= 0:
        return []
    order = [0, count - 1] if count > 1 else [0]
    spans = [(0, count - 1)]
    while spans:
        low, high = spans.pop(0)
        if high - low <= 1:  # no index between them
            continue
        middle = (low + high) // 2
        order.append(middle)
        spans += [(low, middle), (middle, high)]
    return order


def _main_event(facts: Sequence[Fact]) -> Fact:
    """The event itself before a detail of it or a quote about it: an event, the one with
    the most supporting quotes (every article that reports a visit quotes the visit), then
    the shortest."""
    return min(facts, key=_eventfulness)


def _eventfulness(fact: Fact) -> tuple[bool, int, int]:
    """Sorts an event before a detail or a quote: an event, more quoted, shorter."""
    return (fact.kind != "event", -len(fact.sources), len(fact.text))


def short_citation(article: Article) -> str:
    """ "Headline — Outlet, May 2018": a source as an answer names it, without the marks
    that say which parts are worked out (the full citation, `Article.citation`, keeps them
    for /sources and the quotes)."""
    when = article.published.display() if article.published else None
    shown = ", ".join(part for part in (article.outlet, when) if part)
    return f"{article.headline} — {shown}" if shown else article.headline


_last_subjects: list[tuple[FactBase, frozenset[str]]] = []


def subjects_of(base: FactBase) -> frozenset[str]:
    """The coverage's subjects, as `same_thing` leaves them out; worked out once per base
    (a pass over every fact), since every reply asks for them."""
    if _last_subjects and _last_subjects[0][0] is base:
        return _last_subjects[0][1]
    subjects = base.subjects()
    _last_subjects[:] = [(base, subjects)]
    return subjects
