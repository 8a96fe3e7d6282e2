"""Read YAML so that every mapping remembers the line it (and each of its keys) came from.

Dates stay strings (`2018-05-30` is not turned into a `datetime.date`), duplicate keys are
errors, and a syntax error becomes a `Problem` with the line the parser stopped at.

Values are built straight from the parser's events (`_build`), one at a time, instead of
first composing a node tree of the whole file as PyYAML does: for a story file of 100,000
facts the tree alone is most of a gigabyte. A file that uses what only the full machinery
handles (explicit tags, merge keys, recursive anchors) is read the standard way instead,
with the same result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.core.errors import Problem
from bot.core.files import MAX_FILE_BYTES, UnsafeFileError, read_bytes

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Mapping(dict[str, Any]):
    """A dict that knows the line of each of its keys (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (its wheels are): several times faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_plain(text: str) -> Any:
    """Standard safe YAML, parsed by libyaml where PyYAML has it: for the question sets,
    which need no line numbers and are read many times over by training."""
    return yaml.load(text, Loader=_Base)  # _Base is a safe loader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps, with line numbers and duplicate-key errors."""

    duplicate_keys: list[tuple[str, int]]
    plain: dict[str, Any]  # short plain scalars read so far, by their text (`_scalar`)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicate_keys.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """YAML's int, with a line for a number Python will not read (over 4,300 digits)."""
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, "a number too long to read (write it as a string)", node.start_mark
        ) from None
    return value


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class _StandardError(Exception):
    """This document needs PyYAML's full composition and construction (`_build` gives up)."""


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _build(loader: _Loader) -> Any:
    """The single document of the stream, built from events; raises `_StandardError` for what
    it leaves to `get_single_data`, and the parser's or constructors' YAMLErrors."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        loader.get_event()
        return None
    loader.get_event()  # document start
    anchors: dict[str, Any] = {}
    data = _build_value(loader, anchors, loader.get_event())
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        event: Any = loader.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            None,
            "but found another document",
            event.start_mark,
        )
    loader.get_event()
    return data


_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent


def _build_value(loader: _Loader, anchors: dict[str, Any], event: Any) -> Any:
    """The value that starts with `event` (read from the parser), with what follows it."""
    kind = type(event)
    if kind is _ScalarEvent and event.anchor is None:  # by far the most common
        return _scalar(loader, event)
    if kind is _AliasEvent:
        if event.anchor not in anchors:
            mark: Any = event.start_mark
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", mark
            )
        value = anchors[event.anchor]
        if value is _StandardError:  # an alias inside its own anchor's value
            raise _StandardError
        return value
    anchor = event.anchor
    if anchor is not None:
        if anchor in anchors:
            mark = event.start_mark
            raise yaml.composer.ComposerError(
                None, None, f"found duplicate anchor {anchor!r}", mark
            )
        anchors[anchor] = _StandardError  # in progress
    if kind is _ScalarEvent:
        value = _scalar(loader, event)
    elif kind is _SequenceStart:
        if event.tag not in (None, "!", _SEQ_TAG):
            raise _StandardError
        value = []
        while type(item := loader.get_event()) is not _SequenceEnd:
            value.append(_build_value(loader, anchors, item))
    elif kind is _MappingStart:
        if event.tag not in (None, "!", _MAP_TAG):
            raise _StandardError
        value = _mapping(loader, anchors, event)
    else:  # pragma: no cover - the parser sends nothing else here
        raise _StandardError
    if anchor is not None:
        anchors[anchor] = value
    return value


SHARED_LENGTH = 64  # plain scalars up to this long are read once per file and shared


def _scalar(loader: _Loader, event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        value: str = event.value
        if not event.implicit[0]:
            return value  # quoted: a string
        if len(value) <= SHARED_LENGTH:
            # Keys and short values (ids, dates, names) recur on every fact: resolve each
            # once, and share one string (or number) instead of a copy per fact.
            if value not in loader.plain:
                loader.plain[value] = _plain(loader, event)
            return loader.plain[value]
        return _plain(loader, event)
    return _construct(loader, event, tag)


def _plain(loader: _Loader, event: Any) -> Any:
    """A plain (unquoted, untagged) scalar's value: what YAML's implicit rules make it."""
    value: str = event.value
    if value and value[0] not in loader.yaml_implicit_resolvers:
        return value  # nothing but a string can start this way
    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    return value if tag == _STR_TAG else _construct(loader, event, tag)


def _construct(loader: _Loader, event: Any, tag: str) -> Any:
    if tag not in loader.yaml_constructors or tag in (_MAP_TAG, _SEQ_TAG, _MERGE_TAG):
        raise _StandardError  # merge keys, '=' (a "value" tag) and unknown tags
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    constructor = loader.yaml_constructors[tag]
    return constructor(loader, node)


def _mapping(loader: _Loader, anchors: dict[str, Any], event: Any) -> Mapping:
    result = Mapping()
    result.line = event.start_mark.line + 1
    result.key_lines = key_lines = {}
    get_event = loader.get_event
    while type(key_event := get_event()) is not _MappingEnd:
        line = key_event.start_mark.line + 1
        key = str(_build_value(loader, anchors, key_event))
        if key in result:
            loader.duplicate_keys.append((key, line))
        result[key] = _build_value(loader, anchors, get_event())
        key_lines[key] = line
    return result


def _parse(text: str | bytes, *, standard: bool = False) -> tuple[Any, list[tuple[str, int]]]:
    """The document in `text` and its duplicate keys; raises YAMLError (and ValueError,
    TypeError, RecursionError from values nothing can read). `standard`: PyYAML's way."""
    if not standard:
        loader = _Loader(text)
        loader.duplicate_keys = []
        loader.plain = {}
        try:
            return _build(loader), loader.duplicate_keys
        except _StandardError:
            pass
        finally:
            loader.dispose()
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        return loader.get_single_data(), loader.duplicate_keys
    finally:
        loader.dispose()


def read_yaml(
    path: Path, *, folder: Path | None = None, limit: int = MAX_FILE_BYTES
) -> tuple[Any, list[Problem]]:
    """Parse one YAML file (a regular file inside `folder`, at most `limit` bytes); return
    its data (None on failure) and the problems found."""
    try:
        raw = read_bytes(path, folder=folder, limit=limit)
    except UnsafeFileError as exc:
        return None, [Problem(path, None, str(exc))]
    try:
        raw.decode("utf-8")  # only to check: the parser reads the bytes, one copy fewer
    except UnicodeDecodeError as exc:
        return None, [Problem(path, None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
    try:
        data, duplicate_keys = _parse(raw)
    except yaml.MarkedYAMLError as exc:
        what = exc.problem or "syntax error"
        context = exc.context_mark
        # An unterminated string or bracket is reported at the end of the file; the line
        # where it started is the one to fix.
        mark = context if context and "end of stream" in what else exc.problem_mark or context
        line = mark.line + 1 if mark else None
        hint = ""
        if exc.context:
            hint = f" ({exc.context}" + (
                f" starting at line {context.line + 1})" if context else ")"
            )
        return None, [Problem(path, line, f"YAML syntax error: {what}{hint}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, f"YAML error: {exc}")]
    except (ValueError, TypeError, RecursionError) as exc:  # a value the constructors choke on
        return None, [
            Problem(path, None, f"YAML error: cannot read a value ({type(exc).__name__})")
        ]
    problems = [
        Problem(path, line, f"duplicate key '{key}': each key may appear once per entry")
        for key, line in duplicate_keys
    ]
    return data, problems
