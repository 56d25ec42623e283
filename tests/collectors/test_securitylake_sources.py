"""Security Lake data lakes with the log sources they collect. moto (5.2) has no Security Lake, so the answers
are stubbed in their wire shape with botocore's Stubber."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.securitylake import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[DATA_LAKES] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"


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
