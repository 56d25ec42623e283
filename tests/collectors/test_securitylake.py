"""Security Lake data lakes with their subscribers and the log sources they collect. moto (5.2) has no
Security Lake, so the answers are stubbed in their wire shape with botocore's Stubber."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.securitylake import DATASETS
from scanner.aws.collectors.securitylake import DATASETS as SECURITY_LAKE
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item
from tests.collectors.harness import collect_stubbed, stub_client

REGION = "eu-west-1"


ACCOUNT = "111111111111"


def _client(service: str) -> Any:
    return stub_client(service, REGION)


def _collect(tmp_path: Path, dataset: Dataset, client: Any, stubber: Stubber) -> list[Item]:
    return collect_stubbed(tmp_path, dataset, client, stubber, account=ACCOUNT, region=REGION)


def test_data_lakes_with_subscribers_and_none_where_not_enabled(tmp_path: Path) -> None:
    client = _client("securitylake")
    stubber = Stubber(client)
    lake_arn = f"arn:aws:securitylake:{REGION}:{ACCOUNT}:data-lake/default"
    stubber.add_response(
        "list_data_lakes",
        {"dataLakes": [{"dataLakeArn": lake_arn, "region": REGION, "createStatus": "COMPLETED"}]},
        {"regions": [REGION]},
    )
    subscriber = {
        "subscriberArn": f"arn:aws:securitylake:{REGION}:{ACCOUNT}:subscriber/s-1",
        "subscriberId": "s-1",
        "subscriberName": "soc",
        "subscriberIdentity": {"principal": "222222222222", "externalId": "soc-external-id"},
        "sources": [],
        "accessTypes": ["LAKEFORMATION"],
    }
    stubber.add_response("list_subscribers", {"subscribers": [subscriber]}, {})
    [lake] = _collect(tmp_path, SECURITY_LAKE[0], client, stubber)
    assert lake.resource_id == lake_arn and lake["Subscribers"][0]["subscriberName"] == "soc"
    empty_client = _client("securitylake")
    empty = Stubber(empty_client)
    empty.add_response("list_data_lakes", {"dataLakes": []}, {"regions": [REGION]})
    assert _collect(tmp_path, SECURITY_LAKE[0], empty_client, empty) == []


[DATA_LAKES] = DATASETS


def test_each_lake_carries_its_log_sources_per_account(tmp_path: Path) -> None:
    client = boto3.client(
        "securitylake", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    lake = {
        "dataLakeArn": f"arn:aws:securitylake:{REGION}:{ACCOUNT}:data-lake/default",
        "region": REGION,
        "createStatus": "COMPLETED",
        "lifecycleConfiguration": {"expiration": {"days": 365}},
    }
    stubber.add_response("list_data_lakes", {"dataLakes": [lake]}, {"regions": [REGION]})
    stubber.add_response("list_subscribers", {"subscribers": []}, {})
    entry = {
        "account": "222222222222",
        "region": REGION,
        "sources": [{"awsLogSource": {"sourceName": "ROUTE53", "sourceVersion": "2.0"}}],
    }
    stubber.add_response("list_log_sources", {"sources": [entry]}, {"regions": [REGION]})
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    api = Api(DATA_LAKES, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    with stubber:
        [collected] = list(DATA_LAKES.collect(api))
    stubber.assert_no_pending_responses()
    assert collected["LogSources"] == [entry] and not collected.errors
    assert collected.data["lifecycleConfiguration"]["expiration"]["days"] == 365 and collected.evidence
