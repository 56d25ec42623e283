"""EC2 and VPC: enabled regions, VPCs, VPC endpoints, flow logs, default security groups, EBS defaults, and
running instances."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def private_hosted_zones(api: Api, vpc_id: str) -> list[dict[str, Any]]:
    """The private hosted zones associated with the VPC, this account's and other accounts' (a central
    networking account's endpoint zones among them)."""
    return api.paginate(
        "list_hosted_zones_by_vpc",
        "HostedZoneSummaries",
        service="route53",
        VPCId=vpc_id,
        VPCRegion=api.region,
    )


def collect_vpcs(api: Api) -> Iterator[Item]:
    for vpc in api.paginate("describe_vpcs", "Vpcs"):
        vpc_id = vpc["VpcId"]
        arn = f"arn:{api.partition}:ec2:{api.region}:{vpc.get('OwnerId', api.account_id)}:vpc/{vpc_id}"
        builder = api.resource(arn, _name(vpc.get("Tags")) or vpc_id, vpc)
        builder.aspect("PrivateHostedZones", private_hosted_zones, api, vpc_id)
        yield builder.build()


def collect_vpc_endpoints(api: Api) -> Iterator[Item]:
    for endpoint in api.paginate("describe_vpc_endpoints", "VpcEndpoints"):
        endpoint_id = endpoint["VpcEndpointId"]
        owner = endpoint.get("OwnerId", api.account_id)
        arn = f"arn:{api.partition}:ec2:{api.region}:{owner}:vpc-endpoint/{endpoint_id}"
        yield api.resource(arn, endpoint_id, endpoint).build()


def collect_flow_logs(api: Api) -> Iterator[Item]:
    for flow_log in api.paginate("describe_flow_logs", "FlowLogs"):
        flow_log_id = flow_log["FlowLogId"]
        arn = f"arn:{api.partition}:ec2:{api.region}:{api.account_id}:vpc-flow-log/{flow_log_id}"
        yield api.resource(arn, flow_log_id, flow_log).build()


def collect_default_security_groups(api: Api) -> Iterator[Item]:
    # Every VPC has exactly one security group named "default", which cannot be deleted.
    # https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    groups = api.paginate(
        "describe_security_groups",
        "SecurityGroups",
        Filters=[{"Name": "group-name", "Values": ["default"]}],
    )
    for group in groups:
        group_id = group["GroupId"]
        owner = group.get("OwnerId", api.account_id)
        arn = f"arn:{api.partition}:ec2:{api.region}:{owner}:security-group/{group_id}"
        yield api.resource(arn, f"{group.get('VpcId', '?')}/{group_id}", group).build()


def collect_ebs_encryption_default(api: Api) -> Iterator[Item]:
    response = api.call("get_ebs_encryption_by_default")
    setting = {"EbsEncryptionByDefault": response.get("EbsEncryptionByDefault")}
    resource_id = f"arn:{api.partition}:ec2:{api.region}:{api.account_id}:ebs-encryption-by-default"
    yield api.resource(resource_id, f"EBS encryption by default in {api.region}", setting).build()


def collect_regions(api: Api) -> Iterator[Item]:
    # Without AllRegions, DescribeRegions lists only the regions enabled for the account.
    # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
    for region in api.call("describe_regions").get("Regions", []):
        yield api.resource(region["RegionName"], region["RegionName"], region).build()


def collect_running_instances(api: Api) -> Iterator[Item]:
    reservations = api.paginate(
        "describe_instances", "Reservations", Filters=[{"Name": "instance-state-name", "Values": ["running"]}]
    )
    for reservation in reservations:
        for instance in reservation.get("Instances", []):
            instance_id = instance["InstanceId"]
            arn = f"arn:{api.partition}:ec2:{api.region}:{api.account_id}:instance/{instance_id}"
            data = {
                "InstanceId": instance_id,
                "State": (instance.get("State") or {}).get("Name"),
                "LaunchTime": instance.get("LaunchTime"),
                "PlatformDetails": instance.get("PlatformDetails"),
                "Tags": {t["Key"]: t["Value"] for t in instance.get("Tags") or []},
            }
            yield api.resource(arn, instance_id, data).build()


def _name(tags: list[dict[str, str]] | None) -> str:
    return next((t["Value"] for t in tags or [] if t.get("Key") == "Name"), "")


REGIONS = Dataset(
    name="ec2.regions",
    service="ec2",
    reach=Reach.GLOBAL,
    description="Regions enabled for the account (used to plan regional collection).",
    calls={"DescribeRegions": "ec2:DescribeRegions"},
    collect=collect_regions,
)

DATASETS = (
    Dataset(
        name="ec2.vpcs",
        service="ec2",
        reach=Reach.REGIONAL,
        description="VPCs in the region, with the private hosted zones associated with each.",
        calls={"DescribeVpcs": "ec2:DescribeVpcs", "ListHostedZonesByVPC": "route53:ListHostedZonesByVPC"},
        collect=collect_vpcs,
    ),
    Dataset(
        name="ec2.vpc-endpoints",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Interface and gateway VPC endpoints in the region, with their policies.",
        calls={"DescribeVpcEndpoints": "ec2:DescribeVpcEndpoints"},
        collect=collect_vpc_endpoints,
    ),
    Dataset(
        name="ec2.flow-logs",
        service="ec2",
        reach=Reach.REGIONAL,
        description="VPC flow logs (of VPCs, subnets and network interfaces) with status and traffic type.",
        calls={"DescribeFlowLogs": "ec2:DescribeFlowLogs"},
        collect=collect_flow_logs,
    ),
    Dataset(
        name="ec2.default-security-groups",
        service="ec2",
        reach=Reach.REGIONAL,
        description="The default security group of each VPC, with its inbound and outbound rules.",
        calls={"DescribeSecurityGroups": "ec2:DescribeSecurityGroups"},
        collect=collect_default_security_groups,
    ),
    Dataset(
        name="ec2.ebs-encryption-default",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Whether new EBS volumes are encrypted by default in the region.",
        calls={"GetEbsEncryptionByDefault": "ec2:GetEbsEncryptionByDefault"},
        collect=collect_ebs_encryption_default,
    ),
    Dataset(
        name="ec2.running-instances",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Running EC2 instances: id, launch time, platform and tags.",
        calls={"DescribeInstances": "ec2:DescribeInstances"},
        collect=collect_running_instances,
    ),
    REGIONS,
)
