"""Discord's markup in a message, taken out before the core reads the question.

Mentions of users, roles and channels, custom emoji, @everyone/@here and timestamps are
none of them words of a question; the core reads plain text (the terminal never had any).
Free of Discord imports, so the scorer's training (bot/tools/train_scorer.py) reads its
question sets, written as Discord messages, the way the bot receives them.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b|<t:\d+(?::\w)?>", re.IGNORECASE
)


def plain_text(question: str) -> str:
    """The question as the core reads it: Discord's markup taken out, spaces collapsed."""
    return " ".join(_MARKUP.sub(" ", question).split())
