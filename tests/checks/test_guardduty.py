"""GuardDuty: a detector per region, an organization administrator, and every account its enabled member."""

from __future__ import annotations

from typing import Any

from checks.guardduty import detector_enabled, member_of_admin, org_admin, protection_features
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"
SECURITY = "333333333333"


def detector(status: str = "ENABLED", admin: dict[str, str] | None = None, account: str = ACCOUNT) -> Item:
    arn = f"arn:aws:guardduty:{REGION}:{account}:detector/d1"
    return item(arn, {"DetectorId": "d1", "Detector": {"Status": status}, "Administrator": admin})


def admins(*accounts: str, status: str = "ENABLED") -> list[Item]:
    return [item(f"{REGION}/{a}", {"AdminAccountId": a, "AdminStatus": status}, name=a) for a in accounts]


def run_as(check: Any, inv: InventoryBuilder, account: str) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return run_check(check, inv, accounts=[org.accounts[account]], org=org)


def test_enabled_passes_fails_and_errors() -> None:
    on = InventoryBuilder().add("guardduty.detectors", [detector()])
    assert statuses(run_check(detector_enabled, on)) == ["PASS"]
    suspended = InventoryBuilder().add("guardduty.detectors", [detector("DISABLED")])
    [result] = run_check(detector_enabled, suspended)
    assert result.status is Status.FAIL and "DISABLED" in result.message
    none = InventoryBuilder().add("guardduty.detectors", [])
    assert statuses(run_check(detector_enabled, none)) == ["FAIL"]
    denied = InventoryBuilder().unavailable("guardduty.detectors", ACCESS_DENIED)
    assert statuses(run_check(detector_enabled, denied)) == ["ERROR"]


def _admin_inventory(listed: list[Item], security_detector: str = "ENABLED") -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("guardduty.org-admins", listed, account=MGMT)
        .add("guardduty.detectors", [detector(security_detector, account=SECURITY)], account=SECURITY)
        .add("guardduty.detectors", [detector()], account=ACCOUNT)
    )


def test_org_admin_passes_only_in_the_administrator_with_an_enabled_detector() -> None:
    inv = _admin_inventory(admins(SECURITY))
    [in_security] = run_as(org_admin, inv, SECURITY)
    assert in_security.status is Status.PASS and in_security.evidence
    [elsewhere] = run_as(org_admin, inv, ACCOUNT)
    assert elsewhere.status is Status.NOT_APPLICABLE and SECURITY in elsewhere.message
    [blind] = run_as(org_admin, _admin_inventory(admins(SECURITY), "DISABLED"), SECURITY)
    assert blind.status is Status.FAIL and "no enabled detector" in blind.message


def test_org_admin_fails_everywhere_without_an_enabled_administrator() -> None:
    for listed in ([], admins(SECURITY, status="DISABLE_IN_PROGRESS")):
        inv = _admin_inventory(listed)
        assert statuses(run_as(org_admin, inv, SECURITY)) == ["FAIL"]
        assert statuses(run_as(org_admin, inv, ACCOUNT)) == ["FAIL"]


def test_org_admin_errors_when_admins_or_the_account_cannot_be_read() -> None:
    inv = (
        InventoryBuilder()
        .unavailable("guardduty.org-admins", ACCESS_DENIED, account=MGMT)
        .add("guardduty.detectors", [detector(account=SECURITY)], account=SECURITY)
    )
    assert statuses(run_as(org_admin, inv, SECURITY)) == ["ERROR"]
    unreachable = InventoryBuilder().add("guardduty.org-admins", [], account=MGMT)
    unreachable.unavailable("guardduty.detectors", ACCESS_DENIED, account=ACCOUNT)
    assert statuses(run_as(org_admin, unreachable, ACCOUNT)) == ["ERROR"]


def _member_inventory(member_detector: list[Item]) -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("guardduty.org-admins", admins(SECURITY), account=MGMT)
        .add("guardduty.detectors", member_detector, account=ACCOUNT)
        .add("guardduty.detectors", [detector(account=SECURITY)], account=SECURITY)
    )


def test_member_passes_for_an_enabled_member_and_the_administrator_itself() -> None:
    enabled = {"AccountId": SECURITY, "RelationshipStatus": "Enabled"}
    inv = _member_inventory([detector(admin=enabled)])
    [member] = run_as(member_of_admin, inv, ACCOUNT)
    assert member.status is Status.PASS and member.evidence
    assert statuses(run_as(member_of_admin, inv, SECURITY)) == ["PASS"]


def test_member_fails_when_standalone_removed_or_reporting_elsewhere() -> None:
    cases = {
        "not a member": None,
        "Removed": {"AccountId": SECURITY, "RelationshipStatus": "Removed"},
        "999999999999": {"AccountId": "999999999999", "RelationshipStatus": "Enabled"},
    }
    for expected, admin in cases.items():
        [result] = run_as(member_of_admin, _member_inventory([detector(admin=admin)]), ACCOUNT)
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)
    [no_detector] = run_as(member_of_admin, _member_inventory([]), ACCOUNT)
    assert no_detector.status is Status.FAIL and "no GuardDuty detector" in no_detector.message


def test_member_errors_when_either_side_is_unreadable() -> None:
    enabled = {"AccountId": SECURITY, "RelationshipStatus": "Enabled"}
    no_admins = (
        InventoryBuilder()
        .unavailable("guardduty.org-admins", ACCESS_DENIED, account=MGMT)
        .add("guardduty.detectors", [detector(admin=enabled)], account=ACCOUNT)
    )
    assert statuses(run_as(member_of_admin, no_admins, ACCOUNT)) == ["ERROR"]
    no_detectors = (
        InventoryBuilder()
        .add("guardduty.org-admins", admins(SECURITY), account=MGMT)
        .unavailable("guardduty.detectors", ACCESS_DENIED, account=ACCOUNT)
    )
    assert statuses(run_as(member_of_admin, no_detectors, ACCOUNT)) == ["ERROR"]


def test_member_errors_when_the_administrator_relationship_could_not_be_read() -> None:
    unreadable = item(
        f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/d1",
        {"DetectorId": "d1", "Detector": {"Status": "ENABLED"}},
        errors={"Administrator": ACCESS_DENIED},
    )
    [result] = run_as(member_of_admin, _member_inventory([unreadable]), ACCOUNT)
    assert result.status is Status.ERROR


def _featured(*features: tuple[str, str], status: str = "ENABLED") -> Item:
    arn = f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/d1"
    listed = [{"Name": name, "Status": state} for name, state in features]
    return item(arn, {"DetectorId": "d1", "Detector": {"Status": status, "Features": listed}})


def _protection(detectors: list[Item]) -> list[Result]:
    return run_check(protection_features, InventoryBuilder().add("guardduty.detectors", detectors))


def test_protection_features_pass_with_malware_protection_and_either_runtime_monitoring() -> None:
    for runtime in ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"):
        [result] = _protection([_featured(("EBS_MALWARE_PROTECTION", "ENABLED"), (runtime, "ENABLED"))])
        assert result.status is Status.PASS and runtime in result.message and result.evidence


def test_protection_features_fail_when_a_feature_is_off_missing_or_the_detector_is_suspended() -> None:
    cases = {
        "runtime monitoring": [("EBS_MALWARE_PROTECTION", "ENABLED"), ("RUNTIME_MONITORING", "DISABLED")],
        "malware protection": [("EBS_MALWARE_PROTECTION", "DISABLED"), ("RUNTIME_MONITORING", "ENABLED")],
        "malware protection (EBS_MALWARE_PROTECTION) and runtime": [("S3_DATA_EVENTS", "ENABLED")],
    }
    for expected, features in cases.items():
        [result] = _protection([_featured(*features)])
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)
    all_on = (("EBS_MALWARE_PROTECTION", "ENABLED"), ("RUNTIME_MONITORING", "ENABLED"))
    [suspended] = _protection([_featured(*all_on, status="DISABLED")])
    assert suspended.status is Status.FAIL and "DISABLED" in suspended.message
    [no_features] = _protection([detector()])
    assert no_features.status is Status.FAIL
    assert statuses(_protection([])) == ["FAIL"]


def test_protection_features_error_when_detectors_or_their_detail_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("guardduty.detectors", ACCESS_DENIED)
    assert statuses(run_check(protection_features, denied)) == ["ERROR"]
    unreadable = item(
        f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/d1",
        {"DetectorId": "d1"},
        errors={"Detector": ACCESS_DENIED},
    )
    assert statuses(_protection([unreadable])) == ["ERROR"]
