"""Where drafts live and how they are written: `facts/drafts/ID.yaml` (a story file in the
fact schema), `ID.entities.yaml` (names the entity list lacks, in entities.yaml's shape) and
`ID.review.yaml` (each draft's proposal and the curator's decision).

The loader reads only `facts/*.yaml`, so nothing under `facts/drafts/` is ever served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.curation.drafting import ArticleDrafts

DRAFTS = "drafts"
DECISIONS = ("pending", "accept", "new", "merge", "skip")
_HEADER = """\
# DRAFTS for article '{article}', written by `factbot draft {article}`: not served.
# Review them with `factbot review {article}`, then `factbot publish {article}`.
# `factbot check` validates these drafts with the same rules as shipped facts.
"""


@dataclass(frozen=True, slots=True)
class DraftPaths:
    """The three files of one article's drafts."""

    facts: Path
    entities: Path
    review: Path

    @classmethod
    def of(cls, facts_dir: Path, article_id: str) -> DraftPaths:
        folder = facts_dir / DRAFTS
        return cls(
            folder / f"{article_id}.yaml",
            folder / f"{article_id}.entities.yaml",
            folder / f"{article_id}.review.yaml",
        )


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the shipped fact files write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump(data: Any) -> str:
    """YAML as the fact files write it: keys in order, Unicode as is, wide lines, lists
    indented under their key."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_drafts(facts_dir: Path, result: ArticleDrafts) -> DraftPaths:
    """Write an article's drafts, its proposed entities and a fresh review state."""
    paths = DraftPaths.of(facts_dir, result.article.id)
    paths.facts.parent.mkdir(exist_ok=True)
    story = {
        "story": result.article.headline,
        "facts": [d.record for d in result.drafts],
    }
    header = _HEADER.format(article=result.article.id)
    paths.facts.write_text(header + dump(story), encoding="utf-8")
    entities = result.proposed_entities
    if entities:
        paths.entities.write_text(
            f"# Entities proposed by the drafts of '{result.article.id}': check each name and\n"
            "# kind; `factbot publish` adds those the accepted drafts name to entities.yaml.\n"
            + dump(entities),
            encoding="utf-8",
        )
    elif paths.entities.exists():
        paths.entities.unlink()
    review = {
        "article": result.article.id,
        "drafts": [
            {
                "id": d.id,
                "proposal": d.proposal,
                **({"into": d.into, "similarity": d.similarity} if d.into else {}),
                **({"unresolved": d.unresolved} if d.unresolved else {}),
                "decision": "pending",
            }
            for d in result.drafts
        ],
    }
    paths.review.write_text(dump(review), encoding="utf-8")
    return paths


class DraftFileError(Exception):
    """A draft file cannot be read; the message names it, the line, and the fix."""


def read_yaml_file(path: Path) -> Any:
    """A draft file's data (None if it is not there), or `DraftFileError` saying where it
    is broken."""
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise DraftFileError(
            f"{path}{line}: not readable YAML ({getattr(exc, 'problem', None) or exc}): "
            "fix it, or delete the article's draft files and run factbot draft again"
        ) from exc


def read_drafts(paths: DraftPaths) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """An article's drafts and review state, checked for the shape review and publish need;
    None when there are none."""
    story, state = read_yaml_file(paths.facts), read_yaml_file(paths.review)
    if story is None or state is None:
        return None
    facts = story.get("facts") if isinstance(story, dict) else None
    items = state.get("drafts") if isinstance(state, dict) else None
    if not isinstance(facts, list) or not all(isinstance(f, dict) and "id" in f for f in facts):
        raise DraftFileError(f"{paths.facts}: needs a 'facts:' list of facts, each with an id")
    ids = {f["id"] for f in facts}
    for item in items if isinstance(items, list) else [None]:
        if not (
            isinstance(item, dict) and item.get("id") in ids and item.get("decision") in DECISIONS
        ):
            raise DraftFileError(
                f"{paths.review}: each entry of 'drafts:' needs the id of a draft in "
                f"{paths.facts.name} and a decision ({', '.join(DECISIONS)}); found {item!r:.80}"
            )
    return story, state


def draft_articles(facts_dir: Path) -> list[str]:
    """The ids of the articles that have drafts waiting."""
    folder = facts_dir / DRAFTS
    if not folder.is_dir():
        return []
    return sorted(
        p.stem for p in folder.glob("*.yaml") if not re.search(r"\.(entities|review)$", p.stem)
    )


def insert_entities(
    text: str, sections: dict[str, list[dict[str, Any]]]
) -> tuple[str, dict[str, tuple[int, int]]]:
    """entities.yaml's text with `sections`' entries added at the end of their sections,
    keeping its comments; also the (first, last) line each added entity occupies."""
    lines = text.splitlines(keepends=True)
    placed: dict[str, tuple[int, int]] = {}
    for section, entries in sections.items():
        block = dump(entries)
        added = ["  " + line if line.strip() else line for line in block.splitlines(keepends=True)]
        start = next((i for i, line in enumerate(lines) if line.startswith(f"{section}:")), None)
        if start is None:
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            lines.append(f"{section}:\n")
            at = len(lines)
        else:
            at = next(
                (i for i in range(start + 1, len(lines)) if re.match(r"[A-Za-z_]", lines[i])),
                len(lines),
            )
            while at - 1 > start and (
                not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")
            ):
                at -= 1
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines[at:at] = added
        # Line numbers of everything placed before shift by the lines just added.
        for key, (first, last) in placed.items():
            if first > at:
                placed[key] = (first + len(added), last + len(added))
        row = at + 1
        for entry, chunk in zip(entries, _chunks(added), strict=True):
            placed[str(entry["id"])] = (row, row + len(chunk) - 1)
            row += len(chunk)
    return "".join(lines), placed


def _chunks(lines: list[str]) -> list[list[str]]:
    """Lines of a dumped list, one group per item."""
    groups: list[list[str]] = []
    for line in lines:
        if line.startswith("  - ") or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups
