"""Athena usage: recent query executions per workgroup, without their query text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# At most this many of a workgroup's most recent executions are read (ListQueryExecutions answers newest
# first, 50 per page; BatchGetQueryExecution takes 50 ids). Athena keeps 45 days of history, which for a busy
# workgroup is far more than an evidence sample needs; the check says when the sample was capped.
MAX_EXECUTIONS_PER_WORKGROUP = 200
PAGE_SIZE = 50
# Fields of a query execution that may hold data: the SQL text and the values bound to a prepared
# statement's parameters. They are removed before the response reaches the evidence store.
PRIVATE_EXECUTION_FIELDS = ("Query", "ExecutionParameters")


def _strip_private_fields(parsed: dict[str, Any], **_: Any) -> None:
    for execution in parsed.get("QueryExecutions") or []:
        for key in PRIVATE_EXECUTION_FIELDS:
            execution.pop(key, None)


def _strip_before_recording(api: Api) -> None:
    # Registered first on the operation's own event, so it runs before the evidence recorder's after-call
    # handler stores the response; unique_id keeps one registration per client.
    api.client().meta.events.register_first(
        "after-call.athena.BatchGetQueryExecution",
        _strip_private_fields,
        unique_id="controlmap-strip-athena-query-text",
    )


def _workgroup_arn(api: Api, name: str) -> str:
    return f"arn:{api.partition}:athena:{api.region}:{api.account_id}:workgroup/{name}"


def recent_execution_ids(api: Api, workgroup: str) -> tuple[list[str], bool]:
    """The workgroup's most recent execution ids (at most MAX_EXECUTIONS_PER_WORKGROUP), and whether more
    exist beyond that cap."""
    ids: list[str] = []
    token: str | None = None
    while len(ids) < MAX_EXECUTIONS_PER_WORKGROUP:
        page = api.call(
            "list_query_executions",
            WorkGroup=workgroup,
            MaxResults=PAGE_SIZE,
            **({"NextToken": token} if token else {}),
        )
        ids.extend(page.get("QueryExecutionIds") or [])
        token = page.get("NextToken")
        if not token:
            return ids[:MAX_EXECUTIONS_PER_WORKGROUP], len(ids) > MAX_EXECUTIONS_PER_WORKGROUP
    return ids[:MAX_EXECUTIONS_PER_WORKGROUP], True


def executions(api: Api, workgroup: str) -> dict[str, Any]:
    """The recent executions (query text removed), the ids Athena could not return, and whether the sample
    was capped."""
    ids, capped = recent_execution_ids(api, workgroup)
    found: list[dict[str, Any]] = []
    unprocessed: list[dict[str, Any]] = []
    for start in range(0, len(ids), PAGE_SIZE):
        response = api.call("batch_get_query_execution", QueryExecutionIds=ids[start : start + PAGE_SIZE])
        found.extend(response.get("QueryExecutions") or [])
        unprocessed.extend(response.get("UnprocessedQueryExecutionIds") or [])
    _strip_private_fields({"QueryExecutions": found})
    return {"QueryExecutions": found, "Unprocessed": unprocessed, "Capped": capped}


def collect_query_executions(api: Api) -> Iterator[Item]:
    _strip_before_recording(api)
    for summary in api.paginate("list_work_groups", "WorkGroups"):
        name = summary["Name"]
        data = {"State": summary.get("State"), "ObservedAt": dt.datetime.now(dt.UTC).isoformat()}
        builder = api.resource(_workgroup_arn(api, name), name, data)
        builder.aspect("Executions", executions, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="athena.query-executions",
        service="athena",
        reach=Reach.REGIONAL,
        description=f"Each workgroup's most recent query executions (up to {MAX_EXECUTIONS_PER_WORKGROUP}): "
        "state, result encryption and statistics; the query text and parameters are never stored.",
        calls={
            "ListWorkGroups": "athena:ListWorkGroups",
            "ListQueryExecutions": "athena:ListQueryExecutions",
            "BatchGetQueryExecution": "athena:BatchGetQueryExecution",
        },
        collect=collect_query_executions,
    ),
)
