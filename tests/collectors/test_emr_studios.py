"""EMR Studio collector. moto (5.2) has no EMR Studio, so ListStudios and DescribeStudio are stubbed in their
wire shape with botocore's Stubber; the route tables of the studio's subnets come from moto's EC2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.emr_studios import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[STUDIOS] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "123456789012"


def _studio(vpc: str, subnets: list[str]) -> dict[str, Any]:
    return {
        "StudioId": "es-1",
        "StudioArn": f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:studio/es-1",
        "Name": "claims-studio",
        "AuthMode": "SSO",
        "VpcId": vpc,
        "SubnetIds": subnets,
        "DefaultS3Location": "s3://studio-notebooks/",
    }


def test_studios_with_the_route_table_of_each_subnet(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        public, private = (
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"] for i in (1, 2)
        )
        gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
        ec2.associate_route_table(RouteTableId=table, SubnetId=public)

        emr = boto3.client("emr", region_name=REGION)
        stubber = Stubber(emr)
        summary = {"StudioId": "es-1", "Name": "claims-studio", "VpcId": vpc, "AuthMode": "SSO"}
        stubber.add_response("list_studios", {"Studios": [summary]}, {})
        stubber.add_response(
            "describe_studio", {"Studio": _studio(vpc, [public, private])}, {"StudioId": "es-1"}
        )
        clients = {"emr": emr, "ec2": ec2}
        recorder = Recorder(EvidenceStore(tmp_path))
        for client in clients.values():
            recorder.attach(client, ACCOUNT)
        api = Api(STUDIOS, clients.__getitem__, recorder, account_id=ACCOUNT, region=REGION)
        with stubber:
            [studio] = list(STUDIOS.collect(api))
        stubber.assert_no_pending_responses()
    assert studio.resource_id == f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:studio/es-1"
    assert studio["Studio"]["AuthMode"] == "SSO" and not studio.errors and studio.evidence
    tables = studio["SubnetRouteTables"]
    assert tables[public]["RouteTableId"] == table
    assert any(r.get("GatewayId") == gateway for r in tables[public]["Routes"])
    assert tables[private]["RouteTableId"] != table
    assert not any(str(r.get("GatewayId", "")).startswith("igw-") for r in tables[private]["Routes"])
