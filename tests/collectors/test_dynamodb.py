"""DynamoDB collector against moto: tables with their point-in-time recovery status."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.dynamodb import DATASETS as DYNAMODB_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

(TABLES,) = DYNAMODB_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)


def test_tables_with_point_in_time_recovery(tmp_path: Path) -> None:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        for name in ("tracking", "sessions"):
            dynamodb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                **({"SSESpecification": {"Enabled": True, "SSEType": "KMS"}} if name == "tracking" else {}),
            )
        dynamodb.update_continuous_backups(
            TableName="tracking",
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
        record = _collect(tmp_path, TABLES)
    by_name = {t.name: t for t in record.items}
    assert by_name["tracking"].resource_id.endswith(":table/tracking")
    status = {
        name: t["ContinuousBackups"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        for name, t in by_name.items()
    }
    assert status == {"tracking": "ENABLED", "sessions": "DISABLED"}
    assert by_name["tracking"]["Encryption"]["SSEType"] == "KMS"
    assert by_name["sessions"]["Encryption"] == {}
    assert by_name["tracking"].evidence and not by_name["tracking"].errors
