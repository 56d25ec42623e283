"""Edge protection collectors against moto: the web ACL of internet-facing application load balancers
(an aspect of elbv2.load-balancers) and REST API stages with their web ACL."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.apigateway_rest import DATASETS as API_DATASETS
from scanner.aws.collectors.elbv2 import DATASETS as ELB_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[LOAD_BALANCERS] = ELB_DATASETS
[REST_APIS] = API_DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)  # type: ignore[arg-type]


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


def test_rest_apis_with_stages_and_their_web_acl(tmp_path: Path) -> None:
    with mock_aws():
        apigateway = boto3.client("apigateway", region_name=REGION)
        api_id = apigateway.create_rest_api(name="claims", endpointConfiguration={"types": ["REGIONAL"]})[
            "id"
        ]
        root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
        apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
        apigateway.create_deployment(restApiId=api_id, stageName="prod")
        apigateway.create_deployment(restApiId=api_id, stageName="test")
        stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
        acl = _web_acl("claims-api")
        boto3.client("wafv2", region_name=REGION).associate_web_acl(WebACLArn=acl, ResourceArn=stage_arn)
        record = _collect(tmp_path, REST_APIS)
    [rest_api] = record.items
    assert (
        rest_api.resource_id == f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
        and rest_api.name == "claims"
    )
    stages = {s["stageName"]: s for s in rest_api["Stages"]}
    assert stages["prod"]["webAclArn"] == acl and "webAclArn" not in stages["test"]
    assert rest_api.data["endpointConfiguration"]["types"] == ["REGIONAL"] and rest_api.evidence
