"""The org config file: landing-zone roles and application scopes; roles inferred from names without one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scanner.catalog.model import LANDING_ZONE_ROLES
from scanner.model import Account
from scanner.yamlfile import load_model

APPLICATION = "application"
_CONTROL_KEY = r"[a-z0-9-]+:.+"  # catalog:control


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Match(_Strict):
    """Which accounts a rule selects: any one of account ids, an OU path prefix, a tag, or an account name."""

    account_ids: list[str] = []
    ou_path: str | None = None  # "Security" or "Workloads/Prod": matches that OU and everything under it
    tag: dict[str, str] = {}
    name: str | None = None

    @field_validator("account_ids")
    @classmethod
    def _twelve_digits(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not re.fullmatch(r"\d{12}", v)]
        if bad:
            raise ValueError(f"not 12-digit account ids: {', '.join(bad)}")
        return value

    @model_validator(mode="after")
    def _something(self) -> Match:
        if not (self.account_ids or self.ou_path or self.tag or self.name):
            raise ValueError("a match needs account_ids, ou_path, tag or name")
        return self

    def selects(self, account: Account) -> bool:
        if self.account_ids and account.account_id in self.account_ids:
            return True
        if self.ou_path is not None:
            wanted = tuple(p for p in self.ou_path.strip("/").split("/") if p)
            if account.ou_path[: len(wanted)] == wanted:
                return True
        if self.tag and all(account.tags.get(k) == v for k, v in self.tag.items()):
            return True
        return self.name is not None and account.name == self.name


class RoleRule(_Strict):
    role: str
    match: Match

    @field_validator("role")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in LANDING_ZONE_ROLES:
            raise ValueError(f"unknown role {value!r}; expected one of {', '.join(LANDING_ZONE_ROLES)}")
        return value


class ApplicationScope(_Strict):
    """A Phase 2 assessment object: the accounts of one application."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str = Field(min_length=1)
    owner: str = ""
    match: Match


ARTIFACT_MAX_AGE_DAYS = (
    365  # a report whose period ended longer ago than this is no longer AWS's current word
)


class ReportPeriod(_Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> ReportPeriod:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        return self


class ArtifactReport(_Strict):
    """An AWS Artifact report as downloaded: what an `aws-inherited` control's verdict rests on."""

    report: str = Field(min_length=1)  # its name in AWS Artifact, e.g. "AWS SOC 2 Type II Report"
    period: ReportPeriod  # the period the report covers (a certificate: its validity)
    downloaded: dt.date
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")  # of the downloaded file, as `sha256sum` prints it

    def cited(self) -> str:
        """The report as a reason names it: enough to find the very file."""
        return (
            f"AWS Artifact report {self.report!r} (period {self.period.start} to {self.period.end}, "
            f"downloaded {self.downloaded}, SHA-256 {self.sha256})"
        )

    def not_current(self, today: dt.date) -> str | None:
        """Why the report cannot stand for AWS's side on `today`, or None when it can."""
        if self.downloaded > today:
            return f"its download date {self.downloaded} is in the future"
        age = (today - self.period.end).days
        if age > ARTIFACT_MAX_AGE_DAYS:
            return (
                f"its period ended on {self.period.end}, {age} days ago (at most {ARTIFACT_MAX_AGE_DAYS}): "
                "download the current report"
            )
        return None


class ArtifactEvidence(ArtifactReport):
    """One Artifact report and the `aws-inherited` catalog controls it is the evidence for."""

    controls: list[str] = Field(min_length=1)

    @field_validator("controls")
    @classmethod
    def _qualified(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not re.fullmatch(_CONTROL_KEY, v)]
        if bad:
            raise ValueError(f"not catalog:control: {', '.join(bad)}")
        return value


@dataclass(frozen=True)
class AwsEvidence:
    """One `aws-inherited` control ("catalog:control") and the Artifact report the org config names for it."""

    control: str
    reference: ArtifactReport


class OrgConfig(_Strict):
    roles: list[RoleRule] = []
    scopes: list[ApplicationScope] = []
    aws_artifact: list[ArtifactEvidence] = []
    baseline_max_age_days: int = Field(default=365, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _no_free_text_evidence(cls, data: Any) -> Any:
        if isinstance(data, dict) and "aws_evidence" in data:
            raise ValueError(
                "`aws_evidence` (a free-text reference) is no longer enough for an aws-inherited control: "
                "list the AWS Artifact report under `aws_artifact` with report, period, downloaded, sha256 "
                "and the controls it covers"
            )
        return data

    @model_validator(mode="after")
    def _one_report_per_control(self) -> OrgConfig:
        seen: set[str] = set()
        for entry in self.aws_artifact:
            twice = seen.intersection(entry.controls)
            if twice:
                raise ValueError(f"aws_artifact names {', '.join(sorted(twice))} for more than one report")
            seen.update(entry.controls)
        return self

    @property
    def aws_evidence(self) -> list[AwsEvidence]:
        """Each control `aws_artifact` covers, with its report."""
        return [AwsEvidence(key, entry) for entry in self.aws_artifact for key in entry.controls]


CONFIGURED, INFERRED, ORGANIZATION = "config", "inferred", "organization"

# How a reason says where an account's role came from, by `Placement.source`.
ROLE_SOURCES = {
    CONFIGURED: "assigned by the org config",
    INFERRED: "inferred from account and OU names",
    ORGANIZATION: "the organization's management account",
}


@dataclass(frozen=True)
class Placement:
    """Where an account stands: its landing-zone role (or application) and its application scope."""

    role: str
    scope: str | None
    source: str  # CONFIGURED | INFERRED | ORGANIZATION

    @property
    def role_source(self) -> str:
        """Where the role came from, in words."""
        return ROLE_SOURCES[self.source]


# Name fragments that identify the seed's landing-zone accounts when no config says otherwise.
_INFERENCE = (
    ("devsecops", ("devsecops",)),
    ("log-archive", ("log-archive", "logarchive", "log archive", "logging", "central-logging")),
    ("audit", ("audit",)),
    ("security", ("security",)),
    ("networking", ("networking", "network")),
    ("shared-services", ("shared-services", "shared services", "sharedservices")),
    ("devops", ("devops",)),
)


def infer_role(account: Account) -> str:
    """Landing-zone role from the account name first, then its OU path; otherwise an application account."""
    if account.is_management:
        return "management"
    for haystack in (account.name.lower(), "/".join(account.ou_path).lower()):
        for role, needles in _INFERENCE:
            if any(needle in haystack for needle in needles):
                return role
    return APPLICATION


def place(accounts: Sequence[Account], config: OrgConfig | None) -> dict[str, Placement]:
    """Role and scope for every account: the org config's first matching rule, else inference."""
    placements: dict[str, Placement] = {}
    for account in accounts:
        rule = next((r for r in (config.roles if config else []) if r.match.selects(account)), None)
        if account.is_management:
            role, source = "management", ORGANIZATION
        elif rule is not None:
            role, source = rule.role, CONFIGURED
        else:
            role, source = infer_role(account), INFERRED
        scope = next((s.id for s in (config.scopes if config else []) if s.match.selects(account)), None)
        placements[account.account_id] = Placement(role, scope, source)
    return placements


@dataclass(frozen=True)
class LoadedOrgConfig:
    config: OrgConfig
    path: Path
    digest: str


def load_org_config(path: Path) -> LoadedOrgConfig:
    """Parse and validate the org config; every problem names the file and the place."""
    config, digest = load_model(path, OrgConfig, "org config")
    return LoadedOrgConfig(config, path, digest)
