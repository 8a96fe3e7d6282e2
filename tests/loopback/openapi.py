"""Checks recorded traffic against Discord's official OpenAPI document.

The document (discord/discord-api-spec, MIT, see ``discord_api_spec/``) is
vendored gzipped so the project does not depend on ``../shared``. Each request
is matched to an operation by method and path template (literal segments beat
parameters, so ``messages/@original`` is not ``messages/{message_id}``), then
its JSON body (or a multipart ``payload_json``) is validated against the
operation's request schema with jsonschema (draft 2020-12, which OpenAPI 3.1
uses), ``$ref`` resolved inside the document. Responses the stand-in produced
can be checked the same way, which keeps the stand-in itself honest.

One deliberate deviation: snowflakes may be integers (see
``_accept_integer_snowflakes``). Problems are returned as data; nothing here
raises on invalid traffic.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .recorder import RecordedRequest

SPEC_DIR = Path(__file__).with_name("discord_api_spec")
SPEC_PATH = SPEC_DIR / "openapi.json.gz"
_DOC_URI = "urn:discord-openapi"


@dataclass(frozen=True)
class Problem:
    """One mismatch between a request (or our response) and the document."""

    request_index: int
    method: str
    path: str
    operation: str | None
    where: str
    message: str

    def __str__(self) -> str:
        op = self.operation or "?"
        return (
            f"#{self.request_index} {self.method} {self.path} [{op}] {self.where}: {self.message}"
        )


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    operation_id: str
    spec: dict[str, Any]


class OpenAPISpec:
    """The parsed document plus a path-template index and cached validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        _accept_integer_snowflakes(document)
        self.document = document
        self.version = _read_version()
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_DOC_URI, resource)
        self._routes: list[tuple[int, re.Pattern[str], str]] = []
        for template in document["paths"]:
            regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            literal_segments = sum(1 for s in template.split("/") if s and "{" not in s)
            self._routes.append((literal_segments, re.compile(regex), template))
        self._routes.sort(key=lambda r: -r[0])
        self._validators: dict[str, Draft202012Validator] = {}

    @classmethod
    @functools.cache
    def load(cls, path: Path = SPEC_PATH) -> OpenAPISpec:
        """Load (once per process) the vendored gzipped document."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation for a concrete path like ``/channels/1/messages``."""
        for _, regex, template in self._routes:
            if regex.fullmatch(path):
                op = self.document["paths"][template].get(method.lower())
                if op is not None:
                    return Operation(method.upper(), template, op.get("operationId", "?"), op)
        return None

    def _validator(self, pointer: list[str]) -> Draft202012Validator:
        fragment = "/" + "/".join(quote(p.replace("~", "~0").replace("/", "~1")) for p in pointer)
        if fragment not in self._validators:
            schema = {"$ref": f"{_DOC_URI}#{fragment}"}
            self._validators[fragment] = Draft202012Validator(schema, registry=self._registry)
        return self._validators[fragment]

    def check_request(self, req: RecordedRequest) -> list[Problem]:
        """Problems with one recorded request (unknown route, bad body)."""
        op = self.operation(req.method, req.path)
        if op is None:
            return [_problem(req, None, "route", "no such operation in the OpenAPI document")]
        body_spec = op.spec.get("requestBody")
        if body_spec is None:
            return []
        if req.json is None:
            if (
                body_spec.get("required")
                and req.method in ("POST", "PUT", "PATCH")
                and not req.files
            ):
                return [_problem(req, op, "body", "required request body is missing")]
            return []
        content = body_spec.get("content", {})
        if "application/json" not in content:
            return [_problem(req, op, "body", "operation takes no JSON body")]
        pointer = ["paths", op.template, op.method.lower(), "requestBody", "content"]
        validator = self._validator([*pointer, "application/json", "schema"])
        return [
            _problem(req, op, "body" + _json_path(err.absolute_path), err.message)
            for err in _leaf_errors(validator.iter_errors(req.json))
        ]

    def check_response(self, req: RecordedRequest) -> list[Problem]:
        """Problems with the JSON the stand-in answered (self-check)."""
        if req.response is None or req.status is None or req.fault:
            return []
        op = self.operation(req.method, req.path)
        if op is None:
            return []
        responses = op.spec.get("responses", {})
        key = str(req.status)
        if key not in responses or "$ref" in responses[key]:
            return []
        if "application/json" not in responses[key].get("content", {}):
            return []
        pointer = ["paths", op.template, op.method.lower(), "responses", key, "content"]
        validator = self._validator([*pointer, "application/json", "schema"])
        return [
            _problem(req, op, "response" + _json_path(err.absolute_path), err.message)
            for err in _leaf_errors(validator.iter_errors(req.response))
        ]


def _accept_integer_snowflakes(node: Any) -> None:
    """Let snowflake schemas accept JSON integers as well as decimal strings.

    The document types snowflakes as strings only, but Discord accepts both,
    and discord.py sends some as integers (e.g. ``attachments[].id``, the upload
    index). Without this every file upload would be reported.
    """
    if isinstance(node, dict):
        if node.get("format") == "snowflake" and node.get("type") == "string":
            string_form = {k: v for k, v in node.items() if k != "format"}
            node.clear()
            node["anyOf"] = [string_form, {"type": "integer", "minimum": 0}]
            return
        for value in node.values():
            _accept_integer_snowflakes(value)
    elif isinstance(node, list):
        for value in node:
            _accept_integer_snowflakes(value)


def _read_version() -> str:
    try:
        return (SPEC_DIR / "VERSION").read_text().strip()
    except OSError:
        return "unknown"


def _problem(req: RecordedRequest, op: Operation | None, where: str, message: str) -> Problem:
    return Problem(
        req.index, req.method, req.path, op.operation_id if op else None, where, message[:500]
    )


def _json_path(path: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _leaf_errors(errors: Any) -> list[Any]:
    """Prefer the most specific sub-error of oneOf/anyOf failures."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    result = []
    for err in errors:
        result.append(best_match([err]) if err.context else err)
    return result
