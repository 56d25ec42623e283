"""AWS Trusted Advisor (through the Support API): the security-category checks and their latest results.

The Support API answers only on the Business, Enterprise On-Ramp and Enterprise support plans; on other plans
it refuses with SubscriptionRequiredException, which is data (the plan has no Trusted Advisor security
checks to review), recorded as a single item saying so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

NO_SUPPORT_PLAN = ("SubscriptionRequiredException",)
SECURITY = "security"


def check_result(api: Api, check_id: str) -> dict[str, Any]:
    """The latest result: status (ok, warning, error, not_available) and the flagged resources' count."""
    result: dict[str, Any] = api.call(
        "describe_trusted_advisor_check_result", checkId=check_id, language="en"
    )["result"]
    return {k: v for k, v in result.items() if k != "flaggedResources"} | {
        "flaggedResourceCount": len(result.get("flaggedResources") or [])
    }


def collect_security_checks(api: Api) -> Iterator[Item]:
    listing = api.optional("describe_trusted_advisor_checks", absent=NO_SUPPORT_PLAN, language="en")
    if listing is None:
        marker = f"arn:{api.partition}:trustedadvisor::{api.account_id}:checks"
        yield api.resource(marker, "Trusted Advisor", {"Available": False}).build()
        return
    for advisor_check in listing.get("checks", []):
        if advisor_check.get("category") != SECURITY:
            continue
        check_id = advisor_check["id"]
        arn = f"arn:{api.partition}:trustedadvisor::{api.account_id}:checks/{SECURITY}/{check_id}"
        data = {"Available": True, "Id": check_id, "Name": advisor_check.get("name"), "Category": SECURITY}
        builder = api.resource(arn, str(advisor_check.get("name") or check_id), data)
        builder.aspect("Result", check_result, api, check_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="support.trusted-advisor-security",
        service="support",
        reach=Reach.GLOBAL,
        description="Trusted Advisor's security checks with the status of their latest result (Business "
        "support or higher; otherwise one item recording that the plan has none).",
        calls={
            "DescribeTrustedAdvisorChecks": "support:DescribeTrustedAdvisorChecks",
            "DescribeTrustedAdvisorCheckResult": "support:DescribeTrustedAdvisorCheckResult",
        },
        collect=collect_security_checks,
    ),
)
