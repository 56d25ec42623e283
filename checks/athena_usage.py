"""Athena usage: recent query executions wrote encrypted results; restricted workgroups have prepared
statements."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from checks._lib.dates import as_datetime
from checks.athena import ENCRYPTION_OPTIONS
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The evidence window: executions submitted in the last 30 days, one monthly evidence period (our choice;
# Athena keeps 45 days of query history, so the whole window is still readable).
QUERY_WINDOW_DAYS = 30
# Workgroups whose users must run parameterised queries carry this tag (the controlmap:* designation tags,
# like controlmap:purpose on SNS topics; the value follows the seed digest's query-mode=prepared).
PREPARED_STATEMENTS_TAG = ("controlmap:query-mode", "prepared")


def result_encryption(execution: dict[str, Any]) -> str | None:
    """The encryption option an execution wrote its results with, or None when it had none: an
    EncryptionConfiguration on its result location, or a KMS key for results kept in Athena managed
    storage."""
    result_cfg = execution.get("ResultConfiguration") or {}
    option = (result_cfg.get("EncryptionConfiguration") or {}).get("EncryptionOption")
    if option in ENCRYPTION_OPTIONS:
        return str(option)
    managed = execution.get("ManagedQueryResultsConfiguration") or {}
    if managed.get("Enabled") and (managed.get("EncryptionConfiguration") or {}).get("KmsKey"):
        return "managed storage with a KMS key"
    return None


def _in_window(execution: dict[str, Any], since: dt.datetime) -> bool:
    """Submitted at or after `since`; an execution without a readable submission time is judged anyway."""
    submitted = as_datetime((execution.get("Status") or {}).get("SubmissionDateTime"))
    return submitted is None or submitted >= since


def execution_statistics(executions: list[dict[str, Any]]) -> dict[str, Any]:
    """What the evidence keeps about the executions judged: counts by state and encryption, and totals of
    data scanned and engine time (never the query text)."""
    statistics = [e.get("Statistics") or {} for e in executions]
    return {
        "executions": len(executions),
        "states": dict(Counter(str((e.get("Status") or {}).get("State")) for e in executions)),
        "encryption": dict(Counter(result_encryption(e) or "none" for e in executions)),
        "data_scanned_bytes": sum(int(s.get("DataScannedInBytes") or 0) for s in statistics),
        "engine_execution_time_ms": sum(int(s.get("EngineExecutionTimeInMillis") or 0) for s in statistics),
    }


@check(
    id="athena.query-execution.results-encrypted",
    title="Recent Athena query executions all wrote encrypted results",
    for_each="athena.query-executions",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="The workgroup setting says what should happen; the executions show what did. Every query "
    "in the evidence period should have written its results encrypted, and their statistics are the audit "
    "record of how the data was used.",
    remediation="Set an encryption option in the workgroup's result configuration and enforce the workgroup "
    "configuration, so no client can run a query with unencrypted results.",
)
def query_results_encrypted(workgroup: Item, scope: Scope) -> Result:
    """PASS when every query execution of the workgroup submitted in the last QUERY_WINDOW_DAYS (30) days,
    among its most recent executions read (up to the collector's cap), has a result encryption configuration
    (SSE_S3, SSE_KMS or CSE_KMS, or a KMS key for Athena managed storage). The executions' statistics (count,
    states, encryption options, data scanned, engine time) are recorded in the result's details; the query
    text never is. FAIL when any has none; ERROR when the time of reading is unknown or Athena could not
    return some executions; not applicable when none ran in the window."""
    observed = as_datetime(workgroup.data.get("ObservedAt"))
    if observed is None:
        return scope.on_item(
            workgroup, Status.ERROR, "not evaluated: the time the executions were read is unknown"
        )
    history = workgroup["Executions"]
    since = observed - dt.timedelta(days=QUERY_WINDOW_DAYS)
    recent = [e for e in history.get("QueryExecutions") or [] if _in_window(e, since)]
    details = {
        **execution_statistics(recent),
        "window_days": QUERY_WINDOW_DAYS,
        "capped": history.get("Capped"),
    }
    unencrypted = [str(e.get("QueryExecutionId")) for e in recent if result_encryption(e) is None]
    sample = " (the most recent executions read; more exist)" if history.get("Capped") else ""
    if unencrypted:
        shown = ", ".join(unencrypted[:5]) + (" ..." if len(unencrypted) > 5 else "")
        message = (
            f"{len(unencrypted)} of {len(recent)} executions in the last {QUERY_WINDOW_DAYS} days wrote "
        )
        message += f"results without encryption{sample}: {shown}"
        return scope.failed(workgroup, message, details=details)
    unprocessed = history.get("Unprocessed") or []
    if unprocessed:
        message = f"not evaluated: Athena could not return {len(unprocessed)} execution(s) "
        message += f"({unprocessed[0].get('ErrorCode') or unprocessed[0].get('ErrorMessage') or 'no reason'})"
        return scope.on_item(workgroup, Status.ERROR, message, details=details)
    if not recent:
        message = f"no query execution in the last {QUERY_WINDOW_DAYS} days"
        return scope.on_item(workgroup, Status.NOT_APPLICABLE, message, details=details)
    encryption = ", ".join(f"{k}: {v}" for k, v in sorted(details["encryption"].items()))
    message = f"all {len(recent)} executions in the last {QUERY_WINDOW_DAYS} days wrote encrypted results "
    message += f"({encryption}; {details['data_scanned_bytes']:,} bytes scanned){sample}"
    return scope.passed(workgroup, message, details=details)


@check(
    id="athena.workgroup.prepared-statements",
    title="Workgroups restricted to parameterised queries have prepared statements",
    for_each="athena.workgroups",
    uses=(),
    severity=Severity.LOW,
    rationale="Prepared statements give the users of a restricted workgroup parameterised queries instead "
    "of free-form SQL, the Athena form of input validation; a workgroup designated for them but with none "
    "defined cannot be used that way. That users run nothing else is not enforceable by IAM and is attested.",
    remediation="Create the approved statements in the workgroup (aws athena create-prepared-statement "
    "--work-group WORKGROUP --statement-name NAME --query-statement SQL), or remove the "
    "controlmap:query-mode=prepared tag if the workgroup is not restricted.",
)
def prepared_statements_present(workgroup: Item, scope: Scope) -> Result:
    """For an enabled workgroup tagged controlmap:query-mode=prepared: PASS when it has at least one
    prepared statement (ListPreparedStatements). FAIL when it has none; ERROR when its tags or statements
    could not be read; workgroups without the tag, and disabled ones, are not applicable."""
    key, value = PREPARED_STATEMENTS_TAG
    if str(workgroup.data.get("State") or "").upper() == "DISABLED":
        return scope.on_item(workgroup, Status.NOT_APPLICABLE, "workgroup is disabled")
    if str(workgroup["Tags"].get(key, "")).lower() != value:
        return scope.on_item(workgroup, Status.NOT_APPLICABLE, f"not tagged {key}={value}")
    names = sorted(str(s.get("StatementName")) for s in workgroup["PreparedStatements"])
    if names:
        return scope.passed(workgroup, f"{len(names)} prepared statement(s): {', '.join(names)}")
    return scope.failed(workgroup, f"tagged {key}={value} but the workgroup has no prepared statement")
