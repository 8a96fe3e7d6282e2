"""Read YAML so that every mapping remembers the line it (and each of its keys) came from.

Dates stay strings (`2018-05-30` is not turned into a `datetime.date`), duplicate keys are
errors, and a syntax error becomes a `Problem` with the line the parser stopped at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.core.errors import Problem
from bot.core.files import MAX_FILE_BYTES, UnsafeFileError, read_text

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Mapping(dict[str, Any]):
    """A dict that knows the line of each of its keys (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (its wheels are): several times faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps, with line numbers and duplicate-key errors."""

    duplicate_keys: list[tuple[str, int]]


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


def read_yaml(
    path: Path, *, folder: Path | None = None, limit: int = MAX_FILE_BYTES
) -> tuple[Any, list[Problem]]:
    """Parse one YAML file (a regular file inside `folder`, at most `limit` bytes); return
    its data (None on failure) and the problems found."""
    try:
        text = read_text(path, folder=folder, limit=limit)
    except UnsafeFileError as exc:
        return None, [Problem(path, None, str(exc))]
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
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
    finally:
        loader.dispose()
    problems = [
        Problem(path, line, f"duplicate key '{key}': each key may appear once per entry")
        for key, line in loader.duplicate_keys
    ]
    return data, problems
