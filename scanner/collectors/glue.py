"""Glue Data Catalog: tables with their storage locations (where Athena's data lives)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def collect_tables(api: Api) -> Iterator[Item]:
    for database in api.paginate("get_databases", "DatabaseList"):
        db = database["Name"]
        for table in api.paginate("get_tables", "TableList", DatabaseName=db):
            name = table["Name"]
            arn = f"arn:{api.partition}:glue:{api.region}:{api.account_id}:table/{db}/{name}"
            location = (table.get("StorageDescriptor") or {}).get("Location")
            yield api.resource(
                arn, f"{db}.{name}", {"DatabaseName": db, "Name": name, "Location": location}
            ).build()


DATASETS = (
    Dataset(
        name="glue.tables",
        service="glue",
        reach=Reach.REGIONAL,
        description="Glue Data Catalog tables and the S3 locations they read (finds Athena's data buckets).",
        calls={"GetDatabases": "glue:GetDatabases", "GetTables": "glue:GetTables"},
        collect=collect_tables,
    ),
)
