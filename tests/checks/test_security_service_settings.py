"""Security Hub's foundational best-practices standard enabled on the hub of each region, and auto-enable of
new member accounts by the Security Hub, Inspector and Macie delegated administrators."""

from __future__ import annotations

from typing import Any

from checks.inspector import inspector_auto_enable
from checks.macie import macie_auto_enable
from checks.securityhub import fsbp_enabled, hub_auto_enable
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

FSBP = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS = f"arn:aws:securityhub:{REGION}::standards/cis-aws-foundations-benchmark/v/1.4.0"
HUB = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"


def hub_with(*subscriptions: tuple[str, str]) -> Item:
    standards: list[dict[str, Any]] = [
        {"StandardsArn": arn, "StandardsStatus": status} for arn, status in subscriptions
    ]
    return item(HUB, {"HubArn": HUB, "Administrator": None, "EnabledStandards": standards})


def _fsbp(hubs: list[Item]) -> list[Result]:
    return run_check(fsbp_enabled, InventoryBuilder().add("securityhub.hubs", hubs))


def test_fsbp_passes_when_the_standard_is_ready() -> None:
    [result] = _fsbp([hub_with((CIS, "READY"), (FSBP, "READY"))])
    assert result.status is Status.PASS and FSBP in result.message and result.evidence


def test_fsbp_fails_when_absent_not_ready_or_security_hub_is_off() -> None:
    [absent] = _fsbp([hub_with((CIS, "READY"))])
    assert absent.status is Status.FAIL and "not enabled" in absent.message
    for status in ("PENDING", "INCOMPLETE", "FAILED", "DELETING"):
        [result] = _fsbp([hub_with((FSBP, status))])
        assert result.status is Status.FAIL and status in result.message
    assert statuses(_fsbp([hub_with()])) == ["FAIL"]
    [off] = _fsbp([])
    assert off.status is Status.FAIL and "not enabled here" in off.message


def test_fsbp_errors_when_hubs_or_their_standards_are_unreadable() -> None:
    denied = InventoryBuilder().unavailable("securityhub.hubs", ACCESS_DENIED)
    assert statuses(run_check(fsbp_enabled, denied)) == ["ERROR"]
    unreadable = item(HUB, {"HubArn": HUB, "Administrator": None}, errors={"EnabledStandards": ACCESS_DENIED})
    assert statuses(_fsbp([unreadable])) == ["ERROR"]


MGMT = "222222222222"
SECURITY = "333333333333"
# (check, its org-configuration dataset, service principal, configuration that passes, one that fails)
AUTO_ENABLE_CASES = [
    (
        hub_auto_enable,
        "securityhub.org-configuration",
        "securityhub.amazonaws.com",
        {"AutoEnable": True, "OrganizationConfiguration": {"ConfigurationType": "LOCAL"}},
        {"AutoEnable": False, "OrganizationConfiguration": {"ConfigurationType": "LOCAL"}},
    ),
    (
        inspector_auto_enable,
        "inspector.org-configuration",
        "inspector2.amazonaws.com",
        {"autoEnable": {"ec2": True, "ecr": True, "lambda": False}},
        {"autoEnable": {"ec2": True, "ecr": False}},
    ),
    (macie_auto_enable, "macie.org-configuration", "macie.amazonaws.com", {"autoEnable": True}, {}),
]


def _configuration(data: dict[str, Any]) -> Item:
    return item(f"{SECURITY}/{REGION}", data, name=SECURITY)


def _auto_enable_inventory(
    dataset: str, principal: str, configurations: list[Item] | None
) -> InventoryBuilder:
    admins = [item(f"arn:aws:organizations::{MGMT}:account/o-1/{SECURITY}", {"Services": [principal]})]
    inv = InventoryBuilder().add("organizations.delegated-admins", admins, account=MGMT)
    if configurations is None:
        return inv.unavailable(dataset, account=SECURITY)
    return inv.add(dataset, configurations, account=SECURITY).add(dataset, [], account=ACCOUNT)


def _run_as(check: Any, inv: InventoryBuilder, account: str) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return run_check(check, inv, accounts=[org.accounts[account]], org=org)


def test_auto_enable_passes_and_fails_in_the_administrator_only() -> None:
    for check, dataset, principal, good, bad in AUTO_ENABLE_CASES:
        passing = _auto_enable_inventory(dataset, principal, [_configuration(good)])
        [result] = _run_as(check, passing, SECURITY)
        assert result.status is Status.PASS and result.evidence, dataset
        [elsewhere] = _run_as(check, passing, ACCOUNT)
        assert elsewhere.status is Status.NOT_APPLICABLE and SECURITY in elsewhere.message
        failing = _auto_enable_inventory(dataset, principal, [_configuration(bad)])
        assert statuses(_run_as(check, failing, SECURITY)) == ["FAIL"], dataset
    [no_ecr] = _run_as(
        inspector_auto_enable,
        _auto_enable_inventory(*AUTO_ENABLE_CASES[1][1:3], [_configuration(AUTO_ENABLE_CASES[1][4])]),
        SECURITY,
    )
    assert "ecr" in no_ecr.message and "ec2" not in no_ecr.message


def test_auto_enable_fails_everywhere_without_an_administrator() -> None:
    for check, dataset, _principal, good, _bad in AUTO_ENABLE_CASES:
        inv = _auto_enable_inventory(dataset, "some-other.amazonaws.com", [_configuration(good)])
        assert statuses(_run_as(check, inv, SECURITY)) == ["FAIL"], dataset
        assert statuses(_run_as(check, inv, ACCOUNT)) == ["FAIL"], dataset


def test_auto_enable_errors_when_the_administrator_cannot_read_its_configuration() -> None:
    for check, dataset, principal, good, _bad in AUTO_ENABLE_CASES:
        refused = _auto_enable_inventory(dataset, principal, [])
        [result] = _run_as(check, refused, SECURITY)
        assert result.status is Status.ERROR and "refused" in result.message, dataset
        assert statuses(_run_as(check, _auto_enable_inventory(dataset, principal, None), SECURITY)) == [
            "ERROR"
        ]
        no_admins = InventoryBuilder().unavailable("organizations.delegated-admins", account=MGMT)
        no_admins.add(dataset, [_configuration(good)], account=SECURITY)
        assert statuses(_run_as(check, no_admins, SECURITY)) == ["ERROR"], dataset


def test_security_hub_central_configuration_is_not_judged_from_auto_enable() -> None:
    central = {"AutoEnable": False, "OrganizationConfiguration": {"ConfigurationType": "CENTRAL"}}
    inv = _auto_enable_inventory("securityhub.org-configuration", "securityhub.amazonaws.com", [])
    inv.add("securityhub.org-configuration", [_configuration(central)], account=SECURITY)
    [result] = _run_as(hub_auto_enable, inv, SECURITY)
    assert result.status is Status.ERROR and "central configuration" in result.message
