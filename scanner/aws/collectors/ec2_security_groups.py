"""EC2 security groups: every security group with its inbound rules and the network interfaces using it, and
the managed prefix lists those rules can name as a source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.facts import AWS_OWNER
from scanner.inventory import Item


def _interfaces_by_group(api: Api) -> dict[str, list[dict[str, Any]]]:
    """Each security group id -> the network interfaces it is attached to (instances, load balancers,
    Lambda functions, RDS, endpoints ... all reach a VPC through an ENI)."""
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for interface in api.paginate("describe_network_interfaces", "NetworkInterfaces"):
        summary = {
            "NetworkInterfaceId": interface.get("NetworkInterfaceId"),
            "InterfaceType": interface.get("InterfaceType"),
            "Description": interface.get("Description", ""),
            "InstanceId": (interface.get("Attachment") or {}).get("InstanceId"),
        }
        for group in interface.get("Groups") or []:
            by_group[group["GroupId"]].append(summary)
    return by_group


def collect_security_groups(api: Api) -> Iterator[Item]:
    groups = api.paginate("describe_security_groups", "SecurityGroups")
    attached = _interfaces_by_group(api)
    for group in groups:
        group_id = group["GroupId"]
        owner = group.get("OwnerId", api.account_id)
        arn = f"arn:{api.partition}:ec2:{api.region}:{owner}:security-group/{group_id}"
        data = {**group, "AttachedNetworkInterfaces": attached.get(group_id, [])}
        yield api.resource(arn, f"{group.get('GroupName', group_id)} ({group_id})", data).build()


def prefix_list_entries(api: Api, prefix_list_id: str) -> list[dict[str, Any]]:
    return api.paginate("get_managed_prefix_list_entries", "Entries", PrefixListId=prefix_list_id)


def collect_managed_prefix_lists(api: Api) -> Iterator[Item]:
    # Lists this account's prefix lists, those shared with it through AWS RAM, and the AWS-managed ones.
    for prefix_list in api.paginate("describe_managed_prefix_lists", "PrefixLists"):
        prefix_list_id = prefix_list["PrefixListId"]
        owner = prefix_list.get("OwnerId", api.account_id)
        arn = prefix_list.get("PrefixListArn") or (
            f"arn:{api.partition}:ec2:{api.region}:{owner}:prefix-list/{prefix_list_id}"
        )
        builder = api.resource(arn, prefix_list.get("PrefixListName") or prefix_list_id, prefix_list)
        # AWS-managed lists hold the address ranges of AWS services (S3, CloudFront origin-facing, ...), never
        # the whole internet: only customer-managed lists need their entries read.
        if owner != AWS_OWNER:
            builder.aspect("Entries", prefix_list_entries, api, prefix_list_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="ec2.security-groups",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Every security group with its inbound and outbound rules, and the network interfaces "
        "(instances, load balancers, databases, functions) it is attached to.",
        calls={
            "DescribeSecurityGroups": "ec2:DescribeSecurityGroups",
            "DescribeNetworkInterfaces": "ec2:DescribeNetworkInterfaces",
        },
        collect=collect_security_groups,
    ),
    Dataset(
        name="ec2.managed-prefix-lists",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Managed prefix lists security group rules can name as a source, with the entries of "
        "customer-managed ones (own or shared).",
        calls={
            "DescribeManagedPrefixLists": "ec2:DescribeManagedPrefixLists",
            "GetManagedPrefixListEntries": "ec2:GetManagedPrefixListEntries",
        },
        collect=collect_managed_prefix_lists,
    ),
)
