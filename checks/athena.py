"""Athena workgroup checks."""

from __future__ import annotations

from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

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


def _configuration(workgroup: Item) -> dict[str, Any]:
    configuration: dict[str, Any] = workgroup["WorkGroup"].get("Configuration") or {}
    return configuration


def disabled_workgroup(workgroup: Item, scope: Scope) -> Result | None:
    """NOT_APPLICABLE for a disabled workgroup (no query can run in it); None for an enabled one."""
    state = workgroup.data.get("State") or workgroup["WorkGroup"].get("State")
    if str(state).upper() == "DISABLED":
        return scope.on_item(workgroup, Status.NOT_APPLICABLE, "workgroup is disabled")
    return None


@check(
    id="athena.workgroup.enforce-configuration",
    title="Athena workgroups enforce their configuration",
    for_each="athena.workgroups",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without 'Override client-side settings' each client chooses its own result location and "
    "encryption, so the workgroup's controls are suggestions; segregating teams by workgroup relies on it.",
    remediation="Turn on 'Override client-side settings' for the workgroup "
    "(aws athena update-work-group --configuration-updates EnforceWorkGroupConfiguration=true).",
)
def workgroup_enforce_configuration(workgroup: Item, scope: Scope) -> Result:
    """PASS when the enabled workgroup sets EnforceWorkGroupConfiguration, so clients cannot override its
    result location, encryption and other settings; not applicable to a disabled workgroup."""
    disabled = disabled_workgroup(workgroup, scope)
    if disabled is not None:
        return disabled
    if _configuration(workgroup).get("EnforceWorkGroupConfiguration", False):
        return scope.passed(workgroup, "workgroup configuration overrides client-side settings")
    return scope.failed(workgroup, "clients may override the workgroup configuration")


@check(
    id="athena.workgroup.cloudwatch-metrics",
    title="Athena workgroups publish query metrics to CloudWatch",
    for_each="athena.workgroups",
    uses=(),
    severity=Severity.LOW,
    rationale="Query metrics (data scanned, run time, failures) per workgroup are the audit trail of how "
    "Athena is used and the basis of alarms on unusual scanning.",
    remediation="aws athena update-work-group --configuration-updates PublishCloudWatchMetricsEnabled=true",
)
def workgroup_cloudwatch_metrics(workgroup: Item, scope: Scope) -> Result:
    """PASS when the enabled workgroup publishes its query metrics to CloudWatch
    (PublishCloudWatchMetricsEnabled); not applicable to a disabled workgroup."""
    disabled = disabled_workgroup(workgroup, scope)
    if disabled is not None:
        return disabled
    if _configuration(workgroup).get("PublishCloudWatchMetricsEnabled", False):
        return scope.passed(workgroup, "query metrics are published to CloudWatch")
    return scope.failed(workgroup, "query metrics are not published to CloudWatch")


@check(
    id="athena.workgroup.scan-limit",
    title="Athena workgroups cap the data a query may scan",
    for_each="athena.workgroups",
    uses=(),
    severity=Severity.LOW,
    rationale="A per-query bytes-scanned limit stops a runaway or malicious query from reading a whole data "
    "lake (and the bill that comes with it); it applies to every query in the workgroup.",
    remediation="Set a per-query data usage control: aws athena update-work-group --configuration-updates "
    "BytesScannedCutoffPerQuery=BYTES (at least 10 MB).",
)
def workgroup_scan_limit(workgroup: Item, scope: Scope) -> Result:
    """PASS when the enabled workgroup sets a per-query bytes-scanned limit (BytesScannedCutoffPerQuery);
    not applicable to a disabled workgroup."""
    disabled = disabled_workgroup(workgroup, scope)
    if disabled is not None:
        return disabled
    cutoff = _configuration(workgroup).get("BytesScannedCutoffPerQuery")
    if cutoff:
        return scope.passed(workgroup, f"queries are cancelled after scanning {int(cutoff):,} bytes")
    return scope.failed(workgroup, "no per-query bytes-scanned limit")
