"""What the bot says when it gives no facts: one wording per `Abstention`, for every front end.

The terminal (bot/terminal.py) and Discord (bot/exts/_embeds.py) both word a "no" here, so
a new reason is worded once, for everyone, and no front end can fall back to a sentence
meant for another reason (Discord once answered instructions aimed at a language model
with "the coverage doesn't say"). A front end only says how a command and a list of
examples look in it (`Markup`); mypy checks that every reason has a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import assert_never

from bot.core import Abstention, Article, Fact


@dataclass(frozen=True, slots=True)
class Markup:
    """How one front end shows the pieces a "no" is made of."""

    command: str  # a slash command, "{}" filled with its name: "/timeline" or "`/timeline`"
    bullet: str  # before each example question
    capitalise: bool  # example questions start with a capital letter

    def example_lines(self, examples: Sequence[str]) -> str:
        """One line per example question, each starting on a new line ("" for none)."""
        if self.capitalise:
            examples = [q[:1].upper() + q[1:] for q in examples]
        return "".join(f"\n{self.bullet}{q}" for q in examples)


TERMINAL = Markup(command="{}", bullet="  • ", capitalise=False)
DISCORD = Markup(command="`{}`", bullet="• ", capitalise=True)


def no_answer_text(
    reason: Abstention | None,
    *,
    markup: Markup,
    examples: Sequence[str] = (),
    heading: str | None = None,
    as_of: Article | None = None,
    max_length: int | None = None,
    related: Sequence[str] = (),
) -> str:
    """Why there is no answer and what to try instead.

    `heading` names the events a timeline question asked for (NO_EVENTS); `as_of` is the
    newest article (NOT_AS_OF_NOW); `max_length` the longest question taken (TOO_LONG);
    `related` the facts closest to a question the coverage does not answer, offered as
    related, never as the answer.
    No reason means the coverage does not answer it.
    """
    timeline = markup.command.format("/timeline")
    whole_story = f"{timeline} shows the whole story in order."
    tries = markup.example_lines(examples)
    match reason:
        case Abstention.EMPTY:
            invite = ", for example:" if tries else "."
            return f"Ask me a question about the coverage{invite}{tries}\n{whole_story}"
        case Abstention.TOO_LONG:
            limit = f" (at most {max_length} characters)" if max_length else ""
            return (
                f"That's longer than a question{limit}. "
                "Ask it in a sentence or two and I'll look it up."
            )
        case Abstention.DECLINED:
            return (
                "I only answer questions about the coverage, from the articles; I have no "
                "instructions to change, no private details to share and no opinions of my own."
            )
        case Abstention.NO_EVENTS:
            asked = heading or "events"
            asked = asked[:1].lower() + asked[1:]
            if not asked.startswith(("events", "all events")):
                asked = f"events for {asked}"
            return f"The coverage has no {asked}.\nTry {timeline} with fewer filters."
        case Abstention.NOT_AS_OF_NOW:
            when = as_of.published.display() if as_of and as_of.published else None
            latest = f"latest article ({when})" if when else "latest article"
            return (
                f"The {latest} doesn't say, and older coverage can't speak for today."
                f"\n{whole_story}"
            )
        case Abstention.NOT_COVERED | None if related:
            closest = "".join(f"\n{markup.bullet}{text}" for text in related)
            return (
                f"The coverage I know doesn't say. The closest it comes (not an answer):{closest}"
            )
        case Abstention.NOT_COVERED | None:
            cover = f" It does cover, for example:{tries}" if tries else ""
            return f"The coverage I know doesn't say.{cover}\n{whole_story}"
        case _:
            assert_never(reason)


#: Said under an answer whose calibrated confidence is low (bot/core/presentation.py), in
#: place of a score: members read "52 %" as a grade, not as a warning.
HEDGE = "I'm not sure this is what you asked; the source says more."


def disagreement(fact: Fact) -> str | None:
    """One short line for a fact whose sources disagree (None when they agree); both sides
    in full are one step away (a button on Discord, --quotes in the terminal)."""
    if fact.conflict is None:
        return None
    dates = [claim.date.display() for claim in fact.conflict.claims if claim.date]
    exact = all(claim.date and claim.date.day for claim in fact.conflict.claims)
    if exact and len(dates) == len(set(dates)) > 1:
        return f"The sources disagree on the date: {' or '.join(dates)}."
    return "The sources disagree on part of this."
