"""Collectors behind the Athena activity and Lake Formation checks: metric filters with their alarms and
registered Lake Formation locations (moto), recent query executions and prepared statements.

moto (5.2) has no Athena BatchGetQueryExecution and no ListPreparedStatements (it answers 404 "Not yet
implemented"), so those datasets run through the ordinary Api against botocore Stubber wire answers, with
the evidence recorder attached as in a scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import athena, athena_usage, lakeformation_resources, logs_metric_filters
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "eu-west-1"
ACCOUNT = "111111111111"
[METRIC_FILTERS] = logs_metric_filters.DATASETS
[EXECUTIONS] = athena_usage.DATASETS
[WORKGROUPS] = athena.DATASETS
[LF_RESOURCES] = lakeformation_resources.DATASETS
SECRET_SQL = "SELECT card_number FROM payments WHERE customer = 'alice'"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)


def test_metric_filters_with_the_alarms_on_their_metric(tmp_path: Path) -> None:
    with mock_aws():
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName="org-trail")
        logs.put_metric_filter(
            logGroupName="org-trail",
            filterName="athena-calls",
            filterPattern="{ $.eventSource = athena.amazonaws.com }",
            metricTransformations=[
                {"metricName": "AthenaCalls", "metricNamespace": "Audit", "metricValue": "1"}
            ],
        )
        boto3.client("cloudwatch", region_name=REGION).put_metric_alarm(
            AlarmName="athena-calls",
            MetricName="AthenaCalls",
            Namespace="Audit",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=[f"arn:aws:sns:{REGION}:{ACCOUNT}:security"],
        )
        record = _collect(tmp_path, METRIC_FILTERS)
    [metric_filter] = record.items
    assert metric_filter.name == "org-trail/athena-calls"
    assert metric_filter.data["filterPattern"] == "{ $.eventSource = athena.amazonaws.com }"
    assert [a["AlarmName"] for a in metric_filter["Alarms"]] == ["athena-calls"]
    assert metric_filter.evidence and not metric_filter.errors


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


def test_prepared_statements_and_tags_of_each_workgroup(tmp_path: Path) -> None:
    client, recorder, _ = _client(tmp_path)
    arn = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/restricted"
    stubber = Stubber(client)
    stubber.add_response("list_work_groups", {"WorkGroups": [{"Name": "restricted", "State": "ENABLED"}]}, {})
    stubber.add_response("get_work_group", {"WorkGroup": {"Name": "restricted"}}, {"WorkGroup": "restricted"})
    stubber.add_response(
        "list_tags_for_resource",
        {"Tags": [{"Key": "controlmap:query-mode", "Value": "prepared"}]},
        {"ResourceARN": arn},
    )
    stubber.add_response(
        "list_prepared_statements",
        {"PreparedStatements": [{"StatementName": "daily_totals"}], "NextToken": "p2"},
        {"WorkGroup": "restricted"},
    )
    stubber.add_response(
        "list_prepared_statements",
        {"PreparedStatements": [{"StatementName": "by_customer"}]},
        {"WorkGroup": "restricted", "NextToken": "p2"},
    )
    with stubber:
        api = Api(WORKGROUPS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [workgroup] = list(WORKGROUPS.collect(api))
    stubber.assert_no_pending_responses()
    assert workgroup.resource_id == arn and workgroup["Tags"] == {"controlmap:query-mode": "prepared"}
    assert [s["StatementName"] for s in workgroup["PreparedStatements"]] == ["daily_totals", "by_customer"]


def test_lake_formation_registered_locations(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", LF_RESOURCES).items == ()
        boto3.client("lakeformation", region_name=REGION).register_resource(
            ResourceArn="arn:aws:s3:::lake/sales", RoleArn=f"arn:aws:iam::{ACCOUNT}:role/lake-reader"
        )
        record = _collect(tmp_path / "one", LF_RESOURCES)
    [resource] = record.items
    assert resource.resource_id == "arn:aws:s3:::lake/sales" and resource.name == "lake/sales"
    assert resource.data["RoleArn"].endswith("role/lake-reader")
