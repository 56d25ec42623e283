"""Lake Formation data lake settings against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors import lakeformation
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


[SETTINGS] = lakeformation.DATASETS


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_data_lake_settings(tmp_path: Path) -> None:
    with mock_aws():
        account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
        admin = {"DataLakePrincipalIdentifier": f"arn:aws:iam::{account}:role/DataLakeAdmin"}
        boto3.client("lakeformation", region_name=REGION).put_data_lake_settings(
            DataLakeSettings={
                "DataLakeAdmins": [admin],
                "CreateDatabaseDefaultPermissions": [],
                "CreateTableDefaultPermissions": [],
            }
        )
        [settings] = _collect(tmp_path, SETTINGS).items
    assert settings.data["DataLakeAdmins"] == [admin]
    assert settings.data["CreateTableDefaultPermissions"] == [] and settings.evidence
