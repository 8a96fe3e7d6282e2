"""Everything factbot shows on Discord, as embeds and short texts within Discord's limits.

The only embed builder: cogs and views pass core values (`Reply`, `Timeline` pages, facts,
articles) and get back embeds that Discord will accept. Every builder ends in `fit()`, which
enforces the documented limits however long the facts, however many the sources, however
hostile the question; user text is escaped before it is echoed (`echo`). The terminal
renders the same values as text (bot/terminal.py) in its own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import discord
from discord import app_commands
from discord.utils import escape_markdown, escape_mentions

from bot.core import (
    Abstention,
    Article,
    Fact,
    FactChange,
    RankedFact,
    Reply,
    TimelinePage,
    Why,
    cited_articles,
    is_hedged,
    is_same_event,
    key_events,
    related_facts,
    short_citation,
)
from bot.scorecard import Scorecard
from bot.status import ShardStatus
from bot.wording import DISCORD, HEDGE, disagreement, no_answer_text

# Discord's documented limits (https://discord.com/developers/docs/resources/message,
# "Embed Limits"; interactions: "Application Command Option Choice Structure").
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
FIELD_COUNT_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000  # title + description + field names/values + footer + author
CHOICE_COUNT_LIMIT = 25
CHOICE_LIMIT = 100  # an autocomplete choice's name and value
# What is typed into an autocompleted option is matched only up to this: an id or a name is
# never longer, and fuzzy matching 10,000 pasted characters took half a second per key.
TYPED_LIMIT = CHOICE_LIMIT
BUTTON_LABEL_LIMIT = 80

ANSWER_COLOUR = discord.Colour.blurple()
CONFLICT_COLOUR = discord.Colour.orange()
QUIET_COLOUR = discord.Colour.light_grey()
TIMELINE_COLOUR = discord.Colour.teal()
ERROR_COLOUR = discord.Colour.red()
ANSWER_TEXT_LIMIT = 600  # an answer's own text (the longest shipped fact has 365)
ANSWER_BUDGET = 600  # characters of an answer embed a related fact may take it up to
SOURCE_LINE_LIMIT = 120  # the one line naming an answer's source
SAME_EVENT_NAME = "Same day"  # a related fact about the answer's event (presentation.py)
OR_PERHAPS_NAME = "Or perhaps"  # another answer as likely, about the same thing
ALSO_LIMIT = 150  # a further part of a question, and twice that for its answer
CHOICE_TEXT_LIMIT = 240  # each "did you mean" candidate, two or three lines on a desktop
EVENT_TEXT_LIMIT = 300  # an event in a timeline summary
QUOTES_SHOWN = 20  # source fields in a full fact, leaving room for the conflict

# Short texts, sent as message content (all well under CONTENT_LIMIT).
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again."
ONLY_ASKER = "Only the person who asked can use these buttons."
BUTTON_EXPIRED = "This button has expired; ask again to get fresh ones."
COOLDOWN_NOTICE = "You're asking faster than I can keep up. Give me half a minute, then ask again."
NOT_ADMIN = (
    "Only members with the Manage Server permission (or the bot's configured admins) "
    "can reload the facts."
)
HELP_SENT = "I've asked the staff to look at this; someone will get back to you here."
HELP_ALREADY = "You've already asked the staff in the last few minutes; they'll be with you."
HELP_FAILED = "I couldn't reach the staff just now. Please try again in a moment."
WHY_GONE = "The facts were reloaded since, and they no longer give this answer: ask again."
THANKS = "Thanks, noted. The curators read these to improve the answers."
OPTIONS_REFUSED = (
    "I couldn't use that: {problem}. If you filled it in as Discord offered it, the "
    "command may be out of date on Discord's side; try again in a minute."
)
STALE_COMMAND = (
    "That command is out of date on Discord's side (this version of the bot has changed "
    "it). Try again in a minute, or type / to pick it afresh."
)


# -- text helpers ---------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut; at the
    end of a word when one ends in the last fifth ("in the afterno…" reads as a typo)."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space >= len(cut) * 4 // 5:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def escape(text: str) -> str:
    """User text made inert: no formatting, and no mention (even if a ping were allowed)."""
    return escape_mentions(escape_markdown(text))


def echo(text: str, limit: int) -> str:
    """User text to show back, escaped and clipped."""
    return clip(escape(" ".join(text.split())), limit)


def clip_lines(lines: Sequence[str], limit: int) -> str:
    """Whole lines up to `limit` characters, then "… and N more" for the lines left out."""
    if len("\n".join(lines)) <= limit:
        return "\n".join(lines)
    shown: list[str] = []
    used = -1  # no newline before the first line
    for index, line in enumerate(lines):
        remaining = len(lines) - index - 1
        room = len(f"\n… and {remaining} more") if remaining else 0
        if used + 1 + len(line) + room > limit:
            break
        shown.append(line)
        used += 1 + len(line)
    left = len(lines) - len(shown)
    if not shown:  # the first line alone is too long: clip it rather than show nothing
        tail = f"\n… and {left - 1} more" if left > 1 else ""
        return clip(lines[0], limit - len(tail)) + tail
    return "\n".join(shown) + f"\n… and {left} more"


def button_label(text: str) -> str:
    return clip(" ".join(text.split()), BUTTON_LABEL_LIMIT)


def typed(current: str) -> str:
    """What someone typed into an autocompleted option, as far as it is worth matching."""
    return current[:TYPED_LIMIT]


def choices(pairs: Iterable[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """Autocomplete (value, label) pairs as at most 25 choices of at most 100 characters.

    A value longer than 100 characters cannot be shortened without breaking the look-up it
    stands for, so such a pair is left out rather than clipped.
    """
    out: list[app_commands.Choice[str]] = []
    for value, label in pairs:
        if not value or len(value) > CHOICE_LIMIT:
            continue
        out.append(app_commands.Choice(name=clip(label, CHOICE_LIMIT) or value, value=value))
        if len(out) == CHOICE_COUNT_LIMIT:
            break
    return out


def content(text: str) -> str:
    """Message content within Discord's 2,000 characters."""
    return clip(text, CONTENT_LIMIT)


# -- limits -----------------------------------------------------------------------------------


def fit(embed: discord.Embed) -> discord.Embed:
    """Make `embed` acceptable to Discord: clip every part to its limit, keep at most 25
    fields, then drop fields from the end (and finally shorten the description) until the
    whole embed is within 6,000 characters. The first fields are the ones that matter."""
    if embed.title:
        embed.title = clip(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION_LIMIT)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_LIMIT))
    if embed.author.name:
        embed.set_author(name=clip(embed.author.name, AUTHOR_LIMIT))
    fields = [
        (
            clip(f.name or "\u200b", FIELD_NAME_LIMIT),
            clip(f.value or "\u200b", FIELD_VALUE_LIMIT),
            bool(f.inline),
        )
        for f in embed.fields
    ][:FIELD_COUNT_LIMIT]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL_LIMIT and embed.description:
        excess = len(embed) - EMBED_TOTAL_LIMIT
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed


# -- facts ------------------------------------------------------------------------------------


def _conflict_lines(fact: Fact, articles: Mapping[str, Article]) -> list[str]:
    """Both sides of a disagreement, each with its own sources: never silently resolved."""
    assert fact.conflict is not None
    lines = [fact.conflict.note]
    for claim in fact.conflict.claims:
        when = f" ({claim.date.display()})" if claim.date else ""
        where = "; ".join(short_citation(a) for a in cited_articles(claim.sources, articles))
        lines.append(f"• {claim.text}{when}" + (f"\n  — {where}" if where else ""))
    return lines


def _conflict_field(embed: discord.Embed, fact: Fact, articles: Mapping[str, Article]) -> None:
    if fact.conflict:
        embed.add_field(
            name="⚠️ The sources disagree",
            value=clip_lines(_conflict_lines(fact, articles), FIELD_VALUE_LIMIT),
            inline=False,
        )


def source_line(fact: Fact, articles: Mapping[str, Article]) -> str | None:
    """ "📰 Headline — Outlet, May 2018 (+1 more)": where an answer comes from, in one line."""
    cited = cited_articles(fact.sources, articles)
    if not cited:
        return None
    more = f" (+{len(cited) - 1} more)" if len(cited) > 1 else ""
    return f"📰 {compact_citation(cited[0], SOURCE_LINE_LIMIT - len(more))}{more}"


def compact_citation(article: Article, limit: int) -> str:
    """`short_citation` in `limit` characters: the headline is shortened, never the outlet
    and date after it."""
    full = short_citation(article)
    if len(full) <= limit:
        return full
    tail = full[len(article.headline) :]  # " — Outlet, May 2018"
    return clip(article.headline, max(20, limit - len(tail))) + tail


def as_of_line(reply: Reply) -> str | None:
    if reply.as_of is None:
        return None
    when = reply.as_of.published.display() if reply.as_of.published else None
    return f"As of the latest article ({when})" if when else "As of the latest article"


def answer_embed(reply: Reply, *, question: str | None = None) -> discord.Embed:
    """The answer first (its text in bold, then its date and one source line), a conflict
    as one line, a hedge in words when the confidence is low, and at most one related fact
    about the same event when it fits in a short reply (ANSWER_BUDGET)."""
    fact = reply.facts[0].fact
    lines = []
    if (as_of := as_of_line(reply)) is not None:
        lines.append(f"*{as_of}:*")
    lines.append(f"**{escape_markdown(clip(fact.text, ANSWER_TEXT_LIMIT))}**")
    meta = [f"📅 {fact.date.display()}"] if fact.date else []
    if (where := source_line(fact, reply.articles)) is not None:
        meta.append(where)
    if meta:
        lines.append(" · ".join(meta))
    if (disagree := disagreement(fact)) is not None:
        lines.append(f"⚠️ {disagree}")
    if is_hedged(reply):
        lines.append(f"-# {HEDGE}")
    embed = discord.Embed(
        title=echo(question, TITLE_LIMIT) if question else None,
        description="\n".join(lines),
        colour=CONFLICT_COLOUR if fact.conflict else ANSWER_COLOUR,
    )
    for part, answer in reply.also:  # the other parts of a question of several parts
        embed.add_field(
            name=f"Also asked: {echo(part, ALSO_LIMIT)}",
            value=clip(
                answer.fact.dated_text if answer else "The coverage I know doesn't say.",
                ALSO_LIMIT * 2,
            ),
            inline=False,
        )
    for ranked in related_facts(reply):  # whole, or not at all: a clipped fact misleads
        same = is_same_event(ranked.fact, fact)
        name = SAME_EVENT_NAME if same else OR_PERHAPS_NAME
        value = ranked.fact.text if same else ranked.fact.dated_text
        if len(embed) + len(name) + len(value) <= ANSWER_BUDGET:
            embed.add_field(name=name, value=value, inline=False)
    return fit(embed)


def choices_embed(reply: Reply, *, question: str | None = None) -> discord.Embed:
    """ "Did you mean": one line per candidate (each about something different), numbered
    like its button."""
    lines = ["Did you mean…"]
    for number, ranked in enumerate(reply.choices, 1):
        text = clip(ranked.fact.text, CHOICE_TEXT_LIMIT)
        date = ranked.fact.date.display() if ranked.fact.date else None
        when = f" ({date})" if date and date not in text else ""
        lines.append(f"**{number}.** {text}{when}")
    embed = discord.Embed(
        title=echo(question, TITLE_LIMIT) if question else None,
        description="\n".join(lines),
        colour=ANSWER_COLOUR,
    )
    return fit(embed)


def more_answers_embed(
    facts: Sequence[RankedFact], articles: Mapping[str, Article]
) -> discord.Embed:
    """The other answers the coverage gives, each with its date and source (the "More
    answers" button); none repeats what the answer already shows."""
    lines = []
    for ranked in facts:
        fact = ranked.fact
        when = f"**{fact.date.display()}** · " if fact.date else ""
        where = source_line(fact, articles)
        lines.append(f"{when}{fact.text}" + (f"\n-# {where}" if where else ""))
    embed = discord.Embed(
        title="More answers",
        description=clip_lines(lines, DESCRIPTION_LIMIT) or "That was the only answer I found.",
        colour=ANSWER_COLOUR,
    )
    return fit(embed)


def fact_embed(
    fact: Fact, articles: Mapping[str, Article], *, title: str | None = None
) -> discord.Embed:
    """One fact in full: text, date, each source (named in full: what is ours or worked out
    is marked) with its verbatim quote, and both sides of a disagreement (/fact and the
    "Sources" button under an answer)."""
    lines = [fact.text]
    if fact.date:
        lines.append(f"📅 {fact.date.display()}")
        if fact.date_note:  # how a relative or vague date was worked out, in small print
            lines.append(f"-# {clip(' '.join(fact.date_note.split()), 500)}")
    embed = discord.Embed(
        title=title,
        description="\n".join(lines),
        colour=CONFLICT_COLOUR if fact.conflict else ANSWER_COLOUR,
    )
    quoted: dict[str, list[str]] = {}  # each article once, its quotes under it
    for source in fact.sources:
        quoted.setdefault(source.article, []).append(f"> “{source.quote}”")
    for article_id, quotes in list(quoted.items())[:QUOTES_SHOWN]:
        article = articles.get(article_id)
        name = short_citation(article) if article else "An article no longer loaded"
        small_print = [f"-# {w}"] if article and (w := _worked_out(article)) else []
        value = clip_lines([*quotes, *small_print], FIELD_VALUE_LIMIT)  # what the name omits
        embed.add_field(name=name, value=value, inline=False)
    if len(quoted) > QUOTES_SHOWN:
        more = len(quoted) - QUOTES_SHOWN
        embed.add_field(name="…", value=f"and {more} more sources", inline=False)
    _conflict_field(embed, fact, articles)
    return fit(embed)


# -- no answer --------------------------------------------------------------------------------


def no_answer_embed(
    reason: Abstention | None,
    examples: Sequence[str],
    *,
    reply: Reply | None = None,
    max_length: int | None = None,
) -> discord.Embed:
    """A short, friendly "no" that says why and what to try instead (bot/wording.py)."""
    text = no_answer_text(
        reason,
        markup=DISCORD,
        examples=examples,
        heading=reply.heading if reply else None,
        as_of=reply.as_of if reply else None,
        max_length=max_length,
    )
    return fit(discord.Embed(description=text, colour=QUIET_COLOUR))


def notice_embed(text: str, *, title: str | None = None) -> discord.Embed:
    """A plain message that may carry user text (already escaped by the caller)."""
    return fit(discord.Embed(title=title, description=text, colour=QUIET_COLOUR))


# -- timelines --------------------------------------------------------------------------------


def _events_by_date(events: Sequence[Fact], *, text_limit: int | None = None) -> list[str]:
    """Events under their dates, each date written once in bold, an event a bullet."""
    lines: list[str] = []
    shown_date = None
    for fact in events:
        when = fact.date.display() if fact.date else "Undated"
        if when != shown_date:
            lines.append(f"**{when}**")
            shown_date = when
        text = clip(fact.text, text_limit) if text_limit else fact.text
        lines.append(f"• {text}" + (" ⚠️" if fact.conflict else ""))
    return lines


def _sources_field(
    embed: discord.Embed, events: Sequence[Fact], articles: Mapping[str, Article]
) -> None:
    """The articles the events come from, each once: one compact line each."""
    cited = cited_articles((s for fact in events for s in fact.sources), articles)
    if cited:
        lines = [f"📰 {compact_citation(a, SOURCE_LINE_LIMIT)}" for a in cited]
        embed.add_field(
            name="Sources" if len(cited) > 1 else "Source",
            value=clip_lines(lines, FIELD_VALUE_LIMIT),
            inline=False,
        )


def _conflict_key(events: Sequence[Fact]) -> str:
    return " · ⚠️ the sources disagree on a detail" if any(f.conflict for f in events) else ""


def timeline_embed(
    heading: str, page: TimelinePage, articles: Mapping[str, Article]
) -> discord.Embed:
    """One page of events under their dates, then the articles they come from."""
    embed = discord.Embed(
        title=echo(heading, TITLE_LIMIT),
        description=clip_lines(_events_by_date(page.events), DESCRIPTION_LIMIT),
        colour=TIMELINE_COLOUR,
    )
    _sources_field(embed, page.events, articles)
    events = "event" if page.total == 1 else "events"
    embed.set_footer(
        text=f"Page {page.number} of {page.count} · {page.total} {events}"
        + _conflict_key(page.events)
    )
    return fit(embed)


def timeline_summary_embed(
    heading: str, events: Sequence[Fact], articles: Mapping[str, Article]
) -> discord.Embed:
    """A timeline answer in short: its key events (bot/core/presentation.py), with how
    many there are in all; the full timeline is a button away."""
    shown = key_events(events)
    embed = discord.Embed(
        title=echo(heading, TITLE_LIMIT),
        description=clip_lines(
            _events_by_date(shown, text_limit=EVENT_TEXT_LIMIT), DESCRIPTION_LIMIT
        ),
        colour=TIMELINE_COLOUR,
    )
    _sources_field(embed, shown, articles)
    if len(shown) < len(events):
        embed.set_footer(text=f"{len(shown)} key events of {len(events)}" + _conflict_key(shown))
    elif conflict := _conflict_key(shown):
        embed.set_footer(text=conflict.removeprefix(" · "))
    return fit(embed)


# -- reference --------------------------------------------------------------------------------


def sources_embed(articles: Iterable[Article]) -> discord.Embed:
    """The articles the bot knows: headline, then outlet, date and author, and in small
    print what the article does not state itself (a headline of ours, a date worked out)."""
    items = list(articles)
    lines = []
    for number, article in enumerate(items, 1):
        about = [article.outlet, article.published and article.published.display()]
        if article.author:
            about.append(f"by {article.author}")
        shown = " · ".join(part for part in about if part)
        lines.append(f"**{number}. {escape_markdown(article.headline)}**")
        if shown:
            lines.append(shown)
        if worked_out := _worked_out(article):
            lines.append(f"-# {worked_out}")
    embed = discord.Embed(
        title="The coverage",
        description=clip_lines(lines, DESCRIPTION_LIMIT) or "No articles loaded.",
        colour=ANSWER_COLOUR,
    )
    embed.set_footer(text=f"{len(items)} article{'s' * (len(items) != 1)}")
    return fit(embed)


def _worked_out(article: Article) -> str:
    """ "Headline ours; date worked out from the text": what a citation marks, in words."""
    parts = []
    if article.headline_editorial:
        parts.append("headline ours (the article has none)")
    inferred = [
        name
        for name, source in (
            ("outlet", article.outlet_inferred_from),
            ("date", article.published_inferred_from),
            ("author", article.author_inferred_from),
        )
        if source
    ]
    if inferred:
        parts.append(f"{' and '.join(inferred)} worked out from the text")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def about_embed(
    *,
    version: str,
    facts: int,
    articles: int,
    uptime: float,
    latency: float | None,
    shards: Sequence[ShardStatus] = (),
    shard_count: int = 1,
    scorecard: Scorecard | None = None,
) -> discord.Embed:
    """Version, what is loaded, how long it has run and how quick the gateway is; when
    sharded, which shards this process runs and each one's latency; and how often it is
    right, as measured (bot/scorecard.py)."""
    embed = discord.Embed(
        title="factbot",
        description="Answers questions about the news coverage, citing the articles.",
        colour=ANSWER_COLOUR,
    )
    fields = [
        ("Version", version),
        ("Facts", str(facts)),
        ("Articles", str(articles)),
        ("Uptime", duration(uptime)),
    ]
    if shard_count > 1 and shards:
        ids = ", ".join(str(shard.id) for shard in shards)
        fields.append(("Shards", f"{ids} of {shard_count}"))
        per_shard = (f"shard {shard.id}: {_milliseconds(shard.latency)}" for shard in shards)
        fields.append(("Gateway latency", "\n".join(per_shard)))
    else:
        fields.append(("Gateway latency", _milliseconds(latency)))
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=True)
    if scorecard is not None:
        embed.add_field(
            name="How often it is right", value="\n".join(scorecard.lines()), inline=False
        )
    return fit(embed)


def _milliseconds(seconds: float | None) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds is not None else "not measured yet"


def duration(seconds: float) -> str:
    """ "3 d 4 h", "5 h 12 min", "7 min 3 s": the two largest units."""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s"


def reloaded_embed(
    *, facts: int, articles: int, notes: Sequence[str] = (), corrected: int = 0
) -> discord.Embed:
    """The new base's size; facts held back because their article changed (as `factbot
    check` lists them); and how many earlier answers got a correction."""
    lines = [f"Now answering from {facts} facts in {articles} articles."]
    if corrected:
        lines.append(
            f"Posted a correction under {corrected} earlier answer{'s' * (corrected != 1)}."
        )
    if notes:
        lines.append("```\n" + clip_lines([n.replace("```", "'''") for n in notes], 3000) + "\n```")
    return fit(discord.Embed(title="Reloaded", description="\n".join(lines), colour=ANSWER_COLOUR))


def reload_failed_embed(problems: Sequence[str]) -> discord.Embed:
    """Every problem we can show (as in `factbot check`), and that nothing changed."""
    lines = [p.replace("```", "'''") for p in problems]
    room = DESCRIPTION_LIMIT - 200
    body = clip_lines(lines, room)
    count = len(problems)
    embed = discord.Embed(
        title="Reload failed: still answering from the previous facts",
        description=f"```\n{body}\n```",
        colour=ERROR_COLOUR,
    )
    embed.set_footer(
        text=f"{count} problem{'s' * (count != 1)}. factbot check lists them all; "
        "fix them and run /reload again."
    )
    return fit(embed)


def why_embed(why: Why) -> discord.Embed:
    """Why this answer (asker only): the fact, how sure and by how much, what matched, and
    the fact's words highlighted in their article."""
    lines = [f"**{clip(escape(why.fact.text), 300)}**", f"Fact `{why.fact.id}`"]
    sure = f"{why.confidence:.0%} sure (it answers from {why.threshold:.0%})"
    if why.runner_up is not None and why.lead is not None:
        runner = clip(escape(why.runner_up.text), 120)
        sure += f"; {why.lead * 100:.0f} points ahead of the next fact: {runner}"
    lines.append(sure)
    if why.matched:
        lines.append("Words it matched: " + ", ".join(escape(w) for w in why.matched))
    if why.phrasing:
        lines.append(f"Closest way of asking it knows: “{clip(escape(why.phrasing), 150)}”")
    embed = discord.Embed(
        title="Why this answer", description="\n".join(lines), colour=ANSWER_COLOUR
    )
    for passage in why.passages[:3]:
        text = (
            f"{escape(passage.before)} **{escape(passage.quote)}** {escape(passage.after)}"
        ).strip()
        embed.add_field(
            name=clip(short_citation(passage.article), 256), value=clip(text, 1000), inline=False
        )
    return fit(embed)


def correction_text(changes: Sequence[FactChange]) -> str:
    """A short correction posted under an earlier answer whose fact a reload changed."""
    lines = []
    for change in changes[:3]:
        was = clip(escape(change.before.text), 200)
        if change.kind == "changed" and change.after is not None:
            now = clip(escape(change.after.text), 300)
            when = f" ({change.after.date.display()})" if change.after.date else ""
            lines.append(f"**Correction:** this answer said “{was}”. It now reads: {now}{when}")
        elif change.kind == "suspended":
            lines.append(
                f"**Correction:** this answer said “{was}”, but the article it quoted has "
                "changed and no longer says so. It is withdrawn until the curators check it."
            )
        else:
            lines.append(f"**Correction:** this answer said “{was}”; that fact was withdrawn.")
    return clip("\n".join(lines), CONTENT_LIMIT)


def help_request_embed(reply: Reply, *, asker: str, link: str | None) -> discord.Embed:
    """What the staff channel sees: who asked what, what the bot said, and where."""
    said = (
        clip(escape(reply.facts[0].fact.text), 600)
        if reply.answered and reply.facts
        else "The coverage I know doesn't say."
    )
    lines = [
        f"{asker} asked: “{echo(reply.question, 500)}”",
        f"The bot replied: {said}",
    ]
    if link:
        lines.append(f"[Go to the reply]({link})")
    embed = discord.Embed(
        title="Still needs help", description="\n".join(lines), colour=ERROR_COLOUR
    )
    return fit(embed)
