"""Build a `FactBase` from `facts/` and `seeds/`, all or nothing.

`read_fact_base` returns every problem it finds (what `factbot check` prints);
`load_fact_base` is what the bot uses: the same code, refusing an invalid base outright.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.core import schema
from bot.core.checks import is_verbatim, name_clashes
from bot.core.errors import FILE_LINE, FactBaseError, Problem, sort_key
from bot.core.files import MAX_FILE_BYTES, UnsafeFileError, read_text
from bot.core.models import (
    ENTITY_FIELDS,
    Article,
    Claim,
    Conflict,
    Entity,
    EntityKind,
    Fact,
    FactBase,
    FactKind,
    PartialDate,
    Source,
    Story,
    Topic,
)
from bot.core.normalize import collapse_whitespace, fold_for_quotes
from bot.core.yamlfile import Mapping, read_yaml

ARTICLES_FILE = "articles.yaml"
ENTITIES_FILE = "entities.yaml"
SYNONYMS_FILE = "synonyms.yaml"
SEEDS_PREFIX = "seeds"  # how article files are named in replies, wherever seeds/ lives
FACT_KINDS: tuple[FactKind, ...] = ("event", "quote", "background", "profile")
_GUESS_CUTOFF = 60  # how close an unknown id must be to a known one for "did you mean"
CLOSEST_PASSAGE_CUTOFF = 60  # partial_ratio of a passage worth showing for a quote not found
QUOTE_SHOWN = 80  # characters of a quote not found that the problem repeats
MIN_GROUP = 2  # synonyms come in groups, and a conflict has sides: at least two of each
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_fact_base(
    facts_dir: Path, seeds_dir: Path, *, max_file_bytes: int = MAX_FILE_BYTES
) -> FactBase:
    """The validated fact base; raises `FactBaseError` with every problem if it is invalid."""
    base, problems = read_fact_base(facts_dir, seeds_dir, max_file_bytes=max_file_bytes)
    if problems or base is None:
        raise FactBaseError(problems)
    return base


def read_fact_base(
    facts_dir: Path, seeds_dir: Path, *, max_file_bytes: int = MAX_FILE_BYTES
) -> tuple[FactBase | None, list[Problem]]:
    """Parse and check everything; return the base (None if unusable) and all problems.

    Every file is read as `bot.core.files` does: a regular file inside its folder (a link
    only to one there), at most `max_file_bytes`."""
    reader = _Reader(facts_dir, seeds_dir, max_file_bytes=max_file_bytes)
    with paused_gc():
        base = reader.read()
    problems = sorted(set(reader.problems), key=sort_key)
    return (None if problems else base), problems


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a fact base is built.

    Reading makes millions of objects that all stay alive (YAML nodes, then facts), so
    every collection meanwhile is wasted work, and the full ones walk the whole heap with
    the interpreter lock held: 40% of the time of loading 20,000 facts, and the reason a
    /reload in a worker thread starved the event loop (and the gateway heartbeat). Nothing
    in a load makes reference cycles that need collecting; the previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class _Reader:
    facts_dir: Path
    seeds_dir: Path
    max_file_bytes: int = MAX_FILE_BYTES
    problems: list[Problem] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)
    article_lines: dict[str, int] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    fact_origins: dict[str, str] = field(default_factory=dict)
    # Articles that fact records name, valid or not: a fact rejected for its own problem
    # still shows which article it covers, so that article is not also "cited by no fact".
    cited: set[str] = field(default_factory=set)
    unreadable_story: bool = False  # a story file whose facts could not be read at all
    entities_missing: Path | None = None  # entities.yaml, when there is none
    missing_entities_said: bool = False  # ... and facts naming entities were told so once
    # Dates as parsed, by their text and qualifier: many facts share one (they are frozen).
    dates: dict[tuple[str, Any], PartialDate] = field(default_factory=dict)

    def read(self) -> FactBase:
        self._read_articles()
        self._read_entities()
        synonyms = self._read_synonyms()
        stories: dict[str, Story] = {}
        facts: list[Fact] = []
        story_files = sorted(
            p for p in self.facts_dir.glob("*.yaml") if p.name not in (ENTITIES_FILE, SYNONYMS_FILE)
        )
        if not self.facts_dir.is_dir():
            self._problem(
                self.facts_dir,
                FILE_LINE,
                "fact directory not found (line 1 stands for the directory itself): "
                "create it, or give its path with --facts or FACTBOT_FACTS_DIR",
            )
        elif not story_files:
            self._problem(
                self.facts_dir,
                FILE_LINE,
                "no story files in this directory: add a *.yaml file with 'story:' and a "
                "'facts:' list (see README, 'The fact base')",
            )
        for path in story_files:
            story, story_facts = self._read_story(path)
            if story:
                stories[story.id] = story
                facts.extend(story_facts)
        if not self.unreadable_story:  # else what it cites is unknown: no guessing
            self._check_every_article_cited()
        return FactBase(
            facts=tuple(facts),
            articles=self.articles,
            entities=self.entities,
            topics=self.topics,
            stories=stories,
            synonyms=synonyms,
        )

    # -- helpers ---------------------------------------------------------------------------

    def _yaml(self, path: Path, folder: Path) -> tuple[Any, list[Problem]]:
        return read_yaml(path, folder=folder, limit=self.max_file_bytes)

    def _problem(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def _fields(
        self,
        record: Any,
        fields: dict[str, schema.Field],
        path: Path,
        what: str,
        line: int | None = None,
    ) -> bool:
        found = schema.check_fields(record, fields, path, what, line)
        self.problems.extend(found)
        return not found

    def _slug(self, value: str, path: Path, line: int, what: str) -> bool:
        if _SLUG.match(value):
            return True
        self._problem(
            path,
            line,
            f"{what} '{value}' must be a slug: lowercase letters, digits "
            "and single hyphens (e.g. library-opened)",
        )
        return False

    def _unique_id(
        self, record: Mapping, what: str, seen: dict[str, int], path: Path
    ) -> str | None:
        """The record's id if it is a slug not used before by another `what`."""
        value: str = record["id"]
        if not self._slug(value, path, record.line_of("id"), f"{what} id"):
            return None
        if value in seen:
            self._problem(
                path, record.line, f"duplicate {what} id '{value}' (first at line {seen[value]})"
            )
            return None
        seen[value] = record.line
        return value

    def _date(
        self, record: Mapping, path: Path, qualifier_key: str | None = None
    ) -> PartialDate | None:
        raw = record.get("date")
        qualifier = record.get(qualifier_key) if qualifier_key else None
        if raw is None:
            if qualifier is not None:
                self._problem(
                    path,
                    record.line_of(qualifier_key or "date"),
                    f"'{qualifier_key}' needs a 'date' to qualify",
                )
            return None
        key = (str(raw), qualifier)
        date = self.dates.get(key)
        if date is not None:
            return date
        try:
            date = self.dates[key] = PartialDate.parse(*key)
        except ValueError as exc:
            self._problem(path, record.line_of("date"), str(exc))
            return None
        return date

    # -- articles ----------------------------------------------------------------------------

    def _read_articles(self) -> None:
        path = self.seeds_dir / ARTICLES_FILE
        if not self.seeds_dir.is_dir():
            self._problem(
                self.seeds_dir,
                FILE_LINE,
                "seed directory not found (line 1 stands for the directory itself): "
                "create it, or give its path with --seeds or FACTBOT_SEEDS_DIR",
            )
            return
        if not _exists(path):
            self._problem(
                path,
                FILE_LINE,
                "file missing: create it and list every seed article in it "
                "(see README, 'Adding an article')",
            )
            return
        data, problems = self._yaml(path, self.seeds_dir)
        self.problems.extend(problems)
        if data is None or not self._fields(data, schema.ARTICLES_FILE, path, "articles.yaml", 1):
            return
        articles_line = data.line_of("articles")
        for record in data["articles"]:
            self._read_article(record, path, articles_line)
        listed = {  # named by an entry, even one with problems of its own
            Path(str(r["file"])).name
            for r in data["articles"]
            if isinstance(r, dict) and r.get("file")
        }
        for txt in sorted(self.seeds_dir.glob("*.txt")):
            if txt.name not in listed:
                self._problem(
                    path,
                    articles_line,
                    f"seed file {txt.name} is not listed: add an entry for it under 'articles:'",
                )

    def _read_article(self, record: Any, path: Path, list_line: int) -> None:
        if not self._fields(record, schema.ARTICLE, path, "an article", list_line):
            return
        article_id = self._unique_id(record, "article", self.article_lines, path)
        if article_id is None:
            return
        file = self.seeds_dir / record["file"]
        try:
            text = read_text(file, folder=self.seeds_dir, limit=self.max_file_bytes)
        except UnsafeFileError as exc:
            message = (
                f"article file {file} not found"
                if str(exc) == "not found"
                else f"cannot read article file {file}: {exc}"
            )
            self._problem(path, record.line_of("file"), message)
            return
        published = self._date(_rename(record, "published", "date"), path)
        self.articles[article_id] = Article(
            id=article_id,
            file=f"{SEEDS_PREFIX}/{file.name}",
            headline=record["headline"].strip(),
            text=text,
            headline_editorial=bool(record.get("headline_editorial", False)),
            outlet=record.get("outlet"),
            outlet_inferred_from=_text(record.get("outlet_inferred_from")),
            author=record.get("author"),
            author_inferred_from=_text(record.get("author_inferred_from")),
            published=published,
            published_inferred_from=_text(record.get("published_inferred_from")),
            notes=_text(record.get("notes")),
        )

    # -- entities, topics, synonyms -----------------------------------------------------------

    def _read_entities(self) -> None:
        path = self.facts_dir / ENTITIES_FILE
        if not _exists(path):
            # A fact base without entities is allowed; a fact that names one is then
            # reported once, as this missing file, not once per name.
            self.entities_missing = path
            return
        data, problems = self._yaml(path, self.facts_dir)
        self.problems.extend(problems)
        if data is None or not self._fields(data, schema.ENTITIES_FILE, path, ENTITIES_FILE, 1):
            return
        entity_lines: dict[str, int] = {}
        topic_lines: dict[str, int] = {}
        for section, kind in ENTITY_FIELDS.items():
            for record in data.get(section) or []:
                what = f"an entry of '{section}'"
                if not self._fields(record, schema.ENTITY, path, what, data.line_of(section)):
                    continue
                entity_id = self._unique_id(record, "entity", entity_lines, path)
                if entity_id is None:
                    continue
                self.entities[entity_id] = Entity(
                    id=entity_id,
                    kind=kind,
                    name=record["name"].strip(),
                    aliases=tuple(a.strip() for a in record.get("aliases") or ()),
                    description=record.get("description"),
                )
        for record in data.get("topics") or []:
            what = "an entry of 'topics'"
            if not self._fields(record, schema.TOPIC, path, what, data.line_of("topics")):
                continue
            topic_id = self._unique_id(record, "topic", topic_lines, path)
            if topic_id is None:
                continue
            self.topics[topic_id] = Topic(
                topic_id, record["label"].strip(), tuple(record.get("aliases") or ())
            )
        for clash in name_clashes(self.entities.values(), self.topics.values()):
            self._problem(
                path,
                entity_lines.get(clash.second) or topic_lines.get(clash.second) or FILE_LINE,
                f"the name '{clash.name}' belongs to "
                f"both '{clash.first}' and '{clash.second}': keep it on one of them so "
                "the bot knows whom it means",
            )

    def _read_synonyms(self) -> tuple[tuple[str, ...], ...]:
        path = self.facts_dir / SYNONYMS_FILE
        if not _exists(path):
            return ()
        data, problems = self._yaml(path, self.facts_dir)
        self.problems.extend(problems)
        if data is None or not self._fields(data, schema.SYNONYMS_FILE, path, SYNONYMS_FILE, 1):
            return ()
        groups = []
        for n, group in enumerate(data["synonyms"], 1):
            if not (
                isinstance(group, list)
                and len(group) >= MIN_GROUP
                and all(isinstance(w, str) and w.strip() for w in group)
            ):
                self._problem(
                    path,
                    data.line_of("synonyms"),
                    f"synonym group {n} must be a list of two or more words",
                )
                continue
            groups.append(tuple(w.strip() for w in group))
        return tuple(groups)

    # -- stories and facts ---------------------------------------------------------------------

    def _read_story(self, path: Path) -> tuple[Story | None, list[Fact]]:
        data, problems = self._yaml(path, self.facts_dir)
        self.problems.extend(problems)
        if data is None and not problems:  # an empty file: no story, no facts
            self._problem(
                path, 1, "this story file is empty: write its story and facts, or delete it"
            )
        if data is None or not self._fields(data, schema.STORY_FILE, path, "a story file", 1):
            self.unreadable_story = True
            return None, []
        story = Story(path.stem, data["story"].strip())
        facts = []
        records = data["facts"]
        if not records:  # an emptied story file would otherwise lose its facts in silence
            self._problem(
                path,
                data.line_of("facts"),
                "this story file has no facts: add them under 'facts:', or delete the file",
            )
        for index, record in enumerate(records):
            records[index] = None  # let each raw record go once read: they outweigh the facts
            self._note_citations(record)
            fact = self._read_fact(record, path, story.id, data.line_of("facts"))
            if fact:
                facts.append(fact)
        return story, facts

    def _note_citations(self, record: Any) -> None:
        """Remember which articles a raw fact record cites, in its sources and its claims."""
        if not isinstance(record, Mapping):
            return
        source_lists = [record.get("sources")]
        conflict = record.get("conflict")
        if isinstance(conflict, Mapping) and isinstance(conflict.get("claims"), list):
            source_lists += [c.get("sources") for c in conflict["claims"] if isinstance(c, Mapping)]
        for sources in source_lists:
            for source in sources if isinstance(sources, list) else ():
                article = source.get("article") if isinstance(source, Mapping) else None
                if isinstance(article, str):
                    self.cited.add(article)

    def _read_fact(self, record: Any, path: Path, story: str, list_line: int) -> Fact | None:
        # Runs once per fact (100,000 in the scale benchmark): each rule takes its cheap
        # path when the value is good and looks up lines only to word a problem.
        if not self._fields(record, schema.FACT, path, "a fact", list_line):
            return None
        get = record.get
        fact_id = record["id"]
        origin = f"{path}:{record.line}"
        ok = bool(_SLUG.match(fact_id)) or self._slug(
            fact_id, path, record.line_of("id"), "fact id"
        )
        if fact_id in self.fact_origins:
            self._problem(
                path,
                record.line_of("id"),
                f"duplicate fact id '{fact_id}' (first defined at {self.fact_origins[fact_id]})",
            )
            ok = False
        else:
            self.fact_origins[fact_id] = origin
        kind = record["kind"]
        if kind not in FACT_KINDS:
            self._problem(
                path,
                record.line_of("kind"),
                f"kind '{kind}' must be one of: {', '.join(FACT_KINDS)}",
            )
            ok = False
        date = self._date(record, path, "date_qualifier")
        if date is None and get("date") is not None:
            ok = False
        ok &= self._links(record, path, kind)
        sources = self._sources(record["sources"], path, record.line_of("sources"))
        conflict_record = get("conflict")
        conflict = None if conflict_record is None else self._conflict(conflict_record, path)
        if not ok or sources is None or (conflict_record and conflict is None):
            return None
        return Fact(
            id=fact_id,
            text=collapse_whitespace(record["text"]),
            sources=sources,
            kind=kind,
            date=date,
            people=tuple(get("people") or ()),
            places=tuple(get("places") or ()),
            organisations=tuple(get("organisations") or ()),
            tags=tuple(get("tags") or ()),
            questions=tuple(get("questions") or ()),
            said_by=get("said_by"),
            conflict=conflict,
            date_note=_text(get("date_note")),
            notes=_text(get("notes")),
            story=story,
            origin=origin,
        )

    def _links(self, record: Mapping, path: Path, kind: str) -> bool:
        """Whether every entity and topic a fact names exists, and a quote says who said it
        (a problem for each that does not)."""
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

    def _tags(self, record: Mapping, path: Path) -> bool:
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
                    fix=f"add it under 'topics:' in {ENTITIES_FILE}",
                )
        return ok

    def _missing_entities(self) -> bool:
        """Whether the entities file is missing, saying so the first time it matters."""
        if self.entities_missing is None:
            return False
        if not self.missing_entities_said:
            self.missing_entities_said = True
            self._problem(
                self.entities_missing,
                1,
                f"{ENTITIES_FILE} not found, but facts name people, places, organisations or "
                "topics: create it with each of them (README, 'The fact base')",
            )
        return True

    def _reference(self, ref: str, kind: EntityKind, path: Path, line: int) -> bool:
        entity = self.entities.get(ref)
        if entity is None and self._missing_entities():
            return False
        if entity is None:
            candidates = [e.id for e in self.entities.values() if e.kind == kind]
            return self._unknown(
                ref, kind, candidates, path=path, line=line, fix=f"add it to {ENTITIES_FILE}"
            )
        if entity.kind != kind:
            self._problem(path, line, f"'{ref}' is a {entity.kind}, not a {kind}")
            return False
        return True

    def _unknown(
        self, ref: str, what: str, candidates: list[str], *, path: Path, line: int, fix: str
    ) -> bool:
        guess = process.extractOne(ref, candidates, score_cutoff=_GUESS_CUTOFF)
        hint = f"did you mean '{guess[0]}'? Otherwise {fix}" if guess else fix.capitalize()
        self._problem(path, line, f"unknown {what} '{ref}': {hint}")
        return False

    def _sources(self, records: list[Any], path: Path, line: int) -> tuple[Source, ...] | None:
        if not records:
            self._problem(path, line, "'sources' is empty: cite at least one article quote")
            return None
        sources = []
        ok = True
        for record in records:
            if not self._fields(record, schema.SOURCE, path, "a source", line):
                ok = False
                continue
            article = self.articles.get(record["article"])
            if article is None:
                ok &= self._unknown(
                    record["article"],
                    "article",
                    list(self.articles),
                    path=path,
                    line=record.line_of("article"),
                    fix=f"list it in {ARTICLES_FILE}",
                )
                continue
            quote = collapse_whitespace(record["quote"])
            if not is_verbatim(article, quote):
                self._problem(path, record.line_of("quote"), _quote_not_found(article, quote))
                ok = False
                continue
            sources.append(Source(article.id, quote))
        return tuple(sources) if ok else None

    def _conflict(self, record: Any, path: Path) -> Conflict | None:
        if record is None or not self._fields(record, schema.CONFLICT, path, "a conflict"):
            return None
        claims = []
        for claim in record["claims"]:
            if not self._fields(claim, schema.CLAIM, path, "a conflict claim", record.line):
                continue
            sources = self._sources(claim["sources"], path, claim.line_of("sources"))
            date = self._date(claim, path)
            if sources is not None:
                claims.append(Claim(collapse_whitespace(claim["text"]), sources, date))
        if len(claims) < MIN_GROUP:
            self._problem(
                path,
                record.line_of("claims"),
                "a conflict needs at least two valid claims, each with its sources",
            )
            return None
        return Conflict(collapse_whitespace(record["note"]), tuple(claims))

    def _check_every_article_cited(self) -> None:
        cited = set(self.cited)
        for name in self.cited - set(self.articles):
            # A misspelt article id is reported with its likely meaning; that article is
            # the one the fact covers, not an uncited one.
            guess = process.extractOne(name, list(self.articles), score_cutoff=_GUESS_CUTOFF)
            if guess:
                cited.add(guess[0])
        for article_id in self.articles:
            if article_id not in cited:
                self._problem(
                    self.seeds_dir / ARTICLES_FILE,
                    self.article_lines[article_id],
                    f"article '{article_id}' is cited by no fact: add facts that "
                    "quote it (factbot check --coverage lists its sentences)",
                )


def _exists(path: Path) -> bool:
    """Whether anything is there, a dangling link included (the reader then says what)."""
    return path.exists() or path.is_symlink()


def _rename(record: Mapping, old: str, new: str) -> Mapping:
    """A view of `record` with one key renamed, keeping line numbers (for shared parsers)."""
    copy = Mapping({new if k == old else k: v for k, v in record.items()})
    copy.line = record.line
    copy.key_lines = {new if k == old else k: v for k, v in record.key_lines.items()}
    return copy


def _text(value: str | None) -> str | None:
    """A free-text field with its YAML line breaks folded; None when empty."""
    folded = collapse_whitespace(value) if value else ""
    return folded or None


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
