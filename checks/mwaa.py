"""Amazon MWAA checks: the Airflow web server is private, and environments log everything under a customer
managed key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# GetEnvironment LoggingConfiguration keys: every Airflow log type MWAA can send to CloudWatch Logs.
# https://docs.aws.amazon.com/mwaa/latest/API/API_LoggingConfiguration.html
LOG_TYPES = ("DagProcessingLogs", "SchedulerLogs", "TaskLogs", "WebserverLogs", "WorkerLogs")


def _environment(environment: Item) -> Mapping[str, Any]:
    detail: Mapping[str, Any] = environment["Environment"]
    return detail


def _being_deleted(environment: Item, scope: Scope) -> Result | None:
    if _environment(environment).get("Status") in ("DELETING", "DELETED"):
        return scope.on_item(environment, Status.NOT_APPLICABLE, "environment is being deleted")
    return None


@check(
    id="mwaa.environment.webserver-private",
    title="MWAA environments serve the Airflow UI privately",
    for_each="mwaa.environments",
    uses=(),
    severity=Severity.HIGH,
    rationale="With public web server access the Airflow UI, which can trigger DAGs and read connections and "
    "variables, is reachable from the internet, protected only by IAM sign-in.",
    remediation="Recreate or update the environment with WebserverAccessMode PRIVATE_ONLY and reach the UI "
    "through the VPC (VPN, Direct Connect or a bastion).",
)
def webserver_private(environment: Item, scope: Scope) -> Result:
    """PASS when GetEnvironment reports WebserverAccessMode PRIVATE_ONLY; PUBLIC_ONLY (or no mode) FAILs.
    Environments being deleted are not applicable."""
    deleting = _being_deleted(environment, scope)
    if deleting:
        return deleting
    mode = _environment(environment).get("WebserverAccessMode")
    if mode == "PRIVATE_ONLY":
        return scope.passed(environment, "the Airflow web server is reachable only from the VPC")
    return scope.failed(environment, f"web server access mode is {mode or 'unknown'}, not PRIVATE_ONLY")


@check(
    id="mwaa.environment.logging-and-kms",
    title="MWAA environments send every Airflow log type to CloudWatch and use a customer managed key",
    for_each="mwaa.environments",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without DAG processing, scheduler, task, web server and worker logs, what a pipeline did and "
    "who triggered it cannot be reconstructed; without a customer managed key, the environment's data is "
    "encrypted under a key whose use the organization cannot audit or revoke.",
    remediation="Enable all five log types in the environment's logging configuration and create the "
    "environment with a customer managed KMS key (the key cannot be changed later).",
)
def logging_and_kms(environment: Item, scope: Scope) -> Result:
    """PASS when every log type in LOG_TYPES has Enabled true in LoggingConfiguration and KmsKey names a
    customer managed key. FAIL otherwise (no KmsKey means an AWS owned key). Environments being deleted are
    not applicable."""
    deleting = _being_deleted(environment, scope)
    if deleting:
        return deleting
    detail = _environment(environment)
    logging: Mapping[str, Any] = detail.get("LoggingConfiguration") or {}
    off = [kind for kind in LOG_TYPES if (logging.get(kind) or {}).get("Enabled") is not True]
    problems = [f"log type(s) not sent to CloudWatch: {', '.join(off)}"] if off else []
    key = detail.get("KmsKey")
    if not key:
        problems.append("no customer managed KMS key (AWS owned key)")
    if problems:
        return scope.failed(environment, "; ".join(problems))
    return scope.passed(environment, f"all {len(LOG_TYPES)} log types go to CloudWatch; KMS key {key}")
