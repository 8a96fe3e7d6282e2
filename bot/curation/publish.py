"""`factbot publish`: move an article's accepted drafts into the fact base, validated.

New facts go to the story file `facts/ARTICLE.yaml`; a merge adds the draft's quote to the
existing fact's sources (and its `conflict`, where the dates disagree and the fact has
none) by inserting lines, so the curated files keep their comments and layout; the
entities the published facts name are added to entities.yaml. The whole base is then
loaded as the bot loads it: on any problem every file is put back as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core import FactBase, Problem, read_fact_base
from bot.core.loading import ENTITIES_FILE
from bot.curation.store import (
    DraftFileError,
    DraftPaths,
    dump,
    insert_entities,
    read_drafts,
    read_yaml_file,
)


class PublishError(Exception):
    """Nothing was published; the message (and problems) say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True, slots=True)
class Published:
    new: int
    merged: int
    skipped: int
    entities: int
    story: Path | None


def publish(facts_dir: Path, seeds_dir: Path, article_id: str) -> Published:
    """Publish the accepted drafts of `article_id`; the draft files are removed after."""
    paths = DraftPaths.of(facts_dir, article_id)
    try:
        found = read_drafts(paths)
        proposals = read_yaml_file(paths.entities) or {}
    except DraftFileError as exc:
        raise PublishError(str(exc)) from exc
    if found is None:
        raise PublishError(f"no drafts for '{article_id}': run factbot draft {article_id}")
    story, state = found
    pending = [d["id"] for d in state["drafts"] if d["decision"] == "pending"]
    if pending:
        raise PublishError(
            f"{len(pending)} draft(s) of '{article_id}' have no decision yet "
            f"(first: {pending[0]}): finish `factbot review {article_id}`"
        )
    base, problems = read_fact_base(facts_dir, seeds_dir)
    if base is None:
        raise PublishError("the fact base has problems: fix them first (factbot check)", problems)
    records = {r["id"]: r for r in story["facts"]}
    new: list[dict[str, Any]] = []
    merges: list[tuple[dict[str, Any], str]] = []
    for item in state["drafts"]:
        record = dict(records[item["id"]])
        decision = item["decision"]
        if decision == "skip":
            continue
        if decision in ("accept", "merge") and item.get("into"):
            merges.append((record, item["into"]))
        else:
            record.pop("conflict", None) if decision == "new" else None
            new.append(record)
    if not new and not merges:
        raise PublishError(
            f"every draft of '{article_id}' was skipped: accept at least one, or the article "
            "is cited by no fact"
        )
    backups: dict[Path, str | None] = {}

    def write(path: Path, text: str) -> None:
        if path not in backups:
            backups[path] = path.read_text(encoding="utf-8") if path.is_file() else None
        path.write_text(text, encoding="utf-8")

    story_path = facts_dir / f"{article_id}.yaml" if new else None
    try:
        if story_path is not None:
            _add_story_facts(story_path, story["story"], new, write)
        # Bottom-up within each file, so an insertion never shifts a fact still to come.
        origin = {f.id: f.origin for f in base.facts}
        for record, into in sorted(
            merges, key=lambda m: _origin_key(origin.get(m[1], "")), reverse=True
        ):
            _merge_into(base, into, record, write)
        named = {ref for r in [*new, *(m for m, _ in merges)] for ref in _refs(r)}
        chosen = {
            section: [e for e in entries if e["id"] in named]
            for section, entries in proposals.items()
        }
        chosen = {k: v for k, v in chosen.items() if v}
        if chosen:
            entities = facts_dir / ENTITIES_FILE
            merged, _ = insert_entities(entities.read_text(encoding="utf-8"), chosen)
            write(entities, merged)
        # Drafts leave the queue before the check: published, the article is cited by facts.
        for path in (paths.facts, paths.entities, paths.review):
            if path.is_file():
                write(path, path.read_text(encoding="utf-8"))
                path.unlink()
        _, problems = read_fact_base(facts_dir, seeds_dir)
        if problems:
            raise PublishError("publishing would make the fact base invalid", problems)
    except BaseException:
        for path, text in backups.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        raise
    skipped = sum(d["decision"] == "skip" for d in state["drafts"])
    count = sum(len(v) for v in chosen.values())
    return Published(len(new), len(merges), skipped, count, story_path)


def _origin_key(origin: str) -> tuple[str, int]:
    file, _, line = origin.rpartition(":")
    return (file, int(line) if line.isdigit() else 0)


def _refs(record: dict[str, Any]) -> set[str]:
    refs = set(record.get("people", [])) | set(record.get("places", []))
    refs |= set(record.get("organisations", []))
    if record.get("said_by"):
        refs.add(record["said_by"])
    return refs


def _add_story_facts(path: Path, title: str, records: list[dict[str, Any]], write: Any) -> None:
    """Append facts to the article's story file, creating it with its story line."""
    block = "".join(
        "  " + line if line.strip() else line for line in dump(records).splitlines(keepends=True)
    )
    if path.is_file():
        current = path.read_text(encoding="utf-8")
        write(path, current.rstrip("\n") + "\n\n" + block)
    else:
        head = f"# Story: published from its drafts by `factbot publish`.\n{dump({'story': title})}"
        write(path, head + "facts:\n" + block)


def _merge_into(base: FactBase, fact_id: str, record: dict[str, Any], write: Any) -> None:
    """Insert the draft's sources (and conflict) into the existing fact, as text."""
    fact = next((f for f in base.facts if f.id == fact_id), None)
    if fact is None:
        raise PublishError(f"a draft is to be merged into '{fact_id}', and no fact has that id")
    file, _, line = fact.origin.rpartition(":")
    path = Path(file)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = int(line) - 1
    # The column of the fact's keys: where "id" starts on its "- id:" line.
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].strip()
            and not lines[i].lstrip().startswith("#")
            and len(lines[i]) - len(lines[i].lstrip()) < indent
        ),
        len(lines),
    )
    sources_at = next(
        (i for i in range(start, end) if re.match(rf"^ {{{indent}}}sources:", lines[i])), None
    )
    if sources_at is None:
        raise PublishError(f"fact '{fact_id}' in {path} has no block-style sources list to extend")
    after = next(
        (
            i
            for i in range(sources_at + 1, end)
            if lines[i].strip()
            and (
                len(lines[i]) - len(lines[i].lstrip()) < indent
                or (
                    len(lines[i]) - len(lines[i].lstrip()) == indent
                    and not lines[i].lstrip().startswith("- ")
                )
            )
        ),
        end,
    )
    item = next(
        (
            lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            for i in range(sources_at + 1, after)
            if lines[i].lstrip().startswith("- ")
        ),
        " " * (indent + 2),
    )
    while after - 1 > sources_at and not lines[after - 1].strip():
        after -= 1
    added = []
    for source in record["sources"]:
        added.append(f"{item}- article: {source['article']}\n")
        added.append(f"{item}  quote: {json.dumps(source['quote'], ensure_ascii=False)}\n")
    if record.get("conflict") and fact.conflict is None:
        conflict = dump({"conflict": record["conflict"]})
        added += [" " * indent + line for line in conflict.splitlines(keepends=True)]
    lines[after:after] = added
    write(path, "".join(lines))
