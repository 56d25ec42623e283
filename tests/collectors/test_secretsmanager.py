"""Secrets Manager collector against moto: rotation metadata only, never the secret value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors import secretsmanager
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION, available=True)


def test_secrets_with_rotation_metadata_only(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("secretsmanager", region_name=REGION)
        client.create_secret(Name="static", SecretString="never-rotated")
        client.create_secret(Name="rotating", SecretString="s3cr3t")
        client.rotate_secret(SecretId="rotating", RotationRules={"AutomaticallyAfterDays": 30})
        record = _collect(tmp_path, secretsmanager.DATASETS[0])
    by_name = {i.name: i for i in record.items}
    assert by_name["rotating"].data["RotationEnabled"] is True
    assert by_name["rotating"].data["RotationRules"] == {"AutomaticallyAfterDays": 30}
    assert by_name["static"].data.get("RotationEnabled") is not True
    assert all("SecretString" not in i.data and "ObservedAt" in i.data for i in record.items)
