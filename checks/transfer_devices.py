"""Transfer devices and connected things: Snowball jobs protect their data with a customer managed key, and
where IoT things exist, Device Defender audits them on a schedule."""

from __future__ import annotations

from checks.kms import key_manager
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="snowball.job.cmk",
    title="Snowball jobs encrypt the data on the device with a customer managed KMS key",
    for_each="snowball.jobs",
    uses=("kms.keys",),
    severity=Severity.MEDIUM,
    rationale="A Snowball device travels outside the organization's premises with a copy of its data; with a "
    "customer managed key the organization decides who may unlock it and sees every use in CloudTrail.",
    remediation="Create new jobs with --kms-key-arn set to a customer managed key; a job's key cannot be "
    "changed once the device has shipped.",
)
def job_cmk(job: Item, scope: Scope) -> Result:
    """PASS when the job's KmsKeyARN (DescribeJob) resolves to a customer managed key (or a key of another
    account); the AWS managed key Snowball uses by default is a FAIL; no key reported, or a key that cannot
    be resolved against this account's collected keys, is an ERROR."""
    reference = job["Job"].get("KmsKeyARN")
    state = job.data.get("JobState") or "unknown state"
    if not reference:
        return scope.on_item(job, Status.ERROR, f"not evaluated: job ({state}) reports no KmsKeyARN")
    verdict = key_manager(str(reference), scope)
    evidence = verdict.key.evidence if verdict.key else ()
    message = f"job ({state}) encrypts with {verdict.description}"
    if verdict.manager == "CUSTOMER":
        return scope.passed(job, message, evidence=evidence)
    if verdict.manager == "AWS":
        return scope.failed(job, message, evidence=evidence)
    return scope.on_item(job, Status.ERROR, f"not evaluated: {message}", evidence=evidence)


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
