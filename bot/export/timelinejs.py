"""A `Timeline` as Knight Lab TimelineJS JSON, for an interactive page of the coverage.

The format (timeline.knightlab.com/docs/json-format.html): a title slide and one slide per
event with `start_date` as {"year", "month", "day"} strings, `display_date`, `text` as
{"headline", "text"} (HTML) and `group` (a labelled row). Dates go only as far as the fact
knows them: "late 2017" is {"year": "2017"} with display_date "late 2017", never an invented
month. TimelineJS then places it at the start of 2017; the label stays honest.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.core import Fact, FactBase, PartialDate, Source, Timeline, citations

HEADLINE_LIMIT = 60
_MIN_CLAUSE_WORDS = 4  # "Robert Kardashian," (a name before an apposition) is no headline
# A first clause opening with one of these is scene-setting ("In February 2023", "After
# meeting President Trump"), not what happened: such a headline cuts the sentence instead.
_INTRODUCTORY = frozenset(
    "in on at after before during by ahead asked when while following since until as "
    "from according speaking".split()
)
_CLAUSE_END = re.compile(r"[,;:]\s|\s[\u2013\u2014-]\s|\s\(")


def escape(text: str) -> str:
    """HTML-escape text content (TimelineJS inserts it as HTML); quotes need no escaping
    outside attributes, and "Johnson's" stays readable in the JSON."""
    return html.escape(text, quote=False)


def to_timelinejs(
    timeline: Timeline, base: FactBase, *, title: str | None = None
) -> dict[str, Any]:
    """The TimelineJS document for `timeline`: ready for `json.dumps`.

    Every string that reaches TimelineJS's HTML is escaped; a conflict fact is one slide
    showing each claim with its own sources, under a "Sources disagree" marker.
    """
    described = timeline.filter.describe()
    headline = title or described[:1].upper() + described[1:]
    articles = {a for fact in timeline.events for a in fact.article_ids}
    summary = (
        f"{len(timeline.events)} dated events from {len(articles)} "
        f"article{'s' if len(articles) != 1 else ''}."
        if timeline.events
        else timeline.empty_message
    )
    return {
        "title": {"text": {"headline": escape(headline), "text": f"<p>{escape(summary)}</p>"}},
        "events": [_slide(fact, base) for fact in timeline.events],
    }


def start_date(date: PartialDate) -> dict[str, str]:
    """{"year": "2018", "month": "5", "day": "30"}, cut off where the date's precision ends."""
    parts = {"year": str(date.year)}
    if date.month is not None:
        parts["month"] = str(date.month)
        if date.day is not None:
            parts["day"] = str(date.day)
    return parts


def headline(text: str, limit: int = HEADLINE_LIMIT) -> str:
    """A short headline from a fact's text: the whole sentence if it fits, else its first
    clause (unless that only sets the scene), else the text cut at a word boundary with an
    ellipsis."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    clause = _CLAUSE_END.split(text, maxsplit=1)[0].rstrip()
    first_word = clause.split(" ", 1)[0].lower()
    words = len(clause.split())
    if words >= _MIN_CLAUSE_WORDS and len(clause) <= limit and first_word not in _INTRODUCTORY:
        return clause
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _slide(fact: Fact, base: FactBase) -> dict[str, Any]:
    assert fact.date is not None  # only dated facts are events
    body = [f"<p>{escape(fact.text)}</p>"]
    if fact.conflict:
        claims = "".join(
            "<li>"
            + (f"<strong>{escape(claim.date.display())}</strong>: " if claim.date else "")
            + f"{escape(claim.text)} — {escape(_citations(claim.sources, base))}</li>"
            for claim in fact.conflict.claims
        )
        body.append(
            f"<p><strong>Sources disagree:</strong> {escape(fact.conflict.note)}</p>"
            f"<ul>{claims}</ul>"
        )
    body.append(f"<p>Sources: {escape(_citations(fact.sources, base))}</p>")
    slide: dict[str, Any] = {
        "unique_id": fact.id,
        "start_date": start_date(fact.date),
        "display_date": fact.date.display(),
        "text": {
            "headline": escape(("⚠ " if fact.conflict else "") + headline(fact.text)),
            "text": "".join(body),
        },
    }
    story = base.stories.get(fact.story)
    if story:
        slide["group"] = escape(story.title)
    return slide


def _citations(sources: tuple[Source, ...], base: FactBase) -> str:
    """ "Headline — Outlet, 16 July 2018; ...": each article once, in citing order."""
    return "; ".join(citations(sources, base.articles))
