"""`factbot check` for drafts: the same rules as shipped facts, by the same code.

Each article's drafts are checked as if published: a temporary fact directory holds the
shipped story files, entities.yaml with the proposed entities added, and the draft file
byte for byte, and the loader reads it. Problems point back at the real files and lines.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bot.core import Problem, read_fact_base
from bot.core.loading import ENTITIES_FILE
from bot.curation.store import (
    DraftFileError,
    DraftPaths,
    draft_articles,
    insert_entities,
    read_yaml_file,
)

DRAFT_STORY = "zz-draft.yaml"


def check_drafts(
    facts_dir: Path, seeds_dir: Path, article_ids: list[str] | None = None
) -> list[Problem]:
    """Problems in the drafts of each article (all waiting ones by default)."""
    problems: list[Problem] = []
    for article_id in article_ids if article_ids is not None else draft_articles(facts_dir):
        problems += _check_one(facts_dir, seeds_dir, DraftPaths.of(facts_dir, article_id))
    return problems


def _check_one(facts_dir: Path, seeds_dir: Path, paths: DraftPaths) -> list[Problem]:
    if not paths.facts.is_file() or not paths.review.is_file():
        article = paths.facts.stem
        return [
            Problem(
                paths.facts,
                1,
                f"article '{article}' awaits its drafts: run factbot draft {article}",
            )
        ]
    with tempfile.TemporaryDirectory(prefix="factbot-draft-") as tmp:
        folder = Path(tmp)
        for path in facts_dir.glob("*.yaml"):
            if path.name != ENTITIES_FILE:
                shutil.copyfile(path, folder / path.name)
        shutil.copyfile(paths.facts, folder / DRAFT_STORY)
        entities_text = (facts_dir / ENTITIES_FILE).read_text(encoding="utf-8")
        try:
            proposals = read_yaml_file(paths.entities) or {}
        except DraftFileError as exc:
            return [Problem(paths.entities, 1, str(exc).split(": ", 1)[-1])]
        if not isinstance(proposals, dict):
            return [Problem(paths.entities, 1, "must map people/places/organisations to lists")]
        merged, placed = insert_entities(entities_text, proposals)
        (folder / ENTITIES_FILE).write_text(merged, encoding="utf-8")
        _, found = read_fact_base(folder, seeds_dir)
        out = []
        for problem in found:
            name = problem.path.name
            if problem.path.parent != folder:
                continue  # the seeds: the shipped check reports those
            if name == DRAFT_STORY:
                out.append(Problem(paths.facts, problem.line, problem.message))
            elif name == ENTITIES_FILE:
                owner = next(
                    (k for k, (a, b) in placed.items() if a <= (problem.line or 1) <= b), None
                )
                if owner is not None:
                    out.append(Problem(paths.entities, 1, f"entity '{owner}': {problem.message}"))
        return out
