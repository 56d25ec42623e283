"""Glue collectors against moto: tables with their S3 locations, and the Data Catalog encryption settings."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import glue
from scanner.aws.collectors.glue import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

TABLES = next(d for d in DATASETS if d.name == "glue.tables")


def test_tables_across_databases_with_locations(tmp_path: Path) -> None:
    with mock_aws():
        glue = boto3.client("glue", region_name="us-east-1")
        for db in ("sales", "raw"):
            glue.create_database(DatabaseInput={"Name": db})
            glue.create_table(
                DatabaseName=db,
                TableInput={"Name": "t", "StorageDescriptor": {"Location": f"s3://{db}-bucket/t/"}},
            )
        glue.create_table(DatabaseName="raw", TableInput={"Name": "view_only"})
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        record = collect_dataset(provider, TABLES, account, "us-east-1")
    locations = {i.name: i.data["Location"] for i in record.items}
    assert locations == {
        "sales.t": "s3://sales-bucket/t/",
        "raw.t": "s3://raw-bucket/t/",
        "raw.view_only": None,
    }
    assert all(i.evidence for i in record.items)


REGION = "eu-west-1"


CATALOG_ENCRYPTION = next(d for d in glue.DATASETS if d.name == "glue.catalog-encryption")


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_catalog_encryption_defaults_to_disabled_and_reads_settings(tmp_path: Path) -> None:
    with mock_aws():
        [default] = _collect(tmp_path / "default", CATALOG_ENCRYPTION).items
        boto3.client("glue", region_name=REGION).put_data_catalog_encryption_settings(
            DataCatalogEncryptionSettings={
                "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": "alias/catalog"},
                "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": True},
            }
        )
        [encrypted] = _collect(tmp_path / "set", CATALOG_ENCRYPTION).items
    assert default.data["EncryptionAtRest"]["CatalogEncryptionMode"] == "DISABLED"
    assert encrypted.data["EncryptionAtRest"]["SseAwsKmsKeyId"] == "alias/catalog"
    assert encrypted.data["ConnectionPasswordEncryption"]["ReturnConnectionPasswordEncrypted"] is True
    assert encrypted.resource_id.endswith(":catalog") and encrypted.evidence
