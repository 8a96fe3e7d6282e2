"""Build a `FactBase` from `facts/` and `seeds/`, all or nothing.

This module reads: files, field shapes (`schema.py`) and values (dates, text). The rules
across records (unique ids, names that resolve, verbatim quotes, every article cited) are
`checks.Rules`, asked about each record as it is read.

`read_fact_base` returns every problem it finds (what `factbot check` prints);
`load_fact_base` is what the bot uses: the same code, refusing an invalid base outright.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core import schema
from bot.core.checks import Rules, text_sha256
from bot.core.errors import FILE_LINE, FactBaseError, Problem, sort_key
from bot.core.files import MAX_FILE_BYTES, UnsafeFileError, read_text
from bot.core.models import (
    ENTITY_FIELDS,
    Article,
    AskedQuestion,
    Claim,
    Conflict,
    Entity,
    Fact,
    FactBase,
    FactKind,
    PartialDate,
    Source,
    Story,
    Suspension,
    Topic,
)
from bot.core.normalize import collapse_whitespace
from bot.core.yamlfile import Mapping, read_yaml

ARTICLES_FILE = "articles.yaml"
ENTITIES_FILE = "entities.yaml"
SYNONYMS_FILE = "synonyms.yaml"
ASKED_FILE = "asked.yaml"  # questions already judged: written by `make train`, not by hand
DRAFTS_DIR = "drafts"  # facts/drafts/: never read as facts (only facts/*.yaml are)
SEEDS_PREFIX = "seeds"  # how article files are named in replies, wherever seeds/ lives
FACT_KINDS: tuple[FactKind, ...] = ("event", "quote", "background", "profile")
PRONOUNS = ("she", "he", "they")  # how the articles refer to a person
MIN_GROUP = 2  # synonyms come in groups, and a conflict has sides: at least two of each


def load_fact_base(
    facts_dir: Path, seeds_dir: Path, *, max_file_bytes: int = MAX_FILE_BYTES, judged: bool = True
) -> FactBase:
    """The validated fact base; raises `FactBaseError` with every problem if it is invalid.
    `judged=False` leaves out the judged questions (`ASKED_FILE`), for `make train`, which
    writes them afresh: one naming a fact since removed must not stop it."""
    base, problems = read_fact_base(
        facts_dir, seeds_dir, max_file_bytes=max_file_bytes, judged=judged
    )
    if problems or base is None:
        raise FactBaseError(problems)
    return base


def read_fact_base(
    facts_dir: Path, seeds_dir: Path, *, max_file_bytes: int = MAX_FILE_BYTES, judged: bool = True
) -> tuple[FactBase | None, list[Problem]]:
    """Parse and check everything; return the base (None if unusable) and all problems.

    Every file is read as `bot.core.files` does: a regular file inside its folder (a link
    only to one there), at most `max_file_bytes`."""
    reader = _Reader(facts_dir, seeds_dir, max_file_bytes=max_file_bytes, judged=judged)
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
    judged: bool = True  # whether to read the judged questions (`ASKED_FILE`)
    problems: list[Problem] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    unreadable_story: bool = False  # a story file whose facts could not be read at all
    suspended: list[Suspension] = field(default_factory=list)
    # Dates as parsed, by their text and qualifier: many facts share one (they are frozen).
    dates: dict[tuple[str, Any], PartialDate] = field(default_factory=dict)
    # Each fact's 'led_to' (its id, the ids, where), checked once every fact is read.
    links_to_check: list[tuple[str, tuple[str, ...], Path, int]] = field(default_factory=list)
    rules: Rules = field(init=False)

    def __post_init__(self) -> None:
        self.rules = Rules(
            self.problems,
            self.articles,
            self.entities,
            self.topics,
            articles_file=self.seeds_dir / ARTICLES_FILE,
            entities_file=self.facts_dir / ENTITIES_FILE,
        )

    def read(self) -> FactBase:
        self._read_articles()
        self._read_entities()
        synonyms = self._read_synonyms()
        stories: dict[str, Story] = {}
        facts: list[Fact] = []
        story_files = sorted(
            p
            for p in self.facts_dir.glob("*.yaml")
            if p.name not in (ENTITIES_FILE, SYNONYMS_FILE, ASKED_FILE)
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
        self._check_led_to(facts)
        if not self.unreadable_story:  # else what it cites is unknown: no guessing
            # An article just added whose drafts await review (`factbot draft`) is not an
            # error: the bot keeps serving the rest while a curator reviews them.
            self.rules.every_article_cited(
                awaiting_review=lambda article_id: _exists(
                    self.facts_dir / DRAFTS_DIR / f"{article_id}.yaml"
                )
            )
        return FactBase(
            facts=tuple(facts),
            articles=self.articles,
            entities=self.entities,
            topics=self.topics,
            stories=stories,
            synonyms=synonyms,
            suspended=tuple(self.suspended),
            asked=self._read_asked({f.id for f in facts} | {s.fact_id for s in self.suspended})
            if self.judged
            else (),
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
        self.rules.every_seed_listed(
            data["articles"], sorted(self.seeds_dir.glob("*.txt")), articles_line
        )

    def _read_article(self, record: Any, path: Path, list_line: int) -> None:
        if not self._fields(record, schema.ARTICLE, path, "an article", list_line):
            return
        article_id = self.rules.unique_id(record, "article", path)
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
        recorded = record.get("sha256")
        if not self.rules.article_hash(recorded, path, record.line_of("sha256")):
            recorded = None
        actual = text_sha256(text)
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
            sha256=recorded,
            changed=recorded is not None and recorded != actual,
        )

    # -- entities, topics, synonyms -----------------------------------------------------------

    def _read_entities(self) -> None:
        path = self.facts_dir / ENTITIES_FILE
        if not _exists(path):
            # A fact base without entities is allowed; a fact that names one is then
            # reported once, as this missing file, not once per name.
            self.rules.entities_missing = True
            return
        data, problems = self._yaml(path, self.facts_dir)
        self.problems.extend(problems)
        if data is None or not self._fields(data, schema.ENTITIES_FILE, path, ENTITIES_FILE, 1):
            return
        for section, kind in ENTITY_FIELDS.items():
            for record in data.get(section) or []:
                what = f"an entry of '{section}'"
                if not self._fields(record, schema.ENTITY, path, what, data.line_of(section)):
                    continue
                entity_id = self.rules.unique_id(record, "entity", path)
                if entity_id is None:
                    continue
                pronoun = record.get("pronoun")
                if pronoun is not None and (kind != "person" or pronoun not in PRONOUNS):
                    self._problem(
                        path,
                        record.line_of("pronoun"),
                        f"pronoun '{pronoun}' must be one of: {', '.join(PRONOUNS)}"
                        if kind == "person"
                        else "only people have a pronoun; remove it",
                    )
                    pronoun = None
                self.entities[entity_id] = Entity(
                    id=entity_id,
                    kind=kind,
                    name=record["name"].strip(),
                    aliases=tuple(a.strip() for a in record.get("aliases") or ()),
                    description=record.get("description"),
                    pronoun=pronoun,
                )
        for record in data.get("topics") or []:
            what = "an entry of 'topics'"
            if not self._fields(record, schema.TOPIC, path, what, data.line_of("topics")):
                continue
            topic_id = self.rules.unique_id(record, "topic", path)
            if topic_id is None:
                continue
            self.topics[topic_id] = Topic(
                topic_id, record["label"].strip(), tuple(record.get("aliases") or ())
            )
        self.rules.name_clashes(path)

    def _optional_file(
        self, name: str, fields: dict[str, schema.Field]
    ) -> tuple[Path, Mapping | None]:
        """An optional file of the fact directory, read and checked against its fields
        (None when it is absent or has problems, which are recorded)."""
        path = self.facts_dir / name
        if not _exists(path):
            return path, None
        data, problems = self._yaml(path, self.facts_dir)
        self.problems.extend(problems)
        if data is None or not self._fields(data, fields, path, name, 1):
            return path, None
        return path, data

    def _read_synonyms(self) -> tuple[tuple[str, ...], ...]:
        path, data = self._optional_file(SYNONYMS_FILE, schema.SYNONYMS_FILE)
        if data is None:
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

    def _read_asked(self, fact_ids: set[str]) -> tuple[AskedQuestion, ...]:
        """The questions already judged; an entry naming a fact the base no longer has is
        an error, so that a renamed fact does not silently lose what was learned of it."""
        path, data = self._optional_file(ASKED_FILE, schema.ASKED_FILE)
        if data is None:
            return ()
        asked = []
        for n, entry in enumerate(data["asked"], 1):
            line = entry.line if isinstance(entry, Mapping) else data.line_of("asked")
            if not self._fields(entry, schema.ASKED, path, f"asked question {n}", line):
                continue
            unknown = [f for f in entry["facts"] if f not in fact_ids]
            if unknown:
                self._problem(
                    path,
                    entry.line_of("facts"),
                    f"asked question {n} names no fact with the id {unknown[0]!r}: run "
                    "`make train` to judge the asked questions again (or remove the entry)",
                )
                continue
            asked.append(AskedQuestion(entry["q"].strip(), tuple(entry["facts"])))
        return tuple(asked)

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
            self.rules.note_citations(record)
            known, broken = len(self.problems), len(self.rules.broken_quotes)
            fact = self._read_fact(record, path, story.id, data.line_of("facts"))
            if fact:
                facts.append(fact)
            elif len(self.rules.broken_quotes) > broken and len(self.problems) == known:
                # Nothing wrong but quotes a changed article no longer holds: held back.
                lost = tuple(dict.fromkeys(self.rules.broken_quotes[broken:]))
                self.suspended.append(_suspension(record, path, lost))
        return story, facts

    def _read_fact(self, record: Any, path: Path, story: str, list_line: int) -> Fact | None:
        # Runs once per fact (100,000 in the scale benchmark): each rule takes its cheap
        # path when the value is good and looks up lines only to word a problem.
        if not self._fields(record, schema.FACT, path, "a fact", list_line):
            return None
        get = record.get
        fact_id = record["id"]
        origin = f"{path}:{record.line}"
        ok = self.rules.fact_id(record, path, origin)
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
        ok &= self.rules.links(record, path, kind)
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
            led_to=self._led_to(record, path),
            conflict=conflict,
            date_note=_text(get("date_note")),
            notes=_text(get("notes")),
            story=story,
            origin=origin,
        )

    def _led_to(self, record: Mapping, path: Path) -> tuple[str, ...]:
        """The ids of the facts that tell what came of this one, checked once every fact is
        read (`_check_led_to`): a consequence may be told in another story's file."""
        led_to = tuple(record.get("led_to") or ())
        if led_to:
            self.links_to_check.append((record["id"], led_to, path, record.line_of("led_to")))
        return led_to

    def _check_led_to(self, facts: list[Fact]) -> None:
        known = {f.id for f in facts} | {s.fact_id for s in self.suspended}
        for fact_id, led_to, path, line in self.links_to_check:
            for ref in led_to:
                if ref == fact_id:
                    self._problem(path, line, f"'led_to' of '{fact_id}' names the fact itself")
                elif ref not in known:
                    close = difflib.get_close_matches(ref, sorted(known), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    self._problem(
                        path,
                        line,
                        f"'led_to' names '{ref}', which is no fact's id{hint}: give the ids "
                        "of the facts that tell what came of this one",
                    )

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
            article = self.rules.cited_article(record, path)
            quote = collapse_whitespace(record["quote"])
            if article is None or not self.rules.verbatim(
                article, quote, path, record.line_of("quote")
            ):
                ok = False
                continue
            sources.append(Source(article.id, quote))
        return tuple(sources) if ok else None

    def _conflict(self, record: Any, path: Path) -> Conflict | None:
        if record is None or not self._fields(record, schema.CONFLICT, path, "a conflict"):
            return None
        claims = []
        broken, known = len(self.rules.broken_quotes), len(self.problems)
        for claim in record["claims"]:
            if not self._fields(claim, schema.CLAIM, path, "a conflict claim", record.line):
                continue
            sources = self._sources(claim["sources"], path, claim.line_of("sources"))
            date = self._date(claim, path)
            if sources is not None:
                claims.append(Claim(collapse_whitespace(claim["text"]), sources, date))
        if len(self.rules.broken_quotes) > broken and len(self.problems) == known:
            return None  # a changed article broke a claim's quote: its fact is suspended
        if len(claims) < MIN_GROUP:
            self._problem(
                path,
                record.line_of("claims"),
                "a conflict needs at least two valid claims, each with its sources",
            )
            return None
        return Conflict(collapse_whitespace(record["note"]), tuple(claims))


def _suspension(record: Any, path: Path, articles: tuple[str, ...]) -> Suspension:
    fact_id = record.get("id") if isinstance(record, dict) else None
    text = record.get("text") if isinstance(record, dict) else None
    return Suspension(
        fact_id=str(fact_id),
        fact_text=collapse_whitespace(text) if isinstance(text, str) else "",
        origin=f"{path}:{getattr(record, 'line', 0)}",
        articles=articles,
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
