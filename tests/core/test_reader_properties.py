"""No input reaches a person as an exception: whatever a fact file holds, the reader gives a
fact base or `path:line` problems; whatever lines come in, the ask protocol gives one JSON
answer per line (hypothesis generates the inputs)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import cli
from bot.core import FactBase, read_fact_base
from bot.core.matcher import Matcher
from tests.conftest import DATA

TINY = DATA / "tiny"
FILES = ["facts/story.yaml", "facts/entities.yaml", "facts/synonyms.yaml", "seeds/articles.yaml"]
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# YAML values: what a curator's typo or a stranger's file may hold, in the places the
# loader looks (a fact, its fields, its sources), so the checks past the parser run too.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2020-02-30", "2020", "9999-99", "tiny-article", "ada-lovelace", "event"]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "kind",
                    "text",
                    "date",
                    "date_qualifier",
                    "sources",
                    "article",
                    "quote",
                    "people",
                    "tags",
                    "said_by",
                    "conflict",
                    "claims",
                    "note",
                    "facts",
                    "story",
                    "articles",
                    "file",
                    "headline",
                    "published",
                    "synonyms",
                    "topics",
                    "label",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)
fact = st.fixed_dictionaries(
    {"id": values, "kind": values, "text": values, "sources": values},
    optional={"date": values, "date_qualifier": values, "conflict": values, "people": values},
)
story = st.fixed_dictionaries({"story": values, "facts": st.lists(fact | values, max_size=3)})


def _write_base(tmp: Path) -> tuple[Path, Path]:
    root = tmp / "base"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(TINY, root)
    return root / "facts", root / "seeds"


def _assert_base_or_problems(facts: Path, seeds: Path) -> None:
    base, problems = read_fact_base(facts, seeds)
    assert (base is None) == bool(problems)
    assert base is None or isinstance(base, FactBase)
    for problem in problems:
        line = str(problem)
        assert "\n" not in line and "\r" not in line and len(line) < 1200
        assert line.startswith(str(problem.path) + ":")


@PROPERTY
@given(where=st.sampled_from(FILES), document=st.one_of(story, values))
def test_any_yaml_document_gives_a_base_or_problems(
    tmp_path: Path, where: str, document: Any
) -> None:
    facts, seeds = _write_base(tmp_path)
    (facts.parent / where).write_text(yaml.safe_dump(document, allow_unicode=True))
    _assert_base_or_problems(facts, seeds)


@PROPERTY
@given(where=st.sampled_from([*FILES, "seeds/tiny.txt"]), data=st.binary(max_size=300))
def test_any_bytes_give_a_base_or_problems(tmp_path: Path, where: str, data: bytes) -> None:
    facts, seeds = _write_base(tmp_path)
    (facts.parent / where).write_bytes(data)
    _assert_base_or_problems(facts, seeds)


@PROPERTY
@given(text=st.text(max_size=300))
def test_any_text_in_a_story_gives_a_base_or_problems(tmp_path: Path, text: str) -> None:
    facts, seeds = _write_base(tmp_path)
    (facts / "story.yaml").write_text(text)
    _assert_base_or_problems(facts, seeds)


# -- the ask protocol -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    from bot.core import load_fact_base

    return Matcher(load_fact_base(TINY / "facts", TINY / "seeds"))


@PROPERTY
@given(lines=st.lists(st.binary(max_size=200).map(lambda b: b.replace(b"\n", b"")), max_size=8))
def test_any_lines_give_one_json_answer_each(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch, lines: list[bytes]
) -> None:
    stdin = SimpleNamespace(buffer=io.BytesIO(b"".join(line + b"\n" for line in lines)))
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert cli._ask_protocol(matcher, None) == 0
    answers = stdout.getvalue().split("\n")
    assert answers.pop() == ""
    assert len(answers) == len(lines)
    for answer in answers:
        reply = json.loads(answer)
        assert isinstance(reply["answered"], bool) and isinstance(reply["facts"], list)
