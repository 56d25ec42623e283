"""Inspector findings checks: critical vulnerabilities on EC2 instances are fixed within the agreed time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checks._lib.dates import as_datetime
from checks._lib.finding_age import CRITICAL_FINDING_SLA_DAYS, Finding, finding_ages, listed, truncation_note
from checks._lib.security_services import not_enabled_here
from checks.inspector import SERVICE, _scanning_off, _status_not_returned
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity, Status

EC2_INSTANCE = "AWS_EC2_INSTANCE"


def _active_critical_on_instance(account_id: str) -> Callable[[Finding], bool]:
    """The collector asks ListFindings for exactly these; judged again so a filter the service ignored can
    never count a closed, suppressed or lower-severity finding, or another account's."""

    def is_open(finding: Finding) -> bool:
        return (
            finding.get("AwsAccountId") in (None, account_id)
            and finding.get("Status") == "ACTIVE"
            and finding.get("Severity") == "CRITICAL"
            and EC2_INSTANCE in (finding.get("ResourceTypes") or [])
        )

    return is_open


def _label(finding: Finding) -> str:
    instances = ", ".join(str(i).rsplit("/", 1)[-1] for i in finding.get("ResourceIds") or []) or "?"
    problem = finding.get("VulnerabilityId") or finding.get("Title") or finding.get("FindingArn")
    return f"{problem} on {instances}"


def _ec2_scanning_problem(scope: Scope) -> Result | None:
    """A FAIL (EC2 scanning off) or ERROR (status unknown) that makes an empty finding list meaningless."""
    statuses = scope.items("inspector.account-status")
    if not statuses:
        return not_enabled_here(scope, SERVICE)
    for status in statuses:
        if "Failed" in status.data:
            return _status_not_returned(scope, status)
        off = _scanning_off(status, ("ec2",))
        if off:
            return scope.failed(
                status,
                f"Inspector is not scanning EC2 instances here (not enabled for: {', '.join(off)}), so "
                "their vulnerabilities are unknown",
            )
    return None


@check(
    id="inspector.ec2.no-overdue-critical-findings",
    title="No critical Inspector finding on an EC2 instance stays open beyond the remediation SLA",
    uses=("inspector.ec2-critical-findings", "inspector.account-status"),
    severity=Severity.HIGH,
    rationale="A critical vulnerability on a running instance that stays open for weeks means Inspector "
    "reports it but nobody patches it; exploits for critical CVEs often appear within days.",
    remediation="Patch the instances (Patch Manager, or replace them from a rebuilt AMI), or suppress a "
    f"finding with a documented reason; close critical findings within {CRITICAL_FINDING_SLA_DAYS} days.",
)
def ec2_no_overdue_critical_findings(scope: Scope) -> Iterator[Result]:
    """PASS when Inspector scans EC2 instances in the region (account and EC2 status ENABLED) and none of
    this account's ACTIVE findings of severity CRITICAL on an AWS_EC2_INSTANCE resource was first observed
    more than 30 days (CRITICAL_FINDING_SLA_DAYS, after PCI DSS v4.0 requirement 6.3.3, shared with the
    Security Hub findings check) before the findings were read. FAIL when EC2 scanning is off here or such a
    finding is older. ERROR when the Inspector status, a finding's first-observed time or the read time
    cannot be read."""
    problem = _ec2_scanning_problem(scope)
    if problem is not None:
        yield problem
        return
    collected = scope.items("inspector.ec2-critical-findings")
    if not collected:
        yield scope.result(
            Status.ERROR, f"{scope.account_id}/{scope.region}", "not evaluated: no findings were read here"
        )
    for region_findings in collected:
        observed = as_datetime(region_findings.data.get("ObservedAt"))
        if observed is None:
            yield scope.on_item(region_findings, Status.ERROR, "not evaluated: the read time is unknown")
            continue
        ages = finding_ages(
            region_findings.data.get("Findings") or [],
            observed,
            is_open=_active_critical_on_instance(scope.account_id),
            label=_label,
        )
        if ages.overdue:
            yield scope.failed(
                region_findings,
                f"{len(ages.overdue)} critical Inspector finding(s) on EC2 instances open beyond "
                f"{CRITICAL_FINDING_SLA_DAYS} days: {listed(ages.overdue)}"
                f"{truncation_note(region_findings.data)}",
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
                f"no critical Inspector finding on an EC2 instance open beyond "
                f"{CRITICAL_FINDING_SLA_DAYS} days",
            )
