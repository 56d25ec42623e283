"""CloudFormation: the StackSets an account administers, with where their instances stand, and the stacks of
each account with their last drift detection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def stack_set_detail(api: Api, name: str) -> dict[str, Any]:
    """DescribeStackSet: permission model, auto-deployment and the OUs a service-managed set targets."""
    detail: dict[str, Any] = api.call("describe_stack_set", StackSetName=name)["StackSet"]
    return detail


def stack_instances(api: Api, name: str) -> list[dict[str, Any]]:
    return api.paginate("list_stack_instances", "Summaries", StackSetName=name)


def collect_stack_sets(api: Api) -> Iterator[Item]:
    # Service-managed stack sets live in the management account, including those a delegated administrator
    # created, so the caller's own listing (CallAs SELF, the default) finds them there.
    for summary in api.paginate("list_stack_sets", "Summaries", Status="ACTIVE"):
        name = summary["StackSetName"]
        arn = summary.get("StackSetARN") or (
            f"arn:{api.partition}:cloudformation:{api.region}:{api.account_id}:stackset/{summary['StackSetId']}"
        )
        builder = api.resource(arn, name, summary)
        builder.aspect("StackSet", stack_set_detail, api, name)
        builder.aspect("Instances", stack_instances, api, name)
        yield builder.build()


def collect_stacks(api: Api) -> Iterator[Item]:
    for stack in api.paginate("describe_stacks", "Stacks"):
        yield api.resource(stack["StackId"], stack["StackName"], stack).build()


DATASETS = (
    Dataset(
        name="cloudformation.stack-sets",
        service="cloudformation",
        reach=Reach.REGIONAL,
        description="Active StackSets administered from the account, with auto-deployment, target OUs and "
        "the status of each stack instance.",
        calls={
            "ListStackSets": "cloudformation:ListStackSets",
            "DescribeStackSet": "cloudformation:DescribeStackSet",
            "ListStackInstances": "cloudformation:ListStackInstances",
        },
        collect=collect_stack_sets,
    ),
    Dataset(
        name="cloudformation.stacks",
        service="cloudformation",
        reach=Reach.REGIONAL,
        description="CloudFormation stacks with their status, tags and the result of their last drift "
        "detection (the scanner never starts one).",
        calls={"DescribeStacks": "cloudformation:DescribeStacks"},
        collect=collect_stacks,
    ),
)
