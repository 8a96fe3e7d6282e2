"""Reading YAML from the parser's events gives exactly what PyYAML's composition and
construction give (values, the line of every mapping and key, duplicate keys), or fails
where it fails, for any document hypothesis can think of."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.yamlfile import Mapping, _parse


def _same(a: Any, b: Any, seen: frozenset[tuple[int, int]] = frozenset()) -> bool:
    """Equal values, lines included; nan equals nan; a value that holds itself is compared
    once."""
    if (id(a), id(b)) in seen:
        return True
    seen |= {(id(a), id(b))}
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        return (
            isinstance(a, Mapping)
            and isinstance(b, Mapping)
            and (a.line, a.key_lines) == (b.line, b.key_lines)
            and list(a) == list(b)
            and all(_same(a[k], b[k], seen) for k in a)
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, seen) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


def _outcome(text: str | bytes, *, standard: bool) -> tuple[str, Any, Any]:
    try:
        data, duplicates = _parse(text, standard=standard)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return "error", type(exc).__name__, None
    return "ok", data, duplicates


def _assert_equivalent(text: str) -> None:
    """From the text, as PyYAML reads it; and from its UTF-8 bytes, as read_yaml does."""
    standard = _outcome(text, standard=True)
    for events in (_outcome(text, standard=False), _outcome(text.encode(), standard=False)):
        if standard[0] == "error":
            assert events[0] == "error", (text, events)
            continue
        assert events[0] == "ok", (text, events)
        assert _same(events[1], standard[1]), (text, events[1], standard[1])
        assert events[2] == standard[2]


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2018-05-30", "yes", "~", "0x1f", "1_000", ".nan", "<<", "=", ""]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(document=values, flow=st.booleans())
def test_any_dumped_document_reads_the_same_both_ways(document: Any, flow: bool) -> None:
    _assert_equivalent(yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True))


YAML_BITS = [
    "a: 1\n",
    "- x\n",
    "  b: [1, 2]\n",
    "&a {k: v}\n",
    "*a\n",
    "? [k]\n: v\n",
    "<<: *a\n",
    "!!str 12\n",
    "!!python/object:os.system x\n",
    "!!set {a, b}\n",
    "c: 'quoted'\n",
    'd: "esc\\x1b"\n',
    "e: |\n  block\n",
    "---\n",
    "...\n",
    "f: &r [*r]\n",
    "a: 2\n",
    "g: !!binary aGk=\n",
    "h: !custom 1\n",
    "i: 2018-05-30\n",
    "j: null\n",
    "- &s sc\n- *s\n",
    "k: 1e3\n",
    "l: {m: &n {o: 1}, p: *n}\n",
    "q: !!int '7'\n",
    ": nokey\n",
    "r: [\n",
]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(YAML_BITS), max_size=8))
def test_any_mix_of_yaml_features_reads_the_same_both_ways(parts: list[str]) -> None:
    _assert_equivalent("".join(parts))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=120))
def test_any_text_reads_the_same_both_ways(text: str) -> None:
    _assert_equivalent(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n",  # a merge key: left to PyYAML
        "&r [*r]\n",  # a list that holds itself
        "&m {a: *m}\n",  # a mapping that holds itself: an error both ways
        "a: 1\na: 2\nb:\n  c: 3\n  c: 4\n",  # duplicate keys, with their lines
        "x: !!python/object/apply:os.system [echo]\n",  # refused both ways
        "=\n",  # YAML's "value" key: no constructor, an error both ways
        # The same text plain (a boolean), quoted (a string), as a key and as a value: plain
        # scalars read once are shared, quoted ones must not take their value.
        "a: yes\nb: 'yes'\nc: yes\n'yes': 1\nyes: 2\nd: [yes, 'yes', \"yes\", ! yes]\n",
    ],
)
def test_the_awkward_cases_read_the_same_both_ways(text: str) -> None:
    _assert_equivalent(text)
