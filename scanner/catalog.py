"""Load and validate YAML control catalogs; every problem names the file and the place."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from controls import CATALOG_DIR
from scanner.errors import ConfigError

BUILTIN_DIR = CATALOG_DIR

LANDING_ZONE_ROLES = (
    "management",
    "security",
    "log-archive",
    "audit",
    "networking",
    "devops",
    "devsecops",
    "shared-services",
)
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"


class Phase(StrEnum):
    LANDING_ZONE = "landing-zone"
    APPLICATION = "application"
    BOTH = "both"


class Treatment(StrEnum):
    AUTOMATED = "automated"  # checks decide
    HYBRID = "hybrid"  # checks plus an attestation
    ATTESTATION = "attestation"  # an attestation only
    AWS_INHERITED = "aws-inherited"  # AWS's side of shared responsibility


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Inheritance(_Strict):
    provider: str
    provides: list[str] = Field(min_length=1)
    consumer: list[str] = []

    @field_validator("provider")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in LANDING_ZONE_ROLES:
            raise ValueError(
                f"unknown provider role {value!r}; expected one of {', '.join(LANDING_ZONE_ROLES)}"
            )
        return value


class AttestationRequirement(_Strict):
    statement: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    evidence: str = Field(min_length=1)
    max_age_days: int = Field(default=365, gt=0)


class Control(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    phase: Phase
    treatment: Treatment
    checks: list[str] = []
    pending: list[str] = []  # automation not built yet, in words: reported NOT_EVALUATED, never satisfied
    inheritance: Inheritance | None = None
    attestation: AttestationRequirement | None = None
    references: dict[str, str | list[str]] = {}

    @model_validator(mode="after")
    def _consistent_treatment(self) -> Control:
        automated = bool(self.checks or self.pending or self.inheritance)
        if self.treatment in (Treatment.AUTOMATED, Treatment.HYBRID) and not automated:
            raise ValueError(f"treatment {self.treatment} needs `checks`, `inheritance` or `pending`")
        if self.treatment in (Treatment.HYBRID, Treatment.ATTESTATION) and self.attestation is None:
            raise ValueError(f"treatment {self.treatment} needs an `attestation` requirement")
        if self.treatment in (Treatment.ATTESTATION, Treatment.AWS_INHERITED) and automated:
            raise ValueError(f"treatment {self.treatment} cannot list `checks` or `pending`")
        if self.treatment is Treatment.AUTOMATED and self.attestation is not None:
            raise ValueError("treatment automated cannot have an `attestation`; use hybrid")
        if self.inheritance is not None and self.treatment not in (Treatment.AUTOMATED, Treatment.HYBRID):
            raise ValueError("only automated or hybrid controls can declare `inheritance`")
        return self

    @property
    def attestation_statement(self) -> str:
        return self.attestation.statement if self.attestation is not None else ""

    def all_checks(self) -> list[str]:
        """Every check the control rests on, own and inherited, in a stable order."""
        extra = [] if self.inheritance is None else [*self.inheritance.provides, *self.inheritance.consumer]
        return list(dict.fromkeys([*self.checks, *extra]))


class Group(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    summary: str = ""
    services: list[str] = []
    controls: list[Control] = Field(min_length=1)


class Catalog(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    groups: list[Group] = Field(min_length=1)

    def controls(self) -> Iterator[tuple[Group, Control]]:
        for group in self.groups:
            for control in group.controls:
                yield group, control


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    path: Path
    digest: str  # SHA-256 of the file's bytes, recorded in run.json

    @property
    def id(self) -> str:
        return self.catalog.id


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys (PyYAML silently keeps the last one)."""


def _construct_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_of(node: yaml.Node | None, loc: Sequence[object]) -> int | None:
    """1-based line of the YAML node at a pydantic error location (deepest node found)."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == part), None)
            if nxt is None:
                key = next((k for k, _ in node.value if k.value == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _describe(loc: Sequence[object], data: Any) -> str:
    """A readable place: groups[2] 'access-control' > controls[0] '11.mfa' > phase."""
    parts: list[str] = []
    cursor = data
    for part in loc:
        if isinstance(part, int) and isinstance(cursor, list) and part < len(cursor):
            cursor = cursor[part]
            label = cursor.get("id") if isinstance(cursor, dict) else None
            parts[-1] = f"{parts[-1]}[{part}]" + (f" {label!r}" if label else "")
        else:
            parts.append(str(part))
            cursor = cursor.get(part) if isinstance(cursor, dict) else None
    return " > ".join(parts) or "top level"


def load_catalog(path: Path, known_checks: Iterable[str] | None = None) -> LoadedCatalog:
    """Parse and validate one catalog file. Raises ConfigError naming the file, place and problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read catalog: {exc.strerror or exc}") from exc
    text = raw.decode("utf-8", errors="replace")
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: malformed YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: malformed YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a catalog must be a mapping with id, title, version and groups")
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = _line_of(node, loc)
        where = f":{line}" if line else ""
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}{where}: {_describe(loc, data)}: {message}{more}") from exc
    _check_unique_ids(path, node, catalog)
    if known_checks is not None:
        _check_references(path, node, catalog, set(known_checks))
    return LoadedCatalog(catalog, path, hashlib.sha256(raw).hexdigest())


def _check_unique_ids(path: Path, node: yaml.Node | None, catalog: Catalog) -> None:
    groups: dict[str, int] = {}
    controls: dict[str, tuple[int, int]] = {}
    for gi, group in enumerate(catalog.groups):
        if group.id in groups:
            line = _line_of(node, ("groups", gi, "id"))
            raise ConfigError(
                f"{path}:{line}: duplicate group id {group.id!r} (also groups[{groups[group.id]}])"
            )
        groups[group.id] = gi
        for ci, control in enumerate(group.controls):
            if control.id in controls:
                line = _line_of(node, ("groups", gi, "controls", ci, "id"))
                raise ConfigError(f"{path}:{line}: duplicate control id {control.id!r} in group {group.id!r}")
            controls[control.id] = (gi, ci)


def _check_references(path: Path, node: yaml.Node | None, catalog: Catalog, known: set[str]) -> None:
    for gi, group in enumerate(catalog.groups):
        for ci, control in enumerate(group.controls):
            for field_loc, ids in _check_fields(control):
                for index, check_id in enumerate(ids):
                    if check_id not in known:
                        loc = ("groups", gi, "controls", ci, *field_loc, index)
                        line = _line_of(node, loc)
                        raise ConfigError(
                            f"{path}:{line}: control {control.id!r} references unknown check {check_id!r}"
                        )


def _check_fields(control: Control) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    yield ("checks",), control.checks
    if control.inheritance is not None:
        yield ("inheritance", "provides"), control.inheritance.provides
        yield ("inheritance", "consumer"), control.inheritance.consumer


def catalog_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: no such catalog file or folder")


def load_catalogs(paths: Iterable[Path], known_checks: Iterable[str]) -> list[LoadedCatalog]:
    """Load every catalog under the given files/folders; catalog ids must be unique across them."""
    known = set(known_checks)
    loaded: dict[str, LoadedCatalog] = {}
    for path in paths:
        for file in catalog_files(path):
            catalog = load_catalog(file, known)
            if catalog.id in loaded:
                raise ConfigError(
                    f"{file}: catalog id {catalog.id!r} is already defined in {loaded[catalog.id].path}"
                )
            loaded[catalog.id] = catalog
    return list(loaded.values())


def builtin_catalogs(known_checks: Iterable[str]) -> list[LoadedCatalog]:
    return load_catalogs([BUILTIN_DIR], known_checks)


def select(catalogs: Sequence[LoadedCatalog], wanted: Sequence[str]) -> list[LoadedCatalog]:
    """Catalogs by id, in the order given; an unknown id is a ConfigError listing the known ones."""
    if not wanted:
        return list(catalogs)
    by_id = {c.id: c for c in catalogs}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ConfigError(f"unknown catalog {', '.join(unknown)}; known: {', '.join(sorted(by_id))}")
    return [by_id[w] for w in wanted]
