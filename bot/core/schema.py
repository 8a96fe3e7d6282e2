"""Field-level validation of YAML records: required fields, types, unknown keys.

Each rule carries its own sentence, so an error names the file, the line and the fix.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.core.errors import Problem
from bot.core.models import ENTITY_FIELDS, SHOWN_VALUE
from bot.core.names import NAMES
from bot.core.yamlfile import Mapping

FieldType = Literal["str", "text", "str_list", "date", "bool", "list", "mapping", "optional_str"]

_EXPECTED = {
    "str": "a string",
    "text": "a non-empty string",
    "optional_str": "a string or null",
    "str_list": "a list of strings",
    "date": "an ISO 8601 date such as 2018, 2018-05 or 2018-05-30 (or a decade: 1990s)",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping (key: value pairs)",
}


@dataclass(frozen=True, slots=True)
class Field:
    type: FieldType
    required: bool = False


_STRS = itertools.repeat(str)  # `str` for ever: the second argument of each isinstance


def _str_list(value: Any) -> bool:
    # all(), map() and isinstance() run in C: this test runs for every list of 100k facts.
    return isinstance(value, list) and all(value) and all(map(isinstance, value, _STRS))


_TYPE_OK: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    # A non-empty string with more than whitespace (`isspace` is what `strip` strips).
    "text": lambda v: isinstance(v, str) and bool(v) and not v.isspace(),
    "optional_str": lambda v: v is None or isinstance(v, str),
    "str_list": _str_list,
    "date": lambda v: isinstance(v, str | int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "mapping": lambda v: isinstance(v, Mapping),
}


@dataclass(frozen=True, slots=True)
class _Table:
    """A field table worked out once: each key's type test, and the required keys."""

    tests: dict[str, Callable[[Any], bool]]
    required: tuple[str, ...]


_TABLES: dict[int, _Table] = {}


def _table(fields: dict[str, Field]) -> _Table:
    found = _TABLES.get(id(fields))
    if found is None:
        found = _TABLES[id(fields)] = _Table(
            {key: _TYPE_OK[spec.type] for key, spec in fields.items()},
            tuple(key for key, spec in fields.items() if spec.required),
        )
    return found


def check_fields(
    record: Any, fields: dict[str, Field], path: Path, what: str, line: int | None = None
) -> list[Problem]:
    """Problems with `record`'s shape: it must be a mapping with known, well-typed fields."""
    if not isinstance(record, Mapping):
        return [Problem(path, line, f"{what} must be a mapping of fields, not {_name(record)}")]
    table = _table(fields)
    tests = table.tests
    well_formed = record.keys() <= tests.keys() and None not in map(record.get, table.required)
    if well_formed:  # the usual case, in one pass: every field known, present and well typed
        for key, value in record.items():
            if value is not None and not tests[key](value):
                well_formed = False
                break
    return [] if well_formed else _problems(record, fields, path, what)


def _problems(record: Mapping, fields: dict[str, Field], path: Path, what: str) -> list[Problem]:
    """Every problem of a record `check_fields` found fault with, in the record's order."""
    problems = []
    for key in record:
        if key not in fields:
            # Whole-word similarity: "knid" is "kind" misspelt, not "id" with letters added.
            guess = NAMES.did_you_mean(key, fields)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            allowed = ", ".join(fields)
            problems.append(
                Problem(
                    path,
                    record.line_of(key),
                    f"unknown field '{key}' in {what}{hint}; allowed fields: {allowed}",
                )
            )
    for key, spec in fields.items():
        if key not in record or record[key] is None:
            if spec.required:
                problems.append(
                    Problem(path, record.line, f"{what} is missing required field '{key}'")
                )
            continue
        if not _TYPE_OK[spec.type](record[key]):
            problems.append(
                Problem(
                    path,
                    record.line_of(key),
                    f"field '{key}' of {what} must be {_EXPECTED[spec.type]}, "
                    f"not {_name(record[key])}",
                )
            )
    return problems


def _name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, Mapping | dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value[:SHOWN_VALUE]!r}"
    shown = repr(value)
    short = shown if len(shown) <= SHOWN_VALUE else shown[: SHOWN_VALUE - 3] + "..."
    return f"{type(value).__name__} {short}"


ARTICLES_FILE = {"articles": Field("list", required=True)}
ARTICLE = {
    "id": Field("text", required=True),
    "file": Field("text", required=True),
    "headline": Field("text", required=True),
    "headline_editorial": Field("bool"),
    "outlet": Field("optional_str"),
    "outlet_inferred_from": Field("optional_str"),
    "author": Field("optional_str"),
    "author_inferred_from": Field("optional_str"),
    "published": Field("date"),
    "published_inferred_from": Field("optional_str"),
    "notes": Field("optional_str"),
    "sha256": Field("optional_str"),
}
ENTITIES_FILE = {**{section: Field("list") for section in ENTITY_FIELDS}, "topics": Field("list")}
ENTITY = {
    "id": Field("text", required=True),
    "name": Field("text", required=True),
    "aliases": Field("str_list"),
    "description": Field("optional_str"),
    "pronoun": Field("optional_str"),
}
TOPIC = {
    "id": Field("text", required=True),
    "label": Field("text", required=True),
    "aliases": Field("str_list"),
}
SYNONYMS_FILE = {"synonyms": Field("list", required=True)}
ASKED_FILE = {"asked": Field("list", required=True)}
ASKED = {"q": Field("text", required=True), "facts": Field("str_list", required=True)}
STORY_FILE = {"story": Field("text", required=True), "facts": Field("list", required=True)}
FACT = {
    "id": Field("text", required=True),
    "kind": Field("text", required=True),
    "text": Field("text", required=True),
    "date": Field("date"),
    "date_qualifier": Field("optional_str"),
    "date_note": Field("optional_str"),
    "people": Field("str_list"),
    "places": Field("str_list"),
    "organisations": Field("str_list"),
    "tags": Field("str_list"),
    "said_by": Field("optional_str"),
    "led_to": Field("str_list"),
    "questions": Field("str_list"),
    "sources": Field("list", required=True),
    "conflict": Field("mapping"),
    "notes": Field("optional_str"),
}
SOURCE = {"article": Field("text", required=True), "quote": Field("text", required=True)}
CONFLICT = {"note": Field("text", required=True), "claims": Field("list", required=True)}
CLAIM = {
    "text": Field("text", required=True),
    "date": Field("date"),
    "sources": Field("list", required=True),
}
