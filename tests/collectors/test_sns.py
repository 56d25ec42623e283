"""SNS collector against moto: topics with encryption, subscriptions and tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors import sns
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION, available=True)


def test_sns_topics_with_encryption_subscriptions_and_tags(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("sns", region_name=REGION)
        arn = client.create_topic(
            Name="security-alerts",
            Attributes={"KmsMasterKeyId": "alias/security"},
            Tags=[{"Key": "controlmap:purpose", "Value": "security-notifications"}],
        )["TopicArn"]
        client.subscribe(TopicArn=arn, Protocol="email", Endpoint="soc@example.com")
        [topic] = _collect(tmp_path, sns.DATASETS[0]).items
    assert topic.resource_id == arn and topic.name == "security-alerts"
    assert topic["Attributes"]["KmsMasterKeyId"] == "alias/security"
    assert topic["Tags"] == {"controlmap:purpose": "security-notifications"}
    [subscription] = topic["Subscriptions"]
    assert subscription["Endpoint"] == "soc@example.com" and topic.evidence
