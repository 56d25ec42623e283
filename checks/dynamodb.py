"""DynamoDB checks: tables can be restored to any second of the last 35 days."""

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
