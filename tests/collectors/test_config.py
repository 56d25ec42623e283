"""AWS Config collectors: recorders, delivery channels, rules and aggregators against moto, and the
aggregators' source status.

moto (5.2) has no DescribeConfigurationAggregatorSourcesStatus (it answers "Not yet implemented"), so the
status runs through the ordinary Api against botocore Stubber wire answers; the aggregator listing also runs
under moto, where the missing status is recorded on the item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import config
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

US_EAST_1 = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = US_EAST_1) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, region, home_region=US_EAST_1)


def test_config_recorders_channels_rules_and_aggregators(tmp_path: Path) -> None:
    recorders, channels, rules, aggregators = config.DATASETS
    with mock_aws():
        client = boto3.client("config", region_name=US_EAST_1)
        client.put_configuration_recorder(
            ConfigurationRecorder={
                "name": "default",
                "roleARN": "arn:aws:iam::123456789012:role/config",
                "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
            }
        )
        boto3.client("s3", region_name=US_EAST_1).create_bucket(Bucket="central-config")
        client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "central-config"})
        client.start_configuration_recorder(ConfigurationRecorderName="default")
        client.put_config_rule(
            ConfigRule={
                "ConfigRuleName": "s3-bucket-ssl-requests-only",
                "Source": {"Owner": "AWS", "SourceIdentifier": "S3_BUCKET_SSL_REQUESTS_ONLY"},
            }
        )
        client.put_configuration_aggregator(
            ConfigurationAggregatorName="org",
            OrganizationAggregationSource={
                "RoleArn": "arn:aws:iam::123456789012:role/agg",
                "AllAwsRegions": True,
            },
        )
        [rec] = _collect(tmp_path / "r", recorders).items
        [channel] = _collect(tmp_path / "c", channels).items
        [rule] = _collect(tmp_path / "u", rules).items
        [agg] = _collect(tmp_path / "a", aggregators).items
    assert rec["Status"]["recording"] is True and rec.data["recordingGroup"]["allSupported"] is True
    assert channel.data["s3BucketName"] == "central-config" and channel.name == "default"
    assert rule.data["Source"]["SourceIdentifier"] == "S3_BUCKET_SSL_REQUESTS_ONLY"
    assert agg.data["OrganizationAggregationSource"]["AllAwsRegions"] is True


REGION = "eu-west-1"


ACCOUNT = "111111111111"


AGGREGATORS = next(d for d in config.DATASETS if d.name == "config.aggregators")


def _stubbed(tmp_path: Path) -> tuple[Any, Recorder, Stubber]:
    client = boto3.client("config", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    return client, recorder, Stubber(client)


def _api(dataset: Dataset, client: Any, recorder: Recorder) -> Api:
    return Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)


def test_aggregator_sources_status_is_collected_per_aggregator(tmp_path: Path) -> None:
    client, recorder, stubber = _stubbed(tmp_path)
    arn = f"arn:aws:config:{REGION}:{ACCOUNT}:config-aggregator/config-aggregator-1"
    aggregator = {
        "ConfigurationAggregatorName": "organization",
        "ConfigurationAggregatorArn": arn,
        "OrganizationAggregationSource": {
            "RoleArn": "arn:aws:iam::111111111111:role/r",
            "AllAwsRegions": True,
        },
    }
    stubber.add_response("describe_configuration_aggregators", {"ConfigurationAggregators": [aggregator]}, {})
    failed = {
        "SourceId": "222222222222",
        "SourceType": "ORGANIZATION",
        "AwsRegion": "eu-west-2",
        "LastUpdateStatus": "FAILED",
        "LastErrorCode": "NoAvailableConfigurationRecorder",
    }
    stubber.add_response(
        "describe_configuration_aggregator_sources_status",
        {"AggregatedSourceStatusList": [failed]},
        {"ConfigurationAggregatorName": "organization"},
    )
    with stubber:
        [found] = list(AGGREGATORS.collect(_api(AGGREGATORS, client, recorder)))
    stubber.assert_no_pending_responses()
    assert found["SourcesStatus"][0]["LastUpdateStatus"] == "FAILED" and found.evidence


def test_under_moto_the_aggregator_lists_and_its_missing_status_is_an_item_error(tmp_path: Path) -> None:
    with mock_aws():
        boto3.client("config", region_name=REGION).put_configuration_aggregator(
            ConfigurationAggregatorName="organization",
            AccountAggregationSources=[{"AccountIds": [ACCOUNT], "AllAwsRegions": True}],
        )
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, AGGREGATORS, provider.caller().account_id, REGION)
    [found] = record.items
    assert found.name == "organization" and "SourcesStatus" in found.errors
