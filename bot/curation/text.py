"""An article's statements: sentences as verbatim spans, boilerplate left out.

Quotes must be verbatim, so a sentence is always a slice of the article's own text; the
splitter never rewrites it. It keeps a quotation that runs over several sentences whole
(`"... Like no. I'm still doing me," she said.` is one statement) and does not split
after common abbreviations ("Ms.", "Oct.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.normalize import normalize

# Lines that are page furniture, not statements (compared case-insensitively, whole line).
BOILERPLATE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(share|tweet|email|print)( this( article| story)?)?\b.*$",
        r"^.*\b\d[\d,.]*\s*(k\s*)?shares?$",
        r"^read more\b.*$",
        r"^(related|recommended|more|trending)( news| stories| articles| reading)?:?$",
        r"^(photo|photograph|image|picture|credit|video)s?( credit)?\s*[:|/].*$",
        r"^.*\b(getty images|shutterstock|via reuters|ap photo)\b.*$",
        r"^videos? by\b.*$",
        r"^advertisement$",
        r"^(sign up|subscribe)\b.*$",
        r"^(by|written by)\s+[A-Z].{0,60}$",
        r"^(date|published|updated)[:\s]+\d{4}-\d{2}-\d{2}\b.*$",
    )
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gov sen rep gen col lt sgt jan feb mar apr jun jul aug sep "
    "sept oct nov dec no vs etc inc co corp ltd u.s a.m p.m".split()
)
_END = re.compile(r"[.!?]+[\"”’']?(?=\s+[\"“‘'(]?[A-Z0-9])")
_OPEN, _CLOSE = '"“', '"”'
MIN_WORDS = 5  # a statement worth asking about has at least this many words


@dataclass(frozen=True, slots=True)
class Sentence:
    """One statement: its exact text, where it starts in the article, its paragraph."""

    text: str
    start: int
    paragraph: int


def is_boilerplate(line: str) -> bool:
    """Share counters, "READ MORE", photo credits, "Related news", bylines, datelines."""
    stripped = line.strip()
    return any(pattern.match(stripped) for pattern in BOILERPLATE)


def is_heading(line: str) -> bool:
    """A headline or subheading: no sentence end (nothing to quote as a statement)."""
    stripped = line.strip().rstrip("\"”’'")
    return not stripped.endswith((".", "!", "?"))


def statements(text: str) -> list[Sentence]:
    """The article's sentences worth drafting, in order, each once (a teaser paragraph that
    repeats the first one, cut off with "[...]", is left out)."""
    out: list[Sentence] = []
    seen: set[str] = set()
    offset = 0
    paragraph = 0
    for line in text.splitlines(keepends=True):
        start_of_line = offset
        offset += len(line)
        body = line.strip()
        if not body:
            continue
        paragraph += 1
        if is_boilerplate(body) or is_heading(body) or "[...]" in body or body.endswith("…"):
            continue
        lead = start_of_line + line.index(body[0])
        for start, end in _split(body):
            raw = body[start:end]
            sentence = raw.strip()
            begins = start + len(raw) - len(raw.lstrip())
            key = normalize(sentence)
            if len(key.split()) < MIN_WORDS or key in seen:
                continue
            seen.add(key)
            out.append(Sentence(sentence, lead + begins, paragraph))
    return out


def _split(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, never inside an open quotation."""
    spans = []
    start = 0
    for match in _END.finditer(line):
        end = match.end()
        before = line[start : match.start()]
        word = re.findall(r"[\w.]+$", before)
        if word and word[0].lower().rstrip(".") in _ABBREVIATIONS and match.group() == ".":
            continue
        if word and re.fullmatch(r"(?:[A-Z]\.)*[A-Z]\.?", word[0]):  # "J. Trump", "O.J. Simpson"
            continue
        if _inside_quotation(line[start:end]):
            continue
        spans.append((start, end))
        start = end
    if line[start:].strip():
        spans.append((start, len(line)))
    return spans


def _inside_quotation(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    straight = text.count('"')
    curly_open, curly_close = text.count("“"), text.count("”")
    return straight % 2 == 1 or curly_open > curly_close
