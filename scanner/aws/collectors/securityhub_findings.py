"""Security Hub: this account's active, failed, critical control findings, oldest first, bounded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.securityhub import NOT_SUBSCRIBED
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

PAGE_SIZE = 100
MAX_PAGES = 10  # at most 1,000 findings per account and region; oldest first, so the oldest are never cut


def _finding_filters(account_id: str) -> dict[str, Any]:
    def equals(*values: str) -> list[dict[str, str]]:
        return [{"Value": v, "Comparison": "EQUALS"} for v in values]

    return {
        "AwsAccountId": equals(account_id),
        "RecordState": equals("ACTIVE"),
        "ComplianceStatus": equals("FAILED"),
        "SeverityLabel": equals("CRITICAL"),
        "WorkflowStatus": equals("NEW", "NOTIFIED"),
    }


def _summary(finding: dict[str, Any]) -> dict[str, Any]:
    """The fields the checks judge; the full finding stays in the evidence."""
    compliance = finding.get("Compliance") or {}
    return {
        "Id": finding.get("Id"),
        "AwsAccountId": finding.get("AwsAccountId"),
        "Title": finding.get("Title"),
        "ControlId": compliance.get("SecurityControlId")
        or (finding.get("ProductFields") or {}).get("ControlId"),
        "ResourceIds": [r.get("Id") for r in finding.get("Resources") or []],
        "FirstObservedAt": finding.get("FirstObservedAt") or finding.get("CreatedAt"),
        "SeverityLabel": (finding.get("Severity") or {}).get("Label"),
        "ComplianceStatus": compliance.get("Status"),
        "RecordState": finding.get("RecordState"),
        "WorkflowStatus": (finding.get("Workflow") or {}).get("Status"),
    }


def collect_critical_control_findings(api: Api) -> Iterator[Item]:
    # GetFindings is not paginated through api.paginate here: the pages are bounded, and oldest first.
    findings: list[dict[str, Any]] = []
    token: str | None = None
    observed = dt.datetime.now(dt.UTC).isoformat()
    for _ in range(MAX_PAGES):
        page = api.optional(
            "get_findings",
            absent=NOT_SUBSCRIBED,
            Filters=_finding_filters(api.account_id),
            SortCriteria=[{"Field": "FirstObservedAt", "SortOrder": "asc"}],
            MaxResults=PAGE_SIZE,
            **({"NextToken": token} if token else {}),
        )
        if page is None:
            return  # Security Hub is not enabled here: no item
        findings.extend(_summary(f) for f in page.get("Findings", []))
        token = page.get("NextToken")
        if not token:
            break
    data = {"Findings": findings, "Truncated": bool(token), "ObservedAt": observed}
    yield api.resource(f"{api.account_id}/{api.region}", f"{api.account_id}/{api.region}", data).build()


DATASETS = (
    Dataset(
        name="securityhub.critical-control-findings",
        service="securityhub",
        reach=Reach.REGIONAL,
        description="This account's active Security Hub findings of failed controls with critical severity "
        "and workflow NEW or NOTIFIED, oldest first (at most 1,000); absent when Security Hub is off.",
        calls={"GetFindings": "securityhub:GetFindings"},
        collect=collect_critical_control_findings,
    ),
)
