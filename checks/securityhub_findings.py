"""Security Hub findings checks: critical failed controls are fixed within the agreed time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checks._lib.dates import as_datetime
from checks._lib.finding_age import CRITICAL_FINDING_SLA_DAYS, Finding, finding_ages, listed, truncation_note
from checks._lib.security_services import not_enabled_here
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity, Status


def _open_critical_failure(account_id: str) -> Callable[[Finding], bool]:
    """The collector asks GetFindings for exactly these; judged again so a filter the service ignored can
    never count a closed or lower-severity finding."""

    def is_open(finding: Finding) -> bool:
        return (
            finding.get("AwsAccountId") in (None, account_id)
            and finding.get("RecordState") == "ACTIVE"
            and finding.get("ComplianceStatus") == "FAILED"
            and finding.get("SeverityLabel") == "CRITICAL"
            and finding.get("WorkflowStatus") in ("NEW", "NOTIFIED")
        )

    return is_open


def _label(finding: Finding) -> str:
    return str(finding.get("ControlId") or finding.get("Title") or finding.get("Id"))


@check(
    id="securityhub.no-overdue-critical-findings",
    title="No critical failed Security Hub control stays open beyond the remediation SLA",
    uses=("securityhub.critical-control-findings", "securityhub.hubs"),
    severity=Severity.HIGH,
    rationale="A critical control failure (a public snapshot, root access keys, an open admin port) that "
    "stays open for weeks means findings are collected but nobody works them down.",
    remediation="Fix the failed controls, or suppress a finding with a documented reason in its workflow; "
    f"track critical failures to closure within {CRITICAL_FINDING_SLA_DAYS} days.",
)
def no_overdue_critical_findings(scope: Scope) -> Iterator[Result]:
    """PASS when Security Hub is on in the region (DescribeHub answers) and none of this account's ACTIVE
    control findings with compliance status FAILED, severity CRITICAL and workflow NEW or NOTIFIED was first
    observed more than 30 days (CRITICAL_FINDING_SLA_DAYS, after PCI DSS v4.0 6.3.3) before the scan. FAIL
    when Security Hub is not enabled here or such a finding is older. ERROR when a finding's first-observed
    time or the read time cannot be read."""
    collected = scope.items("securityhub.critical-control-findings")
    if not collected or not scope.items("securityhub.hubs"):
        yield not_enabled_here(scope, "Security Hub")
        return
    for region_findings in collected:
        observed = as_datetime(region_findings.data.get("ObservedAt"))
        if observed is None:
            yield scope.on_item(region_findings, Status.ERROR, "not evaluated: the read time is unknown")
            continue
        ages = finding_ages(
            region_findings.data.get("Findings") or [],
            observed,
            is_open=_open_critical_failure(scope.account_id),
            label=_label,
        )
        if ages.overdue:
            more = truncation_note(region_findings.data)
            yield scope.failed(
                region_findings,
                f"{len(ages.overdue)} critical failed control finding(s) open beyond "
                f"{CRITICAL_FINDING_SLA_DAYS} days: {listed(ages.overdue)}{more}",
            )
        elif ages.undated:
            yield scope.on_item(
                region_findings,
                Status.ERROR,
                f"not evaluated: first-observed time unreadable for {listed(ages.undated)}",
            )
        else:
            yield scope.passed(
                region_findings,
                f"no critical failed control finding open beyond {CRITICAL_FINDING_SLA_DAYS} days",
            )
