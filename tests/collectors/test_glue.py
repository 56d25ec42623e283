"""Glue tables with their S3 locations, collected from moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.glue import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

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
