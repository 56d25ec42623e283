"""Lake Formation data lake settings against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import lakeformation
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "eu-west-1"


[SETTINGS] = lakeformation.DATASETS


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)  # type: ignore[arg-type]


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
