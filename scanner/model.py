"""Statuses, severities and the frozen records that flow between pipeline stages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

GLOBAL_REGION = "global"


class Status(StrEnum):
    """Outcome of one check on one resource (or one account/region)."""

    PASS = "PASS"  # noqa: S105 - a status, not a password
    FAIL = "FAIL"
    ERROR = "ERROR"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class ControlStatus(StrEnum):
    """Outcome of one control in one account; names follow OSCAL's vocabulary where it has one."""

    SATISFIED = "SATISFIED"
    NOT_SATISFIED = "NOT_SATISFIED"
    INHERITED = "INHERITED"  # from a landing zone whose Phase 1 is evidenced (baseline run or certification)
    INHERITED_LIVE = "INHERITED_LIVE"  # from a landing zone not evidenced as certified; both halves pass live
    INHERITED_FROM_AWS = "INHERITED_FROM_AWS"
    AWS_EVIDENCE_MISSING = "AWS_EVIDENCE_MISSING"  # AWS's side, but no current AWS Artifact report names it
    ATTESTED = "ATTESTED"
    ATTESTATION_MISSING = "ATTESTATION_MISSING"
    ATTESTATION_EXPIRED = "ATTESTATION_EXPIRED"
    NOT_EVALUATED = "NOT_EVALUATED"
    NOT_APPLICABLE = "NOT_APPLICABLE"

    @property
    def counts_as_met(self) -> bool:
        """True only for statuses an auditor may count toward readiness. INHERITED_LIVE counts: both halves
        of the control were checked and pass in this run, so it rests on as much evidence as SATISFIED; what
        it lacks is the landing zone's certification, which readiness by phase reports apart (phases.json)."""
        return self in _MET


_MET = frozenset(
    {
        ControlStatus.SATISFIED,
        ControlStatus.INHERITED,
        ControlStatus.INHERITED_LIVE,
        ControlStatus.INHERITED_FROM_AWS,
        ControlStatus.ATTESTED,
    }
)


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


@dataclass(frozen=True)
class Result:
    """One check verdict. `evidence` holds SHA-256 digests of the stored API responses it rests on."""

    check_id: str
    account_id: str
    region: str
    resource_id: str
    status: Status
    message: str
    evidence: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def fingerprint(self) -> str:
        """Stable identity of a finding across runs: check, account, region and resource."""
        key = "\x1f".join((self.check_id, self.account_id, self.region, self.resource_id))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "fingerprint": self.fingerprint,
            "check_id": self.check_id,
            "account_id": self.account_id,
            "region": self.region,
            "resource_id": self.resource_id,
            "status": self.status.value,
            "message": self.message,
            "evidence": list(self.evidence),
        }
        if self.details:
            data["details"] = self.details
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        return cls(
            check_id=data["check_id"],
            account_id=data["account_id"],
            region=data["region"],
            resource_id=data["resource_id"],
            status=Status(data["status"]),
            message=data["message"],
            evidence=tuple(data.get("evidence", ())),
            details=dict(data.get("details", {})),
        )


@dataclass(frozen=True)
class ControlResult:
    """One control's status in one account, with the check results it rests on."""

    catalog: str
    control_id: str
    account_id: str
    status: ControlStatus
    reason: str
    checks: tuple[str, ...] = ()
    results: tuple[dict[str, Any], ...] = ()
    provider_account_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "catalog": self.catalog,
            "control_id": self.control_id,
            "account_id": self.account_id,
            "status": self.status.value,
            "reason": self.reason,
            "checks": list(self.checks),
            "results": list(self.results),
        }
        if self.provider_account_id is not None:
            data["provider_account_id"] = self.provider_account_id
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ControlResult:
        return cls(
            catalog=data["catalog"],
            control_id=data["control_id"],
            account_id=data["account_id"],
            status=ControlStatus(data["status"]),
            reason=data["reason"],
            checks=tuple(data.get("checks", ())),
            results=tuple(data.get("results", ())),
            provider_account_id=data.get("provider_account_id"),
        )


@dataclass(frozen=True)
class Account:
    """An AWS account in scope, with where it sits in the organization."""

    account_id: str
    name: str = ""
    email: str = ""
    ou_path: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    is_management: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} ({self.account_id})" if self.name else self.account_id

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "name": self.name,
            "email": self.email,
            "ou_path": list(self.ou_path),
            "tags": self.tags,
            "is_management": self.is_management,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        return cls(
            account_id=data["account_id"],
            name=data.get("name", ""),
            email=data.get("email", ""),
            ou_path=tuple(data.get("ou_path", ())),
            tags=dict(data.get("tags", {})),
            is_management=bool(data.get("is_management", False)),
        )
