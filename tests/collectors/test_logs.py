"""CloudWatch Logs collector against moto: log groups with their retention and key."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.logs import DATASETS as LOGS_DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

[LOG_GROUPS] = LOGS_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_log_groups_with_retention_and_key(tmp_path: Path) -> None:
    with mock_aws():
        key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName="/app/audit", kmsKeyId=key)
        logs.put_retention_policy(logGroupName="/app/audit", retentionInDays=400)
        logs.create_log_group(logGroupName="/app/debug")
        record = _collect(tmp_path, LOG_GROUPS)
    audit, debug = sorted(record.items, key=lambda i: i.name)
    assert audit.resource_id.endswith(":log-group:/app/audit") and audit.name == "/app/audit"
    assert audit.data["retentionInDays"] == 400 and audit.data["kmsKeyId"] == key
    assert "retentionInDays" not in debug.data and "kmsKeyId" not in debug.data
    assert record.evidence or audit.evidence
