"""Security Hub: no critical failed control finding stays open beyond the SLA."""

from __future__ import annotations

from typing import Any

from checks.securityhub_findings import no_overdue_critical_findings
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

OBSERVED = "2026-06-30T00:00:00+00:00"


def finding(first: str | None, control: str = "EC2.19", **overrides: Any) -> dict[str, Any]:
    return {
        "Id": f"f-{control}",
        "AwsAccountId": ACCOUNT,
        "ControlId": control,
        "FirstObservedAt": first,
        "SeverityLabel": "CRITICAL",
        "ComplianceStatus": "FAILED",
        "RecordState": "ACTIVE",
        "WorkflowStatus": "NEW",
    } | overrides


def region(*findings: dict[str, Any], observed: str | None = OBSERVED, truncated: bool = False) -> Item:
    data = {"Findings": list(findings), "Truncated": truncated, "ObservedAt": observed}
    return item(f"{ACCOUNT}/{REGION}", data, name=f"{ACCOUNT}/{REGION}")


HUB = item(f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default", {"HubArn": "hub"})


def _run(*items: Item, hub: bool = True) -> list[Result]:
    inv = InventoryBuilder().add("securityhub.critical-control-findings", list(items))
    inv.add("securityhub.hubs", [HUB] if hub else [])
    return run_check(no_overdue_critical_findings, inv)


def test_passes_without_critical_findings_or_with_recent_ones_only() -> None:
    [empty] = _run(region())
    assert empty.status is Status.PASS and empty.evidence
    recent = finding("2026-06-10T00:00:00Z")
    resolved_old = finding("2026-01-01T00:00:00Z", "S3.1", WorkflowStatus="RESOLVED")
    high_old = finding("2026-01-01T00:00:00Z", "IAM.4", SeverityLabel="HIGH")
    other_account = finding("2026-01-01T00:00:00Z", "RDS.2", AwsAccountId="999999999999")
    assert statuses(_run(region(recent, resolved_old, high_old, other_account))) == ["PASS"]


def test_fails_when_a_critical_finding_is_older_than_the_sla_or_security_hub_is_off() -> None:
    [old] = _run(
        region(finding("2026-05-01T00:00:00Z"), finding("2026-06-20T00:00:00Z", "S3.8"), truncated=True)
    )
    assert old.status is Status.FAIL and "EC2.19 (open since 2026-05-01)" in old.message
    assert "S3.8" not in old.message and "more may exist" in old.message
    for off in (_run(), _run(region(), hub=False)):
        assert statuses(off) == ["FAIL"] and "not enabled" in off[0].message


def test_errors_when_findings_or_their_dates_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("securityhub.critical-control-findings", ACCESS_DENIED)
    denied.add("securityhub.hubs", [HUB])
    assert statuses(run_check(no_overdue_critical_findings, denied)) == ["ERROR"]
    assert statuses(_run(region(finding(None)))) == ["ERROR"]
    assert statuses(_run(region(finding("2026-06-10T00:00:00Z"), observed=None))) == ["ERROR"]
