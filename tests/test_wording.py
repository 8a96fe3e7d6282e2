"""Every reason for not answering has its own words, in every front end (bot/wording.py).

Each `Abstention` is rendered by both renderers, the terminal's text and Discord's embed,
so a reason added to the core without words of its own fails here instead of falling back
to "the coverage doesn't say" on one front end.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.core import MAX_QUESTION_CHARS
from bot.core.examples import example_questions
from bot.core.reply import Abstention, Reply
from bot.exts import _embeds
from bot.terminal import render_abstention
from tests.helpers import lighthouse_base

Render = Callable[[Abstention | None], str]


def _reply(reason: Abstention | None) -> Reply:
    base = lighthouse_base()
    return Reply(
        "q",
        False,
        reason=reason,
        heading="Events in 1990" if reason is Abstention.NO_EVENTS else None,
        as_of=next(iter(base.articles.values())) if reason is Abstention.NOT_AS_OF_NOW else None,
        articles=base.articles,
    )


def terminal(reason: Abstention | None) -> str:
    return render_abstention(_reply(reason), lighthouse_base())


def discord(reason: Abstention | None) -> str:
    reply = _reply(reason)
    examples = example_questions(lighthouse_base())
    embed = _embeds.no_answer_embed(reason, examples, reply=reply, max_length=MAX_QUESTION_CHARS)
    return embed.description or ""


RENDERERS = [pytest.param(terminal, id="terminal"), pytest.param(discord, id="discord")]


@pytest.mark.parametrize("render", RENDERERS)
def test_every_abstention_has_its_own_wording(render: Render) -> None:
    texts = {reason: render(reason) for reason in Abstention}
    not_covered = render(None)  # no reason given: the coverage does not answer it
    assert texts[Abstention.NOT_COVERED] == not_covered
    for reason, text in texts.items():
        assert text.strip(), reason
        if reason is not Abstention.NOT_COVERED:
            assert text != not_covered, f"{reason} falls back to the not-covered wording"
    assert len(set(texts.values())) == len(Abstention)


@pytest.mark.parametrize("reason", list(Abstention))
def test_the_terminal_and_discord_say_the_same_thing(reason: Abstention) -> None:
    """Only the markup differs: Discord shows commands as code and capitalises examples."""
    plain = discord(reason).replace("`", "")
    first_line = terminal(reason).splitlines()[0]
    assert plain.splitlines()[0] == first_line


@pytest.mark.parametrize("render", RENDERERS)
def test_instructions_for_a_language_model_are_declined_not_missing(render: Render) -> None:
    text = render(Abstention.DECLINED)
    assert text.startswith("I only answer questions about the coverage")
    assert "doesn't say" not in text


@pytest.mark.parametrize("render", RENDERERS)
def test_too_long_names_the_cores_limit(render: Render) -> None:
    assert f"at most {MAX_QUESTION_CHARS} characters" in render(Abstention.TOO_LONG)


@pytest.mark.parametrize("render", RENDERERS)
def test_no_line_starts_with_a_dangling_or(render: Render) -> None:
    """ "Or use /timeline" once followed replies that had offered nothing to be an
    alternative to; the whole story is now offered on its own."""
    for reason in (None, *Abstention):
        lines = render(reason).splitlines()
        assert not [line for line in lines if line.startswith("Or ")], reason
