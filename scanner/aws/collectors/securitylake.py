"""Amazon Security Lake: the data lake in each region with the subscribers that read from it and the log
sources it collects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def subscribers(api: Api) -> list[dict[str, Any]]:
    """The subscribers of this account's Security Lake (query or data access, with their identity)."""
    found: list[dict[str, Any]] = api.paginate("list_subscribers", "subscribers")
    return found


def log_sources(api: Api) -> list[dict[str, Any]]:
    """The AWS and custom log sources the lake collects in its region, one entry per source account
    ({"account", "region", "sources": [{"awsLogSource": {"sourceName", "sourceVersion"}}, ...]})."""
    found: list[dict[str, Any]] = api.paginate("list_log_sources", "sources", regions=[api.region])
    return found


def collect_data_lakes(api: Api) -> Iterator[Item]:
    # ListDataLakes answers with an empty list where Security Lake is not enabled, so ListSubscribers is only
    # asked where there is a lake (the delegated administrator's account, in its regions).
    for lake in api.call("list_data_lakes", regions=[api.region]).get("dataLakes", []):
        arn = (
            lake.get("dataLakeArn")
            or f"arn:{api.partition}:securitylake:{api.region}:{api.account_id}:data-lake/default"
        )
        builder = api.resource(arn, f"{api.account_id}/{lake.get('region', api.region)}", lake)
        builder.aspect("Subscribers", subscribers, api)
        builder.aspect("LogSources", log_sources, api)
        yield builder.build()


DATASETS = (
    Dataset(
        name="securitylake.data-lakes",
        service="securitylake",
        reach=Reach.REGIONAL,
        description="The Security Lake data lake in the region (status, encryption, retention), its "
        "subscribers with their identities and access types, and the log sources it collects per account.",
        calls={
            "ListDataLakes": "securitylake:ListDataLakes",
            "ListSubscribers": "securitylake:ListSubscribers",
            "ListLogSources": "securitylake:ListLogSources",
        },
        collect=collect_data_lakes,
    ),
)
