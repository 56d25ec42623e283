"""EC2 and VPC: enabled regions, VPCs and VPC endpoints."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def collect_vpcs(api: Api) -> Iterator[Item]:
    for vpc in api.paginate("describe_vpcs", "Vpcs"):
        vpc_id = vpc["VpcId"]
        arn = f"arn:{api.partition}:ec2:{api.region}:{vpc.get('OwnerId', api.account_id)}:vpc/{vpc_id}"
        yield api.resource(arn, _name(vpc.get("Tags")) or vpc_id, vpc).build()


def collect_vpc_endpoints(api: Api) -> Iterator[Item]:
    for endpoint in api.paginate("describe_vpc_endpoints", "VpcEndpoints"):
        endpoint_id = endpoint["VpcEndpointId"]
        owner = endpoint.get("OwnerId", api.account_id)
        arn = f"arn:{api.partition}:ec2:{api.region}:{owner}:vpc-endpoint/{endpoint_id}"
        yield api.resource(arn, endpoint_id, endpoint).build()


def collect_regions(api: Api) -> Iterator[Item]:
    # Without AllRegions, DescribeRegions lists only the regions enabled for the account.
    # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
    for region in api.call("describe_regions").get("Regions", []):
        yield api.resource(region["RegionName"], region["RegionName"], region).build()


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
        description="VPCs in the region.",
        calls={"DescribeVpcs": "ec2:DescribeVpcs"},
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
    REGIONS,
)
