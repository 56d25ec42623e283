"""Inspector: no critical finding on an EC2 instance stays open beyond the SLA."""

from __future__ import annotations

from typing import Any

from checks.inspector_findings import ec2_no_overdue_critical_findings
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

OBSERVED = "2026-06-30T00:00:00+00:00"
INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc"


def finding(first: str | None, cve: str = "CVE-2024-6387", **overrides: Any) -> dict[str, Any]:
    return {
        "FindingArn": f"arn:aws:inspector2:{REGION}:{ACCOUNT}:finding/{cve}",
        "AwsAccountId": ACCOUNT,
        "VulnerabilityId": cve,
        "Severity": "CRITICAL",
        "Status": "ACTIVE",
        "ResourceTypes": ["AWS_EC2_INSTANCE"],
        "ResourceIds": [INSTANCE],
        "FirstObservedAt": first,
    } | overrides


def region(*findings: dict[str, Any], observed: str | None = OBSERVED, truncated: bool = False) -> Item:
    data = {"Findings": list(findings), "Truncated": truncated, "ObservedAt": observed}
    return item(f"{ACCOUNT}/{REGION}", data, name=f"{ACCOUNT}/{REGION}")


def account_status(account: str = "ENABLED", ec2: str = "ENABLED") -> Item:
    data = {"accountId": ACCOUNT, "state": {"status": account}, "resourceState": {"ec2": {"status": ec2}}}
    return item(f"{ACCOUNT}/{REGION}", data, name=ACCOUNT)


def _run(*regions: Item, status: list[Item] | None = None) -> list[Result]:
    inv = InventoryBuilder().add("inspector.ec2-critical-findings", list(regions))
    inv.add("inspector.account-status", [account_status()] if status is None else status)
    return run_check(ec2_no_overdue_critical_findings, inv)


def test_passes_without_critical_findings_or_with_recent_or_closed_ones_only() -> None:
    [empty] = _run(region())
    assert empty.status is Status.PASS and empty.evidence
    recent = finding("2026-06-10T00:00:00Z")
    closed_old = finding("2026-01-01T00:00:00Z", "CVE-2023-1", Status="CLOSED")
    suppressed_old = finding("2026-01-01T00:00:00Z", "CVE-2023-2", Status="SUPPRESSED")
    high_old = finding("2026-01-01T00:00:00Z", "CVE-2023-3", Severity="HIGH")
    image_old = finding("2026-01-01T00:00:00Z", "CVE-2023-4", ResourceTypes=["AWS_ECR_CONTAINER_IMAGE"])
    member_old = finding("2026-01-01T00:00:00Z", "CVE-2023-5", AwsAccountId="999999999999")
    assert statuses(_run(region(recent, closed_old, suppressed_old, high_old, image_old, member_old))) == [
        "PASS"
    ]


def test_fails_when_a_critical_instance_finding_is_older_than_the_sla() -> None:
    [old] = _run(
        region(finding("2026-05-01T00:00:00Z"), finding("2026-06-20T00:00:00Z", "CVE-2"), truncated=True)
    )
    assert old.status is Status.FAIL
    assert "CVE-2024-6387 on i-0abc (open since 2026-05-01)" in old.message
    assert "CVE-2 " not in old.message and "more may exist" in old.message


def test_fails_when_inspector_does_not_scan_ec2_here() -> None:
    for status in ([], [account_status(ec2="DISABLED")], [account_status(account="DISABLED")]):
        [off] = _run(region(), status=status)
        assert off.status is Status.FAIL and "not" in off.message


def test_errors_when_findings_status_or_dates_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("inspector.ec2-critical-findings", ACCESS_DENIED)
    denied.add("inspector.account-status", [account_status()])
    assert statuses(run_check(ec2_no_overdue_critical_findings, denied)) == ["ERROR"]
    failed = item(f"{ACCOUNT}/{REGION}", {"Failed": {"errorCode": "ACCESS_DENIED"}}, name=ACCOUNT)
    assert statuses(_run(region(), status=[failed])) == ["ERROR"]
    assert statuses(_run(region(finding(None)))) == ["ERROR"]
    assert statuses(_run(region(finding("2026-06-10T00:00:00Z"), observed=None))) == ["ERROR"]
