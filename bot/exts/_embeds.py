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

from bot.core import Abstention, Article, Fact, RankedFact, Reply, TimelinePage, citations
from bot.status import ShardStatus
from bot.wording import DISCORD, no_answer_text

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
RELATED_SHOWN = 2  # related facts under an answer; "More answers" shows the rest
SUMMARY_TEXT_LIMIT = 600  # a fact's text in a field, leaving room for its sources
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
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


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
        where = "; ".join(citations(claim.sources, articles))
        lines.append(f"• {claim.text}{when}" + (f"\n  — {where}" if where else ""))
    return lines


def _source_field(embed: discord.Embed, fact: Fact, articles: Mapping[str, Article]) -> None:
    lines = citations(fact.sources, articles)
    if lines:
        name = "Source" if len(lines) == 1 else "Sources"
        embed.add_field(name=name, value=clip_lines(lines, FIELD_VALUE_LIMIT), inline=False)


def _conflict_field(embed: discord.Embed, fact: Fact, articles: Mapping[str, Article]) -> None:
    if fact.conflict:
        embed.add_field(
            name="⚠️ The sources disagree",
            value=clip_lines(_conflict_lines(fact, articles), FIELD_VALUE_LIMIT),
            inline=False,
        )


def _summary(fact: Fact, articles: Mapping[str, Article], *, dated: bool = True) -> str:
    """A fact in one field value: its text (dated unless the field name is the date), then
    a line per source."""
    lines = [clip(fact.dated_text if dated else fact.text, SUMMARY_TEXT_LIMIT)]
    if fact.conflict:
        lines.append("⚠️ The sources disagree on this one.")
    lines.extend(f"— {c}" for c in citations(fact.sources, articles))
    return clip_lines(lines, FIELD_VALUE_LIMIT)


def as_of_line(reply: Reply) -> str | None:
    if reply.as_of is None:
        return None
    when = reply.as_of.published.display() if reply.as_of.published else None
    return f"As of the latest article ({when})" if when else "As of the latest article"


def answer_embed(reply: Reply, *, question: str | None = None) -> discord.Embed:
    """The best fact with its date and sources, a conflict's two sides, related facts and
    the matcher's confidence."""
    best, *others = reply.facts
    fact = best.fact
    lines = []
    if (as_of := as_of_line(reply)) is not None:
        lines.append(f"*{as_of}:*")
    lines.append(fact.text)
    if fact.date:
        lines.append(f"📅 {fact.date.display()}")
    embed = discord.Embed(
        title=echo(question, TITLE_LIMIT) if question else None,
        description="\n".join(lines),
        colour=CONFLICT_COLOUR if fact.conflict else ANSWER_COLOUR,
    )
    _source_field(embed, fact, reply.articles)
    _conflict_field(embed, fact, reply.articles)
    for part, answer in reply.also:  # the other parts of a question of several parts
        embed.add_field(
            name=f"Also asked: {echo(part, FIELD_NAME_LIMIT - len('Also asked: '))}",
            value=clip(
                answer.fact.dated_text if answer else "The coverage I know doesn't say.",
                FIELD_VALUE_LIMIT,
            ),
            inline=False,
        )
    related = [f"• {r.fact.dated_text}" for r in others[:RELATED_SHOWN]]
    if related:
        embed.add_field(name="Related", value=clip_lines(related, FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=f"Confidence {reply.confidence:.0%}")
    return fit(embed)


def choices_embed(reply: Reply, *, question: str | None = None) -> discord.Embed:
    """ "Did you mean": the close candidates, numbered like their buttons."""
    embed = discord.Embed(
        title=echo(question, TITLE_LIMIT) if question else None,
        description="I found more than one answer. Which did you mean?",
        colour=ANSWER_COLOUR,
    )
    for number, ranked in enumerate(reply.choices, 1):
        embed.add_field(
            name=f"{number}.", value=_summary(ranked.fact, reply.articles), inline=False
        )
    embed.set_footer(text="Pick one with the buttons below.")
    return fit(embed)


def more_answers_embed(
    facts: Sequence[RankedFact], articles: Mapping[str, Article]
) -> discord.Embed:
    """The facts after the best one, each with its sources (the "More answers" button)."""
    embed = discord.Embed(title="More answers", colour=ANSWER_COLOUR)
    for ranked in facts:
        name = ranked.fact.date.display() if ranked.fact.date else "Also"
        embed.add_field(name=name, value=_summary(ranked.fact, articles), inline=False)
    if not facts:
        embed.description = "That was the only answer I found."
    return fit(embed)


def fact_embed(
    fact: Fact, articles: Mapping[str, Article], *, story: str | None = None
) -> discord.Embed:
    """One fact in full: text, date, and each source with its verbatim quote (/fact and the
    "Show quote" button)."""
    lines = [fact.text]
    if fact.date:
        lines.append(f"📅 {fact.date.display()}")
        if fact.date_note:  # how a relative or vague date was worked out, in small print
            lines.append(f"-# {clip(' '.join(fact.date_note.split()), 500)}")
    embed = discord.Embed(
        title=fact.id,
        description="\n".join(lines),
        colour=CONFLICT_COLOUR if fact.conflict else ANSWER_COLOUR,
    )
    for source in fact.sources[:QUOTES_SHOWN]:
        article = articles.get(source.article)
        name = article.citation() if article else source.article
        embed.add_field(name=name, value=f"> “{source.quote}”", inline=False)
    if len(fact.sources) > QUOTES_SHOWN:
        more = len(fact.sources) - QUOTES_SHOWN
        embed.add_field(name="…", value=f"and {more} more sources", inline=False)
    _conflict_field(embed, fact, articles)
    if story:
        embed.set_footer(text=f"Story: {story}")
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


def timeline_embed(
    heading: str, page: TimelinePage, articles: Mapping[str, Article]
) -> discord.Embed:
    """One page of events, one field each: date as the name, the event and its sources."""
    embed = discord.Embed(title=echo(heading, TITLE_LIMIT), colour=TIMELINE_COLOUR)
    for fact in page.events:
        assert fact.date is not None  # only dated facts are events
        name = fact.date.display() + (" ⚠️" if fact.conflict else "")
        embed.add_field(name=name, value=_summary(fact, articles, dated=False), inline=False)
    events = "event" if page.total == 1 else "events"
    embed.set_footer(text=f"Page {page.number} of {page.count} · {page.total} {events}")
    return fit(embed)


# -- reference --------------------------------------------------------------------------------


def sources_embed(articles: Iterable[Article]) -> discord.Embed:
    """The articles the bot knows: headline, outlet, date."""
    items = list(articles)
    lines = [f"• {a.citation()}" for a in items]
    embed = discord.Embed(
        title="The coverage",
        description=clip_lines(lines, DESCRIPTION_LIMIT) or "No articles loaded.",
        colour=ANSWER_COLOUR,
    )
    embed.set_footer(text=f"{len(items)} article{'s' * (len(items) != 1)}")
    return fit(embed)


def about_embed(
    *,
    version: str,
    facts: int,
    articles: int,
    uptime: float,
    latency: float | None,
    shards: Sequence[ShardStatus] = (),
    shard_count: int = 1,
) -> discord.Embed:
    """Version, what is loaded, how long it has run and how quick the gateway is; when
    sharded, which shards this process runs and each one's latency."""
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


def reloaded_embed(*, facts: int, articles: int) -> discord.Embed:
    return fit(
        discord.Embed(
            title="Reloaded",
            description=f"Now answering from {facts} facts in {articles} articles.",
            colour=ANSWER_COLOUR,
        )
    )


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
        text=f"{count} problem{'s' * (count != 1)}. `factbot check` lists them all; "
        "fix them and run /reload again."
    )
    return fit(embed)
