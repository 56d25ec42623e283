"""DynamoDB checks: point-in-time recovery and customer managed keys."""

from __future__ import annotations

from typing import Any

from checks.dynamodb import table_kms, table_pitr
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk-1"


def table(status: str | None) -> Item:
    pitr = {} if status is None else {"PointInTimeRecoveryStatus": status, "RecoveryPeriodInDays": 35}
    data = {"TableName": "tracking", "ContinuousBackups": {"PointInTimeRecoveryDescription": pitr}}
    return item(f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/tracking", data)


def test_dynamodb_pitr_passes_fails_and_errors() -> None:
    def tables(*listed: Item) -> InventoryBuilder:
        return InventoryBuilder().add("dynamodb.tables", listed)

    [enabled] = run_check(table_pitr, tables(table("ENABLED")))
    assert enabled.status is Status.PASS and "35-day" in enabled.message
    assert statuses(run_check(table_pitr, tables(table("DISABLED")))) == ["FAIL"]
    assert statuses(run_check(table_pitr, tables(table(None)))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("dynamodb.tables", ACCESS_DENIED)
    assert statuses(run_check(table_pitr, denied)) == ["ERROR"]


def encrypted_table(sse: dict[str, Any] | None) -> InventoryBuilder:
    errors = {"Encryption": ACCESS_DENIED} if sse is None else {}
    data = {"TableName": "tracking", **({"Encryption": sse} if sse is not None else {})}
    tracking = item(f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/tracking", data, errors=errors)
    return InventoryBuilder().add("dynamodb.tables", [tracking])


def test_dynamodb_kms_passes_fails_and_errors() -> None:
    kms = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": CMK_ARN}
    [passed] = run_check(table_kms, encrypted_table(kms))
    assert passed.status is Status.PASS and CMK_ARN in passed.message
    [owned] = run_check(table_kms, encrypted_table({}))
    assert owned.status is Status.FAIL and "AWS owned" in owned.message
    inaccessible = {**kms, "Status": "INACCESSIBLE_ENCRYPTION_CREDENTIALS"}
    assert statuses(run_check(table_kms, encrypted_table(inaccessible))) == ["FAIL"]
    assert statuses(run_check(table_kms, encrypted_table(None))) == ["ERROR"]
