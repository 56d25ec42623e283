"""Secrets Manager collector against moto: rotation metadata only, never the secret value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import secretsmanager
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, REGION)
    assert record.available, record.unavailable
    return record


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
