"""Lake Formation registered locations, collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import lakeformation_resources
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "eu-west-1"


ACCOUNT = "111111111111"


[LF_RESOURCES] = lakeformation_resources.DATASETS


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)


def test_lake_formation_registered_locations(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", LF_RESOURCES).items == ()
        boto3.client("lakeformation", region_name=REGION).register_resource(
            ResourceArn="arn:aws:s3:::lake/sales", RoleArn=f"arn:aws:iam::{ACCOUNT}:role/lake-reader"
        )
        record = _collect(tmp_path / "one", LF_RESOURCES)
    [resource] = record.items
    assert resource.resource_id == "arn:aws:s3:::lake/sales" and resource.name == "lake/sales"
    assert resource.data["RoleArn"].endswith("role/lake-reader")
