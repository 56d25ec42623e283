"""Athena workgroup checks."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

ENCRYPTION_OPTIONS = frozenset({"SSE_S3", "SSE_KMS", "CSE_KMS"})


@check(
    id="athena.workgroup.results-encrypted",
    title="Athena workgroups encrypt query results and enforce it",
    for_each="athena.workgroups",
    uses=(),
    severity=Severity.HIGH,
    rationale="Query results often copy sensitive data; if clients may override the workgroup settings, "
    "any client can write them unencrypted.",
    remediation="Set an encryption option (SSE_KMS or CSE_KMS for regulated data) in the workgroup's result "
    "configuration and turn on 'Override client-side settings' (EnforceWorkGroupConfiguration).",
)
def workgroup_results_encrypted(workgroup: Item, scope: Scope) -> Result:
    """PASS when the workgroup encrypts query results (SSE_S3, SSE_KMS or CSE_KMS) and enforces its
    configuration so clients cannot override it."""
    configuration = workgroup["WorkGroup"].get("Configuration") or {}
    result_cfg = configuration.get("ResultConfiguration") or {}
    option = (result_cfg.get("EncryptionConfiguration") or {}).get("EncryptionOption")
    # GetWorkGroup omits EnforceWorkGroupConfiguration when it is off; absent means clients may override.
    enforced = bool(configuration.get("EnforceWorkGroupConfiguration", False))
    if option not in ENCRYPTION_OPTIONS:
        return scope.failed(workgroup, "query results are not encrypted")
    if not enforced:
        return scope.failed(
            workgroup, f"results use {option} but clients may override the workgroup settings"
        )
    return scope.passed(workgroup, f"results encrypted with {option}; workgroup configuration enforced")
