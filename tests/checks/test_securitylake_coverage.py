"""Security Lake: where data lakes exist, one per region, created, kept a year, with the core sources."""

from __future__ import annotations

from typing import Any

from checks.securitylake_coverage import REQUIRED_SOURCES, data_lake_complete
from scanner.errors import Reason, ReasonKind
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

OTHER_REGION = "eu-west-2"
MGMT = "222222222222"
MEMBER = "333333333333"


def sources(account: str, *names: str, region: str = REGION) -> dict[str, Any]:
    listed = [{"awsLogSource": {"sourceName": n, "sourceVersion": "2.0"}} for n in names]
    return {"account": account, "region": region, "sources": listed}


def lake(
    region: str = REGION,
    log_sources: list[dict[str, Any]] | None = None,
    errors: dict[str, Reason] | None = None,
    **detail: Any,
) -> Item:
    arn = f"arn:aws:securitylake:{region}:{ACCOUNT}:data-lake/default"
    data = {
        "dataLakeArn": arn,
        "region": region,
        "createStatus": "COMPLETED",
        "lifecycleConfiguration": {"expiration": {"days": 400}},
        "LogSources": [sources(ACCOUNT, *REQUIRED_SOURCES, region=region)]
        if log_sources is None
        else log_sources,
    } | detail
    return item(arn, data, name=f"{ACCOUNT}/{region}", region=region, errors=errors)


def _run(*lakes: Item, regions: tuple[str, ...] = (REGION,), org: bool = False) -> list[Result]:
    inv = InventoryBuilder()
    for region in regions:
        inv.add("securitylake.data-lakes", [x for x in lakes if x.region == region], region=region)
    if not org:
        return run_check(data_lake_complete, inv, regions=regions)
    tree = org_of(MGMT, ACCOUNT, MEMBER)
    return run_check(data_lake_complete, inv, accounts=[tree.accounts[ACCOUNT]], regions=regions, org=tree)


def test_passes_for_a_complete_lake_in_every_region() -> None:
    results = _run(lake(), lake(OTHER_REGION), regions=(REGION, OTHER_REGION))
    assert statuses(results) == ["PASS", "PASS"] and all(r.evidence for r in results)
    [unlimited] = _run(lake(lifecycleConfiguration={}))
    assert unlimited.status is Status.PASS and "without expiration" in unlimited.message


def test_fails_for_a_missing_region_status_short_retention_or_missing_sources() -> None:
    missing = _run(lake(), regions=(REGION, OTHER_REGION))
    assert sorted(statuses(missing)) == ["FAIL", "PASS"]
    [gap] = [r for r in missing if r.status is Status.FAIL]
    assert gap.region == OTHER_REGION and "no Security Lake data lake in eu-west-2" in gap.message
    [pending] = _run(lake(createStatus="PENDING"))
    assert pending.status is Status.FAIL and "PENDING" in pending.message
    [short] = _run(lake(lifecycleConfiguration={"expiration": {"days": 90}}))
    assert short.status is Status.FAIL and "90 days" in short.message
    [no_dns] = _run(lake(log_sources=[sources(ACCOUNT, "SH_FINDINGS", "CLOUD_TRAIL_MGMT", "VPC_FLOW")]))
    assert no_dns.status is Status.FAIL and "ROUTE53" in no_dns.message


def test_every_organization_account_must_be_collected() -> None:
    member_partial = [
        sources(ACCOUNT, *REQUIRED_SOURCES),
        sources(MGMT, *REQUIRED_SOURCES),
        sources(MEMBER, "CLOUD_TRAIL_MGMT"),
    ]
    [result] = _run(lake(log_sources=member_partial), org=True)
    assert result.status is Status.FAIL and MEMBER in result.message and MGMT not in result.message
    complete = [sources(a, *REQUIRED_SOURCES) for a in (ACCOUNT, MGMT, MEMBER)]
    assert statuses(_run(lake(log_sources=complete), org=True)) == ["PASS"]


def test_accounts_without_any_lake_are_not_applicable() -> None:
    [result] = _run(regions=(REGION, OTHER_REGION))
    assert result.status is Status.NOT_APPLICABLE and "optional" in result.message


def test_errors_when_lakes_or_their_sources_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("securitylake.data-lakes", ACCESS_DENIED)
    assert statuses(run_check(data_lake_complete, denied)) == ["ERROR"]
    [unread] = _run(lake(errors={"LogSources": ACCESS_DENIED}))
    assert unread.status is Status.ERROR and "log sources" in unread.message


def test_a_disabled_region_is_not_a_missing_lake() -> None:
    inv = InventoryBuilder().add("securitylake.data-lakes", [lake()], region=REGION)
    inv.unavailable(
        "securitylake.data-lakes", Reason(ReasonKind.REGION_DISABLED, "not enabled"), region=OTHER_REGION
    )
    assert statuses(run_check(data_lake_complete, inv, regions=(REGION, OTHER_REGION))) == ["PASS"]
