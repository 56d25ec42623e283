"""Demo: VPC hygiene after the workload VPCs exist (module name sorts after vpc): flow logs, closed default
security groups, S3 gateway endpoints and EBS encryption by default, with realistic gaps in tenant-b and
shared-services."""

from __future__ import annotations

import json
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

FLOW_LOGS_ROLE = "vpc-flow-logs"
FLOW_LOGS_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
# tenant-a and the networking account reach S3 through gateway endpoints in their workload VPCs.
WITH_S3_GATEWAY = ("networking", "tenant-a")


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        role_arn = session.client("iam").create_role(
            RoleName=FLOW_LOGS_ROLE, AssumeRolePolicyDocument=FLOW_LOGS_TRUST
        )["Role"]["Arn"]
        for region in DEMO_REGIONS:
            ec2 = session.client("ec2", region_name=region)
            vpcs = ec2.describe_vpcs()["Vpcs"]
            _flow_logs(session.client("logs", region_name=region), ec2, name, region, vpcs, role_arn)
            _close_default_security_groups(ec2, name, region)
            if name in WITH_S3_GATEWAY:
                _s3_gateway_endpoints(ec2, region, [v for v in vpcs if not v.get("IsDefault")])
            # shared-services never turned EBS encryption by default on in its second region.
            if not (name == "shared-services" and region != HOME):
                ec2.enable_ebs_encryption_by_default()


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
