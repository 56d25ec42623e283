"""ELBv2 collector against moto: load balancers with attributes, listeners and the rules of HTTP listeners;
the web ACL of internet-facing application load balancers; and the tags that designate load balancers (and
CloudFront distributions) tier-1."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.cloudfront import DATASETS as CLOUDFRONT_DATASETS
from scanner.aws.collectors.elbv2 import DATASETS as ELB_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION
from tests.collectors.harness import collect_in_moto
from tests.collectors.test_cloudfront import distribution_config

[LOAD_BALANCERS] = ELB_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_load_balancers_with_attributes_listeners_and_http_rules(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        elb = boto3.client("elbv2", region_name=REGION)
        arn = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
        elb.modify_load_balancer_attributes(
            LoadBalancerArn=arn,
            Attributes=[
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": "elb-logs"},
            ],
        )
        redirect = {
            "Type": "redirect",
            "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
        }
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[redirect])
        record = _collect(tmp_path, LOAD_BALANCERS)
    [balancer] = record.items
    assert balancer.resource_id == arn and balancer.name == "web" and not balancer.errors
    assert balancer["Attributes"]["access_logs.s3.enabled"] == "true"
    [listener] = balancer["Listeners"]
    assert listener["Protocol"] == "HTTP"
    [default_rule] = listener["Rules"]
    assert default_rule["IsDefault"] and default_rule["Actions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
    assert balancer.evidence


def _web_acl(name: str) -> str:
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": name}
    created = boto3.client("wafv2", region_name=REGION).create_web_acl(
        Name=name, Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=visibility
    )
    arn: str = created["Summary"]["ARN"]
    return arn


def test_web_acl_of_internet_facing_application_load_balancers(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        elb = boto3.client("elbv2", region_name=REGION)

        def create(name: str, scheme: str) -> str:
            created = elb.create_load_balancer(Name=name, Subnets=subnets, Scheme=scheme)
            arn: str = created["LoadBalancers"][0]["LoadBalancerArn"]
            return arn

        protected, bare = create("protected", "internet-facing"), create("bare", "internet-facing")
        create("inside", "internal")
        acl = _web_acl("claims-web")
        boto3.client("wafv2", region_name=REGION).associate_web_acl(WebACLArn=acl, ResourceArn=protected)
        record = _collect(tmp_path, LOAD_BALANCERS)
    found = {i.name: i for i in record.items}
    assert found["protected"]["WebACL"]["ARN"] == acl and not found["protected"].errors
    assert found["bare"]["WebACL"] is None
    assert "WebACL" not in found["inside"].data
    assert found["protected"].resource_id == protected and bare


[DISTRIBUTIONS] = CLOUDFRONT_DATASETS


US_EAST_1 = "us-east-1"


TIER_1 = [{"Key": "controlmap:criticality", "Value": "tier-1"}]


def _collect_in(tmp_path: Path, dataset: object, region: str = GLOBAL_REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=US_EAST_1), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, region)  # type: ignore[arg-type]


def test_load_balancer_and_distribution_tags(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=US_EAST_1)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{US_EAST_1}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        boto3.client("elbv2", region_name=US_EAST_1).create_load_balancer(
            Name="web", Subnets=subnets, Tags=TIER_1
        )
        cloudfront = boto3.client("cloudfront", region_name=US_EAST_1)
        config = {"DistributionConfig": distribution_config("claims"), "Tags": {"Items": TIER_1}}
        cloudfront.create_distribution_with_tags(DistributionConfigWithTags=config)
        [balancer] = _collect_in(tmp_path / "elb", LOAD_BALANCERS, US_EAST_1).items
        [distribution] = _collect_in(tmp_path / "cdn", DISTRIBUTIONS).items
    assert balancer["Tags"] == {"controlmap:criticality": "tier-1"}
    assert distribution["Tags"] == {"controlmap:criticality": "tier-1"}
