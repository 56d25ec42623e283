"""Collectors of the organization-wide security services and AWS Config, against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import config, inspector, macie, organizations, securityhub
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, region)


def test_security_hub_absent_then_subscribed(tmp_path: Path) -> None:
    hubs = securityhub.DATASETS[0]
    with mock_aws():
        assert _collect(tmp_path / "off", hubs).items == ()
        boto3.client("securityhub", region_name=REGION).enable_security_hub()
        [hub] = _collect(tmp_path / "on", hubs).items
    assert hub.resource_id.endswith(":hub/default") and hub["Administrator"] is None and hub.evidence


def test_macie_session_and_delegated_admin(tmp_path: Path) -> None:
    sessions = macie.DATASETS[0]
    with mock_aws():
        client = boto3.client("macie2", region_name=REGION)
        client.disable_macie()
        assert _collect(tmp_path / "off", sessions).items == ()
        client.enable_macie(status="PAUSED")
        [session] = _collect(tmp_path / "paused", sessions).items
    assert session.data["status"] == "PAUSED" and session["Administrator"] is None


def test_inspector_status_and_members(tmp_path: Path) -> None:
    status_dataset, members_dataset = inspector.DATASETS[:2]
    with mock_aws():
        account = boto3.client("sts").get_caller_identity()["Account"]
        client = boto3.client("inspector2", region_name=REGION)
        client.enable(accountIds=[account], resourceTypes=["EC2", "ECR"])
        client.associate_member(accountId="444444444444")
        [status] = _collect(tmp_path / "s", status_dataset).items
        [member] = _collect(tmp_path / "m", members_dataset).items
    assert status.data["resourceState"]["ec2"]["status"] == "ENABLED"
    assert member.name == "444444444444" and member.data["relationshipStatus"] == "ENABLED"


def test_config_recorders_channels_rules_and_aggregators(tmp_path: Path) -> None:
    recorders, channels, rules, aggregators = config.DATASETS
    with mock_aws():
        client = boto3.client("config", region_name=REGION)
        client.put_configuration_recorder(
            ConfigurationRecorder={
                "name": "default",
                "roleARN": "arn:aws:iam::123456789012:role/config",
                "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
            }
        )
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="central-config")
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


def test_delegated_administrators_with_their_services(tmp_path: Path) -> None:
    with mock_aws():
        org = boto3.client("organizations", region_name=REGION)
        org.create_organization(FeatureSet="ALL")
        account = org.create_account(AccountName="security", Email="s@example.com")["CreateAccountStatus"]
        org.register_delegated_administrator(
            AccountId=account["AccountId"], ServicePrincipal="macie.amazonaws.com"
        )
        record = _collect(tmp_path, organizations.DELEGATED_ADMINS, "global")
    [admin] = record.items
    assert admin.name == account["AccountId"] and admin["Services"] == ["macie.amazonaws.com"]
