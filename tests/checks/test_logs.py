"""CloudWatch Logs checks: log group retention and KMS encryption."""

from __future__ import annotations

from typing import Any

from checks.logs import MINIMUM_RETENTION_DAYS, log_group_kms, log_group_retention
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def log_group(**fields: Any) -> Item:
    return item(f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app", {"logGroupName": "/app", **fields})


def _logs(*groups: Item) -> InventoryBuilder:
    return InventoryBuilder().add("logs.log-groups", list(groups))


def test_retention_passes_when_long_enough_or_never_expiring_and_fails_when_short() -> None:
    assert statuses(run_check(log_group_retention, _logs(log_group()))) == ["PASS"]
    long_enough = log_group(retentionInDays=MINIMUM_RETENTION_DAYS)
    assert statuses(run_check(log_group_retention, _logs(long_enough))) == ["PASS"]
    [short] = run_check(log_group_retention, _logs(log_group(retentionInDays=30)))
    assert short.status is Status.FAIL and "30 days" in short.message


def test_kms_passes_with_a_key_and_fails_without() -> None:
    keyed = log_group(kmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k1")
    [result] = run_check(log_group_kms, _logs(keyed))
    assert result.status is Status.PASS and "key/k1" in result.message
    assert statuses(run_check(log_group_kms, _logs(log_group()))) == ["FAIL"]


def test_log_group_checks_error_when_log_groups_cannot_be_listed() -> None:
    denied = InventoryBuilder().unavailable("logs.log-groups", ACCESS_DENIED)
    assert statuses(run_check(log_group_retention, denied)) == ["ERROR"]
    assert statuses(run_check(log_group_kms, denied)) == ["ERROR"]
