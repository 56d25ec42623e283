"""Accepted exceptions: a justified, approved, expiring acceptance of specific failures. Never a PASS."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scanner.errors import ConfigError
from scanner.model import Result, Status
from scanner.yamlfile import load_model


class ExceptionRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    check: str | None = None  # a check id (wildcards allowed), or
    control: str | None = None  # "catalog:control": every check of that control
    accounts: list[str] = ["*"]  # account id patterns
    resources: list[str] = ["*"]  # resource id patterns (fnmatch)
    justification: str = Field(min_length=10)
    approver: str = Field(min_length=1)
    expires: dt.date

    @model_validator(mode="after")
    def _target(self) -> ExceptionRule:
        if (self.check is None) == (self.control is None):
            raise ValueError("an exception names exactly one of `check` or `control`")
        return self


class ExceptionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    exceptions: list[ExceptionRule] = []


@dataclass(frozen=True)
class LoadedExceptions:
    rules: tuple[ExceptionRule, ...]
    path: Path
    digest: str


def load_exceptions(path: Path) -> LoadedExceptions:
    parsed, digest = load_model(path, ExceptionsFile, "exceptions file")
    ids = [r.id for r in parsed.exceptions]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise ConfigError(f"{path}: duplicate exception id {duplicate!r}")
    return LoadedExceptions(tuple(parsed.exceptions), path, digest)


def _matches(rule: ExceptionRule, result: Result, control_checks: dict[str, set[str]]) -> bool:
    if rule.check is not None and not fnmatch.fnmatchcase(result.check_id, rule.check):
        return False
    if rule.control is not None and result.check_id not in control_checks.get(rule.control, set()):
        return False
    return any(fnmatch.fnmatchcase(result.account_id, p) for p in rule.accounts) and any(
        fnmatch.fnmatchcase(result.resource_id, p) for p in rule.resources
    )


def apply_exceptions(
    results: Sequence[Result],
    rules: Sequence[ExceptionRule],
    today: dt.date,
    control_checks: dict[str, set[str]],
) -> tuple[list[Result], list[dict[str, Any]]]:
    """Mark FAIL results covered by an active exception (status stays FAIL). Returns the results and the
    expired exceptions that matched something, which stop applying and must be shown prominently."""
    active = [r for r in rules if today <= r.expires]
    expired_hits: dict[str, dict[str, Any]] = {}
    marked: list[Result] = []
    for result in results:
        if result.status is not Status.FAIL:
            marked.append(result)
            continue
        rule = next((r for r in active if _matches(r, result, control_checks)), None)
        if rule is not None:
            accepted = {
                "id": rule.id,
                "justification": rule.justification,
                "approver": rule.approver,
                "expires": rule.expires.isoformat(),
            }
            marked.append(replace(result, details={**result.details, "exception": accepted}))
            continue
        for stale in (r for r in rules if today > r.expires and _matches(r, result, control_checks)):
            entry = expired_hits.setdefault(
                stale.id,
                {
                    "id": stale.id,
                    "expired": stale.expires.isoformat(),
                    "approver": stale.approver,
                    "findings": 0,
                },
            )
            entry["findings"] += 1
        marked.append(result)
    return marked, list(expired_hits.values())


def excepted(result: Result) -> bool:
    return "exception" in result.details
