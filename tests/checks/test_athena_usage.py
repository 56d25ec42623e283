"""Athena usage: recent executions wrote encrypted results; tagged workgroups have prepared statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.athena_usage import prepared_statements_present, query_results_encrypted
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
ARN = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/analytics"


def execution(ident: str, option: str | None = "SSE_KMS", days_ago: int = 1, **extra: Any) -> dict[str, Any]:
    encryption = {"EncryptionConfiguration": {"EncryptionOption": option}} if option else {}
    return {
        "QueryExecutionId": ident,
        "ResultConfiguration": {"OutputLocation": "s3://results/", **encryption},
        "Status": {
            "State": "SUCCEEDED",
            "SubmissionDateTime": (NOW - dt.timedelta(days=days_ago)).isoformat(),
        },
        "Statistics": {"DataScannedInBytes": 1000, "EngineExecutionTimeInMillis": 20},
        **extra,
    }


def history(*executions: dict[str, Any], unprocessed: list[dict[str, Any]] | None = None) -> Item:
    data = {
        "State": "ENABLED",
        "ObservedAt": NOW.isoformat(),
        "Executions": {
            "QueryExecutions": list(executions),
            "Unprocessed": unprocessed or [],
            "Capped": False,
        },
    }
    return item(ARN, data)


def run_history(workgroup: Item) -> Result:
    [result] = run_check(
        query_results_encrypted, InventoryBuilder().add("athena.query-executions", [workgroup])
    )
    return result


def test_executions_pass_when_all_recent_results_are_encrypted_and_record_statistics() -> None:
    old_unencrypted = execution("old", None, days_ago=40)
    result = run_history(history(execution("a"), execution("b", "SSE_S3"), old_unencrypted))
    assert result.status is Status.PASS, result.message
    assert result.details["executions"] == 2 and result.details["data_scanned_bytes"] == 2000
    assert result.details["encryption"] == {"SSE_KMS": 1, "SSE_S3": 1}
    managed = execution(
        "m",
        None,
        ManagedQueryResultsConfiguration={"Enabled": True, "EncryptionConfiguration": {"KmsKey": "k"}},
    )
    assert run_history(history(managed)).status is Status.PASS


def test_executions_fail_for_any_unencrypted_result() -> None:
    managed_default = execution("m", None, ManagedQueryResultsConfiguration={"Enabled": True})
    result = run_history(history(execution("a"), execution("plain", None), managed_default))
    assert result.status is Status.FAIL and "2 of 3" in result.message and "plain" in result.message
    # An unencrypted execution outweighs ones Athena could not return: the FAIL is already certain.
    unknown = [{"QueryExecutionId": "x", "ErrorCode": "500"}]
    assert run_history(history(execution("plain", None), unprocessed=unknown)).status is Status.FAIL


def test_executions_error_when_unreadable_or_incomplete() -> None:
    unknown = [{"QueryExecutionId": "x", "ErrorCode": "INTERNAL_ERROR"}]
    assert run_history(history(execution("a"), unprocessed=unknown)).status is Status.ERROR
    denied = item(
        ARN, {"State": "ENABLED", "ObservedAt": NOW.isoformat()}, errors={"Executions": ACCESS_DENIED}
    )
    assert run_history(denied).status is Status.ERROR
    no_time = history(execution("a"))
    del no_time.data["ObservedAt"]
    assert run_history(no_time).status is Status.ERROR
    unavailable = InventoryBuilder().unavailable("athena.query-executions")
    assert [r.status for r in run_check(query_results_encrypted, unavailable)] == [Status.ERROR]


def test_executions_not_applicable_when_nothing_ran_in_the_window() -> None:
    result = run_history(history(execution("old", None, days_ago=31)))
    assert result.status is Status.NOT_APPLICABLE and result.details["executions"] == 0


def workgroup(tags: dict[str, str] | None, statements: list[str] | None, state: str = "ENABLED") -> Item:
    data: dict[str, Any] = {"State": state}
    errors = {}
    if tags is None:
        errors["Tags"] = ACCESS_DENIED
    else:
        data["Tags"] = tags
    if statements is None:
        errors["PreparedStatements"] = ACCESS_DENIED
    else:
        data["PreparedStatements"] = [{"StatementName": s} for s in statements]
    return item(ARN, data, errors=errors)


def run_prepared(wg: Item) -> Result:
    inv = InventoryBuilder().add("athena.workgroups", [wg])
    [result] = run_check(prepared_statements_present, inv)
    return result


TAGGED = {"controlmap:query-mode": "Prepared"}


def test_prepared_statements_pass_fail_and_not_applicable() -> None:
    passed = run_prepared(workgroup(TAGGED, ["daily_totals", "by_customer"]))
    assert passed.status is Status.PASS and "by_customer, daily_totals" in passed.message
    assert run_prepared(workgroup(TAGGED, [])).status is Status.FAIL
    assert run_prepared(workgroup({"team": "risk"}, [])).status is Status.NOT_APPLICABLE
    assert run_prepared(workgroup(TAGGED, [], state="DISABLED")).status is Status.NOT_APPLICABLE


def test_prepared_statements_error_when_tags_or_statements_are_unreadable() -> None:
    assert run_prepared(workgroup(None, ["x"])).status is Status.ERROR
    assert run_prepared(workgroup(TAGGED, None)).status is Status.ERROR
    unavailable = InventoryBuilder().unavailable("athena.workgroups")
    assert [r.status for r in run_check(prepared_statements_present, unavailable)] == [Status.ERROR]
