"""Replies and timelines as plain text, for the CLI and the terminal chat.

The Discord front end renders the same `Reply` values as embeds (bot/exts/_embeds.py);
what to say is decided by the core, how it looks is decided here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from bot.core import (
    KEY_EVENTS,
    MAX_QUESTION_CHARS,
    Article,
    Explanation,
    Fact,
    FactBase,
    RankedFact,
    Reply,
    Timeline,
    Why,
    cited_articles,
    example_questions,
    is_hedged,
    is_same_event,
    key_events,
    related_facts,
    settle_choices,
    short_citation,
    subjects_of,
)
from bot.wording import HEDGE, TERMINAL, disagreement, no_answer_text

WIDTH = 88
YEAR_HEADINGS_OVER = 10  # events: a longer timeline is grouped under year headings
_INDENT = "    "


def render_reply(
    reply: Reply, base: FactBase, *, quotes: bool = False, quotes_option: str | None = None
) -> str:
    """A reply as the terminal chat and `factbot ask` print it: the same choices as on
    Discord (bot/core/presentation.py), with `quotes` standing in for the buttons (the
    verbatim words, both sides of a disagreement, every event of a timeline);
    `quotes_option` is how to ask for them, where there is a way ("--quotes")."""
    if not reply.answered:
        return render_abstention(reply, base)
    if reply.form == "timeline":
        events = [r.fact for r in reply.facts]
        heading = reply.heading or "Timeline"
        if quotes or len(events) <= KEY_EVENTS:
            return render_events(heading, events, reply, quotes=quotes)
        shown = key_events(events)
        summary = render_events(heading, shown, reply, detail=False)
        all_of_them = f"; {quotes_option} shows them all" if quotes_option else ""
        return f"{summary}\n\n({len(shown)} key events of {len(events)}{all_of_them})"
    reply = settle_choices(reply, subjects_of(base))
    lines: list[str] = []
    if reply.as_of and reply.as_of.published:
        lines.append(f"As of the latest article ({reply.as_of.published.display()}):")
    if reply.ambiguous:
        lines.append("Did you mean one of these?")
        for number, choice in enumerate(reply.choices, 1):
            lines.extend(_fact_block(choice, reply, quotes, quotes_option, bullet=f"{number}."))
        return "\n".join(lines)
    lines.extend(_fact_block(reply.facts[0], reply, quotes, quotes_option, bullet=""))
    lines.extend(_related_lines(reply))
    for part, answer in reply.also:
        lines.append(_wrap(f"Also asked: “{part}”", ""))
        if answer is None:
            lines.append(_wrap("The coverage I know doesn't say.", _INDENT))
        else:
            lines.extend(_fact_block(answer, reply, quotes, quotes_option, bullet=""))
    if is_hedged(reply):
        lines.append(_wrap(HEDGE, _INDENT))
    return "\n".join(lines)


def _related_lines(reply: Reply) -> list[str]:
    """A fact about the answer's own event ("Same day"), or another answer as likely
    about the same thing ("Or perhaps"): bot/core/presentation.py `related_facts`."""
    answer = reply.facts[0].fact
    return [
        _wrap(f"Same day: {r.fact.text}", _INDENT)
        if is_same_event(r.fact, answer)
        else _wrap(f"Or perhaps: {r.fact.dated_text}", _INDENT)
        for r in related_facts(reply)
    ]


def render_abstention(reply: Reply, base: FactBase) -> str:
    """Why there is no answer, in the words every front end uses (bot/wording.py)."""
    return no_answer_text(
        reply.reason,
        markup=TERMINAL,
        examples=example_questions(
            base, question=reply.question, near=[r.fact for r in reply.related]
        ),
        heading=reply.heading,
        as_of=reply.as_of,
        max_length=MAX_QUESTION_CHARS,
        related=[r.fact.dated_text for r in reply.related],
    )


def render_events(
    heading: str,
    events: list[Fact],
    reply: Reply | None = None,
    *,
    quotes: bool = False,
    base: FactBase | None = None,
    detail: bool = True,
) -> str:
    """A timeline as a table: date, event, sources; grouped by year when it is long; both
    sides of a disagreement unless `detail` is off (a summary marks it with ⚠ only)."""
    articles = reply.articles if reply else (base.articles if base else {})
    lines = [heading, ""]
    width = max((len(f.date.display()) for f in events if f.date), default=4)
    year: tuple[int, bool] | None = None
    for fact in events:
        assert fact.date is not None
        if len(events) > YEAR_HEADINGS_OVER and (fact.date.year, fact.date.decade) != year:
            year = (fact.date.year, fact.date.decade)
            lines.append(f"── {fact.date.year}{'s' if fact.date.decade else ''} ──")
        marker = " ⚠" if fact.conflict else ""
        body = textwrap.wrap(fact.text + marker, WIDTH - width - 3) or [""]
        lines.append(f"{fact.date.display():>{width}} │ {body[0]}")
        lines.extend(f"{'':>{width}} │ {part}" for part in body[1:])
        cites = "; ".join(short_citation(a) for a in cited_articles(fact.sources, articles))
        lines.extend(
            f"{'':>{width}} │   {part}" for part in textwrap.wrap(f"— {cites}", WIDTH - width - 5)
        )
        for number, line in enumerate(_conflict_lines(fact, articles) if detail else []):
            hang = "  " if number else ""  # each claim hangs under its dash
            lines.extend(
                f"{'':>{width}} │   {part}"
                for part in textwrap.wrap(line, WIDTH - width - 5, subsequent_indent=hang)
            )
        if quotes:
            for source in fact.sources:
                lines.append(f"{'':>{width}} │   “{source.quote}”")
    return "\n".join(lines)


def render_timeline(timeline: Timeline, base: FactBase) -> str:
    if not timeline.events:
        return timeline.empty_message
    return render_events(
        f"Timeline: {timeline.filter.describe()}", list(timeline.events), base=base
    )


def _fact_block(
    ranked: RankedFact, reply: Reply, quotes: bool, quotes_option: str | None, *, bullet: str
) -> list[str]:
    """The fact, then its date and sources on one line, then a disagreement in one line
    (both sides in full, and the quotes, with `quotes`)."""
    fact = ranked.fact
    prefix = f"{bullet} " if bullet else ""
    lines = [_wrap(prefix + fact.text, " " * len(prefix))]
    cited = reply.articles_of(fact)
    about = [fact.date.display()] if fact.date else []
    if cited:
        about.append("Source: " + "; ".join(short_citation(a) for a in cited))
    if about:
        lines.append(_wrap(" · ".join(about), _INDENT))
    if quotes:
        for source in fact.sources:
            lines.append(_wrap(f"“{source.quote}”", _INDENT * 2))
        for number, line in enumerate(_conflict_lines(fact, reply.articles)):
            lines.append(_wrap(line, _INDENT * 2 if number else _INDENT))
    elif (disagree := disagreement(fact)) is not None:
        both = f" ({quotes_option} shows both sides)" if quotes_option else ""
        lines.append(_wrap(f"⚠ {disagree}{both}", _INDENT))
    return lines


def _conflict_lines(fact: Fact, articles: Mapping[str, Article]) -> list[str]:
    """Where sources disagree, the note and then each claim with its date and the
    citations of its own sources: both sides shown, never silently resolved."""
    if not fact.conflict:
        return []
    lines = [f"⚠ Sources disagree: {fact.conflict.note}"]
    for claim in fact.conflict.claims:
        date = f" ({claim.date.display()})" if claim.date else ""
        cited = [short_citation(a) for a in cited_articles(claim.sources, articles)]
        where = f" — {'; '.join(cited)}" if cited else ""
        lines.append(f"– {claim.text}{date}{where}")
    return lines


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent if not text.startswith(indent) else "",
        subsequent_indent=indent + "  ",
    )


def render_why(why: Why) -> str:
    """Why this answer, for a member: the fact, how sure and by how much, what matched,
    and the fact's words [in brackets] inside their articles."""
    lines = [_wrap(why.fact.text, ""), f"{_INDENT}fact {why.fact.id}"]
    sure = f"{why.confidence:.0%} sure (it answers from {why.threshold:.0%})"
    if why.runner_up is not None and why.lead is not None:
        sure += f"; {why.lead * 100:.0f} points ahead of the next fact: {why.runner_up.text}"
    lines.append(_wrap(sure, _INDENT))
    if why.matched:
        lines.append(_wrap("words it matched: " + ", ".join(why.matched), _INDENT))
    if why.phrasing:
        lines.append(_wrap(f"closest way of asking it knows: “{why.phrasing}”", _INDENT))
    for passage in why.passages:
        lines.append(f"{_INDENT}in {short_citation(passage.article)}:")
        text = f"{passage.before} [{passage.quote}] {passage.after}".strip()
        lines.append(_wrap(text, _INDENT * 2))
    return "\n".join(lines)


def render_explanation(explanation: Explanation, base: FactBase) -> str:
    """`factbot ask --explain`: the reply, then how the question was read and why each
    candidate scored what it did (log-odds effects of its features, largest first)."""
    lines = [render_reply(explanation.reply, base), "", "Why (factbot ask --explain):"]
    lines.append(f"  route: {explanation.route}")
    lines.extend(f"  {aspect}: {value}" for aspect, value in explanation.reading)
    for asked, cosine in explanation.judged:  # facts/asked.yaml: the memory the scorer weighs
        answer = ", ".join(asked.facts) or "nothing (the coverage doesn't say)"
        lines.append(_wrap(f"judged alike ({cosine:.2f}): {asked.text!r} -> {answer}", "  "))
    for n, candidate in enumerate(explanation.candidates, 1):
        lines.append("")
        lines.append(
            f"  {n}. {candidate.fact.id}  rank {candidate.rank:.2f}"
            f"  confidence {candidate.confidence:.2f} (threshold {explanation.threshold:.2f})"
        )
        lines.append(_wrap(candidate.fact.text, "     "))
        for title, effects in (("ranker", candidate.ranker), ("answerer", candidate.answerer)):
            shown = ", ".join(f"{c.feature}={c.value:.2f} ({c.effect:+.2f})" for c in effects)
            lines.append(_wrap(f"{title}: {shown}", "     "))
    lines.extend(("", f"  {explanation.decision}"))
    return "\n".join(lines)
