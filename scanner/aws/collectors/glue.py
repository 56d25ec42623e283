"""Glue Data Catalog: tables with their storage locations (where Athena's data lives), and the catalog's
encryption settings."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
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


def collect_catalog_encryption(api: Api) -> Iterator[Item]:
    # The account's Data Catalog (CatalogId defaults to the caller's account) in this region.
    settings = api.call("get_data_catalog_encryption_settings")["DataCatalogEncryptionSettings"]
    arn = f"arn:{api.partition}:glue:{api.region}:{api.account_id}:catalog"
    yield api.resource(arn, f"Data Catalog {api.region}", dict(settings)).build()


DATASETS = (
    Dataset(
        name="glue.tables",
        service="glue",
        reach=Reach.REGIONAL,
        description="Glue Data Catalog tables and the S3 locations they read (finds Athena's data buckets).",
        calls={"GetDatabases": "glue:GetDatabases", "GetTables": "glue:GetTables"},
        collect=collect_tables,
    ),
    Dataset(
        name="glue.catalog-encryption",
        service="glue",
        reach=Reach.REGIONAL,
        description="The Data Catalog's encryption settings: metadata at rest and connection passwords.",
        calls={"GetDataCatalogEncryptionSettings": "glue:GetDataCatalogEncryptionSettings"},
        collect=collect_catalog_encryption,
    ),
)
