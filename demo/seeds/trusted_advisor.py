"""Demo: Trusted Advisor (the AWS Support API; answers the simulated accounts give, see demo.simulated_apis).
Only the security account has Business support, and its Trusted Advisor flags an open security group; every
other account is on Developer support, which has no Trusted Advisor API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from demo.simulated_apis import ApiError
from demo.world import DemoWorld

TRUSTED_ADVISOR_SECURITY = (
    ("HCP4007jGY", "Security Groups - Specific Ports Unrestricted"),
    ("Pfx0RwqBli", "Amazon S3 Bucket Permissions"),
    ("7DAFEmoDos", "MFA on Root Account"),
)


def seed(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer(
        "support",
        "DescribeTrustedAdvisorChecks",
        ApiError("SubscriptionRequiredException", "AWS Premium Support Subscription is required", 400),
    )
    security = world.org.account_id("security")
    listing = [
        {"id": check_id, "name": name, "description": "", "category": "security", "metadata": []}
        for check_id, name in TRUSTED_ADVISOR_SECURITY
    ]
    apis.answer("support", "DescribeTrustedAdvisorChecks", {"checks": listing}, account=security)

    def result(params: Mapping[str, Any]) -> Mapping[str, Any]:
        check_id = str(params.get("checkId"))
        red = check_id == "HCP4007jGY"
        return {
            "result": {
                "checkId": check_id,
                "timestamp": "2026-11-30T06:00:00Z",
                "status": "error" if red else "ok",
                "resourcesSummary": {
                    "resourcesProcessed": 12,
                    "resourcesFlagged": 1 if red else 0,
                    "resourcesIgnored": 0,
                    "resourcesSuppressed": 0,
                },
                "categorySpecificSummary": {},
                "flaggedResources": [{"status": "error", "resourceId": "sg-0demo", "metadata": []}]
                if red
                else [],
            }
        }

    apis.answer("support", "DescribeTrustedAdvisorCheckResult", result, account=security)
