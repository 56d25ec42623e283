"""IoT checks: where IoT things exist, Device Defender audits them on a schedule."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="iot.device-defender.audit-scheduled",
    title="Where IoT things exist, Device Defender audit checks are enabled and run on a schedule",
    for_each="iot.device-defender-audit",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Device Defender audits find devices sharing certificates, overly permissive IoT policies and "
    "expiring or revoked certificates; enabled checks do nothing until an audit runs, so a schedule is what "
    "makes them evidence.",
    remediation="aws iot update-account-audit-configuration --role-arn ROLE --audit-check-configurations "
    '\'{"DEVICE_CERTIFICATE_SHARED_CHECK":{"enabled":true}, ...}\', then aws iot create-scheduled-audit '
    "--frequency WEEKLY --day-of-week MON --target-check-names ... --scheduled-audit-name weekly",
)
def audit_scheduled(settings: Item, scope: Scope) -> Result:
    """NOT_APPLICABLE when the region has no IoT things. Otherwise PASS when at least one audit check is
    enabled in DescribeAccountAuditConfiguration and at least one scheduled audit exists; FAIL when no check
    is enabled or nothing is scheduled; ERROR when either could not be read."""
    if not settings.data.get("HasThings"):
        return scope.on_item(settings, Status.NOT_APPLICABLE, "no IoT things registered in this region")
    checks = settings["AuditConfiguration"].get("auditCheckConfigurations") or {}
    enabled = sorted(name for name, config in checks.items() if (config or {}).get("enabled") is True)
    schedules = [str(s.get("scheduledAuditName", "?")) for s in settings["ScheduledAudits"]]
    if not enabled:
        return scope.failed(settings, "IoT things exist but no Device Defender audit check is enabled")
    if not schedules:
        return scope.failed(
            settings, f"{len(enabled)} audit check(s) enabled but no scheduled audit runs them"
        )
    return scope.passed(
        settings,
        f"{len(enabled)} audit check(s) enabled, run by scheduled audit(s) {', '.join(schedules)}",
        details={"enabled_checks": enabled},
    )
