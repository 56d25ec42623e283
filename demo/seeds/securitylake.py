"""Demo: Security Lake (moto has none: answers the simulated accounts give, see demo.simulated_apis). The
security account, its delegated administrator (the `organizations` seed), runs the data lake in the home
region only, collecting the core sources of every account; it is read by the shared-services SOC account
and by a partner outside the organization."""

from __future__ import annotations

from typing import Any

from checks.securitylake_coverage import REQUIRED_SOURCES
from demo.seeds._lib.outsiders import PARTNER_ACCOUNT
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    world.apis.answer("securitylake", "ListDataLakes", {"dataLakes": []})
    lake = {
        "dataLakeArn": f"arn:aws:securitylake:{HOME}:{security}:data-lake/default",
        "region": HOME,
        "createStatus": "COMPLETED",
        "s3BucketArn": f"arn:aws:s3:::aws-security-data-lake-{HOME}-{security}",
        "lifecycleConfiguration": {"expiration": {"days": 365}},
    }
    world.apis.answer("securitylake", "ListDataLakes", {"dataLakes": [lake]}, account=security, region=HOME)
    subscribers = [
        _subscriber(security, "soc-analytics", world.org.account_id("shared-services"), "LAKEFORMATION"),
        _subscriber(security, "mdr-partner", PARTNER_ACCOUNT, "S3"),
    ]
    world.apis.answer(
        "securitylake", "ListSubscribers", {"subscribers": subscribers}, account=security, region=HOME
    )
    _security_lake_sources(world)


def _subscriber(lake_account: str, name: str, principal: str, access: str) -> dict[str, Any]:
    return {
        "subscriberId": name,
        "subscriberArn": f"arn:aws:securitylake:{HOME}:{lake_account}:subscriber/{name}",
        "subscriberName": name,
        "subscriberIdentity": {"principal": principal, "externalId": f"{name}-external-id"},
        "sources": [{"awsLogSource": {"sourceName": "CLOUD_TRAIL_MGMT", "sourceVersion": "2.0"}}],
        "accessTypes": [access],
        "subscriberStatus": "ACTIVE",
    }


def _security_lake_sources(world: DemoWorld) -> None:
    """The lake collects the core sources of every account."""
    security = world.org.account_id("security")
    accounts = sorted({world.org.management_account_id, *world.org.accounts.values()})
    listed = [{"awsLogSource": {"sourceName": name, "sourceVersion": "2.0"}} for name in REQUIRED_SOURCES]
    entries = [{"account": account, "region": HOME, "sources": listed} for account in accounts]
    world.apis.answer("securitylake", "ListLogSources", {"sources": entries}, account=security, region=HOME)
