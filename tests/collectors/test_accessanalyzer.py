"""Access Analyzer collector with botocore's Stubber: moto (5.2) has no IAM Access Analyzer at all, so the
ListAnalyzers answer is stubbed in its wire shape and the collector runs through the ordinary Api."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.accessanalyzer import DATASETS
from scanner.aws.collectors.base import Api
from scanner.evidence import EvidenceStore, Recorder

[ANALYZERS] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
ARN = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/org"


def test_analyzers_are_listed_with_type_and_status(tmp_path: Path) -> None:
    client = boto3.client(
        "accessanalyzer", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    analyzer = {
        "arn": ARN,
        "name": "org",
        "type": "ORGANIZATION",
        "createdAt": datetime(2026, 1, 1, tzinfo=UTC),
        "status": "ACTIVE",
    }
    stubber.add_response("list_analyzers", {"analyzers": [analyzer]}, {})
    with stubber:
        api = Api(ANALYZERS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [item] = list(ANALYZERS.collect(api))
    stubber.assert_no_pending_responses()
    assert item.resource_id == ARN and item.name == "org"
    assert item.data["type"] == "ORGANIZATION" and item.data["status"] == "ACTIVE"
