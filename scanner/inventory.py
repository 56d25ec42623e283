"""The collected data, read-only, keyed by (account, region, dataset); saved to and loaded from a run dir."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner import atomicfile
from scanner.errors import Reason, ReasonKind, RunDirError
from scanner.evidence import redact


class AspectUnavailable(Exception):  # noqa: N818 - a signal to the evaluator, not a user-facing error
    """Raised when a check reads a part of a resource that could not be collected."""

    def __init__(self, item: Item, aspect: str, reason: Reason) -> None:
        super().__init__(f"{item.resource_id}: {aspect} could not be read: {reason}")
        self.item = item
        self.aspect = aspect
        self.reason = reason


@dataclass(frozen=True)
class Item:
    """One collected resource. Reading an aspect that failed to collect raises AspectUnavailable."""

    resource_id: str
    name: str
    region: str
    data: Mapping[str, Any]
    evidence: tuple[str, ...] = ()
    errors: Mapping[str, Reason] = field(default_factory=dict)

    def __getitem__(self, aspect: str) -> Any:
        self._raise_if_unreadable(aspect)
        return self.data[aspect]

    def get(self, aspect: str, default: Any = None) -> Any:
        self._raise_if_unreadable(aspect)
        return self.data.get(aspect, default)

    def _raise_if_unreadable(self, aspect: str) -> None:
        reason = self.errors.get(aspect)
        if reason is not None:
            raise AspectUnavailable(self, aspect, reason)

    def to_json(self) -> dict[str, Any]:
        return {
            "resource_id": self.resource_id,
            "name": self.name,
            "region": self.region,
            "evidence": list(self.evidence),
            "errors": {k: _reason_json(v) for k, v in self.errors.items()},
            "data": self.data,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            resource_id=data["resource_id"],
            name=data.get("name", ""),
            region=data["region"],
            data=data.get("data", {}),
            evidence=tuple(data.get("evidence", ())),
            errors={k: _reason_from_json(v) for k, v in data.get("errors", {}).items()},
        )


@dataclass(frozen=True, order=True)
class DatasetKey:
    account_id: str
    region: str
    dataset: str

    def __str__(self) -> str:
        return f"{self.account_id}/{self.region}/{self.dataset}"


@dataclass(frozen=True)
class DatasetRecord:
    """What one collector produced for one account and region, or why it produced nothing."""

    key: DatasetKey
    items: tuple[Item, ...] = ()
    evidence: tuple[str, ...] = ()
    unavailable: Reason | None = None

    @property
    def available(self) -> bool:
        return self.unavailable is None

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.key.account_id,
            "region": self.key.region,
            "dataset": self.key.dataset,
            "unavailable": _reason_json(self.unavailable) if self.unavailable else None,
            "evidence": list(self.evidence),
            "items": [item.to_json() for item in self.items],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DatasetRecord:
        return cls(
            key=DatasetKey(data["account_id"], data["region"], data["dataset"]),
            items=tuple(Item.from_json(i) for i in data.get("items", ())),
            evidence=tuple(data.get("evidence", ())),
            unavailable=_reason_from_json(data["unavailable"]) if data.get("unavailable") else None,
        )


class Inventory:
    """Read-only view over every DatasetRecord of a run."""

    def __init__(self, records: Mapping[DatasetKey, DatasetRecord]) -> None:
        self._records = dict(records)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[DatasetRecord]:
        return iter(self._records[k] for k in sorted(self._records))

    def get(self, account_id: str, region: str, dataset: str) -> DatasetRecord | None:
        return self._records.get(DatasetKey(account_id, region, dataset))

    def regions(self, account_id: str) -> list[str]:
        return sorted({k.region for k in self._records if k.account_id == account_id})

    def save(self, directory: Path) -> None:
        for key, record in sorted(self._records.items()):
            path = directory / key.account_id / key.region / f"{key.dataset}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            # Credentials inside any value are redacted, whichever collector built the record: none reaches
            # disk, and checks (which always read the saved inventory back) see what a replay sees.
            # Redaction by key name is the collectors' own: they keep what checks judge (a Lambda variable
            # named like a password is stored as "literal" or a secret-store reference: it must stay so).
            data = redact(record.to_json(), by_name=False)
            atomicfile.write_text(path, json.dumps(data, sort_keys=True, indent=1, default=str) + "\n")

    @classmethod
    def load(cls, directory: Path) -> Inventory:
        if not directory.is_dir():
            raise RunDirError(f"{directory}: no inventory here (was this directory written by a scan?)")
        records: dict[DatasetKey, DatasetRecord] = {}
        for path in sorted(directory.glob("*/*/*.json")):
            try:
                record = DatasetRecord.from_json(json.loads(path.read_text()))
            except (ValueError, KeyError, TypeError) as exc:
                raise RunDirError(f"{path}: not a valid inventory record: {exc}") from exc
            records[record.key] = record
        return cls(records)


def _reason_json(reason: Reason) -> dict[str, str]:
    return {"kind": reason.kind.value, "detail": reason.detail, "code": reason.code}


def _reason_from_json(data: Mapping[str, str]) -> Reason:
    return Reason(ReasonKind(data["kind"]), data.get("detail", ""), data.get("code", ""))
