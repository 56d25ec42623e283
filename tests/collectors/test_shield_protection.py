"""Shield Advanced protections against moto (5.2 has CreateProtection and ListProtections); AWS's answer
without a subscription (ResourceNotFoundException, which moto does not reproduce) through botocore's Stubber;
and, against moto, the tags of load balancers and distributions that designate them tier-1."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.cloudfront import DATASETS as CLOUDFRONT_DATASETS
from scanner.aws.collectors.elbv2 import DATASETS as ELB_DATASETS
from scanner.aws.collectors.shield_protections import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION
from tests.collectors.test_cloudfront import distribution_config

[PROTECTIONS] = DATASETS
[LOAD_BALANCERS] = ELB_DATASETS
[DISTRIBUTIONS] = CLOUDFRONT_DATASETS
REGION = "us-east-1"
TIER_1 = [{"Key": "controlmap:criticality", "Value": "tier-1"}]


def _collect(tmp_path: Path, dataset: object, region: str = GLOBAL_REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, region)  # type: ignore[arg-type]


def test_protections_name_the_protected_resource(tmp_path: Path) -> None:
    with mock_aws():
        cloudfront = boto3.client("cloudfront", region_name=REGION)
        arn = cloudfront.create_distribution(DistributionConfig=distribution_config("claims"))[
            "Distribution"
        ]["ARN"]
        boto3.client("shield", region_name=REGION).create_protection(Name="claims-edge", ResourceArn=arn)
        record = _collect(tmp_path, PROTECTIONS)
    [protection] = record.items
    assert protection.name == "claims-edge" and protection.data["ResourceArn"] == arn
    assert protection.resource_id.startswith("arn:aws:shield::") and protection.evidence


def test_no_subscription_means_no_protections(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    client = boto3.client("shield", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    stubber.add_client_error(
        "list_protections", "ResourceNotFoundException", "The subscription does not exist.", 400
    )
    api = Api(PROTECTIONS, lambda _service: client, recorder, account_id="111111111111", region=REGION)
    with stubber:
        assert list(PROTECTIONS.collect(api)) == []
    stubber.assert_no_pending_responses()


def test_load_balancer_and_distribution_tags(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        boto3.client("elbv2", region_name=REGION).create_load_balancer(
            Name="web", Subnets=subnets, Tags=TIER_1
        )
        cloudfront = boto3.client("cloudfront", region_name=REGION)
        config = {"DistributionConfig": distribution_config("claims"), "Tags": {"Items": TIER_1}}
        cloudfront.create_distribution_with_tags(DistributionConfigWithTags=config)
        [balancer] = _collect(tmp_path / "elb", LOAD_BALANCERS, REGION).items
        [distribution] = _collect(tmp_path / "cdn", DISTRIBUTIONS).items
    assert balancer["Tags"] == {"controlmap:criticality": "tier-1"}
    assert distribution["Tags"] == {"controlmap:criticality": "tier-1"}
