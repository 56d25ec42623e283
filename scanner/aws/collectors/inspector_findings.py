"""Amazon Inspector: this account's active critical findings on EC2 instances, oldest first, bounded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

PAGE_SIZE = 100  # ListFindings accepts at most 100 per page
MAX_PAGES = 10  # at most 1,000 findings per account and region; oldest first, so the oldest are never cut


def _finding_filters(account_id: str) -> dict[str, Any]:
    def equals(value: str) -> list[dict[str, str]]:
        return [{"comparison": "EQUALS", "value": value}]

    # The delegated administrator sees every member's findings: the account filter keeps this account's own.
    return {
        "awsAccountId": equals(account_id),
        "findingStatus": equals("ACTIVE"),
        "severity": equals("CRITICAL"),
        "resourceType": equals("AWS_EC2_INSTANCE"),
    }


def _summary(finding: dict[str, Any]) -> dict[str, Any]:
    """The fields the check judges; the full finding stays in the evidence."""
    resources = finding.get("resources") or []
    vulnerability = finding.get("packageVulnerabilityDetails") or {}
    return {
        "FindingArn": finding.get("findingArn"),
        "AwsAccountId": finding.get("awsAccountId"),
        "Title": finding.get("title"),
        "VulnerabilityId": vulnerability.get("vulnerabilityId"),
        "Severity": finding.get("severity"),
        "Status": finding.get("status"),
        "ResourceTypes": [r.get("type") for r in resources],
        "ResourceIds": [r.get("id") for r in resources],
        "FirstObservedAt": finding.get("firstObservedAt"),
        "FixAvailable": finding.get("fixAvailable"),
    }


def collect_ec2_critical_findings(api: Api) -> Iterator[Item]:
    # Not paginated through api.paginate: the pages are bounded, and sorted oldest first.
    findings: list[dict[str, Any]] = []
    token: str | None = None
    observed = dt.datetime.now(dt.UTC).isoformat()
    for _ in range(MAX_PAGES):
        page = api.call(
            "list_findings",
            filterCriteria=_finding_filters(api.account_id),
            sortCriteria={"field": "FIRST_OBSERVED_AT", "sortOrder": "ASC"},
            maxResults=PAGE_SIZE,
            **({"nextToken": token} if token else {}),
        )
        findings.extend(_summary(f) for f in page.get("findings", []))
        token = page.get("nextToken")
        if not token:
            break
    data = {"Findings": findings, "Truncated": bool(token), "ObservedAt": observed}
    yield api.resource(f"{api.account_id}/{api.region}", f"{api.account_id}/{api.region}", data).build()


DATASETS = (
    Dataset(
        name="inspector.ec2-critical-findings",
        service="inspector2",
        reach=Reach.REGIONAL,
        description="This account's active Inspector findings of critical severity on EC2 instances, oldest "
        "first (at most 1,000), with when each was first observed.",
        calls={"ListFindings": "inspector2:ListFindings"},
        collect=collect_ec2_critical_findings,
    ),
)
