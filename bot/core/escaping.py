"""Text from people (questions, fact files) made safe to print on a terminal or in a log.

A question or a fact file may hold terminal escape codes, carriage returns or
right-to-left overrides that would repaint the curator's terminal, hide the rest of a
line or forge another line. `printable` writes every such character as an escape
(`\\x1b`, `\\u202e`) so that what is printed is exactly one line of visible text.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


ONE_BYTE, FOUR_HEX = 0x100, 0x10000  # code points written as \xNN, \uNNNN, else \UNNNNNNNN


def printable(text: str, limit: int | None = None) -> str:
    """`text` with control and format characters escaped, cut to `limit` characters."""
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + ELLIPSIS
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch == " ":
        return ch
    if unicodedata.category(ch) == "Zs":  # a space that is not " ": shown as itself
        return ch
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < ONE_BYTE
        else f"\\u{code:04x}"
        if code < FOUR_HEX
        else f"\\U{code:08x}"
    )
