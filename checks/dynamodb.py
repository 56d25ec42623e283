"""DynamoDB checks: tables can be restored to any second of the last 35 days, and are encrypted with a KMS
key the account can see and control."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="dynamodb.table.pitr",
    title="DynamoDB tables have point-in-time recovery",
    for_each="dynamodb.tables",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Point-in-time recovery restores a table to any second of its recovery window after a bad "
    "write, a faulty deployment or a malicious delete; on-demand backups restore only to when they were "
    "taken.",
    remediation="aws dynamodb update-continuous-backups --table-name TABLE "
    "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
)
def table_pitr(table: Item, scope: Scope) -> Result:
    """PASS when DescribeContinuousBackups reports point-in-time recovery ENABLED for the table; DISABLED is
    a FAIL, and an answer without a recovery status is an ERROR."""
    pitr = table["ContinuousBackups"].get("PointInTimeRecoveryDescription") or {}
    status = str(pitr.get("PointInTimeRecoveryStatus") or "").upper()
    if not status:
        return scope.on_item(table, Status.ERROR, "not evaluated: no point-in-time recovery status reported")
    if status == "ENABLED":
        window = pitr.get("RecoveryPeriodInDays")
        days = f" ({window}-day window)" if window else ""
        return scope.passed(table, f"point-in-time recovery is enabled{days}")
    return scope.failed(table, f"point-in-time recovery is {status}")


@check(
    id="dynamodb.table.kms",
    title="DynamoDB tables are encrypted with a KMS key",
    for_each="dynamodb.tables",
    uses=(),
    severity=Severity.LOW,
    rationale="Every table is encrypted at rest; with a KMS key (AWS managed aws/dynamodb or customer "
    "managed) each use of the key is logged in CloudTrail and, for a customer managed key, governed by the "
    "organization's key policy. The default AWS owned key gives neither.",
    remediation="aws dynamodb update-table --table-name TABLE --sse-specification "
    "Enabled=true,SSEType=KMS,KMSMasterKeyId=KEY",
)
def table_kms(table: Item, scope: Scope) -> Result:
    """PASS when DescribeTable's SSEDescription reports SSEType KMS with Status ENABLED (or UPDATING to it),
    naming the key; no SSEDescription (the AWS owned default key) is a FAIL, as is a KMS key that is
    DISABLED or INACCESSIBLE_ENCRYPTION_CREDENTIALS."""
    sse = table["Encryption"]
    if not sse:
        return scope.failed(table, "encrypted with the default AWS owned key, not a KMS key")
    status = str(sse.get("Status") or "unknown")
    key = sse.get("KMSMasterKeyArn") or "an unnamed key"
    if str(sse.get("SSEType")).upper() == "KMS" and status.upper() in ("ENABLED", "UPDATING"):
        return scope.passed(table, f"encrypted with KMS key {key} ({status})")
    return scope.failed(table, f"server-side encryption {sse.get('SSEType')} is {status} (key {key})")
