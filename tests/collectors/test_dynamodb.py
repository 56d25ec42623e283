"""DynamoDB collector against moto: tables with their point-in-time recovery status."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.dynamodb import DATASETS as DYNAMODB_DATASETS
from scanner.datasets import Dataset
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

(TABLES,) = DYNAMODB_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


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
