"""IAM Identity Center: the instances the organization account sees, with each permission set's session
duration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def permission_sets(api: Api, instance_arn: str) -> list[dict[str, Any]]:
    """Each permission set of the instance as DescribePermissionSet gives it (name, SessionDuration)."""
    described: list[dict[str, Any]] = []
    for arn in api.paginate("list_permission_sets", "PermissionSets", InstanceArn=instance_arn):
        response = api.call("describe_permission_set", InstanceArn=instance_arn, PermissionSetArn=arn)
        described.append(response.get("PermissionSet", {}))
    return described


def collect_instances(api: Api) -> Iterator[Item]:
    for instance in api.paginate("list_instances", "Instances"):
        arn = instance["InstanceArn"]
        builder = api.resource(arn, instance.get("Name") or arn.rsplit("/", 1)[-1], instance)
        builder.aspect("PermissionSets", permission_sets, api, arn)
        yield builder.build()


DATASETS = (
    Dataset(
        name="sso.instances",
        service="sso-admin",
        reach=Reach.REGIONAL,
        description="IAM Identity Center instances visible to the organization's account (the organization "
        "instance and account instances), with each permission set and its session duration.",
        calls={
            "ListInstances": "sso:ListInstances",
            "ListPermissionSets": "sso:ListPermissionSets",
            "DescribePermissionSet": "sso:DescribePermissionSet",
        },
        collect=collect_instances,
        org_level=True,
    ),
)
