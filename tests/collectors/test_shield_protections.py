"""Shield Advanced protections against moto (5.2 has CreateProtection and ListProtections), and AWS's answer
without a subscription (ResourceNotFoundException, which moto does not reproduce) through botocore's
Stubber."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.shield_protections import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION
from tests.collectors.test_cloudfront import distribution_config

[PROTECTIONS] = DATASETS


US_EAST_1 = "us-east-1"


def _collect_in(tmp_path: Path, dataset: object, region: str = GLOBAL_REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=US_EAST_1), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, region)  # type: ignore[arg-type]


def test_protections_name_the_protected_resource(tmp_path: Path) -> None:
    with mock_aws():
        cloudfront = boto3.client("cloudfront", region_name=US_EAST_1)
        arn = cloudfront.create_distribution(DistributionConfig=distribution_config("claims"))[
            "Distribution"
        ]["ARN"]
        boto3.client("shield", region_name=US_EAST_1).create_protection(Name="claims-edge", ResourceArn=arn)
        record = _collect_in(tmp_path, PROTECTIONS)
    [protection] = record.items
    assert protection.name == "claims-edge" and protection.data["ResourceArn"] == arn
    assert protection.resource_id.startswith("arn:aws:shield::") and protection.evidence


def test_no_subscription_means_no_protections(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    client = boto3.client("shield", region_name=US_EAST_1, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    stubber.add_client_error(
        "list_protections", "ResourceNotFoundException", "The subscription does not exist.", 400
    )
    api = Api(PROTECTIONS, lambda _service: client, recorder, account_id="111111111111", region=US_EAST_1)
    with stubber:
        assert list(PROTECTIONS.collect(api)) == []
    stubber.assert_no_pending_responses()
