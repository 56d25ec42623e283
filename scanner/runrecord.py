"""The run record (run.json): what a run was asked to do, whom and what it scanned, and, once evaluated, what
it was evaluated against. Auditors and exports read the file, so its keys keep their names and meanings:
`to_json` writes the same keys a run has always had, plus `schema_version`.

A file without `schema_version` is version 1 (written before the record had a type). It reads like version
2: a key added since is given its empty value, and a top-level key this version does not know is kept, and
written back, as it was. A missing required key, or a key of the wrong type, is a RunDirError naming the
file and the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from scanner.errors import RunDirError
from scanner.model import Account

SCHEMA_VERSION = 2
HOST_SCAN_MODE = "scan-host"  # the "mode" of a Docker host audit (every other mode scans AWS)
DEMO_MODE = "demo"  # the "mode" of a run of the built-in demo: simulated data, evidence of nothing


@dataclass(frozen=True)
class Tool:
    name: str
    version: str


@dataclass(frozen=True)
class Caller:
    """Who ran the scan: the STS identity (for a host audit, the local user who read the files)."""

    account_id: str
    arn: str
    user_id: str


@dataclass(frozen=True)
class OrgSummary:
    id: str
    management_account_id: str
    feature_set: str
    read_from_account: str  # the account the organization (and its organization-wide data) was read from


@dataclass(frozen=True)
class Requested:
    """What the command line asked for, before accounts and regions were discovered."""

    org: bool
    accounts: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class ShardRecord:
    count: int
    index: int | None = None  # the shard (1..count) a scan covered; None for a merged run
    merged_from: tuple[str, ...] | None = None  # a merged run: SHA-256 of each shard's manifest.json


@dataclass(frozen=True)
class HostRecord:
    name: str
    root: str | None  # the file system root read, or None when only a docker-bench report was ingested
    live: bool
    docker_bench: str | None


@dataclass(frozen=True)
class FileRecord:
    path: str
    sha256: str


@dataclass(frozen=True)
class CatalogRecord:
    id: str
    title: str
    version: str
    path: str
    sha256: str


@dataclass(frozen=True)
class PlacementRecord:
    role: str  # a landing-zone role, or "application"
    scope: str | None  # the application scope
    source: str  # "config" | "inferred" | "organization"


@dataclass(frozen=True)
class ExceptionsRecord:
    sha256: str  # of the run's exceptions.yaml
    rules: tuple[Mapping[str, Any], ...]  # each accepted exception, as validated from that file


@dataclass(frozen=True)
class ExpiredException:
    """An expired exception that still matched failures: it no longer applies and is shown."""

    id: str
    expired: str
    approver: str
    findings: int


@dataclass(frozen=True)
class BaselineRecord:
    path: str
    run_id: str  # SHA-256 of the baseline run's manifest.json
    evaluated_at: str
    age_days: int
    stale: bool


@dataclass(frozen=True)
class AttestationRecord:
    file: str
    control: str  # "catalog:control"
    sha256: str
    evidence: Mapping[str, str]  # evidence file name -> SHA-256


@dataclass(frozen=True)
class Evaluation:
    """What evaluating the run added to its record."""

    evaluated_at: str
    catalogs: tuple[CatalogRecord, ...]
    placements: Mapping[str, PlacementRecord]  # account id -> where it stands
    roles_inferred: bool  # some landing-zone role was guessed from an account name
    org_config: FileRecord | None
    baseline: BaselineRecord | None
    exceptions: ExceptionsRecord | None
    expired_exceptions: tuple[ExpiredException, ...]
    attestations: tuple[AttestationRecord, ...]


@dataclass(frozen=True, kw_only=True)
class RunRecord:
    run_id: str
    tool: Tool
    mode: str  # "scan", DEMO_MODE or HOST_SCAN_MODE
    caller: Caller
    started_at: str  # ISO 8601, as every timestamp here
    finished_collection_at: str
    organization: OrgSummary | None = None  # None: the caller's own account was scanned, not an organization
    accounts: tuple[Account, ...]
    regions: Mapping[str, tuple[str, ...]]  # account id -> regions scanned
    disabled_regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # requested, not enabled
    problems: Mapping[str, str] = field(default_factory=dict)  # account id -> why it could not be planned
    role_name: str | None = None  # the role assumed in member accounts (organization scans)
    requested: Requested | None = None
    catalog_paths: tuple[str, ...] = ()
    selected_catalogs: tuple[str, ...] = ()  # empty: every catalog loaded
    org_config_path: str | None = None
    baseline_path: str | None = None
    api_calls: int = 0
    call_limits: Mapping[str, float] | None = None  # retries and deadlines of an AWS scan
    shard: ShardRecord | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    host: HostRecord | None = None  # a Docker host audit
    evaluation: Evaluation | None = None  # None until the run is evaluated
    # The version the record was read as; to_json writes SCHEMA_VERSION, since it writes the current form.
    schema_version: int = SCHEMA_VERSION
    unknown: Mapping[str, Any] = field(default_factory=dict)  # keys this version does not know, as read

    @property
    def evaluated_at(self) -> str | None:
        return self.evaluation.evaluated_at if self.evaluation else None

    @property
    def placements(self) -> Mapping[str, PlacementRecord]:
        return self.evaluation.placements if self.evaluation else {}

    @property
    def is_host_scan(self) -> bool:
        return self.mode == HOST_SCAN_MODE

    @property
    def is_simulated(self) -> bool:
        """Made by the demo from a simulated organization: every report says so."""
        return self.mode == DEMO_MODE

    @property
    def org_account(self) -> str:
        """The account organization-wide data was read from: where the organization was read, else the
        caller's own account."""
        return self.organization.read_from_account if self.organization else self.caller.account_id

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            **self.unknown,
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run_id,
            "tool": _fields(self.tool),
            "mode": self.mode,
            "caller": _fields(self.caller),
            "started_at": self.started_at,
            "finished_collection_at": self.finished_collection_at,
            "organization": _fields(self.organization) if self.organization else None,
            "accounts": [a.to_json() for a in self.accounts],
            "regions": {a: list(rs) for a, rs in self.regions.items()},
            "disabled_regions": {a: list(rs) for a, rs in self.disabled_regions.items()},
            "problems": dict(self.problems),
            "role_name": self.role_name,
            "requested": _fields(self.requested) if self.requested else None,
            "catalog_paths": list(self.catalog_paths),
            "selected_catalogs": list(self.selected_catalogs),
            "org_config_path": self.org_config_path,
            "baseline_path": self.baseline_path,
            "api_calls": self.api_calls,
            "shard": _shard_json(self.shard) if self.shard else None,
            "labels": dict(self.labels),
        }
        if self.call_limits is not None:  # an AWS scan's; a host audit makes no AWS call
            data["call_limits"] = dict(self.call_limits)
        if self.host is not None:
            data["host"] = _fields(self.host)
        if self.evaluation is not None:
            data.update(_evaluation_json(self.evaluation))
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "run.json") -> RunRecord:
        """Read a run.json object; `where` names the file in every error."""
        read = _Object(data, where)
        evaluated = read.has("evaluated_at")  # without it, stray evaluation keys are kept as unknown
        version = read.integer("schema_version", default=1)
        if not 1 <= version <= SCHEMA_VERSION:
            read.fail("schema_version", f"a version this controlmap reads (1 to {SCHEMA_VERSION})")
        return cls(
            run_id=read.string("run_id"),
            tool=Tool(**read.object("tool").strings("name", "version")),
            mode=read.string("mode"),
            caller=Caller(**read.object("caller").strings("account_id", "arn", "user_id")),
            started_at=read.string("started_at"),
            finished_collection_at=read.string("finished_collection_at"),
            organization=_organization(read.object_or_none("organization")),
            accounts=tuple(_account(a) for a in read.objects("accounts")),
            regions=read.lists_of_strings("regions", required=True),
            disabled_regions=read.lists_of_strings("disabled_regions"),
            problems=read.strings_by_key("problems"),
            role_name=read.string_or_none("role_name"),
            requested=_requested(read.object_or_none("requested")),
            catalog_paths=read.list_of_strings("catalog_paths"),
            selected_catalogs=read.list_of_strings("selected_catalogs"),
            org_config_path=read.string_or_none("org_config_path"),
            baseline_path=read.string_or_none("baseline_path"),
            api_calls=read.integer("api_calls", default=0),
            call_limits=read.numbers_by_key("call_limits"),
            shard=_shard(read.object_or_none("shard")),
            labels=read.strings_by_key("labels"),
            host=_host(read.object_or_none("host")),
            evaluation=_evaluation(read) if evaluated else None,
            schema_version=version,
            unknown={k: v for k, v in read.data.items() if k not in (_KNOWN if evaluated else _SCANNED)},
        )


def parse_run(body: bytes, where: str) -> RunRecord:
    """A run.json file's bytes as a record; `where` names the file in every error."""
    try:
        data = json.loads(body)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise RunDirError(f"{where}: not valid JSON: {getattr(exc, 'msg', exc)}") from exc
    return RunRecord.from_json(data, where)


_EVALUATION_KEYS = (
    "evaluated_at",
    "catalogs",
    "placements",
    "roles_inferred",
    "org_config",
    "baseline",
    "exceptions",
    "expired_exceptions",
    "attestations",
)
_SCANNED = frozenset(
    {
        "schema_version", "run_id", "tool", "mode", "caller", "started_at", "finished_collection_at",
        "organization", "accounts", "regions", "disabled_regions", "problems", "role_name", "requested",
        "catalog_paths", "selected_catalogs", "org_config_path", "baseline_path", "api_calls", "call_limits",
        "shard", "labels", "host",
    }
)  # fmt: skip
_KNOWN = _SCANNED | set(_EVALUATION_KEYS)


def _fields(record: Any) -> dict[str, Any]:
    """A flat record's fields as JSON (tuples as lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(record).items()}


def _shard_json(shard: ShardRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"count": shard.count}
    if shard.index is not None:
        data["index"] = shard.index
    if shard.merged_from is not None:
        data["merged_from"] = list(shard.merged_from)
    return data


def _evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "evaluated_at": evaluation.evaluated_at,
        "catalogs": [_fields(c) for c in evaluation.catalogs],
        "placements": {a: _fields(p) for a, p in evaluation.placements.items()},
        "roles_inferred": evaluation.roles_inferred,
        "org_config": _fields(evaluation.org_config) if evaluation.org_config else None,
        "baseline": _fields(evaluation.baseline) if evaluation.baseline else None,
        "exceptions": (
            {"sha256": evaluation.exceptions.sha256, "rules": [dict(r) for r in evaluation.exceptions.rules]}
            if evaluation.exceptions
            else None
        ),
        "expired_exceptions": [_fields(e) for e in evaluation.expired_exceptions],
        "attestations": [{**_fields(a), "evidence": dict(a.evidence)} for a in evaluation.attestations],
    }


# -- reading ---------------------------------------------------------------------------------------------


def json_kind(value: Any) -> str:
    """How a JSON value reads in an error message: "a JSON string", "JSON null", ..."""
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "JSON null" if value is None else f"a JSON {kinds.get(type(value), type(value).__name__)}"


class _Object:
    """One JSON object of run.json, read key by key; `at` is its place in the file ("caller.", ...)."""

    def __init__(self, data: Any, where: str, at: str = "") -> None:
        self.where, self.at = where, at
        if not isinstance(data, dict):
            name = f'"{at.rstrip(".")}"' if at else "the file"
            raise RunDirError(f"{where}: {name} is {json_kind(data)}, expected an object")
        self.data: dict[str, Any] = data

    def fail(self, key: str, expected: str) -> NoReturn:
        raise RunDirError(
            f'{self.where}: "{self.at}{key}" is {json_kind(self.data[key])}, expected {expected}'
        )

    def has(self, key: str) -> bool:
        return key in self.data

    def _required(self, key: str) -> Any:
        if key not in self.data:
            raise RunDirError(f'{self.where}: "{self.at}{key}" is missing')
        return self.data[key]

    def string(self, key: str) -> str:
        value = self._required(key)
        return value if isinstance(value, str) else self.fail(key, "a string")

    def string_or_none(self, key: str) -> str | None:
        value = self.data.get(key)
        return value if value is None or isinstance(value, str) else self.fail(key, "a string or null")

    def strings(self, *keys: str) -> dict[str, str]:
        return {key: self.string(key) for key in keys}

    def integer(self, key: str, *, default: int | None = None) -> int:
        value = self.data.get(key, default) if default is not None else self._required(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "a whole number")
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        return value if isinstance(value, bool) else self.fail(key, "true or false")

    def object(self, key: str) -> _Object:
        return _Object(self._required(key), self.where, f"{self.at}{key}.")

    def object_or_none(self, key: str) -> _Object | None:
        return None if self.data.get(key) is None else self.object(key)

    def objects(self, key: str, *, required: bool = True) -> Iterator[_Object]:
        value = self._required(key) if required else self.data.get(key) or []
        if not isinstance(value, list):
            self.fail(key, "an array of objects")
        return (_Object(item, self.where, f"{self.at}{key}[{n}].") for n, item in enumerate(value))

    def objects_by_key(self, key: str) -> dict[str, _Object]:
        value = self._mapping(key, required=False)
        return {k: _Object(v, self.where, f"{self.at}{key}.{k}.") for k, v in value.items()}

    def list_of_strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "an array of strings")
        return tuple(value)

    def _mapping(self, key: str, required: bool) -> dict[str, Any]:
        value = self._required(key) if required else self.data.get(key) or {}
        return value if isinstance(value, dict) else self.fail(key, "an object")

    def strings_by_key(self, key: str) -> dict[str, str]:
        value = self._mapping(key, required=False)
        if not all(isinstance(v, str) for v in value.values()):
            self.fail(key, "an object of strings")
        return dict(value)

    def lists_of_strings(self, key: str, *, required: bool = False) -> dict[str, tuple[str, ...]]:
        value = self._mapping(key, required)
        if not all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values()):
            self.fail(key, "an object of arrays of strings")
        return {k: tuple(v) for k, v in value.items()}

    def numbers_by_key(self, key: str) -> dict[str, float] | None:
        if self.data.get(key) is None:
            return None
        value = self._mapping(key, required=True)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()):
            self.fail(key, "an object of numbers")
        return dict(value)


def _account(read: _Object) -> Account:
    return Account(
        account_id=read.string("account_id"),
        name=read.string_or_none("name") or "",
        email=read.string_or_none("email") or "",
        ou_path=read.list_of_strings("ou_path"),
        tags=read.strings_by_key("tags"),
        is_management=read.boolean("is_management", default=False),
    )


def _organization(read: _Object | None) -> OrgSummary | None:
    if read is None:
        return None
    return OrgSummary(**read.strings("id", "management_account_id", "feature_set", "read_from_account"))


def _requested(read: _Object | None) -> Requested | None:
    if read is None:
        return None
    return Requested(
        org=read.boolean("org", default=False),
        accounts=read.list_of_strings("accounts"),
        regions=read.list_of_strings("regions"),
    )


def _shard(read: _Object | None) -> ShardRecord | None:
    if read is None:
        return None
    merged = read.list_of_strings("merged_from") if read.has("merged_from") else None
    index = read.integer("index") if read.data.get("index") is not None else None
    return ShardRecord(count=read.integer("count"), index=index, merged_from=merged)


def _host(read: _Object | None) -> HostRecord | None:
    if read is None:
        return None
    return HostRecord(
        name=read.string("name"),
        root=read.string_or_none("root"),
        live=read.boolean("live", default=False),
        docker_bench=read.string_or_none("docker_bench"),
    )


def _evaluation(read: _Object) -> Evaluation:
    org_config = read.object_or_none("org_config")
    exceptions = read.object_or_none("exceptions")
    return Evaluation(
        evaluated_at=read.string("evaluated_at"),
        catalogs=tuple(
            CatalogRecord(**c.strings("id", "title", "version", "path", "sha256"))
            for c in read.objects("catalogs", required=False)
        ),
        placements=_placements(read),
        roles_inferred=read.boolean("roles_inferred", default=False),
        org_config=FileRecord(**org_config.strings("path", "sha256")) if org_config else None,
        baseline=_baseline(read.object_or_none("baseline")),
        exceptions=_exceptions(exceptions) if exceptions else None,
        expired_exceptions=tuple(
            ExpiredException(**e.strings("id", "expired", "approver"), findings=e.integer("findings"))
            for e in read.objects("expired_exceptions", required=False)
        ),
        attestations=tuple(
            AttestationRecord(**a.strings("file", "control", "sha256"), evidence=a.strings_by_key("evidence"))
            for a in read.objects("attestations", required=False)
        ),
    )


def _placements(read: _Object) -> dict[str, PlacementRecord]:
    return {
        account_id: PlacementRecord(
            role=where.string("role"),
            scope=where.string_or_none("scope"),
            source=where.string_or_none("source") or "",
        )
        for account_id, where in read.objects_by_key("placements").items()
    }


def _baseline(read: _Object | None) -> BaselineRecord | None:
    if read is None:
        return None
    return BaselineRecord(
        **read.strings("path", "run_id", "evaluated_at"),
        age_days=read.integer("age_days"),
        stale=read.boolean("stale", default=False),
    )


def _exceptions(read: _Object) -> ExceptionsRecord:
    return ExceptionsRecord(
        sha256=read.string("sha256"),
        rules=tuple(rule.data for rule in read.objects("rules", required=False)),
    )
