"""Load YAML into a strict pydantic model; every problem becomes a ConfigError naming the file and place."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scanner.errors import ConfigError

Model = TypeVar("Model", bound=BaseModel)


def load_model(path: Path, model: type[Model], what: str) -> tuple[Model, str]:
    """Parse `path` as `model`. Returns the model and the SHA-256 of the file's bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: malformed YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: malformed YAML: {exc}") from exc
    try:
        parsed = model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe(exc)}") from exc
    return parsed, hashlib.sha256(raw).hexdigest()


def describe(error: ValidationError) -> str:
    """The first problem, as "place: message", in words a user can act on."""
    first = error.errors()[0]
    place = " > ".join(str(p) for p in first["loc"]) or "top level"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = f"unknown field {first['loc'][-1]!r}"
    more = f" (and {error.error_count() - 1} more problem(s))" if error.error_count() > 1 else ""
    return f"{place}: {message}{more}"
