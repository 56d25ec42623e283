"""Read a user's YAML safely (size, depth, alias and key limits) into a strict pydantic model; every problem
becomes one ConfigError naming the file and place."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scanner.errors import ConfigError

Model = TypeVar("Model", bound=BaseModel)

_MB = 1024 * 1024
CATALOG_MAX_BYTES = 10 * _MB  # the built-in catalogs are under 100 KB; a 50 MB one took minutes and GBs
CONFIG_MAX_BYTES = 1 * _MB  # org config, exceptions and attestation files are a few KB
MAX_DEPTH = 64  # nested mappings and lists; a catalog needs 7
MAX_ALIAS_VALUES = 100_000  # values that aliases (*name) may add by repeating anchored ones
_MERGE_TAG = "tag:yaml.org,2002:merge"

# libyaml's parser where PyYAML was built with it: the catalogs are large, and the pure-Python parser was a
# noticeable share of every scan. libyaml also stops nesting at 1,000 levels instead of recursing on.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that a user file may not contain (reported without "malformed YAML")."""


def _value_problem(node: yaml.Node, exc: Exception) -> str:
    shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"{shown} is not a valid date: {exc}"
    return f"{shown} cannot be read as {node.tag.rsplit(':', 1)[-1]}: {exc}"


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A SafeLoader whose impossible values (the date 2026-02-30) are marked YAML errors, not a ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            raise _Refused(None, None, _value_problem(node, exc), node.start_mark) from exc


@dataclass(frozen=True)
class YamlDocument:
    data: Any  # None for an empty file
    node: yaml.Node | None  # the composed tree, for the line of a validation error (see line_of)
    digest: str  # SHA-256 of the file's bytes


def _article(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def _megabytes(size: int) -> str:
    return f"{size / _MB:.2f}".rstrip("0").rstrip(".") + " MB"


def read_limited(path: Path, what: str, max_bytes: int) -> bytes:
    """The bytes of a user file; a ConfigError when it cannot be read or is larger than max_bytes (then only
    max_bytes + 1 bytes are ever read)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:
        actual = f"{_megabytes(size)} ({size:,} bytes)" if size > max_bytes else "larger than that"
        raise ConfigError(
            f"{path}: the file is {actual}; the limit for {_article(what)} is {_megabytes(max_bytes)}"
        )
    return raw


def load_yaml(path: Path, what: str, max_bytes: int = CONFIG_MAX_BYTES) -> YamlDocument:
    """Parse one YAML document from a user file. Refused, with the file and line: more than max_bytes, not
    UTF-8, malformed, a key that is a list or a mapping, a duplicate key, nesting deeper than MAX_DEPTH,
    aliases that repeat more than MAX_ALIAS_VALUES values or refer to themselves, an impossible value."""
    raw = read_limited(path, what, max_bytes)
    try:
        text = raw.decode("utf-8-sig")  # a leading byte-order mark is allowed
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text (byte {raw[exc.start]:#04x})") from exc
    loader = _StrictLoader(text)
    # Parsing makes hundreds of thousands of objects and no reference cycles: the cyclic garbage collector
    # would only walk them again and again (it tripled the time of a 10 MB catalog).
    collecting = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_tree(node, loader, what)
        data = None if node is None else loader.construct_document(node)
    except _Refused as exc:
        raise ConfigError(f"{path}{_where(exc)}: {exc.problem}") from exc
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit (1,000 levels)
            raise ConfigError(f"{path}{_where(exc)}: {_too_deep(what)}") from exc
        raise ConfigError(f"{path}{_where(exc)}: malformed YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: malformed YAML: {' '.join(str(exc).split())}") from exc
    except RecursionError as exc:  # the pure-Python composer, where libyaml is missing
        raise ConfigError(f"{path}: {_too_deep(what)}") from exc
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return YamlDocument(data, node, hashlib.sha256(raw).hexdigest())


def _where(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    return f":{mark.line + 1}:{mark.column + 1}" if mark else ""


def _too_deep(what: str) -> str:
    return f"nested more than {MAX_DEPTH} levels deep; {_article(what)} needs far fewer"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_keys(node: yaml.MappingNode, loader: _StrictLoader) -> None:
    """Every key a plain value, none twice (PyYAML would keep the last one). Merge keys (<<) may repeat
    what they merge in: that is what they are for."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            problem = f"a mapping key must be a single value, not {kind}; quote it if it is meant as text"
            raise _Refused(None, None, problem, key_node.start_mark)
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _Refused(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = line


def _check_tree(root: yaml.Node, loader: _StrictLoader, what: str) -> None:
    """Keys, depth and alias expansion of a composed document, walked iteratively (an alias makes the tree a
    graph: each node is measured once, and every repeat adds its full size to what aliases expand to)."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (levels of nesting, values once expanded)
    open_nodes: set[int] = set()  # the node being walked and its ancestors
    repeated = 0
    stack: list[tuple[yaml.Node, int, yaml.Node, bool]] = [(root, 0, root, False)]
    while stack:
        node, depth, parent, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            children = [measured[id(c)] for c in _children(node)]
            measured[key] = (1 + max((h for h, _ in children), default=0), 1 + sum(s for _, s in children))
            continue
        if key in open_nodes:
            problem = "an alias inside the value it refers to (a loop)"
            raise _Refused(None, None, problem, parent.start_mark)
        if key in measured:  # an alias to an anchored value already walked
            levels, size = measured[key]
            repeated += size
            if depth + levels > MAX_DEPTH:
                raise _Refused(None, None, f"through an alias, {_too_deep(what)}", parent.start_mark)
            if repeated > MAX_ALIAS_VALUES:
                problem = f"aliases expand to more than {MAX_ALIAS_VALUES:,} repeated values; write them out"
                raise _Refused(None, None, problem, parent.start_mark)
            continue
        if isinstance(node, yaml.ScalarNode):
            measured[key] = (0, 1)
            continue
        if depth + 1 > MAX_DEPTH:
            raise _Refused(None, None, _too_deep(what), node.start_mark)
        if isinstance(node, yaml.MappingNode):
            _check_keys(node, loader)
        open_nodes.add(key)
        stack.append((node, depth, parent, True))
        stack.extend((child, depth + 1, node, False) for child in reversed(_children(node)))


def line_of(node: yaml.Node | None, loc: Sequence[object]) -> int | None:
    """1-based line of the YAML node at a pydantic error location (deepest node found)."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            # The last pair with the key: a merge key (<<) puts merged pairs first, the file's own ones after.
            found = [v for k, v in node.value if k.value == part]
            if not found:
                return line
            node = found[-1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def load_model(
    path: Path, model: type[Model], what: str, max_bytes: int = CONFIG_MAX_BYTES
) -> tuple[Model, str]:
    """Parse `path` as `model`. Returns the model and the SHA-256 of the file's bytes."""
    document = load_yaml(path, what, max_bytes)
    try:
        parsed = model.model_validate(document.data if document.data is not None else {})
    except ValidationError as exc:
        line = line_of(document.node, tuple(exc.errors()[0]["loc"]))
        where = f":{line}" if line else ""
        raise ConfigError(f"{path}{where}: {describe(exc)}") from exc
    return parsed, document.digest


def describe(error: ValidationError) -> str:
    """The first problem, as "place: message", in words a user can act on."""
    first = error.errors()[0]
    place = " > ".join(str(p) for p in first["loc"]) or "top level"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = f"unknown field {first['loc'][-1]!r}"
    more = f" (and {error.error_count() - 1} more problem(s))" if error.error_count() > 1 else ""
    return f"{place}: {message}{more}"
