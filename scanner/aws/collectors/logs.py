"""CloudWatch Logs: log groups with their retention and KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def _log_group_arn(group: dict[str, str]) -> str:
    """The log group's ARN without the ":*" suffix DescribeLogGroups adds to its `arn` field."""
    arn = group.get("logGroupArn") or group["arn"]
    return arn.removesuffix(":*")


def collect_log_groups(api: Api) -> Iterator[Item]:
    for group in api.paginate("describe_log_groups", "logGroups"):
        yield api.resource(_log_group_arn(group), group["logGroupName"], group).build()


DATASETS = (
    Dataset(
        name="logs.log-groups",
        service="logs",
        reach=Reach.REGIONAL,
        description="CloudWatch Logs log groups with their retention (absent: never expire) and KMS key.",
        calls={"DescribeLogGroups": "logs:DescribeLogGroups"},
        collect=collect_log_groups,
    ),
)
