"""Organization trail checks: the management account's trail, its integrity settings, and member coverage."""

from __future__ import annotations

from typing import Any

from checks.cloudtrail import kms_encryption, log_file_validation, org_trail, org_trail_visible
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    org_of,
    run_check,
    statuses,
    trail,
)

MGMT = "222222222222"
ORG_TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org"
KEY = f"arn:aws:kms:{REGION}:{MGMT}:key/k"


def org_trail_item(*, validation: bool = True, kms: str | None = KEY, **kwargs: Any) -> Item:
    base = trail(ORG_TRAIL_ARN, org=True, **kwargs)
    return item(
        base.resource_id,
        {**base.data, "LogFileValidationEnabled": validation, "KmsKeyId": kms},
        region=base.region,
    )


def management_view(*trails: Item) -> InventoryBuilder:
    return InventoryBuilder().add("cloudtrail.trails", list(trails), account=MGMT)


def run_in_management(check: Any, inv: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT)
    return run_check(check, inv, accounts=[org.accounts[MGMT]], org=org)


def run_in_member(check: Any, inv: InventoryBuilder) -> list[Result]:
    org = org_of(MGMT, ACCOUNT)
    return run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org)


def test_org_trail_passes_in_management_account() -> None:
    [result] = run_in_management(org_trail, management_view(org_trail_item()))
    assert result.status is Status.PASS and result.resource_id == ORG_TRAIL_ARN


def test_org_trail_fails_without_an_organization_trail_or_when_stopped() -> None:
    own_only = trail(f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/local")
    assert statuses(run_in_management(org_trail, management_view(own_only))) == ["FAIL"]
    stopped = org_trail_item(logging=False)
    [result] = run_in_management(org_trail, management_view(stopped))
    assert result.status is Status.FAIL and "logging is stopped" in result.message


def test_org_trail_error_when_unreadable_or_without_organization() -> None:
    denied = InventoryBuilder().unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    assert statuses(run_in_management(org_trail, denied)) == ["ERROR"]
    no_org = InventoryBuilder().add("cloudtrail.trails", [])
    assert statuses(run_check(org_trail, no_org)) == ["ERROR"]


def test_org_trail_not_applicable_in_members() -> None:
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [], account=ACCOUNT)
    [result] = run_in_member(org_trail, inv)
    assert result.status is Status.NOT_APPLICABLE and MGMT in result.message


def test_log_file_validation_and_kms_pass_and_fail_per_owned_trail() -> None:
    good = management_view(org_trail_item())
    assert statuses(run_in_management(log_file_validation, good)) == ["PASS"]
    assert statuses(run_in_management(kms_encryption, good)) == ["PASS"]
    bad = management_view(org_trail_item(validation=False, kms=None))
    assert statuses(run_in_management(log_file_validation, bad)) == ["FAIL"]
    assert statuses(run_in_management(kms_encryption, bad)) == ["FAIL"]


def test_shadow_trails_are_judged_in_their_owner_not_here() -> None:
    shadow = org_trail_item(validation=False, with_status=False)
    inv = InventoryBuilder().add("cloudtrail.trails", [shadow])  # ACCOUNT sees the management trail
    assert statuses(run_in_member(log_file_validation, inv)) == ["NOT_APPLICABLE"]


def test_integrity_checks_error_when_trails_unreadable() -> None:
    denied = InventoryBuilder().unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    for check in (log_file_validation, kms_encryption):
        assert statuses(run_in_management(check, denied)) == ["ERROR"]


def test_member_covered_by_logging_org_trail_cites_the_shadow() -> None:
    shadow = org_trail_item(with_status=False)
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [shadow], account=ACCOUNT)
    [result] = run_in_member(org_trail_visible, inv)
    assert result.status is Status.PASS
    assert "shadow trail is listed here" in result.message


def test_member_not_covered_when_org_trail_stopped_or_gone() -> None:
    stopped = management_view(org_trail_item(logging=False)).add("cloudtrail.trails", [], account=ACCOUNT)
    assert statuses(run_in_member(org_trail_visible, stopped)) == ["FAIL"]
    gone = management_view().add("cloudtrail.trails", [], account=ACCOUNT)
    assert statuses(run_in_member(org_trail_visible, gone)) == ["FAIL"]


def test_account_outside_the_organization_is_not_covered() -> None:
    org = org_of(MGMT)
    inv = management_view(org_trail_item()).add("cloudtrail.trails", [], account=ACCOUNT)
    results = run_check(org_trail_visible, inv, accounts=[org_of(MGMT, ACCOUNT).accounts[ACCOUNT]], org=org)
    assert statuses(results) == ["FAIL"]


def test_member_coverage_unknown_when_management_unreadable() -> None:
    inv = (
        InventoryBuilder()
        .add("cloudtrail.trails", [], account=ACCOUNT)
        .unavailable("cloudtrail.trails", ACCESS_DENIED, account=MGMT)
    )
    assert statuses(run_in_member(org_trail_visible, inv)) == ["ERROR"]
