"""Field-level validation of YAML records: required fields, types, unknown keys.

Each rule carries its own sentence, so an error names the file, the line and the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from bot.core.errors import Problem
from bot.core.models import ENTITY_FIELDS, SHOWN_VALUE
from bot.core.yamlfile import Mapping

FieldType = Literal["str", "text", "str_list", "date", "bool", "list", "mapping", "optional_str"]

_EXPECTED = {
    "str": "a string",
    "text": "a non-empty string",
    "optional_str": "a string or null",
    "str_list": "a list of strings",
    "date": "an ISO 8601 date such as 2018, 2018-05 or 2018-05-30",
    "bool": "true or false",
    "list": "a list",
    "mapping": "a mapping (key: value pairs)",
}


@dataclass(frozen=True, slots=True)
class Field:
    type: FieldType
    required: bool = False


_TYPE_OK: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "text": lambda v: isinstance(v, str) and bool(v.strip()),
    "optional_str": lambda v: v is None or isinstance(v, str),
    "str_list": lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v),
    "date": lambda v: isinstance(v, str | int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "mapping": lambda v: isinstance(v, Mapping),
}


def _type_ok(value: Any, type_: FieldType) -> bool:
    """Whether a value has a field's type (one look-up: it runs for every field of 100k
    facts)."""
    return _TYPE_OK[type_](value)


_REQUIRED: dict[int, tuple[str, ...]] = {}


def _required(fields: dict[str, Field]) -> tuple[str, ...]:
    """The required keys of a field table, worked out once per table."""
    found = _REQUIRED.get(id(fields))
    if found is None:
        found = _REQUIRED[id(fields)] = tuple(k for k, spec in fields.items() if spec.required)
    return found


def check_fields(
    record: Any, fields: dict[str, Field], path: Path, what: str, line: int | None = None
) -> list[Problem]:
    """Problems with `record`'s shape: it must be a mapping with known, well-typed fields."""
    if not isinstance(record, Mapping):
        return [Problem(path, line, f"{what} must be a mapping of fields, not {_name(record)}")]
    problems = []
    ill_typed = False
    for key, value in record.items():
        spec = fields.get(key)
        if spec is None:
            # Whole-word similarity: "knid" is "kind" misspelt, not "id" with letters added.
            guess = process.extractOne(key, list(fields), scorer=fuzz.ratio, score_cutoff=60)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            allowed = ", ".join(fields)
            problems.append(
                Problem(
                    path,
                    record.line_of(key),
                    f"unknown field '{key}' in {what}{hint}; allowed fields: {allowed}",
                )
            )
        elif value is not None and not _type_ok(value, spec.type):
            ill_typed = True
    if not ill_typed and all(record.get(key) is not None for key in _required(fields)):
        return problems  # the usual case: no type or missing-field message to write
    for key, spec in fields.items():
        if key not in record or record[key] is None:
            if spec.required:
                problems.append(
                    Problem(path, record.line, f"{what} is missing required field '{key}'")
                )
            continue
        if not _type_ok(record[key], spec.type):
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
}
ENTITIES_FILE = {**{section: Field("list") for section in ENTITY_FIELDS}, "topics": Field("list")}
ENTITY = {
    "id": Field("text", required=True),
    "name": Field("text", required=True),
    "aliases": Field("str_list"),
    "description": Field("optional_str"),
}
TOPIC = {
    "id": Field("text", required=True),
    "label": Field("text", required=True),
    "aliases": Field("str_list"),
}
SYNONYMS_FILE = {"synonyms": Field("list", required=True)}
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
