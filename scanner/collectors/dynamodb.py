"""DynamoDB: tables with their point-in-time recovery status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def continuous_backups(api: Api, table_name: str) -> dict[str, Any]:
    description: dict[str, Any] = api.call("describe_continuous_backups", TableName=table_name)[
        "ContinuousBackupsDescription"
    ]
    return description


def collect_tables(api: Api) -> Iterator[Item]:
    for table_name in api.paginate("list_tables", "TableNames"):
        arn = f"arn:{api.partition}:dynamodb:{api.region}:{api.account_id}:table/{table_name}"
        builder = api.resource(arn, table_name, {"TableName": table_name})
        builder.aspect("ContinuousBackups", continuous_backups, api, table_name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="dynamodb.tables",
        service="dynamodb",
        reach=Reach.REGIONAL,
        description="DynamoDB tables with their point-in-time recovery status.",
        calls={
            "ListTables": "dynamodb:ListTables",
            "DescribeContinuousBackups": "dynamodb:DescribeContinuousBackups",
        },
        collect=collect_tables,
    ),
)
