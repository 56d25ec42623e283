"""Demo: EMR Studios (moto 5.2 has none: the studios are answers the simulated accounts give, see
demo.simulated_apis; their VPCs, subnets, route tables and buckets are moto's). tenant-a's claims studio
signs in through IAM Identity Center, runs in private subnets of its workload VPC and keeps notebooks in its
KMS-encrypted data bucket; tenant-b's ad-hoc studio uses IAM authentication in public subnets of its default
VPC and an unencrypted bucket (the `s3` seed's buckets, named here)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from demo.seeds._lib.buckets import data_bucket, legacy_bucket
from demo.seeds._lib.network import workload_vpc
from demo.world import HOME, DemoWorld

# tenant-a's studio takes two of its workload VPC's subnets: the one `vpc` creates and those
# `ec2_security_groups` adds.
AFTER = ("vpc", "ec2_security_groups")

STUDIO_CREATED = datetime(2026, 4, 14, 10, 0, tzinfo=UTC)


def seed(world: DemoWorld) -> None:
    world.apis.answer("emr", "ListStudios", {"Studios": []})
    for name, studio_name, sso in (("tenant-a", "claims-studio", True), ("tenant-b", "adhoc-studio", False)):
        session, account = world.sessions[name], world.org.account_id(name)
        vpc, subnets = _studio_network(session, name, public=not sso)
        bucket = data_bucket(world, name) if sso else legacy_bucket(world, name)
        studio = _studio(account, studio_name, sso, vpc, subnets, f"s3://{bucket}/emr-studio/")
        summary = {k: studio[k] for k in ("StudioId", "Name", "VpcId", "Url", "AuthMode", "CreationTime")}
        world.apis.answer("emr", "ListStudios", {"Studios": [summary]}, account=account, region=HOME)
        world.apis.answer("emr", "DescribeStudio", {"Studio": studio}, account=account, region=HOME)


def _studio_network(session: Any, account_name: str, *, public: bool) -> tuple[str, list[str]]:
    """(VPC id, two subnet ids) for a studio: the account's workload VPC (no internet gateway), or with
    `public` its default VPC, given the internet gateway route real default VPCs have."""
    ec2 = session.client("ec2", region_name=HOME)
    if public:
        [vpc] = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
        vpc_id = str(vpc["VpcId"])
        gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc_id)
        main = {"Name": "association.main", "Values": ["true"]}
        in_vpc = {"Name": "vpc-id", "Values": [vpc_id]}
        [table] = ec2.describe_route_tables(Filters=[in_vpc, main])["RouteTables"]
        ec2.create_route(
            RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway
        )
    else:
        vpc_id = workload_vpc(ec2, account_name)
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    return vpc_id, sorted(s["SubnetId"] for s in subnets)[:2]


def _studio(
    account: str, name: str, sso: bool, vpc: str, subnets: list[str], location: str
) -> dict[str, Any]:
    studio_id = f"es-{name.upper().replace('-', '')}"
    return {
        "StudioId": studio_id,
        "StudioArn": f"arn:aws:elasticmapreduce:{HOME}:{account}:studio/{studio_id}",
        "Name": name,
        "AuthMode": "SSO" if sso else "IAM",
        "VpcId": vpc,
        "SubnetIds": subnets,
        "ServiceRole": f"arn:aws:iam::{account}:role/EMRStudio_Service_Role",
        "WorkspaceSecurityGroupId": "sg-0studioworkspace",
        "EngineSecurityGroupId": "sg-0studioengine",
        "Url": f"https://{studio_id.lower()}.emrstudio-prod.{HOME}.amazonaws.com",
        "CreationTime": STUDIO_CREATED,
        "DefaultS3Location": location,
    }
