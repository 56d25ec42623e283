"""Demo: VPCs. The networking account and the tenants have a workload VPC in each region with an Athena
interface endpoint, except tenant-b's second region (a realistic gap); the central endpoints in networking
carry a restrictive policy. The hygiene of every VPC, the default ones too: flow logs, closed default
security groups and S3 gateway endpoints, with realistic gaps in tenant-b and tenant-a."""

from __future__ import annotations

import json
from typing import Any

from demo.seeds._lib.iam import service_trust
from demo.seeds._lib.network import workload_vpc_name
from demo.world import DEMO_REGIONS, HOME, DemoWorld

WITH_VPCS = ("networking", "tenant-a", "tenant-b")
ATHENA_ENDPOINT_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AthenaQueriesOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": [
                    "athena:StartQueryExecution",
                    "athena:GetQueryExecution",
                    "athena:GetQueryResults",
                    "athena:StopQueryExecution",
                    "athena:GetWorkGroup",
                    "athena:ListWorkGroups",
                ],
                "Resource": "*",
            }
        ],
    }
)


FLOW_LOGS_ROLE = "vpc-flow-logs"
# tenant-a and the networking account reach S3 through gateway endpoints in their workload VPCs.
WITH_S3_GATEWAY = ("networking", "tenant-a")


def seed(world: DemoWorld) -> None:
    _workload_vpcs(world)
    _hygiene(world)


def _workload_vpcs(world: DemoWorld) -> None:
    for name in WITH_VPCS:
        for region in DEMO_REGIONS:
            ec2 = world.sessions[name].client("ec2", region_name=region)
            vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": workload_vpc_name(name)}])
            if name == "tenant-b" and region != HOME:
                continue
            subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
            # The central endpoints in networking carry a restrictive policy; the tenants' own endpoints keep
            # the default full-access one (a finding for their endpoint-policy check).
            policy = {"PolicyDocument": ATHENA_ENDPOINT_POLICY} if name == "networking" else {}
            ec2.create_vpc_endpoint(
                VpcId=vpc_id,
                ServiceName=f"com.amazonaws.{region}.athena",
                VpcEndpointType="Interface",
                SubnetIds=[subnet],
                PrivateDnsEnabled=True,
                **policy,
            )


def _hygiene(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        role_arn = session.client("iam").create_role(
            RoleName=FLOW_LOGS_ROLE, AssumeRolePolicyDocument=service_trust("vpc-flow-logs.amazonaws.com")
        )["Role"]["Arn"]
        for region in DEMO_REGIONS:
            ec2 = session.client("ec2", region_name=region)
            vpcs = ec2.describe_vpcs()["Vpcs"]
            _flow_logs(session.client("logs", region_name=region), ec2, name, region, vpcs, role_arn)
            _close_default_security_groups(ec2, name, region)
            if name in WITH_S3_GATEWAY:
                _s3_gateway_endpoints(ec2, region, [v for v in vpcs if not v.get("IsDefault")])


def _flow_logs(
    logs: Any, ec2: Any, name: str, region: str, vpcs: list[dict[str, Any]], role_arn: str
) -> None:
    """Every VPC logs ALL traffic to a log group, except tenant-b: its default VPCs have no flow log and its
    second-region workload VPC logs only rejected traffic."""
    for vpc in vpcs:
        if name == "tenant-b" and vpc.get("IsDefault"):
            continue
        traffic = "REJECT" if name == "tenant-b" and region != HOME else "ALL"
        logs.create_log_group(logGroupName=f"/vpc/flow-logs/{vpc['VpcId']}")
        ec2.create_flow_logs(
            ResourceIds=[vpc["VpcId"]],
            ResourceType="VPC",
            TrafficType=traffic,
            LogGroupName=f"/vpc/flow-logs/{vpc['VpcId']}",
            DeliverLogsPermissionArn=role_arn,
        )


def _close_default_security_groups(ec2: Any, name: str, region: str) -> None:
    """The landing zone strips the default security groups' rules; tenant-b re-opened SSH on one in its home
    region, and tenant-a's second-region default VPC still has the rules AWS created."""
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    for group in groups["SecurityGroups"]:
        if name == "tenant-a" and region != HOME:
            continue
        if group["IpPermissions"]:
            ec2.revoke_security_group_ingress(GroupId=group["GroupId"], IpPermissions=group["IpPermissions"])
        if group["IpPermissionsEgress"]:
            ec2.revoke_security_group_egress(
                GroupId=group["GroupId"], IpPermissions=group["IpPermissionsEgress"]
            )
        if name == "tenant-b" and region == HOME and not _is_default_vpc(ec2, group["VpcId"]):
            ec2.authorize_security_group_ingress(
                GroupId=group["GroupId"],
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 22,
                        "ToPort": 22,
                        "IpRanges": [{"CidrIp": "10.0.0.0/8"}],
                    }
                ],
            )


def _is_default_vpc(ec2: Any, vpc_id: str) -> bool:
    [vpc] = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    return bool(vpc.get("IsDefault"))


def _s3_gateway_endpoints(ec2: Any, region: str, vpcs: list[dict[str, Any]]) -> None:
    for vpc in vpcs:
        tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
        ec2.create_vpc_endpoint(
            VpcId=vpc["VpcId"],
            ServiceName=f"com.amazonaws.{region}.s3",
            VpcEndpointType="Gateway",
            RouteTableIds=[t["RouteTableId"] for t in tables["RouteTables"]],
        )
