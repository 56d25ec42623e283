"""Recent Athena query executions of each workgroup, without their query text.

moto (5.2) has no Athena BatchGetQueryExecution (it answers 404 "Not yet implemented"), so the dataset runs
through the ordinary Api against botocore Stubber wire answers, with the evidence recorder attached as in a
scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors import athena_usage
from scanner.aws.collectors.base import Api
from scanner.evidence import EvidenceStore, Recorder

REGION = "eu-west-1"


ACCOUNT = "111111111111"


[EXECUTIONS] = athena_usage.DATASETS


SECRET_SQL = "SELECT card_number FROM payments WHERE customer = 'alice'"


def _client(tmp_path: Path) -> tuple[Any, Recorder, EvidenceStore]:
    client = boto3.client("athena", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    store = EvidenceStore(tmp_path)
    recorder = Recorder(store)
    recorder.attach(client, ACCOUNT)
    return client, recorder, store


def _execution(ident: str) -> dict[str, Any]:
    return {
        "QueryExecutionId": ident,
        "Query": SECRET_SQL,
        "ExecutionParameters": ["'alice'"],
        "StatementType": "DML",
        "ResultConfiguration": {
            "OutputLocation": "s3://results/",
            "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS"},
        },
        "Status": {"State": "SUCCEEDED", "SubmissionDateTime": dt.datetime(2026, 11, 30, tzinfo=dt.UTC)},
        "Statistics": {"DataScannedInBytes": 2048, "EngineExecutionTimeInMillis": 31},
        "WorkGroup": "analytics",
    }


def test_query_executions_are_collected_without_their_query_text(tmp_path: Path) -> None:
    client, recorder, store = _client(tmp_path)
    stubber = Stubber(client)
    stubber.add_response("list_work_groups", {"WorkGroups": [{"Name": "analytics", "State": "ENABLED"}]}, {})
    ids = [f"q{i}" for i in range(60)]
    stubber.add_response(
        "list_query_executions",
        {"QueryExecutionIds": ids[:50], "NextToken": "p2"},
        {"WorkGroup": "analytics", "MaxResults": 50},
    )
    stubber.add_response(
        "list_query_executions",
        {"QueryExecutionIds": ids[50:]},
        {"WorkGroup": "analytics", "MaxResults": 50, "NextToken": "p2"},
    )
    stubber.add_response(
        "batch_get_query_execution",
        {"QueryExecutions": [_execution(i) for i in ids[:50]], "UnprocessedQueryExecutionIds": []},
        {"QueryExecutionIds": ids[:50]},
    )
    stubber.add_response(
        "batch_get_query_execution",
        {
            "QueryExecutions": [_execution(i) for i in ids[50:59]],
            "UnprocessedQueryExecutionIds": [{"QueryExecutionId": "q59", "ErrorCode": "500"}],
        },
        {"QueryExecutionIds": ids[50:]},
    )
    with stubber:
        api = Api(EXECUTIONS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [workgroup] = list(EXECUTIONS.collect(api))
    stubber.assert_no_pending_responses()
    history = workgroup["Executions"]
    assert len(history["QueryExecutions"]) == 59 and history["Unprocessed"][0]["QueryExecutionId"] == "q59"
    assert history["Capped"] is False and workgroup.data["ObservedAt"]
    assert history["QueryExecutions"][0]["Statistics"]["DataScannedInBytes"] == 2048
    assert all("Query" not in e and "ExecutionParameters" not in e for e in history["QueryExecutions"])
    stored = [store.get(digest) for digest in workgroup.evidence]
    batches = [r for r in stored if r["operation"] == "BatchGetQueryExecution"]
    assert len(batches) == 2 and batches[0]["response"]["QueryExecutions"][0]["QueryExecutionId"] == "q0"
    on_disk = "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    assert "DataScannedInBytes" in on_disk  # the statistics are stored ...
    assert "card_number" not in on_disk and "alice" not in on_disk  # ... the query and its values never


def test_query_executions_are_capped(tmp_path: Path) -> None:
    client, recorder, _ = _client(tmp_path)
    stubber = Stubber(client)
    stubber.add_response("list_work_groups", {"WorkGroups": [{"Name": "busy", "State": "ENABLED"}]}, {})
    for page in range(4):
        ids = [f"q{page}-{i}" for i in range(50)]
        params: dict[str, Any] = {
            "WorkGroup": "busy",
            "MaxResults": 50,
            **({"NextToken": f"p{page}"} if page else {}),
        }
        stubber.add_response(
            "list_query_executions", {"QueryExecutionIds": ids, "NextToken": f"p{page + 1}"}, params
        )
    for _ in range(4):
        stubber.add_response(
            "batch_get_query_execution", {"QueryExecutions": [], "UnprocessedQueryExecutionIds": []}
        )
    with stubber:
        api = Api(EXECUTIONS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [workgroup] = list(EXECUTIONS.collect(api))
    stubber.assert_no_pending_responses()
    assert workgroup["Executions"]["Capped"] is True


def test_unreadable_executions_leave_the_workgroup_with_an_error(tmp_path: Path) -> None:
    client, recorder, _ = _client(tmp_path)
    stubber = Stubber(client)
    stubber.add_response("list_work_groups", {"WorkGroups": [{"Name": "analytics", "State": "ENABLED"}]}, {})
    stubber.add_client_error("list_query_executions", "AccessDeniedException", http_status_code=400)
    with stubber:
        api = Api(EXECUTIONS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [workgroup] = list(EXECUTIONS.collect(api))
    assert "Executions" in workgroup.errors
