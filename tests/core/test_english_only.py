"""The code knows English; the fact base knows the story.

No name of the shipped coverage's people and places appears anywhere in the core's modules
(their examples, in comments and docstrings too, are the invented Wrenfield base's), and no
question of any eval set in its code (identifiers and string literals). Swapping the fact
base for another story needs no code change: the matcher tests run on invented bases about
other topics.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from bot.core.yamlfile import load_plain
from tests.conftest import DATA, ROOT

CORE = ROOT / "bot" / "core"
MIN_NAME = 4  # shorter names ("KKW" aside) are too often plain English ("Kim" is not)


def _code_strings(path: Path) -> list[str]:
    """Identifiers and string literals of a module, without docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                out.append(node.value.lower())
        elif isinstance(node, ast.Name):
            out.append(node.id.lower())
    return out


def _coverage_names() -> set[str]:
    """The words of the people's and places' proper names ("kardashian", "lancaster"),
    without those that are plain English too ("baby" of a rapper's name, "white" of the
    White House)."""
    entities = yaml.safe_load((ROOT / "facts" / "entities.yaml").read_text(encoding="utf-8"))
    words: set[str] = set()
    for group in ("people", "places"):
        for entity in entities.get(group) or []:
            for name in (entity.get("name", ""), *(entity.get("aliases") or [])):
                if not all(w[:1].isupper() for w in str(name).split()):
                    continue  # a description ("the reality star"), not a name
                words.update(
                    w for w in re.findall(r"[a-zé]+", str(name).lower()) if len(w) >= MIN_NAME
                )
    return words - _ENGLISH


def test_no_name_of_the_coverage_is_in_the_cores_modules() -> None:
    proper = _coverage_names()
    found = {
        (path.name, word)
        for path in sorted(CORE.glob("*.py"))
        for text in [path.read_text(encoding="utf-8").lower()]
        for word in proper
        if re.search(rf"\b{word}\b", text)
    }
    assert not found, (
        "coverage names in bot/core (code belongs in facts/; an example in a comment or "
        f"docstring takes an invented name): {sorted(found)}"
    )


def test_no_eval_question_is_in_the_cores_code() -> None:
    questions = []
    for path in (DATA / "questions").glob("*.yaml"):
        questions += [str(item["q"]).lower() for item in load_plain(path.read_text())]
    code = "\0".join(t for path in CORE.glob("*.py") for t in _code_strings(path))
    assert not [q for q in questions if len(q) > 15 and q in code]


# Capitalised words of entity names that are also plain English words a question uses.
_ENGLISH = frozenset(
    """white house oval office state prison county women institution angeles baby president
    vice united states america""".split()
)
