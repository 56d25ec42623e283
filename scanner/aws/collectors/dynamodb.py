"""DynamoDB: tables with their point-in-time recovery status and server-side encryption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def continuous_backups(api: Api, table_name: str) -> dict[str, Any]:
    description: dict[str, Any] = api.call("describe_continuous_backups", TableName=table_name)[
        "ContinuousBackupsDescription"
    ]
    return description


def table_encryption(api: Api, table_name: str) -> dict[str, Any]:
    """DescribeTable's SSEDescription; empty for the default AWS owned key, which has no description."""
    sse: dict[str, Any] = (
        api.call("describe_table", TableName=table_name)["Table"].get("SSEDescription") or {}
    )
    return sse


def collect_tables(api: Api) -> Iterator[Item]:
    for table_name in api.paginate("list_tables", "TableNames"):
        arn = f"arn:{api.partition}:dynamodb:{api.region}:{api.account_id}:table/{table_name}"
        builder = api.resource(arn, table_name, {"TableName": table_name})
        builder.aspect("ContinuousBackups", continuous_backups, api, table_name)
        builder.aspect("Encryption", table_encryption, api, table_name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="dynamodb.tables",
        service="dynamodb",
        reach=Reach.REGIONAL,
        description="DynamoDB tables with their point-in-time recovery status and server-side encryption.",
        calls={
            "ListTables": "dynamodb:ListTables",
            "DescribeTable": "dynamodb:DescribeTable",
            "DescribeContinuousBackups": "dynamodb:DescribeContinuousBackups",
        },
        collect=collect_tables,
    ),
)
