"""Regular expressions the reader, the fact features and the timelines share: one home for
how a year, a month name and a possessive are written, so the three cannot drift apart.
"""

from __future__ import annotations

import re

from bot.core.lexicon import MONTHS

# Month names and abbreviations, longest first so "september" wins over "sep".
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# A year the coverage could mean: 1800-2099 ("1995", "2018").
YEAR = r"(?:1[89]|20)\d\d"
YEAR_WORD = re.compile(rf"\b{YEAR}\b")  # a year on its own: "in 2018"
YEAR_START = re.compile(rf"\b{YEAR}")  # ... or starting a word: "the 1990s"
# "Calder's birthday", "Renée’s visit": (owner, thing owned).
POSSESSIVE = re.compile(r"([\w\u00c0-\u024f]+)['\u2019]s\s+([\w-]+)")
# A word, letters with accents included.
WORD = re.compile(r"[\w\u00c0-\u024f]+")
