"""Parameter Store metadata (never the values), collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.ssm_parameters import DATASETS as SSM_DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

[PARAMETERS] = SSM_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_parameters_metadata_only(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("ssm", region_name=REGION)
        client.put_parameter(Name="/app/db_password", Value="demo-only", Type="String")
        client.put_parameter(Name="/app/api_key", Value="demo-only", Type="SecureString")
        record = _collect(tmp_path, PARAMETERS)
    by_name = {p.name: p for p in record.items}
    assert {n: p.data["Type"] for n, p in by_name.items()} == {
        "/app/db_password": "String",
        "/app/api_key": "SecureString",
    }
    assert by_name["/app/db_password"].resource_id.endswith(":parameter/app/db_password")
    assert all("Value" not in p.data for p in record.items)
    assert PARAMETERS.calls == {"DescribeParameters": "ssm:DescribeParameters"}
