"""Security Hub findings checks: critical failed controls are fixed within the agreed time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from checks.dates import as_datetime, day
from checks.security_services import not_enabled_here
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Days a critical failed control may stay open. No seed names a number; 30 days follows PCI DSS v4.0
# requirement 6.3.3 (critical fixes within one month), the common remediation SLA for critical findings.
CRITICAL_FINDING_SLA_DAYS = 30


def _open_critical_failure(finding: dict[str, Any], account_id: str) -> bool:
    """The collector asks GetFindings for exactly these; judged again so a filter the service ignored can
    never count a closed or lower-severity finding."""
    return (
        finding.get("AwsAccountId") in (None, account_id)
        and finding.get("RecordState") == "ACTIVE"
        and finding.get("ComplianceStatus") == "FAILED"
        and finding.get("SeverityLabel") == "CRITICAL"
        and finding.get("WorkflowStatus") in ("NEW", "NOTIFIED")
    )


def _overdue(region_findings: Item, account_id: str) -> tuple[list[str], list[str]] | None:
    """(overdue finding labels, finding ids without a readable first-observed time), or None when the read
    time is unknown."""
    observed = as_datetime(region_findings.data.get("ObservedAt"))
    if observed is None:
        return None
    deadline = observed - dt.timedelta(days=CRITICAL_FINDING_SLA_DAYS)
    overdue: list[str] = []
    undated: list[str] = []
    for finding in region_findings.data.get("Findings") or []:
        if not _open_critical_failure(finding, account_id):
            continue
        first = as_datetime(finding.get("FirstObservedAt"))
        label = f"{finding.get('ControlId') or finding.get('Title') or finding.get('Id')}"
        if first is None:
            undated.append(label)
        elif first < deadline:
            overdue.append(f"{label} (open since {day(first)})")
    return overdue, undated


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
        judged = _overdue(region_findings, scope.account_id)
        if judged is None:
            yield scope.on_item(region_findings, Status.ERROR, "not evaluated: the read time is unknown")
            continue
        overdue, undated = judged
        more = (
            " (more may exist beyond the 1,000 oldest read)" if region_findings.data.get("Truncated") else ""
        )
        if overdue:
            shown = ", ".join(overdue[:10]) + (f" and {len(overdue) - 10} more" if len(overdue) > 10 else "")
            yield scope.failed(
                region_findings,
                f"{len(overdue)} critical failed control finding(s) open beyond "
                f"{CRITICAL_FINDING_SLA_DAYS} days: {shown}{more}",
            )
        elif undated:
            yield scope.on_item(
                region_findings,
                Status.ERROR,
                f"not evaluated: first-observed time unreadable for {', '.join(undated[:10])}",
            )
        else:
            yield scope.passed(
                region_findings,
                f"no critical failed control finding open beyond {CRITICAL_FINDING_SLA_DAYS} days",
            )
