"""`factbot review`: walk an article's drafts and record a decision for each.

It reads one decision per draft from its input (a terminal, or a script's stdin):
accept (take it as drafted: a new fact, or the proposed merge), new (a fact of its own even
where a merge is proposed), merge (into the proposed fact, or one named after it), edit
(in $EDITOR, then decide again), skip, or quit (decisions so far are kept).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.curation.store import DraftPaths, dump, read_drafts

PROMPT = "[a]ccept [n]ew [m]erge [e]dit [s]kip [q]uit? "
_CHOICES = {"a": "accept", "n": "new", "m": "merge", "e": "edit", "s": "skip", "q": "quit"}


class ReviewError(Exception):
    """The review cannot go on; the message says why."""


def review(
    paths: DraftPaths,
    *,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    editor: str | None = None,
    only_pending: bool = True,
) -> dict[str, int]:
    """Ask for a decision on each draft (pending ones by default); returns the counts."""
    found = read_drafts(paths)
    if found is None:
        raise ReviewError(f"no drafts at {paths.facts}: run factbot draft first")
    story, state = found
    records = {r["id"]: r for r in story["facts"]}
    items = [d for d in state["drafts"] if not only_pending or d["decision"] == "pending"]
    write(f"{len(items)} draft(s) to review for '{state['article']}'.")
    for n, item in enumerate(items, 1):
        record = records[item["id"]]
        while True:
            write("")
            write(f"[{n}/{len(items)}] {_describe(record, item)}")
            try:
                answer = read(PROMPT).strip().lower()[:1]
            except EOFError:
                answer = "q"
            choice = _CHOICES.get(answer)
            if choice is None:
                write("Type a, n, m, e, s or q.")
                continue
            if choice == "quit":
                _save(paths, story, state)
                return _counts(state)
            if choice == "edit":
                edited = _edit(record, editor or os.environ.get("EDITOR") or "vi", write)
                if edited is not None:
                    record.clear()
                    record.update(edited)
                    records[item["id"]] = record
                continue
            if choice == "merge":
                into = item.get("into")
                named = read(f"merge into which fact id [{into or ''}]? ").strip()
                if named:
                    item["into"] = named
                if not item.get("into"):
                    write("A merge needs the id of the fact it adds a source to.")
                    continue
            item["decision"] = choice
            break
        _save(paths, story, state)
    return _counts(state)


def _describe(record: dict[str, Any], item: dict[str, Any]) -> str:
    lines = [
        f"{record['id']} ({record['kind']}" + (f", {record['date']})" if "date" in record else ")")
    ]
    lines.append(f"  text:  {record['text']}")
    lines.append(f"  quote: {record['sources'][0]['quote']}")
    if record.get("date_note"):
        lines.append(f"  date:  {record['date_note']}")
    if record.get("said_by"):
        lines.append(f"  said by: {record['said_by']}")
    if item.get("into"):
        lines.append(
            f"  proposal: {item['proposal']} with existing fact '{item['into']}' "
            f"(similarity {item.get('similarity', 0):.2f})"
        )
    for note in item.get("unresolved", []):
        lines.append(f"  unresolved: {note}")
    return "\n".join(lines)


def _edit(
    record: dict[str, Any], editor: str, write: Callable[[str], None]
) -> dict[str, Any] | None:
    """The record as the curator left it in the editor, or None if it no longer parses."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        f.write(dump(record))
        name = f.name
    try:
        subprocess.run([*shlex.split(editor), name], check=False)
        edited = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        write(f"The edit was not kept: {exc}")
        return None
    finally:
        Path(name).unlink(missing_ok=True)
    if not isinstance(edited, dict) or edited.get("id") != record["id"]:
        write("The edit was not kept: it must stay one fact with the same id.")
        return None
    return edited


def _save(paths: DraftPaths, story: dict[str, Any], state: dict[str, Any]) -> None:
    header = "".join(
        line
        for line in paths.facts.read_text(encoding="utf-8").splitlines(keepends=True)
        if line.startswith("#")
    )
    paths.facts.write_text(header + dump(story), encoding="utf-8")
    paths.review.write_text(dump(state), encoding="utf-8")


def _counts(state: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in state["drafts"]:
        counts[item["decision"]] = counts.get(item["decision"], 0) + 1
    return counts


def decide_all(paths: DraftPaths, decision: str = "accept") -> None:
    """Set every pending draft's decision at once (the zero-curation measure)."""
    found = read_drafts(paths)
    if found is None:
        raise ReviewError(f"no drafts at {paths.facts}: run factbot draft first")
    state = found[1]
    for item in state["drafts"]:
        if item["decision"] == "pending":
            item["decision"] = decision
    paths.review.write_text(dump(state), encoding="utf-8")


def decide(paths: DraftPaths, draft_id: str, decision: str) -> None:
    """Record one decision (`accept`, `new`, `merge` into the proposed fact, `skip`): what
    a front end with buttons does per press."""
    if decision not in ("accept", "new", "merge", "skip"):
        raise ReviewError(f"'{decision}' is no decision: accept, new, merge or skip")
    found = read_drafts(paths)
    state = found[1] if found else None
    item = next((d for d in state["drafts"] if d["id"] == draft_id), None) if state else None
    if item is None:
        raise ReviewError(f"no draft '{draft_id}' awaits review")
    if decision == "merge" and not item.get("into"):
        raise ReviewError(f"draft '{draft_id}' has no fact proposed to merge into")
    item["decision"] = decision
    paths.review.write_text(dump(state), encoding="utf-8")


def next_pending(paths: DraftPaths) -> tuple[dict[str, Any], dict[str, Any], int, int] | None:
    """The next draft without a decision: (fact record, review item, its number, how many
    drafts there are), or None when every draft is decided."""
    found = read_drafts(paths)
    if found is None:
        raise ReviewError(f"no drafts at {paths.facts}: run factbot draft first")
    story, state = found
    records = {r["id"]: r for r in story["facts"]}
    for n, item in enumerate(state["drafts"], 1):
        if item["decision"] == "pending":
            return records[item["id"]], item, n, len(state["drafts"])
    return None


def describe(record: dict[str, Any], item: dict[str, Any]) -> str:
    """A draft as the review shows it: text, quote, date reasoning, proposal."""
    return _describe(record, item)
