"""Demo: IAM Access Analyzer (moto has none: the analyzers are answers the simulated accounts give, see
demo.simulated_apis). The only organization analyzer sits in tenant-a, where the `organizations` seed wrongly
delegated Access Analyzer, and only in us-east-1; so eu-west-2 is uncovered except where an account runs its
own analyzer, as the security account does in both regions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

CREATED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _analyzer(account: str, region: str, name: str, zone_of_trust: str) -> dict[str, Any]:
    return {
        "arn": f"arn:aws:access-analyzer:{region}:{account}:analyzer/{name}",
        "name": name,
        "type": zone_of_trust,
        "createdAt": CREATED,
        "status": "ACTIVE",
    }


def seed(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": []})
    tenant_a = world.org.account_id("tenant-a")
    organization_analyzer = _analyzer(tenant_a, HOME, "organization-external-access", "ORGANIZATION")
    apis.answer(
        "accessanalyzer",
        "ListAnalyzers",
        {"analyzers": [organization_analyzer]},
        account=tenant_a,
        region=HOME,
    )
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        own = _analyzer(security, region, f"security-{region}", "ACCOUNT")
        apis.answer("accessanalyzer", "ListAnalyzers", {"analyzers": [own]}, account=security, region=region)
