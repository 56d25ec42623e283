"""Control Tower checks: the landing zone is active and in sync."""

from __future__ import annotations

from typing import Any

from checks.controltower import landing_zone_in_sync
from scanner.model import Account, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MEMBER_A, MEMBER_B = "222222222222", "333333333333"


LANDING_ZONE_ARN = f"arn:aws:controltower:{REGION}:{ACCOUNT}:landingzone/1A2B3C"


def landing_zones(status: str = "ACTIVE", drift: str | None = "IN_SYNC") -> InventoryBuilder:
    detail: dict[str, Any] = {"version": "3.3", "status": status}
    if drift is not None:
        detail["driftStatus"] = {"status": drift}
    zone = item(LANDING_ZONE_ARN, {"arn": LANDING_ZONE_ARN, "LandingZone": detail})
    return InventoryBuilder().add("controltower.landing-zones", [zone])


def judge_zone(inventory: InventoryBuilder) -> list[Any]:
    accounts = [Account(ACCOUNT, "mgmt"), Account(MEMBER_A, "member")]
    return run_check(landing_zone_in_sync, inventory, org=org_of(ACCOUNT, MEMBER_A), accounts=accounts)


def test_control_tower_landing_zone_in_sync() -> None:
    results = judge_zone(landing_zones())
    # The management account's landing zone answers for every account of the organization.
    assert {r.account_id for r in results} == {ACCOUNT, MEMBER_A}
    in_sync = results[0]
    assert in_sync.status is Status.PASS and "3.3" in in_sync.message
    assert set(statuses(judge_zone(landing_zones(drift="DRIFTED")))) == {"FAIL"}
    assert set(statuses(judge_zone(landing_zones(status="FAILED")))) == {"FAIL"}
    assert set(statuses(judge_zone(landing_zones(status="PROCESSING")))) == {"ERROR"}
    assert set(statuses(judge_zone(landing_zones(drift=None)))) == {"ERROR"}
    none = InventoryBuilder().add("controltower.landing-zones", [])
    assert set(statuses(judge_zone(none))) == {"NOT_APPLICABLE"}
    denied = InventoryBuilder().unavailable("controltower.landing-zones", ACCESS_DENIED)
    assert set(statuses(judge_zone(denied))) == {"ERROR"}
