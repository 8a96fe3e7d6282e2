"""Text normalisation in one place: every comparison of text in the core goes through here.

Two levels, for two jobs:
- `fold_for_quotes` is what "verbatim" means for a quote check: only whitespace and
  straight versus curly quotation marks and apostrophes (U+2018, U+2019, U+201C,
  U+201D) are ignored.
- `normalize` / `tokenize` are what the matcher, filters and autocomplete compare: case,
  accents, zero-width characters, punctuation and every quote-like mark are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# What "verbatim" forgives, and nothing more: curly single and double quotation marks
# (and the apostrophe, U+2019) read as their straight forms. Backticks, primes, accents,
# guillemets and low-9 quotes are different characters in a quote.
_VERBATIM_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'))
# The matcher is lenient: anything shaped like a quotation mark or apostrophe is one.
_QUOTE_LIKE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_POSSESSIVE = re.compile(r"'s\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold_for_quotes(text: str) -> str:
    """Collapse whitespace and straighten curly quotes and apostrophes (U+2018, U+2019,
    U+201C, U+201D); nothing else changes, so a quote that differs in any other character
    is not verbatim."""
    return straighten_quotes(collapse_whitespace(text))


def collapse_whitespace(text: str) -> str:
    """Every run of whitespace one space, none at either end: `" ".join(text.split())`."""
    # The only whitespace `isprintable` lets through is the ASCII space, so printable text
    # without two spaces in a row or at an end is already collapsed: returned as it is,
    # without splitting it into words (this runs for every text and quote of a fact base).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # str.split() splits at exactly the characters a regex's `\s` matches: the same as
    # re.sub(r"\s+", " ", ...).strip(), twice as fast.
    return " ".join(text.split())


def straighten_quotes(text: str) -> str:
    """`text` with curly quotation marks and apostrophes straightened, nothing else changed
    (`fold_for_quotes` without the whitespace)."""
    if text.isascii():  # most quotes: nothing to straighten
        return text
    # Four replaces run in C; `str.translate` with this table looks up every character.
    for curly, straight in _VERBATIM_QUOTES:
        text = text.replace(curly, straight)
    return text


def strip_invisible(text: str) -> str:
    """Drop zero-width, bidi and other format characters (Unicode category Cf)."""
    if text.isascii():  # no ASCII character is one
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def normalize(text: str) -> str:
    """Lowercase, accent-free, punctuation-free text with single spaces.

    "Renée's  visit—CLC!" -> "renee visit clc". Possessive 's is dropped; other
    apostrophes are removed inside words ("don't" -> "dont").
    """
    # Building the index normalizes the same names and sentences many times over; short
    # texts are remembered (a long one, a pasted wall of text, is not worth keeping).
    return _normalize_short(text) if len(text) <= CACHED_LENGTH else _normalize(text)


CACHED_LENGTH = 300


def _normalize(text: str) -> str:
    if not text.isascii():  # ASCII has no accents, invisible characters or curly quotes
        text = strip_invisible(unicodedata.normalize("NFKD", text))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_QUOTE_LIKE).translate(_DASHES)
    text = text.casefold()
    text = _POSSESSIVE.sub("", text).replace("'", "")
    return _NOT_WORD.sub(" ", text).strip()


_normalize_short = lru_cache(maxsize=8192)(_normalize)


def tokenize(text: str) -> list[str]:
    """The words of `normalize(text)`."""
    return normalize(text).split()
