"""Demo: how the Athena workgroups were used. Recent queries ran with encrypted results, except one in
tenant-b's ad-hoc workgroup, which does not enforce its configuration; tenant-a's reporting workgroup has a
prepared statement. moto has no BatchGetQueryExecution or ListPreparedStatements, so the executions and the
prepared statement are answers the simulated accounts give (demo.simulated_apis). The answers carry query
text, as Athena's do; the collector strips it before anything is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.world import HOME, DemoWorld

# (account, workgroup) -> whether each of its recent queries had encrypted results
RUNS = {
    ("tenant-a", "analytics"): [True, True, True],
    ("tenant-b", "analytics"): [True, True],
    ("tenant-b", "adhoc"): [True, False],
}


def seed(world: DemoWorld) -> None:
    apis = world.apis
    executions = {
        (world.org.account_id(name), workgroup): [
            _execution(world.org.account_id(name), workgroup, n, days_ago=2 * n + 1, encrypted=flag)
            for n, flag in enumerate(flags, start=1)
        ]
        for (name, workgroup), flags in RUNS.items()
    }
    by_id = {e["QueryExecutionId"]: e for found in executions.values() for e in found}
    for account in {account for account, _ in executions}:
        apis.answer(
            "athena", "ListQueryExecutions", _listing(executions, account), account=account, region=HOME
        )
    apis.answer("athena", "ListQueryExecutions", {"QueryExecutionIds": []})
    apis.answer(
        "athena",
        "BatchGetQueryExecution",
        lambda params: {
            "QueryExecutions": [by_id[i] for i in params.get("QueryExecutionIds", []) if i in by_id],
            "UnprocessedQueryExecutionIds": [],
        },
    )
    statement = {
        "StatementName": "monthly_totals",
        "LastModifiedTime": dt.datetime(2026, 10, 2, tzinfo=dt.UTC),
    }
    apis.answer(
        "athena",
        "ListPreparedStatements",
        lambda params: {
            "PreparedStatements": [statement] if params.get("WorkGroup") == "reporting-eu" else []
        },
    )


def _execution(account: str, workgroup: str, number: int, days_ago: int, encrypted: bool) -> dict[str, Any]:
    submitted = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago, hours=number)
    result: dict[str, Any] = {"OutputLocation": f"s3://{workgroup}-results-{account}/{number}.csv"}
    if encrypted:
        result["EncryptionConfiguration"] = {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/athena-results"}
    return {
        "QueryExecutionId": f"{account[-4:]}{number:04d}-{len(workgroup):04d}-4000-8000-{number:012d}",
        "Query": "SELECT claim_id, amount FROM claims.paid WHERE paid_on > current_date - interval '1' day",
        "StatementType": "DML",
        "ResultConfiguration": result,
        "QueryExecutionContext": {"Database": "claims", "Catalog": "AwsDataCatalog"},
        "Status": {
            "State": "SUCCEEDED",
            "SubmissionDateTime": submitted,
            "CompletionDateTime": submitted + dt.timedelta(seconds=7),
        },
        "Statistics": {
            "EngineExecutionTimeInMillis": 6400 + number,
            "DataScannedInBytes": 52_428_800 * number,
        },
        "WorkGroup": workgroup,
    }


def _listing(executions: Mapping[tuple[str, str], list[dict[str, Any]]], account: str) -> Any:
    """ListQueryExecutions for one account: the ids of the named workgroup's executions."""

    def listed(params: Mapping[str, Any]) -> Mapping[str, Any]:
        found = executions.get((account, str(params.get("WorkGroup"))), [])
        return {"QueryExecutionIds": [e["QueryExecutionId"] for e in found]}

    return listed
