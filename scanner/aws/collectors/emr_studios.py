"""Amazon EMR Studio: each studio's authentication, network and default S3 location, with the route table
that applies to each of its subnets (to tell private subnets from public ones)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def studio_detail(api: Api, studio_id: str) -> dict[str, Any]:
    studio: dict[str, Any] = api.call("describe_studio", StudioId=studio_id)["Studio"]
    return studio


def subnet_route_tables(api: Api, vpc_id: str, subnet_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Subnet id -> the route table that applies to it: the one explicitly associated with the subnet, else
    the VPC's main route table (which every subnet without an association uses)."""
    if not subnet_ids:
        return {}
    associated = api.paginate(
        "describe_route_tables",
        "RouteTables",
        service="ec2",
        Filters=[{"Name": "association.subnet-id", "Values": subnet_ids}],
    )
    tables: dict[str, dict[str, Any]] = {}
    for table in associated:
        for association in table.get("Associations") or []:
            if association.get("SubnetId") in subnet_ids:
                tables[association["SubnetId"]] = table
    unassociated = [s for s in subnet_ids if s not in tables]
    if unassociated:
        main = api.paginate(
            "describe_route_tables",
            "RouteTables",
            service="ec2",
            Filters=[
                {"Name": "vpc-id", "Values": [vpc_id]},
                {"Name": "association.main", "Values": ["true"]},
            ],
        )
        for subnet in unassociated:
            if main:
                tables[subnet] = main[0]
    return tables


def collect_studios(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_studios", "Studios"):
        studio_id = summary["StudioId"]
        arn = f"arn:{api.partition}:elasticmapreduce:{api.region}:{api.account_id}:studio/{studio_id}"
        builder = api.resource(arn, summary.get("Name") or studio_id, summary)
        builder.aspect("Studio", studio_detail, api, studio_id)
        studio = builder.data.get("Studio") or {}
        if studio.get("VpcId"):
            subnets = list(studio.get("SubnetIds") or [])
            builder.aspect("SubnetRouteTables", subnet_route_tables, api, studio["VpcId"], subnets)
        yield builder.build()


DATASETS = (
    Dataset(
        name="emr.studios",
        service="emr",
        reach=Reach.REGIONAL,
        description="EMR Studios with their authentication mode, VPC and subnets, default S3 location and "
        "encryption key, and the route table that applies to each subnet.",
        calls={
            "ListStudios": "elasticmapreduce:ListStudios",
            "DescribeStudio": "elasticmapreduce:DescribeStudio",
            "DescribeRouteTables": "ec2:DescribeRouteTables",
        },
        collect=collect_studios,
    ),
)
