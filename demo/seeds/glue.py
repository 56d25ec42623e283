"""Demo: the Glue Data Catalog. Each tenant has a sales database whose orders table lives in its data bucket
(Athena's source data, the `s3` seed's bucket, named here). tenant-a encrypts its catalog and connection
passwords with its Athena data key; tenant-b's catalog stays unencrypted (moto answers the AWS default,
CatalogEncryptionMode DISABLED, where nothing was set)."""

from __future__ import annotations

from demo.seeds._lib.buckets import data_bucket
from demo.seeds.kms import ATHENA_DATA_ALIAS
from demo.world import HOME, DemoWorld

AFTER = ("kms",)  # tenant-a's Athena data key

TENANTS = ("tenant-a", "tenant-b")


def seed(world: DemoWorld) -> None:
    for name in TENANTS:
        glue = world.sessions[name].client("glue", region_name=HOME)
        bucket = data_bucket(world, name)
        glue.create_database(DatabaseInput={"Name": "sales"})
        glue.create_table(
            DatabaseName="sales",
            TableInput={
                "Name": "orders",
                "StorageDescriptor": {
                    "Columns": [{"Name": "order_id", "Type": "string"}, {"Name": "amount", "Type": "double"}],
                    "Location": f"s3://{bucket}/orders/",
                },
                "TableType": "EXTERNAL_TABLE",
            },
        )
    _encrypt_catalog(world, "tenant-a")


def _encrypt_catalog(world: DemoWorld, tenant: str) -> None:
    session = world.sessions[tenant]
    key = session.client("kms", region_name=HOME).describe_key(KeyId=ATHENA_DATA_ALIAS)["KeyMetadata"]["Arn"]
    session.client("glue", region_name=HOME).put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
            "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": True, "AwsKmsKeyId": key},
        }
    )
