"""The fact base's semantic rules: unique ids, names that resolve, verbatim quotes,
unambiguous names, full coverage.

Field shapes are `schema.py`'s job and building values is `loading.py`'s; these rules need
several records at once. `Rules` applies them as the loader reads each record (one pass,
even over 100,000 facts), and each rule words its own problem with the record's path:line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz

from bot.core.errors import FILE_LINE, Problem
from bot.core.models import ENTITY_FIELDS, Article, Entity, EntityKind, FactBase, Topic
from bot.core.names import NAMES
from bot.core.normalize import fold_for_quotes, normalize
from bot.core.yamlfile import Mapping as Record

_SENTENCE_END = re.compile(r"(?<=[.!?\"\u201d])\s+(?=[A-Z\u201c\"\u2018'])")
_MIN_OVERLAP = 20  # characters of a sentence a quote must cover to count as citing it
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CLOSEST_PASSAGE_CUTOFF = 60  # partial_ratio of a passage worth showing for a quote not found
QUOTE_SHOWN = 80  # characters of a quote not found that the problem repeats


# An article's folded text, made once: every quote of every fact is looked up in it.
_folded_article = lru_cache(maxsize=64)(fold_for_quotes)


def quote_span(article: Article, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in the article (in quote-folded text), or None if it does not."""
    haystack = _folded_article(article.text)
    needle = fold_for_quotes(quote)
    start = haystack.find(needle)
    return None if start < 0 or not needle else (start, start + len(needle))


# In a quote's folded form, each character stands for these in the article's own text.
_AS_WRITTEN = {" ": r"\s+", "'": "['\u2018\u2019]", '"': '["\u201c\u201d]'}


def quote_offsets(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `text` as stored, as [start, end) offsets in code points, so
    `text[start:end]` is the passage with the article's own spacing and quotation marks.

    "Verbatim" means what `quote_span` means (whitespace runs and curly versus straight
    quotes are forgiven); the first occurrence wins, as there. None if it does not occur.
    """
    needle = fold_for_quotes(quote)
    if not needle:
        return None
    pattern = "".join(_AS_WRITTEN.get(ch) or re.escape(ch) for ch in needle)
    match = re.search(pattern, text)
    return None if match is None else match.span()


def is_verbatim(article: Article, quote: str) -> bool:
    """Whether `quote` occurs in the article (`quote_span` without the span: it runs for
    every source of every fact)."""
    return fold_for_quotes(quote) in _folded_article(article.text)


@dataclass(frozen=True, slots=True)
class NameClash:
    """One name claimed by two entities or topics."""

    name: str
    first: str
    second: str


def text_sha256(text: str) -> str:
    """An article's content hash as seeds/articles.yaml records it: SHA-256 of its UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def drift_notes(base: FactBase) -> list[str]:
    """What changed in the articles since their facts were checked, for a curator: each
    suspended fact, and each changed article with the sha256 to record once it is fixed."""
    notes = [
        f"suspended: fact '{s.fact_id}' ({s.origin}): its quote is no longer in "
        f"{', '.join(repr(a) for a in s.articles)}, which changed since its facts were "
        "checked; it is not served until the quote is fixed"
        for s in base.suspended
    ]
    for article in base.articles.values():
        if article.changed:
            held = sum(article.id in s.articles for s in base.suspended)
            notes.append(
                f"article '{article.id}' ({article.file}) changed since its facts were "
                f"checked ({held} fact{'s' * (held != 1)} suspended): once they are fixed, "
                f"set its sha256 in articles.yaml to {text_sha256(article.text)}"
            )
    return notes


def name_clashes(entities: Iterable[Entity], topics: Iterable[Topic]) -> list[NameClash]:
    """Names (canonical or alias) that would point at two different things.

    Names are compared the way the matcher compares them (case and accents ignored), so
    "Renée" and "renee" on two entities clash.
    """
    owner: dict[str, str] = {}
    clashes = []
    named = [(e.id, e.names) for e in entities] + [(t.id, (t.label, *t.aliases)) for t in topics]
    for thing_id, names in named:
        for name in names:
            key = normalize(name)
            if not key:
                continue
            if owner.setdefault(key, thing_id) != thing_id:
                clashes.append(NameClash(name, owner[key], thing_id))
    return clashes


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) spans of quote-folded text, split at sentence ends and lines."""
    folded_lines = [fold_for_quotes(line) for line in text.splitlines()]
    folded = fold_for_quotes(text)
    spans = []
    cursor = 0
    for line in folded_lines:
        if not line:
            continue
        for raw in _SENTENCE_END.split(line):
            part = raw.strip()
            if not part:
                continue
            start = folded.find(part, cursor)
            if start < 0:
                continue
            spans.append((start, start + len(part), part))
            cursor = start + len(part)
    return spans


def uncited_sentences(base: FactBase) -> dict[str, list[str]]:
    """Per article, the sentences no fact quotes from: what a curator has not yet covered."""
    cited: dict[str, list[tuple[int, int]]] = {a: [] for a in base.articles}
    for fact in base.facts:
        sources = list(fact.sources)
        if fact.conflict:
            sources += [s for claim in fact.conflict.claims for s in claim.sources]
        for source in sources:
            article = base.articles[source.article]
            span = quote_span(article, source.quote)
            if span:
                cited[source.article].append(span)
    report: dict[str, list[str]] = {}
    for article_id, article in base.articles.items():
        missing = []
        for start, end, sentence in sentences(article.text):
            covered = sum(max(0, min(end, e) - max(start, s)) for s, e in cited[article_id])
            if covered < min(_MIN_OVERLAP, end - start):
                missing.append(sentence)
        report[article_id] = missing
    return report


@dataclass
class Rules:
    """The rules across records, asked by the loader about each record it reads.

    `articles`, `entities` and `topics` are the loader's own tables, filled as it reads
    (articles and entities come before the facts that name them); every problem found goes
    to `problems`, worded with the file and line to fix.
    """

    problems: list[Problem]
    articles: Mapping[str, Article]
    entities: Mapping[str, Entity]
    topics: Mapping[str, Topic]
    articles_file: Path  # seeds/articles.yaml, named in messages
    entities_file: Path  # facts/entities.yaml, named in messages
    entities_missing: bool = False  # there is no entities file
    missing_entities_said: bool = False  # ... and facts naming entities were told so once
    article_lines: dict[str, int] = field(default_factory=dict)
    entity_lines: dict[str, int] = field(default_factory=dict)
    topic_lines: dict[str, int] = field(default_factory=dict)
    fact_origins: dict[str, str] = field(default_factory=dict)  # id -> "path:line"
    broken_quotes: list[str] = field(default_factory=list)  # changed articles' lost quotes
    # Articles that fact records name, valid or not: a fact rejected for its own problem
    # still shows which article it covers, so that article is not also "cited by no fact".
    cited: set[str] = field(default_factory=set)

    def _problem(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    # -- articles ----------------------------------------------------------------------------

    def every_seed_listed(self, records: list[Any], seed_files: list[Path], line: int) -> None:
        """A problem for each seed file no entry of the articles list names (an entry with
        problems of its own still names its file)."""
        listed = {
            Path(str(r["file"])).name for r in records if isinstance(r, dict) and r.get("file")
        }
        for txt in seed_files:
            if txt.name not in listed:
                self._problem(
                    self.articles_file,
                    line,
                    f"seed file {txt.name} is not listed: add an entry for it under 'articles:'",
                )

    # -- ids ---------------------------------------------------------------------------------

    def slug(self, value: str, path: Path, line: int, what: str) -> bool:
        """Whether an id is a slug (a problem if not)."""
        if _SLUG.match(value):
            return True
        self._problem(
            path,
            line,
            f"{what} '{value}' must be a slug: lowercase letters, digits "
            "and single hyphens (e.g. library-opened)",
        )
        return False

    def unique_id(
        self, record: Record, what: Literal["article", "entity", "topic"], path: Path
    ) -> str | None:
        """The id of an article, entity or topic if it is a slug no other `what` has."""
        value: str = record["id"]
        if not self.slug(value, path, record.line_of("id"), f"{what} id"):
            return None
        seen = {
            "article": self.article_lines,
            "entity": self.entity_lines,
            "topic": self.topic_lines,
        }[what]
        if value in seen:
            self._problem(
                path, record.line, f"duplicate {what} id '{value}' (first at line {seen[value]})"
            )
            return None
        seen[value] = record.line
        return value

    def fact_id(self, record: Record, path: Path, origin: str) -> bool:
        """Whether a fact's id is a slug no fact before it has."""
        fact_id = record["id"]
        ok = bool(_SLUG.match(fact_id)) or self.slug(fact_id, path, record.line_of("id"), "fact id")
        if fact_id in self.fact_origins:
            self._problem(
                path,
                record.line_of("id"),
                f"duplicate fact id '{fact_id}' (first defined at {self.fact_origins[fact_id]})",
            )
            return False
        self.fact_origins[fact_id] = origin
        return ok

    # -- names -------------------------------------------------------------------------------

    def name_clashes(self, path: Path) -> None:
        """A problem for each name two entities or topics claim (`name_clashes`)."""
        for clash in name_clashes(self.entities.values(), self.topics.values()):
            self._problem(
                path,
                self.entity_lines.get(clash.second)
                or self.topic_lines.get(clash.second)
                or FILE_LINE,
                f"the name '{clash.name}' belongs to "
                f"both '{clash.first}' and '{clash.second}': keep it on one of them so "
                "the bot knows whom it means",
            )

    def links(self, record: Record, path: Path, kind: str) -> bool:
        """Whether every entity and topic a fact names exists, and a quote says who said it
        (a problem for each that does not). Runs for every fact: each name takes one
        look-up, and a line is looked up only to word a problem."""
        ok = True
        get, entities = record.get, self.entities
        for key, entity_kind in ENTITY_FIELDS.items():
            for ref in get(key) or ():
                entity = entities.get(ref)
                if entity is None or entity.kind != entity_kind:
                    ok &= self._reference(ref, entity_kind, path, record.line_of(key))
        if not self.topics.keys() >= set(get("tags") or ()):
            ok &= self._tags(record, path)
        said_by = get("said_by")
        if said_by is not None:
            entity = entities.get(said_by)
            if entity is None or entity.kind != "person":
                ok &= self._reference(said_by, "person", path, record.line_of("said_by"))
        elif kind == "quote":
            self._problem(
                path,
                record.line,
                "a fact of kind 'quote' needs 'said_by': the id of the person who said it",
            )
            ok = False
        return ok

    def _tags(self, record: Record, path: Path) -> bool:
        """Whether every topic a fact is tagged with exists (a problem for each that does not)."""
        ok = True
        for tag in record.get("tags") or ():
            if tag in self.topics:
                continue
            ok = False
            if not self._missing_entities():
                self._unknown(
                    tag,
                    "topic",
                    list(self.topics),
                    path=path,
                    line=record.line_of("tags"),
                    fix=f"add it under 'topics:' in {self.entities_file.name}",
                )
        return ok

    def _missing_entities(self) -> bool:
        """Whether the entities file is missing, saying so the first time it matters."""
        if not self.entities_missing:
            return False
        if not self.missing_entities_said:
            self.missing_entities_said = True
            self._problem(
                self.entities_file,
                1,
                f"{self.entities_file.name} not found, but facts name people, places, "
                "organisations or topics: create it with each of them (README, 'The fact base')",
            )
        return True

    def _reference(self, ref: str, kind: EntityKind, path: Path, line: int) -> bool:
        entity = self.entities.get(ref)
        if entity is None and self._missing_entities():
            return False
        if entity is None:
            candidates = [e.id for e in self.entities.values() if e.kind == kind]
            return self._unknown(
                ref,
                kind,
                candidates,
                path=path,
                line=line,
                fix=f"add it to {self.entities_file.name}",
            )
        if entity.kind != kind:
            self._problem(path, line, f"'{ref}' is a {entity.kind}, not a {kind}")
            return False
        return True

    def _unknown(
        self, ref: str, what: str, candidates: list[str], *, path: Path, line: int, fix: str
    ) -> bool:
        guess = NAMES.did_you_mean(ref, candidates)
        hint = f"did you mean '{guess}'? Otherwise {fix}" if guess else fix.capitalize()
        self._problem(path, line, f"unknown {what} '{ref}': {hint}")
        return False

    # -- sources -----------------------------------------------------------------------------

    def cited_article(self, record: Record, path: Path) -> Article | None:
        """The article a source cites, if the articles list has it."""
        article = self.articles.get(record["article"])
        if article is None:
            self._unknown(
                record["article"],
                "article",
                list(self.articles),
                path=path,
                line=record.line_of("article"),
                fix=f"list it in {self.articles_file.name}",
            )
        return article

    def verbatim(self, article: Article, quote: str, path: Path, line: int) -> bool:
        """Whether a source's quote is the article's own words (`is_verbatim`). A quote an
        article that changed since its facts were checked no longer holds is no problem of
        the base: it goes to `broken_quotes`, and its fact is suspended."""
        if is_verbatim(article, quote):
            return True
        if article.changed:
            self.broken_quotes.append(article.id)
        else:
            self._problem(path, line, _quote_not_found(article, quote))
        return False

    def article_hash(self, recorded: str | None, path: Path, line: int) -> bool:
        """A recorded sha256 must look like one (64 hexadecimal digits)."""
        if recorded is None or _SHA256.fullmatch(recorded):
            return True
        self._problem(
            path,
            line,
            f"sha256 '{recorded[:80]}' is not a SHA-256 (64 hexadecimal digits): copy it from "
            "`factbot check`, or remove the line",
        )
        return False

    # -- coverage ----------------------------------------------------------------------------

    def note_citations(self, record: Any) -> None:
        """Remember which articles a raw fact record cites, in its sources and its claims
        (before the record is checked: a fact with problems still covers its articles)."""
        if not isinstance(record, Record):
            return
        source_lists = [record.get("sources")]
        conflict = record.get("conflict")
        if isinstance(conflict, Record) and isinstance(conflict.get("claims"), list):
            source_lists += [c.get("sources") for c in conflict["claims"] if isinstance(c, Record)]
        for sources in source_lists:
            for source in sources if isinstance(sources, list) else ():
                article = source.get("article") if isinstance(source, Record) else None
                if isinstance(article, str):
                    self.cited.add(article)

    def every_article_cited(self, awaiting_review: Callable[[str], bool] = lambda _: False) -> None:
        """A problem for each listed article no fact cites (unless its drafts await review)."""
        cited = set(self.cited)
        for name in self.cited - set(self.articles):
            # A misspelt article id is reported with its likely meaning; that article is
            # the one the fact covers, not an uncited one.
            guess = NAMES.did_you_mean(name, self.articles)
            if guess:
                cited.add(guess)
        for article_id in self.articles:
            if article_id not in cited and not awaiting_review(article_id):
                self._problem(
                    self.articles_file,
                    self.article_lines[article_id],
                    f"article '{article_id}' is cited by no fact: add facts that "
                    "quote it (factbot check --coverage lists its sentences)",
                )


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _quote_not_found(article: Article, quote: str) -> str:
    """Say which passage of the article comes closest, so the fix is a copy-paste."""
    folded_quote = fold_for_quotes(quote)
    folded_text = fold_for_quotes(article.text)
    alignment = fuzz.partial_ratio_alignment(folded_quote, folded_text)
    hint = ""
    if alignment is not None and alignment.score >= CLOSEST_PASSAGE_CUTOFF:
        closest = folded_text[alignment.dest_start : alignment.dest_end]
        hint = f'; closest passage: "{closest}"'
    short = (
        folded_quote
        if len(folded_quote) <= QUOTE_SHOWN
        else folded_quote[: QUOTE_SHOWN - 3] + "..."
    )
    return (
        f"quote not found verbatim in {article.file} ('{article.id}'): \"{short}\"{hint}. "
        "Copy the words exactly from the article"
    )
