"""Attestation files: signed-off statements for manual controls, with hashed evidence and an expiry."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scanner.catalog.placement import ArtifactReport
from scanner.errors import ConfigError
from scanner.model import Account
from scanner.yamlfile import load_model

ATTESTATIONS_DIR = "attestations"


class AppliesTo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    accounts: list[str] = []
    scopes: list[str] = []
    roles: list[str] = []


class AttestationFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    control: str = Field(pattern=r"^[a-z0-9-]+:.+$")  # catalog:control
    statement: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    date: dt.date
    expires: dt.date | None = None
    evidence: list[str] = []
    applies_to: AppliesTo | None = None  # default: every account
    # For an aws-inherited control: the AWS Artifact report the statement rests on. When the report file is
    # among `evidence`, its digest must be `aws_artifact.sha256`.
    aws_artifact: ArtifactReport | None = None

    @model_validator(mode="after")
    def _dates(self) -> AttestationFile:
        if self.expires is not None and self.expires < self.date:
            raise ValueError("expires is before date")
        return self


@dataclass(frozen=True)
class Attestation:
    file: AttestationFile
    path: Path
    digest: str
    evidence_digests: dict[str, str]

    @property
    def catalog(self) -> str:
        return self.file.control.split(":", 1)[0]

    @property
    def control_id(self) -> str:
        return self.file.control.split(":", 1)[1]

    def applies(self, account: Account, role: str, scope: str | None) -> bool:
        target = self.file.applies_to
        if target is None:
            return True
        return (
            account.account_id in target.accounts
            or (scope is not None and scope in target.scopes)
            or role in target.roles
        )

    def state(self, today: dt.date, max_age_days: int) -> tuple[bool, str]:
        """(valid, why) on `today`: not yet dated, past its expiry, or older than the control allows."""
        f = self.file
        if f.date > today:
            return False, f"attestation {self.path.name} is dated in the future ({f.date})"
        if f.expires is not None and today > f.expires:
            return False, f"attestation {self.path.name} expired on {f.expires}"
        age = (today - f.date).days
        if age > max_age_days:
            return (
                False,
                f"attestation {self.path.name} is {age} days old; the control accepts {max_age_days}",
            )
        return True, f"attested by {f.owner}, approved by {f.approver} on {f.date} ({self.path.name})"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_attestations(directory: Path) -> list[Attestation]:
    """Every *.yaml attestation in a folder; evidence files are relative to it and must exist."""
    if not directory.is_dir():
        raise ConfigError(f"{directory}: no such attestations folder")
    found: list[Attestation] = []
    for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")):
        parsed, digest = load_model(path, AttestationFile, "attestation")
        digests: dict[str, str] = {}
        for name in parsed.evidence:
            evidence = (directory / name).resolve()
            if directory.resolve() not in evidence.parents or not evidence.is_file():
                raise ConfigError(f"{path}: evidence file {name!r} not found next to the attestation")
            digests[name] = _sha256(evidence)
        _report_file_matches(path, parsed.aws_artifact, digests)
        found.append(Attestation(parsed, path, digest, digests))
    return found


def _report_file_matches(path: Path, report: ArtifactReport | None, digests: dict[str, str]) -> None:
    """An attestation that attaches evidence for an Artifact report attaches that very report."""
    if report is None or not digests or report.sha256 in digests.values():
        return
    raise ConfigError(
        f"{path}: aws_artifact > sha256: no evidence file has the digest {report.sha256} "
        f"({', '.join(f'{name}: {d}' for name, d in digests.items())})"
    )


def copy_into_run(attestations: Iterable[Attestation], run_dir: Path) -> Path:
    """Copy attestation files and their evidence into the run, so the manifest covers them."""
    target = run_dir / ATTESTATIONS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for attestation in attestations:
        shutil.copy2(attestation.path, target / attestation.path.name)
        for name in attestation.evidence_digests:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(attestation.path.parent / name, destination)
    return target


def find(attestations: Sequence[Attestation], catalog: str, control_id: str) -> list[Attestation]:
    return [a for a in attestations if a.catalog == catalog and a.control_id == control_id]
