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


def read_yaml_file(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


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
